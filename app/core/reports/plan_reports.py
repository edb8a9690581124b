"""Plan exports: the xlsx task list and the PDF notice (抽查计划公告) of a published plan.

Fed with read models (dataclasses) only; no sessions. Also holds the paragraph styles and
sheet helpers the draw reports share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.reports.fonts import register_cjk_font
from app.core.reports.xlsx_cells import set_cell


def styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    return {
        "title": ParagraphStyle(
            "title", fontName=font, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=4 * mm
        ),
        "sub": ParagraphStyle(
            "sub", fontName=font, fontSize=10, leading=14, alignment=TA_CENTER, spaceAfter=3 * mm
        ),
        "body": ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK"),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10.5, wordWrap="CJK"),
        "mono": ParagraphStyle("mono", fontName=font, fontSize=8, leading=11, wordWrap="CJK"),
    }


def esc(text: object) -> str:
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def grid_style(header_rows: int = 1) -> TableStyle:
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eef5")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def grid_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    widths: Sequence[float],
    style: ParagraphStyle,
) -> Table:
    """A gridded table of wrapped cells whose header row repeats on every page."""
    data = [[Paragraph(h, style) for h in headers]]
    data += [[Paragraph(esc(v), style) for v in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(grid_style())
    return table


def write_sheet(
    ws, headers: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[int]
) -> None:  # type: ignore[no-untyped-def]
    """Header + rows; every text cell is stored as text, so "=…" never becomes a formula."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            set_cell(cell, value)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


@dataclass(frozen=True)
class PlanTaskRow:
    task_no: str
    name: str
    items: str
    scope: str
    strata: str
    mandatory: str
    initiating: str
    participating: str
    start_on: date | None
    end_on: date | None
    method: str
    inspectors_per_target: int


@dataclass(frozen=True)
class PlanReport:
    office: str
    name: str
    year: int
    kind_text: str
    status: str
    revision: int
    published_on: date | None
    notes: str
    tasks: tuple[PlanTaskRow, ...]
    audit_head: str = ""  # the audit chain head's short form when the report was made


TASK_HEADERS = (
    "序号",
    "抽查任务编号",
    "抽查任务名称",
    "抽查事项",
    "抽查对象范围",
    "抽查比例（分层）",
    "必查对象",
    "发起部门",
    "参与部门",
    "检查日期自",
    "检查日期至",
    "抽查方式",
    "每户检查人数",
)


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def write_plan_xlsx(report: PlanReport, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "抽查计划"
    rows = [
        (
            i,
            t.task_no,
            t.name,
            t.items,
            t.scope,
            t.strata,
            t.mandatory,
            t.initiating,
            t.participating,
            _iso(t.start_on),
            _iso(t.end_on),
            t.method,
            t.inspectors_per_target,
        )
        for i, t in enumerate(report.tasks, start=1)
    ]
    write_sheet(ws, TASK_HEADERS, rows, (6, 24, 30, 36, 24, 30, 12, 22, 22, 12, 12, 10, 8))
    info = wb.create_sheet("计划信息")
    write_sheet(
        info,
        ("项目", "内容"),
        [
            ("计划名称", report.name),
            ("计划年度", report.year),
            ("类型", report.kind_text),
            ("制定单位", report.office),
            ("状态", report.status),
            ("调整次数", report.revision),
            ("公示日期", _iso(report.published_on)),
            ("审计链头", report.audit_head),
            ("说明", report.notes),
        ],
        (14, 60),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_plan_notice_pdf(report: PlanReport, path: Path) -> Path:
    st = styles()
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=report.name,
    )
    story = [
        Paragraph(esc(f"{report.name}公告"), st["title"]),
        Paragraph(
            esc(
                f"{report.office} · {report.year}年度 · {report.kind_text} · 状态：{report.status}"
                + (f" · 第{report.revision}次调整" if report.revision else "")
                + (f" · 公示日期：{_iso(report.published_on)}" if report.published_on else "")
                + (f" · 审计链头：{report.audit_head}" if report.audit_head else "")
            ),
            st["sub"],
        ),
    ]
    if report.notes:
        story += [Paragraph(esc(report.notes), st["body"]), Spacer(1, 3 * mm)]
    story.append(
        Paragraph(
            esc(
                "根据《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》（国发〔2019〕5号），"
                "现将本年度随机抽查工作计划公告如下。抽查对象和执法检查人员均通过公开、可验证的随机抽取产生。"
            ),
            st["body"],
        )
    )
    story.append(Spacer(1, 3 * mm))
    headers = (
        "序号",
        "任务编号",
        "任务名称",
        "抽查事项",
        "对象范围",
        "抽查比例",
        "发起/参与部门",
        "检查期限",
        "方式",
    )
    rows = (
        (
            i,
            t.task_no,
            t.name,
            t.items,
            t.scope,
            t.strata,
            f"{t.initiating}／{t.participating}",
            f"{_iso(t.start_on)} 至 {_iso(t.end_on)}",
            t.method,
        )
        for i, t in enumerate(report.tasks, start=1)
    )
    table = grid_table(
        headers,
        rows,
        widths=[10 * mm, 38 * mm, 40 * mm, 50 * mm, 30 * mm, 36 * mm, 32 * mm, 24 * mm, 16 * mm],
        style=st["cell"],
    )
    story.append(table)
    story += [Spacer(1, 8 * mm), Paragraph(esc(f"{report.office}　　（盖章）"), st["body"])]
    doc.build(story)
    return path
