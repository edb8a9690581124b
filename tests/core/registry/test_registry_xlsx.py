"""Registry workbooks read back with openpyxl: templates, error reports, formula-safe exports."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from app.core.reports.registry_xlsx import (
    ReportIssue,
    TemplateColumn,
    TemplateSpec,
    write_issue_report,
    write_table,
    write_template,
)


def test_template_has_title_header_hint_dropdowns_and_code_tables(tmp_path: Path) -> None:
    spec = TemplateSpec(
        "检查对象名录导入模板",
        (
            TemplateColumn("统一社会信用代码/注册号", "必填；18位", 22, True),
            TemplateColumn("信用等级", "下拉选择", 10, False, ("A", "B", "C", "D")),
        ),
        {"信用等级": (("A", "A级（守信）"),)},
        (("F5212", "超级市场零售", "小类"),),
        ("说明一",),
    )
    path = write_template(tmp_path / "t.xlsx", spec)
    wb = load_workbook(path)
    ws = wb["导入数据"]
    assert ws["A1"].value == "检查对象名录导入模板" and "A1:B1" in [
        str(r) for r in ws.merged_cells.ranges
    ]
    assert [ws["A2"].value, ws["B2"].value] == ["*统一社会信用代码/注册号", "信用等级"]
    assert ws["A3"].value == "必填；18位"
    assert ws["A4"].number_format == "@"  # codes keep leading zeros
    assert ws.column_dimensions["A"].number_format == "@"  # on every row, not a block
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "list" and "代码表" in dv.formula1 and str(dv.sqref) == "B4:B10003"
    assert [c.value for c in wb["代码表"]["A"][:5]] == ["信用等级", "A", "B", "C", "D"]
    assert wb["代码说明"]["B2"].value == "A级（守信）"
    assert wb["行业分类"]["A2"].value == "F5212"


def test_exported_text_never_becomes_a_formula(tmp_path: Path) -> None:
    rows = [['=HYPERLINK("http://x")', "+8613800000000", "-1", "@SUM(A1)", 12, None]]
    n = write_table(
        tmp_path / "e.xlsx", title="导出", headers=["a", "b", "c", "d", "e", "f"], rows=rows
    )
    assert n == 1
    ws = load_workbook(tmp_path / "e.xlsx").active
    values = [c.value for c in ws[3]]
    assert values[:5] == ['=HYPERLINK("http://x")', "+8613800000000", "-1", "@SUM(A1)", 12]
    assert all(c.data_type == "s" for c in ws[3][:4])


def test_issue_report_lists_row_column_value_reason(tmp_path: Path) -> None:
    path = write_issue_report(
        tmp_path / "r.xlsx",
        title="校验报告",
        summary=["数据行 3"],
        issues=[
            ReportIssue(4, "行业代码", "C6210", "错误", "门类字母C与代码6210不符（应为H）", "I4")
        ],
        mapping=[("I", "行业代码", "行业代码", "表头相同")],
        skipped=[(3, "填写说明行")],
    )
    book = load_workbook(path)
    assert book.sheetnames == ["列对应", "校验结果"]
    first = [[c.value for c in r] for r in book["列对应"].iter_rows(min_row=3)]
    assert first[0] == ["列", "文件中的表头", "导入为", "说明"]
    assert first[1] == ["I", "行业代码", "行业代码", "表头相同"]
    assert [3, "填写说明行"] in [r[:2] for r in first]
    ws = book["校验结果"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0] == ["行号", "单元格", "列（文件表头）", "值", "级别", "原因"]
    assert rows[1] == [4, "I4", "行业代码", "C6210", "错误", "门类字母C与代码6210不符（应为H）"]
