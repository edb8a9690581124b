"""抽查结果公告 writers: the task's result notice as xlsx (openpyxl) and PDF (reportlab).

Fed with a `PublicationNotice` read model; no sessions. Text cells never become formulas
(a business name starting with "=" stays text), and the PDF embeds the shipped CJK font.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.domain.platform import PLATFORM_RESULT_COLUMNS
from app.core.reports.fonts import register_cjk_font
from app.core.reports.xlsx_cells import set_cell

__all__ = [
    "NOTICE_COLUMNS",
    "NoticeRow",
    "PublicationNotice",
    "write_publication_pdf",
    "write_publication_xlsx",
]

NOTICE_COLUMNS = (
    "序号",
    "抽查市场主体名称",
    "统一社会信用代码/注册号",
    "检查完成日期",
    "检查结果",
    "备注",
)
_WIDTHS = (6, 40, 24, 14, 40, 24)


@dataclass(frozen=True)
class NoticeRow:
    seq: int
    name: str
    code: str
    completed_on: date | None
    result: str
    remark: str = ""


@dataclass(frozen=True)
class NoticeItemRow:
    """Per-item detail (检查事项 / 检查结果) of one business, the notice's second sheet."""

    seq: int
    name: str
    item: str
    result: str


@dataclass(frozen=True)
class PublicationNotice:
    title: str
    header: tuple[tuple[str, str], ...]  # (label, value): 抽查任务编号, 检查机关 …
    rows: tuple[NoticeRow, ...]
    items: tuple[NoticeItemRow, ...] = ()
    footer: str = ""


def _fmt_date(d: date | None) -> str:
    return d.isoformat() if d else ""


def write_publication_xlsx(notice: PublicationNotice, path: Path | str) -> Path:
    path = Path(path)
    wb = Workbook()
    ws: Worksheet = wb.active  # type: ignore[assignment]
    ws.title = "抽查结果公告"
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ncols = len(NOTICE_COLUMNS)
    row = 1
    set_cell(ws.cell(row, 1), notice.title)
    ws.cell(row, 1).font = Font(bold=True, size=14)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    row += 1
    for label, text in notice.header:
        set_cell(ws.cell(row, 1), label)
        ws.cell(row, 1).font = Font(bold=True)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        set_cell(ws.cell(row, 3), text)
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=ncols)
        ws.cell(row, 3).alignment = Alignment(wrap_text=True, vertical="top")
        row += 1
    row += 1
    header_row = row
    for col, title in enumerate(NOTICE_COLUMNS, start=1):
        cell = ws.cell(row, col)
        set_cell(cell, title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for r in notice.rows:
        row += 1
        values = (r.seq, r.name, r.code, _fmt_date(r.completed_on), r.result, r.remark)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            set_cell(cell, value)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if notice.footer:
        row += 2
        set_cell(ws.cell(row, 1), notice.footer)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    for col, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    if notice.items:
        detail: Worksheet = wb.create_sheet("检查事项明细")
        for col, title in enumerate(("序号", "抽查市场主体名称", "检查事项", "检查结果"), start=1):
            set_cell(detail.cell(1, col), title)
            detail.cell(1, col).font = Font(bold=True)
        for i, it in enumerate(notice.items, start=2):
            for col, value in enumerate((it.seq, it.name, it.item, it.result), start=1):
                set_cell(detail.cell(i, col), value)
        for col, width in enumerate((6, 40, 30, 40), start=1):
            detail.column_dimensions[get_column_letter(col)].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_publication_pdf(notice: PublicationNotice, path: Path | str) -> Path:
    """A4 landscape notice; the table repeats its header row on every page."""

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = register_cjk_font()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    title_style = ParagraphStyle("t", fontName=font, fontSize=15, leading=20, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("h", parent=body, alignment=1)

    def p(text: object, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape("" if text is None else str(text)), style)

    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=notice.title,
        initialFontName=font,
        author="",
        subject="抽查结果公告",
    )
    story: list = [p(notice.title, title_style), Spacer(1, 4 * mm)]
    header = Table(
        [[p(label), p(value)] for label, value in notice.header], colWidths=[40 * mm, 220 * mm]
    )
    header.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    )
    story += [header, Spacer(1, 4 * mm)]
    data = [[p(c, head) for c in NOTICE_COLUMNS]]
    for r in notice.rows:
        data.append(
            [p(r.seq), p(r.name), p(r.code), p(_fmt_date(r.completed_on)), p(r.result), p(r.remark)]
        )
    widths = [12 * mm, 75 * mm, 45 * mm, 26 * mm, 70 * mm, 39 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    if notice.footer:
        story += [Spacer(1, 6 * mm), p(notice.footer)]

    def page_no(canvas, doc_):  # type: ignore[no-untyped-def]
        canvas.setFont(font, 8)
        canvas.drawRightString(doc_.pagesize[0] - 15 * mm, 8 * mm, f"第 {doc_.page} 页")

    doc.build(story, onFirstPage=page_no, onLaterPages=page_no)
    return path


def write_platform_results(rows: list[tuple[object, ...]], path: Path | str) -> Path:
    """The flat list a provincial platform imports (domain/platform.py): one header row, then
    one row per result, read by position from row 2. Everything but 序号 is text (codes keep
    their leading zeros, dates read as written)."""

    path = Path(path)
    wb = Workbook()
    ws: Worksheet = wb.active  # type: ignore[assignment]
    ws.title = "抽查结果"
    for c, header in enumerate(PLATFORM_RESULT_COLUMNS, start=1):
        set_cell(ws.cell(1, c), header).font = Font(bold=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            set_cell(ws.cell(r, c), value)
    for c, width in enumerate((6, 16, 30, 22, 30, 12, 26, 36, 24, 14, 10, 30), start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
