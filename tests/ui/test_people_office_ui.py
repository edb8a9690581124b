"""机构与部门: the administrator clicks a department, types its review levels and its liaison
officer, saves — the table shows both, and they are stored (review levels decide the queue)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import type_via_ime

from app.core.services.kernel import accountability
from app.core.services.kernel.workspace import open_workspace
from app.ui.admin.office_dialog import OfficeDialog
from app.ui.context import UiContext
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot


def test_review_levels_and_liaison_officer_from_the_office_dialog(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    try:
        dialog = OfficeDialog(UiContext(ws, runner))
        qtbot.addWidget(dialog)
        dialog.resize(1100, 600)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.table.rowCount() > 1, timeout=10000)
        row = next(
            r
            for r in range(dialog.table.rowCount())
            if dialog.table.item(r, 0).text() == "卫生健康"
        )
        rect = dialog.table.visualItemRect(dialog.table.item(row, 1))
        qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert dialog.code_edit.text() == "卫生健康" and dialog.levels_edit.text() == "审核"
        dialog.levels_edit.clear()
        type_via_ime(dialog.levels_edit, "科室负责人审核→分管领导审批")
        type_via_ime(dialog.liaison_name, "孙联络")
        qtbot.keyClicks(dialog.liaison_phone, "0478-1234567")
        type_via_ime(dialog.liaison_role, "综合科科长")
        qtbot.mouseClick(dialog.save_people_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "孙联络" in (dialog.table.item(row, 4).text() if dialog.table.item(row, 4) else ""),
                        timeout=10000)  # fmt: skip
        assert dialog.table.item(row, 3).text() == "科室负责人审核→分管领导审批"
        assert accountability.all_review_levels(ws)["卫生健康"] == (
            "科室负责人审核",
            "分管领导审批",
        )
        assert [(x.department, x.name, x.phone, x.role) for x in accountability.liaisons(ws)] == [
            ("卫生健康", "孙联络", "0478-1234567", "综合科科长")
        ]
        save_screenshot(dialog, "office-dialog-review-levels-liaison.png")
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
