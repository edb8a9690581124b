"""Two workstations fill in the same visit's 检查表 at once: the second desk's autosave is
refused with the message, its answers stay on screen and autosaving stops, the first desk's
answers stay stored; 载入最新内容 shows them and the second desk can go on from there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from ui_helpers import open_page

from app.core.services.checklist import inspections
from app.ui.features.checklist.answers import YesNoEditor
from app.ui.features.checklist.page import ChecklistPage
from tests.screens import save_screenshot


def _open(qtbot, sample_db: Path, visit_id: int | None = None):  # type: ignore[no-untyped-def]
    ws, runner, page = open_page(qtbot, sample_db, ChecklistPage, size=(1366, 768))
    page.tab_bar.setCurrentIndex(0)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
    visit_id = visit_id or page.rows[0].visit_id
    page.open_visit(visit_id)
    qtbot.waitUntil(
        lambda: page.form.form is not None and page.form.form.visit_id == visit_id, timeout=10000
    )
    return ws, runner, page, visit_id


def _yes_no(page) -> list[YesNoEditor]:  # type: ignore[no-untyped-def]
    return [e for e in page.form.editors.values() if isinstance(e, YesNoEditor)]


def _stale_box() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "staleFormBox" and w.isVisible():
            return w
    return None


def _answers(ws, form_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    answers = inspections.get_form(ws, form_id).data.answers
    return [v for item in answers.values() for v in item.values()]


def test_the_second_desk_is_refused_and_keeps_its_answers(qtbot, sample_db: Path) -> None:
    ws_a, runner_a, page_a, visit_id = _open(qtbot, sample_db)
    ws_b, runner_b, page_b, _ = _open(qtbot, sample_db, visit_id)
    try:
        assert page_a.form.form.unsaved and page_b.form.form.unsaved  # both see a blank form
        first = _yes_no(page_a)[0]
        first.setFocus()
        QTest.keyClick(first, Qt.Key.Key_1)  # 王: 是
        qtbot.waitUntil(lambda: not page_a.form.form.unsaved, timeout=10000)
        form_id = page_a.form.form.id
        runner_a.wait()
        qtbot.waitUntil(lambda: _answers(ws_a, form_id) == ["yes"], timeout=10000)

        theirs = _yes_no(page_b)[0]
        theirs.setFocus()
        QTest.keyClick(theirs, Qt.Key.Key_2)  # 李, from the blank form: 否
        qtbot.waitUntil(lambda: _stale_box() is not None, timeout=10000)
        box = _stale_box()
        assert "已被其他工作站修改" in box.text() and "检查表" in box.text()
        assert "未保存" in page_b.form.status_label.text()
        save_screenshot(box, "concurrent-form-refused.png")
        assert _yes_no(page_b)[0].value() == "no"  # the input stays on screen
        assert _answers(ws_b, form_id) == ["yes"]  # 王's answer stands

        second = _yes_no(page_b)[1]  # typing on does not save over it either
        QTest.keyClick(second, Qt.Key.Key_1)
        runner_b.wait()
        assert _answers(ws_b, form_id) == ["yes"]

        reload = next(b for b in box.buttons() if b.text() == "载入最新内容")
        reload.click()
        qtbot.waitUntil(lambda: _yes_no(page_b)[0].value() == "yes", timeout=10000)
        assert "已被其他工作站修改" not in page_b.form.status_label.text()
        again = _yes_no(page_b)[1]
        again.setFocus()
        QTest.keyClick(again, Qt.Key.Key_2)  # now from 王's version: saved
        qtbot.waitUntil(lambda: sorted(_answers(ws_b, form_id)) == ["no", "yes"], timeout=10000)
    finally:
        runner_a.wait()
        runner_b.wait()
        qtbot.wait(50)
        ws_a.db.dispose()
        ws_b.db.dispose()
