"""Two workstations edit the same business in 名录库 at once: the second save is refused with
the message, that user's input stays in the dialog, nothing of the first save is lost, and
载入最新内容 brings the stored row so they can edit again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from app.core.domain.roles import Actor, Role
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry import targets
from app.ui.context import UiContext
from app.ui.features.registry.dialogs import RecordDialog
from app.ui.features.registry.page import RegistryPage
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot

WANG = Actor("wang", Role.SUPERVISOR, "王科长")
LI = Actor("li", Role.SUPERVISOR, "李科长")


def _workstation(qtbot, db: Path, actor: Actor):  # type: ignore[no-untyped-def]
    """One desk: its own workspace (engine, connections), task runner and registry page."""
    ws = open_workspace(db).as_actor(actor)
    runner = TaskRunner()
    page = RegistryPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    return ws, runner, page


def _open_editor_on(qtbot, tab, name: str) -> RecordDialog:  # type: ignore[no-untyped-def]
    """Searches the name, selects the row, clicks 编辑 — as a person does."""
    tab.search.setText(name)
    qtbot.waitUntil(
        lambda: tab.model.rowCount() == 1 and tab.model.index(0, 1).data() == name, timeout=10000
    )
    tab.view.selectRow(0)
    tab.buttons["edit"].click()
    qtbot.waitUntil(
        lambda: isinstance(getattr(tab, "last_dialog", None), RecordDialog), timeout=10000
    )
    dialog = tab.last_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    return dialog


def _save(dialog: RecordDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_second_dialog_on_the_same_target_is_refused_and_keeps_its_input(
    qtbot, sample_db: Path
) -> None:
    ws_a, runner_a, page_a = _workstation(qtbot, sample_db, WANG)
    ws_b, runner_b, page_b = _workstation(qtbot, sample_db, LI)
    tab_a, tab_b = page_a.registry_tabs["targets"], page_b.registry_tabs["targets"]
    try:
        row_id = targets.target_ids(ws_a)[0]
        name = targets.get_target(ws_a, row_id).values["name"]
        first = _open_editor_on(qtbot, tab_a, name)
        second = _open_editor_on(qtbot, tab_b, name)

        first.editors["phone"].setText("0478-5200001")
        with qtbot.waitSignal(first.saved, timeout=10000):
            _save(first)

        second.editors["phone"].setText("0478-5299999")
        second.editors["address"].setText("李科长填写的新地址")
        _save(second)
        qtbot.waitUntil(lambda: "已被其他工作站修改" in second.messages.text(), timeout=10000)
        assert f"检查对象“{name}”" in second.messages.text() and "wang于" in second.messages.text()
        assert second.isVisible() and second.reload_button.isVisible()
        assert second.editors["phone"].text() == "0478-5299999"  # the input stays
        assert second.editors["address"].text() == "李科长填写的新地址"
        save_screenshot(second, "concurrent-edit-refused.png")
        stored = targets.get_target(ws_b, row_id)
        assert stored.values["phone"] == "0478-5200001"  # the first save stands
        assert stored.values["address"] != "李科长填写的新地址"

        second.reload_button.click()  # the user chooses to take the stored row and edit again
        qtbot.waitUntil(lambda: second.editors["phone"].text() == "0478-5200001", timeout=10000)
        assert not second.reload_button.isVisible()
        second.editors["address"].setText("李科长填写的新地址")
        with qtbot.waitSignal(second.saved, timeout=10000):
            _save(second)
        stored = targets.get_target(ws_b, row_id)
        assert (stored.values["phone"], stored.values["address"]) == (
            "0478-5200001",
            "李科长填写的新地址",
        )
    finally:
        runner_a.wait()
        runner_b.wait()
        qtbot.wait(50)
        ws_a.db.dispose()
        ws_b.db.dispose()


def _plan_desk(qtbot, db: Path, actor: Actor):  # type: ignore[no-untyped-def]
    from app.ui.features.plan.page import PlanPage

    ws = open_workspace(db).as_actor(actor)
    runner = TaskRunner()
    page = PlanPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 2, timeout=10000)
    page.table.selectRow(1)
    page.table.doubleClicked.emit(page.table.model().index(1, 0))  # 编辑/调整任务 on the row
    qtbot.waitUntil(lambda: getattr(page, "last_task_editor", None) is not None, timeout=10000)
    qtbot.waitUntil(page.last_task_editor.isVisible, timeout=10000)
    return ws, runner, page


def test_second_task_editor_is_refused_and_reopened_with_its_input(qtbot, sample_db: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.core.services.plan import task_views

    task_no = "五原市监抽查〔2026〕2号"
    ws_a, runner_a, page_a = _plan_desk(qtbot, sample_db, WANG)
    ws_b, runner_b, page_b = _plan_desk(qtbot, sample_db, LI)
    try:
        first, second = page_a.last_task_editor, page_b.last_task_editor
        first.name_edit.setText("王改的任务名称")
        first.reason_edit.setText("王：名称调整")
        first.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        qtbot.waitUntil(
            lambda: task_views.get_task(ws_a, task_no).draft.name == "王改的任务名称", timeout=10000
        )

        second.name_edit.setText("李改的任务名称")
        second.reason_edit.setText("李：名称调整")
        second.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
        qtbot.waitUntil(
            lambda: second.findChild(QMessageBox, "staleTaskBox") is not None, timeout=10000
        )
        box = second.findChild(QMessageBox, "staleTaskBox")
        assert box.text().startswith(f"任务 {task_no}已被其他工作站修改（wang于")
        assert second.isVisible() and second.name_edit.text() == "李改的任务名称"  # input kept
        assert task_views.get_task(ws_b, task_no).draft.name == "王改的任务名称"  # the first stands

        next(b for b in box.buttons() if b.text() == "载入最新内容").click()
        qtbot.waitUntil(
            lambda: (
                page_b.last_task_editor is not second
                and page_b.last_task_editor.name_edit.text() == "王改的任务名称"
            ),
            timeout=10000,
        )
    finally:
        runner_a.wait()
        runner_b.wait()
        qtbot.wait(50)
        ws_a.db.dispose()
        ws_b.db.dispose()
