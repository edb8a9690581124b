"""The annual summary workbook (年度双随机抽查工作汇总) for the joint-meeting office.

Fed with the stats.Dashboard read model; no sessions. Rates are real percentages
(number format 0.0%), so the office can sort and sum them in a spreadsheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.reports.xlsx_cells import set_cell

if TYPE_CHECKING:
    from app.core.services.admin.stats import Dashboard, FlowCounts

__all__ = ["write_stats_xlsx"]

_FLOW_COLUMNS = ("名称", "抽取户数", "已检查", "已录入", "已公示", "逾期未公示", "录入率", "公示率")
_GAP = PatternFill("solid", fgColor="FFE0E0")


def _sheet(
    ws: Worksheet,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
    percent_cols: Iterable[int] = (),
    flag_gaps: bool = True,
) -> None:
    set_cell(ws.cell(1, 1), title)
    ws.cell(1, 1).font = Font(bold=True, size=13)
    for col, name in enumerate(columns, start=1):
        set_cell(ws.cell(3, col), name)
        ws.cell(3, col).font = Font(bold=True)
    pct = set(percent_cols)
    r = 3
    for r, values in enumerate(rows, start=4):
        for col, value in enumerate(values, start=1):
            cell = ws.cell(r, col)
            set_cell(cell, value)
            if col in pct and isinstance(value, float):
                cell.number_format = "0.0%"
                if flag_gaps and value < 1:
                    cell.fill = _GAP  # the rules demand 100%
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A4"


def _flow_rows(rows: Iterable[FlowCounts], with_key: bool) -> list[list[object]]:
    out = []
    for f in rows:
        line: list[object] = [f.key] if with_key else []
        line += [
            f.name,
            f.drawn,
            f.inspected,
            f.entered,
            f.published,
            f.overdue,
            f.entry_rate,
            f.publication_rate,
        ]
        out.append(line)
    return out


def write_stats_xlsx(data: Dashboard, path: Path | str) -> Path:
    path = Path(path)
    year = f"{data.year}年度" if data.year else "全部年度"
    wb = Workbook()
    summary: Worksheet = wb.active  # type: ignore[assignment]
    summary.title = "部门汇总"
    _sheet(
        summary,
        f"{data.office}{year}双随机抽查工作汇总（截至{data.today.isoformat()}）",
        _FLOW_COLUMNS,
        _flow_rows([*data.departments, data.total], False),
        (36, 10, 10, 10, 10, 12, 10, 10),
        percent_cols=(7, 8),
    )
    _sheet(
        wb.create_sheet("任务汇总"),
        f"{year}抽查任务完成情况",
        ("任务编号", *_FLOW_COLUMNS),
        _flow_rows(data.tasks, True),
        (28, 36, 10, 10, 10, 10, 12, 10, 10),
        percent_cols=(8, 9),
    )
    _sheet(
        wb.create_sheet("检查结果分类"),
        "检查结果分类统计",
        ("代码", "检查结果", "户次"),
        [(c.code, c.text, c.count) for c in data.results_by_code],
        (8, 40, 10),
    )
    disposal_rows = [(c.code, c.text, c.count) for c in data.dispositions]
    disposal_rows += [("", c.text, c.count) for c in data.follow_ups]
    disposal_rows += [("", c.text, c.count) for c in data.team_changes]
    disposal_rows += [("", c.text, c.count) for c in data.commissions]
    _sheet(
        wb.create_sheet("后续处置"),
        "后续处置情况（处置措施与移送、责令改正登记）",
        ("代码", "处置", "数量"),
        disposal_rows,
        (8, 50, 10),
    )
    _sheet(
        wb.create_sheet("名录库覆盖率"),
        "检查事项对名录库的覆盖情况",
        ("事项编码", "检查事项", "部门", "名录库户数", "已检查户数", "覆盖率"),
        [(c.code, c.name, c.department, c.eligible, c.inspected, c.rate) for c in data.coverage],
        (10, 32, 30, 12, 12, 10),
        percent_cols=(6,),
        flag_gaps=False,
    )  # below 100% is normal
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
