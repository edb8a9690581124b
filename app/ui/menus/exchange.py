"""数据交换 menu: export the three hand-off flows, import a bundle, sync conflicts, keys, sync.

Only wiring: each action opens a dialog from app/ui/features/exchange, which calls services
through the context. The 冲突处理 entry shows how many conflicts wait for a supervisor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog
from shiboken6 import isValid

from app.core.domain.roles import Permission
from app.core.services.admin import overview
from app.core.services.kernel.workspace import Area
from app.ui.context import guarded

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class ExchangeMenu:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.ctx = window.ctx
        self.dialog: QDialog | None = None  # the last one opened (tests look at it)
        self.menu = window.menu_named(
            "exchangeMenu", QCoreApplication.translate("exchange", "数据交换(&X)")
        )
        exchange = self.ctx.workspace.actor.can(Permission.EXCHANGE)
        self.actions: dict[str, QAction] = {}
        for name, text, slot in (
            (
                "actionExportAssignments",
                QCoreApplication.translate("exchange", "导出任务分配（给检查人员笔记本）…"),
                lambda: self._open_export("assignments"),
            ),
            (
                "actionExportResults",
                QCoreApplication.translate("exchange", "导出检查结果（交回局里）…"),
                lambda: self._open_export("results"),
            ),
            (
                "actionExportPlatform",
                QCoreApplication.translate("exchange", "导出公示数据（给县级平台）…"),
                lambda: self._open_export("platform"),
            ),
            (None, None, None),
            (
                "actionImportBundle",
                QCoreApplication.translate("exchange", "导入数据包…"),
                self._on_import_triggered,
            ),
            (
                "actionConflicts",
                QCoreApplication.translate("exchange", "冲突处理…"),
                self._on_conflicts_triggered,
            ),
            (None, None, None),
            (
                "actionKeys",
                QCoreApplication.translate("exchange", "密钥管理…"),
                self._on_keys_triggered,
            ),
            (
                "actionSync",
                QCoreApplication.translate("exchange", "同步…"),
                self._on_sync_triggered,
            ),
        ):
            if name is None or text is None or slot is None:
                self.menu.addSeparator()
                continue
            action = QAction(text, window)
            action.setObjectName(name)
            action.triggered.connect(slot)
            self.menu.addAction(action)
            self.actions[name] = action
        for name in (
            "actionExportAssignments",
            "actionExportResults",
            "actionExportPlatform",
            "actionImportBundle",
        ):
            self.actions[name].setEnabled(exchange)  # mirrors the core's check, the real one
        self.ctx.data_changed.connect(self._on_ctx_data_changed)
        self.refresh_conflict_count()

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()  # window-modal without a nested event loop
        return dialog

    def _open_export(self, flow: str) -> None:
        from app.ui.features.exchange.export_dialog import ExportDialog

        self._show(ExportDialog(self.ctx, flow, self.window))

    def _on_import_triggered(self) -> None:
        from app.ui.features.exchange.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, self.window)
        dialog.conflicts_requested.connect(self._on_conflicts_requested)
        self._show(dialog)

    def _on_conflicts_requested(self) -> None:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self._on_conflicts_triggered()

    def _on_conflicts_triggered(self) -> None:
        from app.ui.features.exchange.conflicts_dialog import ConflictsDialog

        self._show(ConflictsDialog(self.ctx, self.window))

    def _on_keys_triggered(self) -> None:
        from app.ui.features.exchange.keys_dialog import KeysDialog

        self._show(KeysDialog(self.ctx, self.window))

    def _on_sync_triggered(self) -> None:
        from app.ui.features.exchange.sync_dialog import SyncDialog

        self._show(SyncDialog(self.ctx, self.window))

    def refresh_conflict_count(self) -> None:
        self.ctx.run_query(
            lambda ws, job: overview.open_conflict_count(ws),
            guarded(self.window, self._on_conflict_count),
            on_error=lambda exc: None,  # only a hint in a menu title; the dialog reports errors
            key=f"conflict-count-{id(self)}",  # an older count never lands after a newer one
        )

    def _on_conflict_count(self, n: int) -> None:
        action = self.actions["actionConflicts"]
        action.setText(
            QCoreApplication.translate("exchange", "冲突处理（{0} 条待处理）…").format(n)
            if n
            else QCoreApplication.translate("exchange", "冲突处理…")
        )

    def _on_ctx_data_changed(self, areas: frozenset[Area]) -> None:
        if Area.CONFLICTS in areas:
            self.refresh_conflict_count()


def install(window: MainWindow) -> None:
    window.exchange_menu = ExchangeMenu(window)  # type: ignore[attr-defined]
