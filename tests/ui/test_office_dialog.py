"""机构与部门 dialog: the administrator names the office and adds a department."""

from __future__ import annotations

from pathlib import Path

from app.core.services.kernel import office
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry import departments
from app.ui.admin.office_dialog import OfficeDialog
from app.ui.context import UiContext
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot


def test_office_dialog_saves_the_name_and_a_department(qtbot, db_path: Path) -> None:
    ws = open_workspace(db_path)
    runner = TaskRunner()
    dialog = OfficeDialog(UiContext(ws, runner))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("五原县市场监督管理局")
    dialog.name_edit.setModified(True)
    dialog.short_edit.setText("五原市监")
    dialog.save_office_button.click()
    qtbot.waitUntil(lambda: office.office_info(ws).short_name == "五原市监", timeout=10000)
    dialog.code_edit.setText("应急管理")
    dialog.dep_name_edit.setText("五原县应急管理局")
    dialog.dep_short_edit.setText("五原应急")
    dialog.save_department_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert [d.short_name for d in departments.list_departments(ws)] == ["五原应急"]
    assert dialog.table.item(0, 1).text() == "五原县应急管理局"
    save_screenshot(dialog, "office_dialog.png")
    runner.wait()
    ws.db.dispose()


def test_office_dialog_sets_the_time_zone_every_time_is_shown_in(
    qtbot, db_path: Path, monkeypatch
) -> None:
    from datetime import datetime

    from app.core.domain import localtime

    monkeypatch.setattr(localtime, "_zone", localtime._zone)
    monkeypatch.setattr(localtime, "_zone_name", localtime._zone_name)
    ws = open_workspace(db_path)
    runner = TaskRunner()
    dialog = OfficeDialog(UiContext(ws, runner))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.zone_combo.currentData() == "Asia/Shanghai", timeout=10000)
    assert dialog.zone_combo.currentText() == "北京时间（Asia/Shanghai）"
    dialog.name_edit.setText("伊宁县市场监督管理局")
    dialog.name_edit.setModified(True)
    dialog.short_edit.setText("伊宁市监")
    dialog.zone_combo.setCurrentIndex(dialog.zone_combo.findData("Asia/Urumqi"))
    dialog.save_office_button.click()
    # Until the save's answer arrives: the setting is committed a moment before the writer
    # applies the zone to the process (a busy CI run read the time in between).
    qtbot.waitUntil(runner.settled, timeout=10000)
    assert office.office_info(ws).time_zone == "Asia/Urumqi"
    assert localtime.fmt_time(datetime(2026, 12, 4, 17, 30)) == "2026-12-04 23:30"
    runner.wait()
    ws.db.dispose()
    localtime.set_office_zone(None)
    reopened = open_workspace(db_path)  # a restart reads the setting
    assert localtime.office_zone_name() == "Asia/Urumqi"
    reopened.db.dispose()


def test_departments_added_one_after_another_and_a_mistaken_one_removed(
    qtbot, sample_db: Path, monkeypatch
) -> None:
    """After 添加 the fields are empty for the next department; 删除部门… removes one added by
    mistake once confirmed; a department in use (市场监管 of the sample county) is refused,
    naming what uses it, and stays."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from app.ui import errors

    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc: shown.append(str(exc)))
    import app.ui.admin.office_dialog as office_dialog

    monkeypatch.setattr(office_dialog, "show_error", lambda parent, exc: shown.append(str(exc)))
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    dialog = OfficeDialog(UiContext(ws, runner))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10000)
    before = dialog.table.rowCount()
    for code, name, short in (
        ("住房城乡建设", "五原县住房和城乡建设局", "五原住建"),
        ("误加", "误加的部门", "误加"),
    ):
        dialog.code_edit.setText(code)
        dialog.dep_name_edit.setText(name)
        dialog.dep_short_edit.setText(short)
        qtbot.mouseClick(dialog.save_department_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.code_edit.text() == "", timeout=10000)
        assert dialog.dep_name_edit.text() == "" and dialog.dep_short_edit.text() == ""
    qtbot.waitUntil(lambda: dialog.table.rowCount() == before + 2 or bool(shown), timeout=10000)
    assert not shown, shown

    def select(code: str) -> None:
        row = next(
            r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == code
        )
        dialog.table.selectRow(row)

    select("误加")
    qtbot.mouseClick(dialog.remove_department_button, Qt.MouseButton.LeftButton)
    box = dialog.last_confirm
    assert box is not None and "误加的部门" in box.text()
    qtbot.mouseClick(box.findChild(QPushButton, "confirmAction"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == before + 1, timeout=10000)
    assert "误加" not in [d.code for d in departments.list_departments(ws)]

    select("市场监管")
    qtbot.mouseClick(dialog.remove_department_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(
        dialog.last_confirm.findChild(QPushButton, "confirmAction"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert "不能删除" in shown[-1] and "检查结果" in shown[-1]
    assert "市场监管" in [d.code for d in departments.list_departments(ws)]
    runner.wait()
    ws.db.dispose()
