"""Start-up of a GUI session: one instance per database, integrity check (with a way to
restore), open, daily backup, log-in, idle lock. run_gui calls `start_session`.

Never opens the main window itself; never continues on a damaged file without asking.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox, QWidget

from app.core.domain.errors import AppError
from app.core.domain.roles import Actor, Permission, Role
from app.core.services.admin import backups
from app.core.services.kernel import users
from app.core.services.kernel.office import office_info
from app.core.services.kernel.workspace import Workspace, open_workspace
from app.ui.login import FirstAdminDialog, IdleLock, LoginDialog, lock_until_password
from app.ui.single_instance import (
    READ_ONLY,
    SWITCH,
    SingleInstance,
    ask_running_instance_to_raise,
    ask_second_instance,
)
from app.version import APP_NAME

log = logging.getLogger(__name__)


@dataclass
class GuiSession:
    workspace: Workspace
    instance: SingleInstance | None
    read_only: bool = False
    idle: IdleLock | None = field(default=None)

    def attach(self, controller) -> None:  # type: ignore[no-untyped-def]
        """Raises the window when a second instance asks; locks it after idle time."""
        if self.instance is not None:
            self.instance.raise_requested.connect(lambda: _raise(controller.window))
        if self.read_only:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.idle = IdleLock(app)
        actor = self.workspace.actor

        def on_idle() -> None:
            window = controller.window
            if window is None:
                return
            auth = lambda name, pw: users.authenticate(self.workspace, username=name, password=pw)  # noqa: E731
            if lock_until_password(window, auth, actor.username):
                assert self.idle is not None
                self.idle.resume()
            else:
                app.quit()

        self.idle.idle_timed_out.connect(on_idle)
        self._ask_for_office_if_unnamed(controller)

    def _ask_for_office_if_unnamed(self, controller) -> None:  # type: ignore[no-untyped-def]
        """First start (scenarios.md 1.1): the administrator names the office and its short
        name, which every task number and notice carries."""
        if not self.workspace.actor.can(Permission.ADMINISTER) or office_info(self.workspace).name:
            return
        from app.ui.admin.office_dialog import OfficeDialog

        def ask() -> None:
            if controller.window is not None:
                OfficeDialog(controller.ctx, controller.window).open()

        QTimer.singleShot(0, ask)

    def close(self) -> None:
        if self.idle is not None:
            self.idle.stop()
        if self.instance is not None:
            self.instance.release()


def _raise(window: QWidget | None) -> None:
    if window is not None:
        window.showNormal()
        window.raise_()
        window.activateWindow()


def _rescue(location: Path, message: str) -> bool:
    """The file failed its integrity check: offer to restore a backup. True when restored."""
    found = backups.list_backups_for(location)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        APP_NAME,
        QCoreApplication.translate(
            "startup", "数据库文件已损坏，无法安全打开：\n{0}\n\n{1}"
        ).format(location, message[:300]),
    )
    restore = (
        box.addButton(
            QCoreApplication.translate("startup", "从备份恢复…"), QMessageBox.ButtonRole.AcceptRole
        )
        if found
        else None
    )
    box.addButton(QCoreApplication.translate("startup", "退出"), QMessageBox.ButtonRole.RejectRole)
    if not found:
        box.setInformativeText(
            QCoreApplication.translate("startup", "没有找到备份。请联系技术支持，不要删除该文件。")
        )
    box.exec()
    if restore is None or box.clickedButton() is not restore:
        return False
    labels = [f"{b.created_at:%Y-%m-%d %H:%M}  {b.reason}" for b in found]
    label, ok = QInputDialog.getItem(
        None,
        APP_NAME,
        QCoreApplication.translate("startup", "选择要恢复的备份（最新在前）："),
        labels,
        0,
        False,
    )
    if not ok:
        return False
    try:
        report = backups.restore_file(location, found[labels.index(label)].path)
    except AppError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return False
    QMessageBox.information(
        None,
        APP_NAME,
        QCoreApplication.translate("startup", "已恢复。损坏的文件已另存为 {0}。").format(
            report.safety_copy
        ),
    )
    return True


def _login(workspace: Workspace) -> Actor | None:
    if users.needs_first_admin(workspace):
        d = FirstAdminDialog(
            lambda u, n, p: users.create_first_admin(
                workspace, username=u, display_name=n, password=p
            )
        )
        return d.actor if d.exec() == QDialog.DialogCode.Accepted else None
    d2 = LoginDialog(
        lambda u, p: users.authenticate(workspace, username=u, password=p),
        database=workspace.display_name,
    )
    return d2.actor if d2.exec() == QDialog.DialogCode.Accepted else None


def start_session(location: str | Path) -> GuiSession | None:
    """Everything between "which file" and the main window; None when the user gave up."""
    instance: SingleInstance | None = SingleInstance(location)
    read_only = False
    assert instance is not None
    if not instance.acquire():
        choice = ask_second_instance(None, location)
        if choice == SWITCH:
            ask_running_instance_to_raise(location)
            return None
        if choice != READ_ONLY:
            return None
        instance, read_only = None, True
    is_file = "://" not in str(location)
    if is_file and not read_only:
        ok, message = backups.integrity_check(Path(location))
        if not ok:
            log.error("integrity check failed for the database: %s", message[:200])
            if not _rescue(Path(location), message):
                if instance is not None:
                    instance.release()
                return None
    try:
        workspace = open_workspace(location, backup=not read_only)
    except AppError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        if instance is not None:
            instance.release()
        return None
    if read_only:
        # The core refuses every change for an observer; the other window keeps writing.
        workspace = workspace.as_actor(
            Actor(username="readonly", role=Role.OBSERVER, display_name="只读")
        )
        return GuiSession(workspace, None, read_only=True)
    try:
        backups.ensure_daily_backup(workspace)
    except AppError as exc:  # a full disk must not stop the work; it is logged and shown once
        log.warning("daily backup failed: %s", exc)
        QMessageBox.warning(
            None,
            APP_NAME,
            QCoreApplication.translate("startup", "今日自动备份失败：{0}").format(exc),
        )
    actor = _login(workspace)
    if actor is None:
        workspace.db.dispose()
        if instance is not None:
            instance.release()
        return None
    log.info("session started (role %s)", actor.role.value)
    return GuiSession(workspace.as_actor(actor), instance)
