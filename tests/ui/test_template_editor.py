"""The 检查表模板 editor offscreen on the sample county: edit, save as a new version, history."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.core.domain.roles import Actor, Role
from app.core.services.checklist import checklists, inspections, visit_list
from app.core.services.kernel.workspace import Workspace
from app.ui.context import UiContext
from app.ui.features.checklist.page import ChecklistPage
from app.ui.features.checklist.template_editor import TemplateEditorDialog
from app.ui.features.checklist.template_rows import COL_CONTENT, COL_NOTEXT, COL_UNIT, COL_YES
from app.ui.runner import TaskRunner


def _dialog(qtbot, ws: Workspace, runner: TaskRunner, code: str) -> TemplateEditorDialog:
    dialog = TemplateEditorDialog(UiContext(ws, runner))
    # A test may end with edits pending: drop them so closing never asks (a modal question
    # would wait forever offscreen).
    qtbot.addWidget(
        dialog, before_close_func=lambda d: d.discard_button.click() if d.is_dirty() else None
    )
    dialog.show()
    qtbot.waitUntil(lambda: bool(dialog.codes), timeout=10000)
    dialog.template_list.setCurrentCell(dialog.codes.index(code), 0)
    assert dialog.shown is not None and dialog.shown.code == code
    return dialog


def _food_visit(ws: Workspace, *, skip: int = 0) -> int:
    """A sample visit of the 食品经营 task (item B07 → T-SPJY) not started yet."""
    found = [
        row.visit_id
        for row in visit_list.list_visits(ws, tab="todo")
        if row.inspection_id is None and "食品经营" in row.task_name
    ]
    assert len(found) > skip, "the sample county should have food visits to do"
    return found[skip]


def _section(form: inspections.FormView, code: str) -> inspections.FormSection:
    return next(s for s in form.sections if s.template_code == code)


def test_an_edited_row_saves_as_a_new_version_and_started_forms_keep_theirs(qtbot, opened) -> None:
    ws, runner = opened
    before_form = inspections.start_inspection(ws, _food_visit(ws))
    old_section = _section(before_form, "T-SPJY")
    assert old_section.template_version == 1
    old_text = old_section.rows[0]["content"]

    dialog = _dialog(qtbot, ws, runner, "T-SPJY")
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    new_text = old_text + "（含网络经营）"
    dialog.rows_table.item(0, COL_CONTENT).setText(new_text)
    assert dialog.is_dirty()
    assert not dialog.save_button.isEnabled()  # a reason is required
    dialog.reason_edit.setText("依据新规增加网络经营")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.template_saved, timeout=10000) as saved:
        dialog.save_button.click()
    assert saved.args == ["T-SPJY", 2]

    current = checklists.get_template(ws, "T-SPJY")
    assert current.version_no == 2
    assert current.rows[0].content == new_text
    assert current.change_reason == "依据新规增加网络经营"
    assert checklists.get_template(ws, "T-SPJY", 1).rows[0].content == old_text
    qtbot.waitUntil(lambda: dialog.history.rowCount() == 2, timeout=10000)
    assert "第2版" in dialog.status.text()
    assert dialog.template_list.item(dialog.codes.index("T-SPJY"), 2).text() == "第2版"

    # The form started before keeps version 1 and its wording …
    kept = _section(inspections.get_form(ws, before_form.id), "T-SPJY")
    assert kept.template_version == 1
    assert kept.rows[0]["content"] == old_text
    # … while a form started now gets the new version.
    after_form = inspections.start_inspection(ws, _food_visit(ws, skip=1))
    fresh = _section(after_form, "T-SPJY")
    assert (fresh.template_version, fresh.rows[0]["content"]) == (2, new_text)


def test_rows_are_added_moved_removed_and_typed(qtbot, opened) -> None:
    ws, runner = opened
    dialog = _dialog(qtbot, ws, runner, "T-JLQJ")
    table = dialog.rows_table
    n = table.rowCount()
    first = table.item(0, COL_CONTENT).text()
    table.setCurrentCell(n - 1, COL_CONTENT)
    dialog.add_button.click()
    assert table.rowCount() == n + 1 and table.currentRow() == n
    table.item(n, COL_CONTENT).setText("电子计价秤示值误差")
    combo = table.answer_combo(n)
    combo.setCurrentIndex(combo.findData("number"))
    assert not table.item(n, COL_YES).flags() & table.item(n, COL_YES).flags().ItemIsEnabled
    table.item(n, COL_UNIT).setText("g")
    dialog.up_button.click()  # the new row becomes row n-1, numbers stay 1..n+1
    assert table.item(n - 1, COL_CONTENT).text() == "电子计价秤示值误差"
    assert [table.item(r, 0).text() for r in range(n + 1)] == [str(i) for i in range(1, n + 2)]
    table.setCurrentCell(0, COL_CONTENT)
    dialog.remove_button.click()
    table.item(1, COL_NOTEXT).setText("不合格（已责令停用）")  # a 是/否 row
    dialog.reason_edit.setText("增加计价秤示值误差，删除第1行")
    with qtbot.waitSignal(dialog.template_saved, timeout=10000):
        dialog.save_button.click()

    saved = checklists.get_template(ws, "T-JLQJ")
    assert saved.version_no == 2 and len(saved.rows) == n
    assert first not in [r.content for r in saved.rows]
    added = saved.rows[n - 2]
    assert (added.no, added.content, added.answer, added.unit) == (
        str(n - 1),
        "电子计价秤示值误差",
        "number",
        "g",
    )
    assert saved.rows[1].no_text == "不合格（已责令停用）"


def test_a_bad_row_is_refused_with_its_number_and_nothing_is_saved(qtbot, opened) -> None:
    ws, runner = opened
    dialog = _dialog(qtbot, ws, runner, "T-GSXX")
    dialog.rows_table.item(2, COL_CONTENT).setText("   ")
    dialog.reason_edit.setText("测试")
    dialog.save_button.click()
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in dialog.findChildren(QMessageBox, "errorBox")),
        timeout=10000,
    )
    box = next(b for b in dialog.findChildren(QMessageBox, "errorBox") if b.isVisible())
    assert "第3行" in box.text() and "检查内容为空" in box.text()
    box.close()
    assert checklists.get_template(ws, "T-GSXX").version_no == 1
    assert dialog.is_dirty()  # the user's edit is still there to fix
    dialog.discard_button.click()
    assert not dialog.is_dirty()


def test_older_versions_are_read_only_and_can_be_restored(qtbot, opened) -> None:
    ws, runner = opened
    original = checklists.get_template(ws, "T-TZSB")
    rows = [r.to_json() for r in original.rows]
    rows[0]["content"] = "改过的第一行"
    checklists.update_template(ws, "T-TZSB", rows=rows, reason="第二版")
    dialog = _dialog(qtbot, ws, runner, "T-TZSB")
    assert dialog.history.rowCount() == 2 and dialog.rows_table.editable
    dialog.history.setCurrentCell(1, 0)  # 第1版
    assert dialog.shown is not None and dialog.shown.version_no == 1
    assert not dialog.rows_table.editable and not dialog.add_button.isEnabled()
    assert "只读" in dialog.banner.text()
    assert dialog.rows_table.item(0, COL_CONTENT).text() == original.rows[0].content
    assert dialog.restore_button.isVisible()
    dialog.restore_button.click()  # back on the current version with the old rows to save
    assert dialog.rows_table.editable and dialog.is_dirty()
    assert dialog.reason_edit.text() == "恢复第1版的内容"
    with qtbot.waitSignal(dialog.template_saved, timeout=10000):
        dialog.save_button.click()
    restored = checklists.get_template(ws, "T-TZSB")
    assert restored.version_no == 3 and restored.rows[0].content == original.rows[0].content


def test_only_supervisors_can_edit_templates(qtbot, opened) -> None:
    ws, runner = opened
    inspector = ws.as_actor(Actor("insp", Role.INSPECTOR))
    page = ChecklistPage(UiContext(inspector, runner))
    qtbot.addWidget(page)
    assert page.templates_action in page.menu_actions()
    assert not page.templates_action.isEnabled()
    boss = ChecklistPage(UiContext(ws.as_actor(Actor("boss", Role.SUPERVISOR)), runner))
    qtbot.addWidget(boss)
    assert boss.templates_action.isEnabled()

    dialog = _dialog(qtbot, inspector, runner, "T-SPJY")  # opened anyway: it only shows
    assert not dialog.rows_table.editable
    assert not dialog.add_button.isEnabled() and not dialog.reason_edit.isEnabled()
    assert "监管人员" in dialog.banner.text()
