"""The import dialog on a platform roster as WPS saves it (XML Spreadsheet 2003 named .xlsx):
the preview says which rows were skipped and why, a loose header match is offered as a
suggestion the clerk confirms in 列对应, and the confirmed column is imported."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from app.core.demo import SampleSpec, registry_data
from app.core.services.registry.excel import write_import_report
from app.core.storage.models import Inspector
from app.ui.context import UiContext
from app.ui.features.registry.import_dialog import ImportDialog, MappingDialog
from app.ui.runner import TaskRunner
from tests.helpers.platform_files import spreadsheetml
from tests.screens import SCREENSHOTS, save_screenshot

HEADER = ["单位工号", "姓名", "性别", "手机号", "担任职务", "具体职务", "所在业务部门（机构）",
          "是否专家", "工商执法证编号", "工商执法证有效期", "省执法证编号", "执法证有效期",
          "执法资格类别", "执法人员状态"]  # fmt: skip


def roster() -> list[list[object]]:
    rows: list[list[object]] = [["五原县市场监管领域执法人员数据库"], HEADER]
    rows.append(
        [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "YYYY-MM-DD",
            "",
            "YYYY-MM-DD",
            "【多个以中文逗号分开填写】",
            "",
        ]
    )
    rows.append(["案例（请删除）", "张三", "男", "13800000000", "科员", "", "五原县市场监督管理局", "否",
                 "15000000001", "2027-01-01", "", "", "食品", "有效"])  # fmt: skip
    for n in range(1, 9):
        rows.append([f"GH{n:03d}", f"执法员{n}", "男" if n % 2 else "女", f"1390000{n:04d}", "科员", "",
                     "五原县市场监督管理局", "否", f"1508{n:04d}", "2028-06-30", f"NMG-{n}", "2026-12-31",
                     "食品，特种设备", "有效"])  # fmt: skip
    rows.append(["GH009", "执法员9", "男", "13900000009", "科员", "", "五原县市场监督管理局", "否",
                 "15080009", "2026-02-30", "", "", "食品", "有效"])  # fmt: skip
    rows.append(["填表人：刘会计", "", "", "审核人：周局", "", "", "", "", "", "", "", "", "", ""])
    return rows


def _suffix() -> str:
    return "-150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def test_import_preview_on_a_platform_roster(qtbot, workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    registry_data.populate(
        workspace, random.Random(1), SampleSpec(targets=3, inspectors_per_department=1)
    )
    path = spreadsheetml(tmp_path / "执法人员数据库.xlsx", roster(), {(0, 0): (0, 13)})
    runner = TaskRunner()
    ctx = UiContext(workspace, runner)
    dialog = ImportDialog(ctx, "inspectors")
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.dept_combo.count() > 0, timeout=10000)
    dialog.load(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    p = dialog.preview
    assert p.data_rows == 9 and p.error_rows == 1
    assert (
        dialog.issues.item(0, 0).text() == "J13"
        and dialog.issues.item(0, 1).text() == "工商执法证有效期"
    )
    text = dialog.summary.text()
    assert "第1行 标题行" in text and "第3行 填写说明行" in text and "第4行 示例行" in text
    assert "建议对应（未采用" in text and "执法资格类别→执法资格" in text
    col = HEADER.index("执法资格类别")
    assert col not in p.mapping and p.suggested[col] == "qualifications"
    # the lines of the summary laid out (the next layout pass) before the picture
    label = dialog.summary
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=5000)
    save_screenshot(dialog, f"import-platform-roster{_suffix()}.png")

    dialog.mapping_button.click()
    mapping = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, MappingDialog) and w.isVisible()
    )
    row = [i for i, h in enumerate(h for h in p.headers if h)].index(col)
    assert mapping.combos[col].currentData() == "qualifications"
    assert "建议" in mapping.table.item(row, 3).text()
    assert mapping.combos[0].currentData() == ""  # 单位工号: not 工作单位
    save_screenshot(mapping, f"import-platform-mapping{_suffix()}.png")
    mapping.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: dialog.preview is not p and dialog.preview is not None, timeout=15000)
    assert dialog.preview.mapping[col] == "qualifications"

    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].inserted == 8
    with workspace.db.read_session() as s:
        people = {
            i.cert_no: i
            for i in s.scalars(select(Inspector).where(Inspector.cert_no.like("1508____")))
        }
    assert len(people) == 8
    assert people["15080001"].qualifications == ["食品", "特种设备"]
    assert str(people["15080001"].cert_expires_on) == "2028-06-30"
    runner.wait()
    qtbot.wait(50)

    if os.environ.get("APP_SCREENSHOTS") == "1" and shutil.which("soffice") and not _suffix():
        # The report's first sheet (列对应), as a clerk opens it.
        report = write_import_report(dialog.preview, tmp_path / "报告.xlsx")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(report)],
                       check=True, capture_output=True, timeout=180)  # fmt: skip
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(tmp_path / "报告.pdf"),
                        str(tmp_path / "sheet")], check=True, timeout=60)  # fmt: skip
        png = next(tmp_path.glob("sheet*.png"))
        shutil.copyfile(png, SCREENSHOTS / "import-platform-report-mapping.png")


def test_units_in_a_roster_are_registered_when_the_clerk_confirms(
    qtbot, workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from app.core.storage.models import Department, EnforcementUnit
    from tests.helpers.platform_files import xlsx

    registry_data.populate(
        workspace, random.Random(1), SampleSpec(targets=3, inspectors_per_department=1)
    )
    rows = [
        ["姓名", "所在业务部门（机构）", "执法证编号", "是否专家"],
        ["甲", "城关市场监管所", "V-1", "保化组长"],
        ["乙", "执法大队", "V-2", "否"],
    ]
    runner = TaskRunner()
    dialog = ImportDialog(UiContext(workspace, runner), "inspectors")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.dept_combo.count() > 0, timeout=10000)
    dialog.load(str(xlsx(tmp_path / "roster.xlsx", rows)))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15000)
    assert dialog.preview.error_rows == 2 and not dialog.import_button.isEnabled()
    first = dialog.preview
    dialog.dept_combo.setCurrentIndex(dialog.dept_combo.findData("五原县市场监督管理局"))
    dialog.dept_option.setChecked(True)
    qtbot.waitUntil(
        lambda: (
            dialog.preview is not first
            and dialog.preview is not None
            and not dialog.progress.isVisible()
        ),
        timeout=15000,
    )
    qtbot.waitUntil(lambda: dialog.preview.error_rows == 0, timeout=15000)
    assert "城关市场监管所" in dialog.summary.text() and dialog.import_button.text() == "导入 2 行"
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].inserted == 2
    with workspace.db.read_session() as s:
        dept = s.scalar(select(Department.id).where(Department.name == "五原县市场监督管理局"))
        units = dict(s.execute(select(EnforcementUnit.name, EnforcementUnit.department_id)).all())
        person = s.scalar(select(Inspector).where(Inspector.cert_no == "V-1"))
    assert units == {"城关市场监管所": dept, "执法大队": dept}
    assert (person.department_id, person.unit, person.expert_types) == (
        dept,
        "城关市场监管所",
        ["保化组长"],
    )
    runner.wait()
    qtbot.wait(50)
