"""Opening one tab page offscreen on its own workspace, as the page tests do; and a person's
hands: clicks on visible widgets, Chinese typed through an input method, drags on the
signature pad, modal dialogs handled once they show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QPushButton, QWidget

from app.core.services.kernel.workspace import Workspace, open_workspace
from app.ui.context import UiContext
from app.ui.runner import TaskRunner
from app.ui.widgets.signature_pad import SignaturePad


def open_page(
    qtbot: Any, db: Path, page_cls: type, *, size: tuple[int, int]
) -> tuple[Workspace, TaskRunner, Any]:
    """The page shown at `size`; the test waits for the runner and disposes the workspace."""
    ws = open_workspace(db)
    runner = TaskRunner()
    page = page_cls(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    return ws, runner, page


def drawn_draw_page(qtbot: Any, ws: Workspace, runner: TaskRunner, *, size: tuple[int, int]) -> Any:
    """The draw page after the sample county's second task was drawn through it, as a
    supervisor does at the session: pick the task, set the day and observer, 锁定, type the
    observer's input, 揭示并计算 — the page on its result step."""
    from PySide6.QtCore import QDate

    from app.ui.features.draw.page import DrawPage

    page = DrawPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.task_list.count() == 2, timeout=10000)
    page.task_list.setCurrentRow(1)
    page.date_edit.setDate(QDate(2026, 5, 6))
    page.observers_edit.setPlainText("公证员 王平")
    qtbot.mouseClick(page.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 1, timeout=10000)
    qtbot.keyClicks(page._input_edits[0], "3 5 2")
    qtbot.keyClick(page._input_edits[0], Qt.Key.Key_Return)
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.steps.currentIndex() == 2, timeout=10000)
    return page


def click(widget: QWidget) -> None:
    """A left click in the middle of a visible widget (scrolled into view first)."""
    scroll = _scroll_area_of(widget)
    if scroll is not None:
        scroll.ensureWidgetVisible(widget)
    assert widget.isVisible() and widget.isEnabled(), widget
    # A check box is clicked on its box (its row may be much wider than its text).
    pos = (
        QPoint(8, widget.height() // 2) if isinstance(widget, QCheckBox) else widget.rect().center()
    )
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def _scroll_area_of(widget: QWidget) -> Any:
    from PySide6.QtWidgets import QScrollArea

    w = widget.parentWidget()
    while w is not None and not isinstance(w, QScrollArea):
        w = w.parentWidget()
    return w


def type_via_ime(widget: QWidget, text: str) -> None:
    """Chinese typed through an input method: the IME commits the finished text."""
    from PySide6.QtGui import QInputMethodEvent

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def drag_signature(pad: SignaturePad) -> None:
    """Two strokes drawn with the mouse on the pad."""
    for y0 in (60, 110):
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, y0))
        for x in range(40, 320, 12):
            QTest.mouseMove(pad, QPoint(x, y0 + (x % 37) - 18))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(320, y0))
    assert not pad.is_empty()


def with_modal(
    qtbot: Any, kind: type, open_it: Callable[[], None], handle: Callable[[Any], None]
) -> None:
    """Opens a modal dialog by `open_it` and handles it as a person would once it shows."""
    handled: list[BaseException | None] = []

    def poll() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind) and w.isVisible():
            try:
                handle(w)
            except BaseException as exc:  # noqa: BLE001 — raised again in the test
                handled.append(exc)
                w.close()
            else:
                handled.append(None)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    open_it()
    qtbot.waitUntil(lambda: bool(handled), timeout=10000)
    if handled[0] is not None:
        raise handled[0]


def ok_button(dialog: QDialog) -> QPushButton:
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def click_result(qtbot: Any, page: Any, result_id: int) -> Any:
    """Clicks the row of `result_id` in the results tab's review list, as a person does (after
    waiting for it to be listed); returns the clicked point for a double click."""
    table = page.review.table
    qtbot.waitUntil(
        lambda: result_id in [table.model().key(r) for r in range(table.model().rowCount())],
        timeout=10000,
    )
    row = next(r for r in range(table.model().rowCount()) if table.model().key(r) == result_id)
    table.scrollTo(table.model().index(row, 3))
    point = table.visualRect(table.model().index(row, 3)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    return point
