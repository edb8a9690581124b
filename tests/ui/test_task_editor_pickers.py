"""The task editor's code lists are searchable pickers: typing part of an item's or industry's
name lists the matches, choosing one writes its code after the codes already there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.ui.features.plan.page import PlanPage
from tests.ui.ui_helpers import open_page, type_via_ime


def _choose(qtbot, edit, typed: str, wanted: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.end(False)
    type_via_ime(edit, typed)  # Chinese arrives through the input method
    completer = edit.completer()
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    model = completer.completionModel()
    rows = [model.index(r, 0).data() for r in range(model.rowCount())]
    row = next((r for r, text in enumerate(rows) if text.startswith(wanted)), None)
    assert row is not None, (edit.text(), rows[:10])
    popup.setCurrentIndex(model.index(row, 0))
    QTest.keyClick(popup, Qt.Key.Key_Return)


def test_items_and_industries_are_picked_by_name(qtbot, sample_db: Path) -> None:
    ws, runner, page = open_page(qtbot, sample_db, PlanPage, size=(1366, 768))
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=10000)
        page.table.selectRow(1)
        page._on_edit_task()
        qtbot.waitUntil(
            lambda: (
                getattr(page, "last_task_editor", None) is not None
                and page.last_task_editor.isVisible()
            ),
            timeout=10000,
        )
        dialog = page.last_task_editor
        qtbot.waitUntil(lambda: dialog.items_edit.completer() is not None, timeout=10000)
        before = dialog.items_edit.text()
        from app.core.services.plan import task_views

        choices = task_views.editor_choices(ws)
        code, name = next((c, n) for c, n in choices.items if c not in before)
        _choose(qtbot, dialog.items_edit, "、" + name[1:4], code)
        assert dialog.items_edit.text() == f"{before}、{code}"

        industry = dialog.filter_edits["industry_prefixes"]
        _choose(qtbot, industry, "零售", "52")  # 零售业 is 大类 52
        assert industry.text() == "52"
        _choose(qtbot, industry, "、超级市场", "5212")
        assert industry.text() == "52、5212"
        dialog.reject()
    finally:
        runner.wait()
        ws.db.dispose()
