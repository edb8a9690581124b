"""Helpers for registry tests: spreadsheets shaped like the ones county offices send."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.core.domain.codes import make_uscc


def uscc(n: int, category: str = "91") -> str:
    body = f"{n:08d}"
    return make_uscc(dept_category=category, region6="150821", org_body8=body)


def write_rows(
    path: Path,
    rows: list[list[Any]],
    *,
    title: str | None = "检查对象名录（2026年3月）",
    text_columns: tuple[int, ...] = (),
) -> Path:
    """A first sheet with an optional merged title row, then `rows` as given (header first)."""
    wb = Workbook()
    ws = wb.active
    r0 = 1
    if title:
        ws.cell(row=1, column=1, value=title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(rows[0]), 2))
        r0 = 2
    for i, row in enumerate(rows):
        for j, value in enumerate(row, start=1):
            cell = ws.cell(row=r0 + i, column=j, value=value)
            if j - 1 in text_columns and isinstance(value, str):
                cell.data_type = "s"
    wb.save(path)
    return path


TARGET_HEADER = [
    "统一社会信用代码",
    "企业名称",
    "主体类型",
    "法定代表人",
    "联系电话",
    "住所",
    "所属乡镇",
    "管辖单位",
    "行业代码",
    "信用等级",
    "风险等级",
    "登记状态",
]


def target_row(n: int, name: str | None = None, **over: Any) -> list[Any]:
    values = {
        "code": uscc(n),
        "name": name or f"五原县测试{n}号商贸有限公司",
        "kind": "企业",
        "rep": "张三",
        "phone": "13800000000",
        "addr": "五原县隆兴昌镇新华街1号",
        "town": "隆兴昌镇",
        "unit": "隆兴昌市场监管所",
        "industry": "5212",
        "credit": "A",
        "risk": "低",
        "status": "存续",
    }
    values.update(over)
    return list(values.values())
