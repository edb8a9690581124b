"""Steps that cannot be undone ask first, in words that say what will happen; 取消 (the default
button) leaves everything as it was, the named action does it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton

from app.core.services.plan import plans
from app.core.services.registry import targets
from app.ui.features.plan.page import PlanPage
from app.ui.features.registry.page import RegistryPage
from tests.ui.ui_helpers import click, open_page, with_modal


def _answer(button_name: str | None):  # type: ignore[no-untyped-def]
    def handle(box: QMessageBox) -> None:
        assert box.objectName() == "confirmBox"
        handle.text = box.text()  # type: ignore[attr-defined]
        if button_name is None:
            assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
            box.defaultButton().click()
        else:
            click(box.findChild(QPushButton, button_name))

    return handle


def test_completing_a_plan_asks_first_and_cancel_changes_nothing(qtbot, sample_db: Path) -> None:
    ws, runner, page = open_page(qtbot, sample_db, PlanPage, size=(1366, 768))
    try:
        page.refresh()
        qtbot.waitUntil(lambda: page.plan_table.model().rowCount() == 1, timeout=10000)
        page.plan_table.selectRow(0)
        qtbot.waitUntil(lambda: page.state_buttons["已完成"].isEnabled(), timeout=10000)
        plan_id = page.current_plan().id
        cancel = _answer(None)
        with_modal(qtbot, QMessageBox, lambda: click(page.state_buttons["已完成"]), cancel)
        assert (
            "完成后不能再增加或修改任务" in cancel.text and page.current_plan().name in cancel.text
        )
        runner.wait()
        assert plans.get_plan(ws, plan_id).plan.status == "执行中"

        with_modal(
            qtbot,
            QMessageBox,
            lambda: click(page.state_buttons["已完成"]),
            _answer("confirmAction"),
        )
        qtbot.waitUntil(lambda: plans.get_plan(ws, plan_id).plan.status == "已完成", timeout=10000)
    finally:
        runner.wait()
        ws.db.dispose()


def test_deactivating_a_business_asks_first(qtbot, sample_db: Path) -> None:
    ws, runner, page = open_page(qtbot, sample_db, RegistryPage, size=(1366, 768))
    try:
        page.refresh()
        tab = page.registry_tabs["targets"]
        row_id = targets.target_ids(ws)[0]
        name = targets.get_target(ws, row_id).values["name"]
        tab.search.setText(name)
        qtbot.waitUntil(
            lambda: tab.model.rowCount() == 1 and tab.model.index(0, 1).data() == name,
            timeout=10000,
        )
        tab.view.selectRow(0)
        cancel = _answer(None)
        with_modal(qtbot, QMessageBox, lambda: click(tab.buttons["toggle"]), cancel)
        assert f"停用“{name}”" in cancel.text and "不再进入随机抽取" in cancel.text
        runner.wait()
        assert targets.get_target(ws, row_id).is_active

        with_modal(
            qtbot, QMessageBox, lambda: click(tab.buttons["toggle"]), _answer("confirmAction")
        )
        qtbot.waitUntil(lambda: not targets.get_target(ws, row_id).is_active, timeout=10000)
    finally:
        runner.wait()
        ws.db.dispose()
