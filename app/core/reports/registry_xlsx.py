"""Registry workbooks: import templates, row-level error reports, exports of filtered views.

Fed with plain read models (no sessions). Every text cell is written as a string, so a value
such as "=HYPERLINK(...)" or "+86…" never becomes a formula (formula-injection safety).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from app.core.reports.xlsx_cells import set_cell, text_only_cell

TITLE_FONT = Font(name="宋体", size=14, bold=True)
HEADER_FONT = Font(name="宋体", size=11, bold=True)
HINT_FONT = Font(name="宋体", size=9, color="808080", italic=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
ERROR_FILL = PatternFill("solid", fgColor="F8CBAD")
WARNING_FILL = PatternFill("solid", fgColor="FFF2CC")


@dataclass(frozen=True)
class TemplateColumn:
    header: str
    hint: str = ""
    width: int = 14
    required: bool = False
    choices: tuple[str, ...] = ()  # a dropdown when not empty
    text: bool = True  # format the column as text (codes keep their leading zeros)


@dataclass(frozen=True)
class TemplateSpec:
    title: str
    columns: tuple[TemplateColumn, ...]
    code_tables: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    industry: tuple[tuple[str, str, str], ...] = ()  # (code, name, level)
    notes: tuple[str, ...] = ()
    blank_rows: int = 10_000  # rows with dropdowns (validation); text columns are text throughout


@dataclass(frozen=True)
class ReportIssue:
    row: int
    column: str
    value: str
    severity: str  # 错误 / 警告
    reason: str
    cell: str = ""  # "D17" in the imported file


def safe_value(value: Any) -> Any:
    """What goes into a cell: dates and numbers as is, everything else as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date | datetime | int | float):
        return value
    if isinstance(value, list | tuple):
        return "，".join(str(v) for v in value)
    return str(value)


def _text_cell(ws: Any, value: Any) -> WriteOnlyCell:
    return text_only_cell(ws, safe_value(value))


def _set_text(cell: Any, value: Any) -> None:
    set_cell(cell, safe_value(value))


def write_template(path: str | Path, spec: TemplateSpec) -> Path:
    """Title row (merged), header row, hint row, dropdowns, and a 代码表 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "导入数据"
    n = len(spec.columns)
    last = get_column_letter(n)
    ws.merge_cells(f"A1:{last}1")
    set_cell(ws["A1"], spec.title)
    ws["A1"].font = TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28
    codes = wb.create_sheet("代码表")
    code_col = 1
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        head = set_cell(ws.cell(row=2, column=i), ("*" if col.required else "") + col.header)
        head.font = HEADER_FONT
        head.fill = REQUIRED_FILL if col.required else HEADER_FILL
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        hint = set_cell(ws.cell(row=3, column=i), col.hint)
        hint.font = HINT_FONT
        hint.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = col.width
        if col.text:
            # The whole column is text (a column style: every row a clerk may reach, not a
            # fixed block), and the first rows carry it on the cell too.
            ws.column_dimensions[letter].number_format = "@"
            for r in range(4, 4 + min(spec.blank_rows, 500)):
                ws.cell(row=r, column=i).number_format = "@"
        if col.choices:
            set_cell(codes.cell(row=1, column=code_col), col.header).font = HEADER_FONT
            for j, choice in enumerate(col.choices, start=2):
                set_cell(codes.cell(row=j, column=code_col), choice)
            ref_letter = get_column_letter(code_col)
            dv = DataValidation(
                type="list",
                formula1=f"'代码表'!${ref_letter}$2:${ref_letter}${len(col.choices) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请从下拉列表选择",
                error=f"{col.header}只能是下拉列表中的值",
            )
            ws.add_data_validation(dv)
            dv.add(f"{letter}4:{letter}{3 + spec.blank_rows}")
            codes.column_dimensions[ref_letter].width = max(12, len(col.header) * 2 + 2)
            code_col += 1
    ws.row_dimensions[3].height = 42
    ws.freeze_panes = "A4"
    row0 = 1
    tables = wb.create_sheet("代码说明")
    for name, rows in spec.code_tables.items():
        set_cell(tables.cell(row=row0, column=1), name).font = HEADER_FONT
        for k, (code, text) in enumerate(rows, start=row0 + 1):
            _set_text(tables.cell(row=k, column=1), code)
            set_cell(tables.cell(row=k, column=2), text)
        row0 += len(rows) + 2
    tables.column_dimensions["A"].width = 16
    tables.column_dimensions["B"].width = 40
    if spec.industry:
        ind = wb.create_sheet("行业分类")
        for i, h in enumerate(("行业代码", "名称", "层级"), start=1):
            set_cell(ind.cell(row=1, column=i), h).font = HEADER_FONT
        for r, (code, name, level) in enumerate(spec.industry, start=2):
            _set_text(ind.cell(row=r, column=1), code)
            set_cell(ind.cell(row=r, column=2), name)
            set_cell(ind.cell(row=r, column=3), level)
        ind.column_dimensions["B"].width = 40
    if spec.notes:
        notes = wb.create_sheet("填写说明")
        for r, line in enumerate(spec.notes, start=1):
            set_cell(notes.cell(row=r, column=1), line)
        notes.column_dimensions["A"].width = 100
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def write_issue_report(
    path: str | Path,
    *,
    title: str,
    issues: Iterable[ReportIssue],
    summary: Sequence[str] = (),
    mapping: Sequence[tuple[str, str, str, str]] = (),
    skipped: Sequence[tuple[int, str]] = (),
) -> Path:
    """A first sheet 列对应 (column, the file's header, read as, why — and the rows skipped
    and why), then 校验结果: 行号 / 单元格 / 列 / 值 / 级别 / 原因, one line per problem,
    errors red, warnings yellow."""
    wb = Workbook()
    first = wb.active
    first.title = "列对应"
    first.merge_cells("A1:D1")
    set_cell(first["A1"], title)
    first["A1"].font = TITLE_FONT
    row = 2
    for line in summary:
        set_cell(first.cell(row=row, column=1), line)
        row += 1
    for i, h in enumerate(("列", "文件中的表头", "导入为", "说明"), start=1):
        c = set_cell(first.cell(row=row, column=i), h)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
    for columns in mapping:
        row += 1
        for i, value in enumerate(columns, start=1):
            _set_text(first.cell(row=row, column=i), value)
        if line[2].startswith("（"):  # not read
            first.cell(row=row, column=3).fill = WARNING_FILL
    row += 2
    for i, h in enumerate(("跳过的行", "原因（不作为数据校验）"), start=1):
        c = set_cell(first.cell(row=row, column=i), h)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
    for number, why in skipped:
        row += 1
        set_cell(first.cell(row=row, column=1), number)
        _set_text(first.cell(row=row, column=2), why)
    for letter, width in zip("ABCD", (10, 30, 26, 60), strict=True):
        first.column_dimensions[letter].width = width
    for sheet in (first,):  # printed as it is read: landscape, every column on the page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    ws = wb.create_sheet("校验结果")
    ws.merge_cells("A1:F1")
    set_cell(ws["A1"], title)
    ws["A1"].font = TITLE_FONT
    row = 2
    for line in summary:
        set_cell(ws.cell(row=row, column=1), line)
        row += 1
    headers = ("行号", "单元格", "列（文件表头）", "值", "级别", "原因")
    for i, h in enumerate(headers, start=1):
        c = set_cell(ws.cell(row=row, column=i), h)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    for issue in issues:
        row += 1
        set_cell(ws.cell(row=row, column=1), issue.row)
        _set_text(ws.cell(row=row, column=2), issue.cell)
        _set_text(ws.cell(row=row, column=3), issue.column)
        _set_text(ws.cell(row=row, column=4), issue.value)
        level = set_cell(ws.cell(row=row, column=5), issue.severity)
        level.fill = ERROR_FILL if issue.severity == "错误" else WARNING_FILL
        _set_text(ws.cell(row=row, column=6), issue.reason)
    for letter, width in zip("ABCDEF", (8, 8, 24, 28, 8, 60), strict=True):
        ws.column_dimensions[letter].width = width
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


def write_table(
    path: str | Path,
    *,
    title: str | None,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    widths: Sequence[int] = (),
) -> int:
    """A filtered view as a workbook (write-only: fine for a million rows); returns rows written.

    Title row, then the header row, then data — the importer reads it back as is.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("数据")
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if title is not None:  # a platform's layout: the header in row 1, data from row 2
        title_cell = text_only_cell(ws, title)
        title_cell.font = TITLE_FONT
        ws.append([title_cell])
    head = []
    for h in headers:
        c = text_only_cell(ws, h)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
        head.append(c)
    ws.append(head)
    count = 0
    for r in rows:
        ws.append([_text_cell(ws, v) for v in r])
        count += 1
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return count
