"""Writes audit events (read models) to an xlsx workbook for an auditor; no sessions.

Every text cell is stored as text, so a summary like "=HYPERLINK(...)" never becomes a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook

from app.core.domain.localtime import zone_label
from app.core.reports.xlsx_cells import set_cell

HEADERS = [
    "编号 id",
    "时间 at",
    "用户 actor",
    "动作 action",
    "对象 entity",
    "对象标识 uid",
    "摘要 summary",
    "数据行 rows",
    "前状态哈希 before",
    "后状态哈希 after",
    "事件哈希 hash",
]


def write_events_xlsx(
    path: Path, rows: Iterable[Sequence[object]], *, title: str, head: str
) -> Path:
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "审计日志"
    set_cell(ws.cell(row=1, column=1), title)
    set_cell(ws.cell(row=2, column=1), f"链头 chain head: {head}")
    ws.append([f"时间（{zone_label()}） at" if h == "时间 at" else h for h in HEADERS])
    for r, values in enumerate(rows, start=4):
        for c, value in enumerate(values, start=1):
            set_cell(ws.cell(row=r, column=c), value)  # never a formula, whatever the text
    for col, width in zip("ABCDEFGHIJK", (8, 26, 14, 24, 14, 38, 60, 8, 20, 20, 20), strict=True):
        ws.column_dimensions[col].width = width
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path
