"""管理 menu: accounts, the audit viewer, backup now / restore / backup folder, diagnostics.

Only wiring and small prompts; every action is a service call through the context.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app.core.domain.roles import SYSTEM_ACTOR, Permission
from app.core.services.admin import backups
from app.core.services.admin.diagnostics import diagnostics
from app.core.services.kernel.workspace import NO_CHANGES
from app.ui.context import guarded
from app.ui.errors import show_error
from app.ui.widgets import files

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def backup_kind_words(kind: str) -> str:
    return {
        "daily": QCoreApplication.translate("AdminMenu", "每日自动备份"),
        "manual": QCoreApplication.translate("AdminMenu", "手动备份"),
        "before": QCoreApplication.translate("AdminMenu", "升级、导入或恢复前的备份"),
    }.get(kind, QCoreApplication.translate("AdminMenu", "其他备份"))


class AdminMenu:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.ctx = window.ctx
        menu = window.menu_named("adminMenu", QCoreApplication.translate("AdminMenu", "管理(&G)"))
        admin = self.ctx.workspace.actor.can(Permission.ADMINISTER)
        for name, text, slot, needs_admin in (
            (
                "actionOffice",
                QCoreApplication.translate("AdminMenu", "机构与部门…"),
                self._on_office_triggered,
                False,
            ),
            (
                "actionUsers",
                QCoreApplication.translate("AdminMenu", "用户管理…"),
                self._on_users_triggered,
                True,
            ),
            (
                "actionAuditLog",
                QCoreApplication.translate("AdminMenu", "审计日志…"),
                self._on_audit_triggered,
                False,
            ),
            (None, None, None, False),
            (
                "actionBackupNow",
                QCoreApplication.translate("AdminMenu", "立即备份"),
                self._on_backup_triggered,
                True,
            ),
            (
                "actionBackupTo",
                QCoreApplication.translate("AdminMenu", "备份到U盘或其他文件夹…"),
                self._on_backup_to_triggered,
                True,
            ),
            (
                "actionRestore",
                QCoreApplication.translate("AdminMenu", "从备份恢复…"),
                self._on_restore_triggered,
                True,
            ),
            (
                "actionBackupFolder",
                QCoreApplication.translate("AdminMenu", "打开备份文件夹"),
                self._on_folder_triggered,
                False,
            ),
            (None, None, None, False),
            (
                "actionDiagnostics",
                QCoreApplication.translate("AdminMenu", "复制诊断信息"),
                self._on_diagnostics_triggered,
                False,
            ),
        ):
            if name is None or text is None or slot is None:  # the separator's entry
                menu.addSeparator()
                continue
            action = QAction(text, window)
            action.setObjectName(name)
            action.triggered.connect(slot)
            action.setEnabled(
                admin or not needs_admin
            )  # mirrors the core's check, which is the real one
            menu.addAction(action)
        # Every account changes its own password (an inspector too); the CLI operator has none.
        own = QAction(QCoreApplication.translate("AdminMenu", "修改我的密码…"), window)
        own.setObjectName("actionChangeOwnPassword")
        own.triggered.connect(self._on_change_own_password_triggered)
        own.setEnabled(self.ctx.workspace.actor.username != SYSTEM_ACTOR.username)
        if len(menu.actions()) > 1:
            menu.insertAction(menu.actions()[1], own)
        else:
            menu.addAction(own)

    def _on_office_triggered(self) -> None:
        from app.ui.admin.office_dialog import OfficeDialog

        OfficeDialog(self.ctx, self.window).exec()

    def _on_change_own_password_triggered(self) -> None:
        from app.ui.admin.users_dialog import change_own_password

        change_own_password(self.ctx, self.window)

    def _on_users_triggered(self) -> None:
        from app.ui.admin.users_dialog import UsersDialog

        UsersDialog(self.ctx, self.window).exec()

    def _on_audit_triggered(self) -> None:
        from app.ui.admin.audit_viewer import AuditViewerDialog

        AuditViewerDialog(self.ctx, self.window).exec()

    def _on_backup_triggered(self) -> None:
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(backups.create_backup(ws)),
            lambda info: self.window.statusBar().showMessage(
                QCoreApplication.translate("AdminMenu", "已备份到 {0}").format(info.path), 10_000
            ),
            on_error=lambda exc: show_error(self.window, exc),
        )

    def _on_backup_to_triggered(self) -> None:
        """A backup copied to a chosen folder: a USB stick or another disk, not only beside the database."""
        folder = QFileDialog.getExistingDirectory(
            self.window,
            QCoreApplication.translate("AdminMenu", "选择备份到的文件夹（如U盘）"),
            str(files.last_folder()),
        )
        if not folder:
            return
        files.remember(str(Path(folder) / "x"))
        self.window.show_message(
            QCoreApplication.translate("AdminMenu", "正在备份到 {0}…").format(folder)
        )
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(backups.backup_to(ws, Path(folder))),
            lambda path: self.window.show_message(
                QCoreApplication.translate("AdminMenu", "已备份到 {0}（已校验）").format(path)
            ),
            on_error=lambda exc: show_error(self.window, exc),
        )

    def _on_restore_triggered(self) -> None:
        """The dated list of this database's backups (newest first), or a file from elsewhere."""
        try:
            found = backups.list_backups(self.ctx.workspace)
            folder = backups.backup_folder(self.ctx.workspace)
        except Exception as exc:  # noqa: BLE001 — a server database: say so in one place
            show_error(self.window, exc)
            return
        other = QCoreApplication.translate("AdminMenu", "其他位置的备份文件（如U盘）…")
        labels = [f"{b.created_at:%Y-%m-%d %H:%M}  {backup_kind_words(b.kind)}" for b in found] + [
            other
        ]
        label, ok = QInputDialog.getItem(
            self.window,
            QCoreApplication.translate("AdminMenu", "从备份恢复"),
            QCoreApplication.translate("AdminMenu", "选择要恢复的备份（最新在前）："),
            labels,
            0,
            False,
        )
        if not ok:
            return
        if label == other:
            path, _ = files.getOpenFileName(
                self.window,
                QCoreApplication.translate("AdminMenu", "选择要恢复的备份"),
                str(folder),
                QCoreApplication.translate("AdminMenu", "数据库备份 (*.db)"),
            )
        else:
            path = str(found[labels.index(label)].path)
        if not path:
            return
        answer = QMessageBox.warning(
            self.window,
            QCoreApplication.translate("AdminMenu", "从备份恢复"),
            QCoreApplication.translate(
                "AdminMenu",
                "将用备份 {0} 替换当前数据库。当前数据库会先另存一份备份。\n"
                "恢复后程序将关闭，请重新打开。继续吗？",
            ).format(Path(path).name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(backups.restore_backup(ws, Path(path))),
            self._on_restored,
            on_error=lambda exc: show_error(self.window, exc),
        )

    def _on_restored(self, report: backups.RestoreReport) -> None:
        QMessageBox.information(
            self.window,
            QCoreApplication.translate("AdminMenu", "已恢复"),
            QCoreApplication.translate(
                "AdminMenu", "已从 {0} 恢复。原数据库已另存为 {1}。\n程序将关闭，请重新打开。"
            ).format(report.restored_from.name, report.safety_copy.name),
        )
        self.window.close()
        QGuiApplication.instance().quit()  # type: ignore[union-attr]

    def _on_folder_triggered(self) -> None:
        try:
            folder = backups.backup_folder(self.ctx.workspace)
        except Exception as exc:  # noqa: BLE001
            show_error(self.window, exc)
            return
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_diagnostics_triggered(self) -> None:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        extra = {
            "Qt": qVersion(),
            "PySide6 runtime": pyside_version,
            "User": self.ctx.workspace.actor.username,
            "Role": self.ctx.workspace.actor.role.value,
        }
        self.ctx.run_query(
            lambda ws, job: diagnostics(ws, extra=extra),
            guarded(self.window, self._on_diagnostics),
            on_error=lambda exc: show_error(self.window, exc),
            key=f"diagnostics-{id(self)}",  # copied twice quickly: the clipboard gets the last
        )

    def _on_diagnostics(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(
            QCoreApplication.translate("AdminMenu", "诊断信息已复制到剪贴板"), 8000
        )


def install(window: MainWindow) -> None:
    window.admin_menu = AdminMenu(window)  # type: ignore[attr-defined]
