"""Validate, then close: the task editor asks the service on 保存 and stays open with every
edit when something is wrong — a missing 调整理由, an unknown item code — the field marked;
it closes only when the task was stored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from app.core.services.plan import task_views
from app.ui.features.plan.page import PlanPage
from tests.screens import save_screenshot
from tests.ui.ui_helpers import click, open_page

TASK_NO = "五原市监抽查〔2026〕2号"


def _save_button(dialog):  # type: ignore[no-untyped-def]
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def test_a_refused_save_keeps_the_editor_open_with_the_input_and_the_field_marked(
    qtbot, sample_db: Path
) -> None:
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
        stored = task_views.get_task(ws, TASK_NO)
        dialog.name_edit.setText("改过的任务名称")
        dialog.items_edit.setText(dialog.items_edit.text() + "、Z99")  # no such item

        click(_save_button(dialog))  # the plan is published: 调整理由 is also missing
        qtbot.waitUntil(lambda: dialog.problem_label.isVisible(), timeout=10000)
        assert dialog.isVisible() and dialog.name_edit.text() == "改过的任务名称"
        assert "Z99" in dialog.items_edit.text()
        # Every problem at the first 保存, each field marked: not one more per press.
        problems = dialog.problem_label.text()
        assert "Z99" in problems and "理由" in problems and " / " not in problems
        assert dialog.items_edit.property("invalid") is True
        assert dialog.reason_edit.property("invalid") is True
        save_screenshot(dialog, "task-editor-refused.png")

        dialog.items_edit.setText(dialog.items_edit.text().replace("、Z99", ""))
        click(_save_button(dialog))  # still no 调整理由: that one problem, that one field
        qtbot.waitUntil(lambda: dialog.problem_label.text() != problems, timeout=10000)
        assert dialog.isVisible() and "理由" in dialog.problem_label.text()
        assert "Z99" not in dialog.problem_label.text()
        assert dialog.reason_edit.property("invalid") is True and not dialog.items_edit.property(
            "invalid"
        )
        assert dialog.name_edit.text() == "改过的任务名称"
        assert task_views.get_task(ws, TASK_NO).version == stored.version  # nothing stored

        said: list[str] = []
        page.ctx.message.connect(said.append)
        dialog.reason_edit.setText("任务名称调整")
        click(_save_button(dialog))
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        assert task_views.get_task(ws, TASK_NO).draft.name == "改过的任务名称"
        assert said == [f"已保存任务：{TASK_NO}"]  # the message bar says what was saved
    finally:
        runner.wait()
        ws.db.dispose()
