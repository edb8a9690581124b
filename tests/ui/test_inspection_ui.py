"""The 检查表 tab offscreen: the visit list and search, answering by keyboard (saved at once),
the signature pad capturing strokes, and the print preview drawing the sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from ui_helpers import open_page

from app.core.services.checklist import inspections, sheets, visit_list
from app.core.services.kernel.workspace import open_workspace
from app.ui.features.checklist.answers import YesNoEditor
from app.ui.features.checklist.page import ChecklistPage
from app.ui.features.checklist.preview import render_page_image
from app.ui.widgets.signature_pad import SignaturePad


def _page(qtbot, sample_db: Path):  # type: ignore[no-untyped-def]
    return open_page(qtbot, sample_db, ChecklistPage, size=(1366, 700))


def test_visit_list_tabs_and_search(qtbot, sample_db: Path) -> None:
    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.tab_bar.setCurrentIndex(2)
        qtbot.waitUntil(lambda: page.table.rowCount() >= 3, timeout=10000)
        assert page.tab_bar.tabText(2).startswith("已完成 (")
        name = page.rows[0].business_name
        page.search_edit.setText(name)
        qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=10000)
        assert page.table.item(0, 0).text() == name
        page.search_edit.setText("没有这样的企业")
        qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=10000)
        assert page.empty_label.text()
    finally:
        runner.wait()
        ws.db.dispose()


def test_keyboard_answers_are_saved_at_once(qtbot, sample_db: Path) -> None:
    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.tab_bar.setCurrentIndex(0)
        page.refresh()
        qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
        visit_id = page.rows[0].visit_id
        page.open_visit(visit_id)
        qtbot.waitUntil(
            lambda: page.form.form is not None and page.form.form.visit_id == visit_id,
            timeout=10000,
        )
        runner.wait()
        assert inspections.current_form(ws, visit_id) is None  # opening is not editing
        editors = [e for e in page.form.editors.values() if isinstance(e, YesNoEditor)]
        first, second = editors[0], editors[1]
        first.setFocus()
        QTest.keyClick(first, Qt.Key.Key_2)  # 否, and focus moves on
        assert first.value() == "no"
        QTest.keyClick(second, Qt.Key.Key_1)
        assert second.value() == "yes"
        qtbot.waitUntil(lambda: not page.form.form.unsaved, timeout=10000)
        form_id = page.form.form.id
        runner.wait()

        def saved() -> bool:
            answers = inspections.get_form(ws, form_id).data.answers
            values = [v for item in answers.values() for v in item.values()]
            return values.count("no") == 1 and values.count("yes") == 1

        qtbot.waitUntil(saved, timeout=10000)
        qtbot.waitUntil(lambda: "已保存" in page.form.status_label.text(), timeout=10000)
    finally:
        runner.wait()
        ws.db.dispose()


def test_signature_pad_captures_strokes_and_undo(qtbot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 200)
    pad.show()
    seen: list[list] = []
    pad.strokes_changed.connect(seen.append)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 100))
    for x in range(30, 300, 15):
        QTest.mouseMove(pad, QPoint(x, 100 + (x % 40)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 120))
    assert not pad.is_empty() and len(pad.strokes()) == 1 and len(pad.strokes()[0]) > 5
    assert seen and seen[-1] == pad.strokes()
    assert all(len(p) == 4 for p in pad.strokes()[0])
    pad.undo()
    assert pad.is_empty() and seen[-1] == []


def test_preview_draws_the_sheet_pages(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    try:
        done = visit_list.list_visits(ws, tab="done")[0]
        doc = sheets.sheet_document(ws, done.inspection_id)
        image = render_page_image(doc, 0, dpi=60)
        assert image.width() == round(595.2756 / 72 * 60)
        dark = sum(
            1
            for x in range(0, image.width(), 3)
            for y in range(0, image.height(), 3)
            if image.pixelColor(x, y).lightness() < 100
        )
        assert dark > 300  # text, table lines and the QR code were drawn
    finally:
        ws.db.dispose()


def _answer_preview(accept: bool) -> list[str]:
    """What the person does in the print preview: print (Qt accepts the dialog once the pages
    went to the printer) or close it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.features.checklist.preview import SheetPreviewDialog

    answered: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SheetPreviewDialog):
            QTimer.singleShot(20, answer)
            return
        answered.append(dialog.doc.title)
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, answer)
    return answered


def test_printing_a_notice_from_the_preview_is_audited_closing_it_is_not(
    qtbot, sample_db: Path
) -> None:
    from app.core.services.kernel.audit_trail import AuditFilter, count_events, list_events

    ws, runner, page = _page(qtbot, sample_db)
    try:
        page.tab_bar.setCurrentIndex(0)
        page.refresh()
        qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
        page.open_visit(page.rows[0].visit_id)
        qtbot.waitUntil(lambda: page.form.form is not None, timeout=10000)
        closed = _answer_preview(accept=False)
        page.print_notice_action.trigger()
        qtbot.waitUntil(lambda: bool(closed), timeout=10000)
        runner.wait()
        assert count_events(ws, AuditFilter(action="notice.print")) == 0  # only looked at
        printed = _answer_preview(accept=True)
        page.print_notice_action.trigger()
        qtbot.waitUntil(lambda: bool(printed), timeout=10000)
        qtbot.waitUntil(
            lambda: count_events(ws, AuditFilter(action="notice.print")) == 1, timeout=10000
        )
        ev = list_events(ws, AuditFilter(action="notice.print"), limit=1)[0]
        assert "打印机" in ev.summary and ev.entity == "visit"
    finally:
        runner.wait()
        ws.db.dispose()
