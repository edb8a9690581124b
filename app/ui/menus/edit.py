"""编辑 → 撤销 “…” (Ctrl+Z): takes back the user's last undoable step, named in the menu.

The steps are the core's (services/kernel/undo.py): registry edits, new, edited and deleted draft
tasks, review decisions (审核通过 / 退回) before anything else touches the results, and 指定. The undo runs as a mutation through the stale-save gate; a refusal is shown on the
window, success stays in the window's message bar until read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.core.services.kernel import undo
from app.core.services.kernel.workspace import Changes
from app.ui.errors import show_error

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class UndoMenu(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        bar = window.menuBar()
        menu = QMenu(self.tr("编辑(&E)"), window)
        menu.setObjectName("editMenu")
        actions = bar.actions()
        bar.insertMenu(actions[1] if len(actions) > 1 else window.help_menu.menuAction(), menu)
        self.action = QAction(window)
        self.action.setObjectName("undoAction")
        self.action.setShortcut(QKeySequence.StandardKey.Undo)
        self.action.triggered.connect(self._on_triggered)
        menu.addAction(self.action)
        menu.aboutToShow.connect(self.update)
        window.ctx.data_changed.connect(lambda _areas: self.update())
        window.addAction(self.action)  # Ctrl+Z works with the menu closed
        self.update()

    def update(self) -> None:
        step = undo.last_step(self.window.ctx.workspace)
        if step is None:
            self.action.setText(self.tr("撤销(&U)"))
            self.action.setEnabled(False)
        else:
            self.action.setText(self.tr("撤销“{0}”(&U)").format(step.label))
            self.action.setEnabled(True)
        self.action.setToolTip(self.action.text().replace("(&U)", ""))

    def _on_triggered(self) -> None:
        if undo.last_step(self.window.ctx.workspace) is None:
            return
        window = self.window
        self.action.setEnabled(False)

        def done(_changes: Changes) -> None:  # its message reaches the message bar via ctx.message
            self.update()

        def failed(exc: BaseException) -> None:
            show_error(window, exc)
            self.update()

        window.ctx.run_mutation(lambda ws, job: undo.undo_last(ws), done, on_error=failed)


def install(window: MainWindow) -> None:
    window.undo_menu = UndoMenu(window)  # type: ignore[attr-defined]
