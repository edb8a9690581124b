"""A sheet with a value far away (XFD1048576) is refused with the cell to delete, instead of
calamine trying to allocate 17 billion cells and the allocation failure aborting the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from app.core.domain.errors import ValidationError
from app.core.services.registry.imports.reader import read_sheet


def _workbook(path: Path, *, far_value: bool) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "名录"
    ws.append(["统一社会信用代码", "企业名称"])
    for n in range(30):
        ws.append([f"91150821MA{n:07d}X", f"五原县{n}号商贸"])
    far = ws.cell(row=1_048_576, column=16_384)
    if far_value:
        far.value = "误输入"  # someone pressed Ctrl+End and typed
    else:
        far.font = Font(bold=True)  # formatting only: the used range grows, the data does not
    wb.save(path)
    return path


def test_a_stray_value_at_the_last_cell_is_refused_with_its_address(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "far.xlsx", far_value=True)
    with pytest.raises(ValidationError, match="XFD1048576") as refused:
        read_sheet(path)
    assert "名录" in str(refused.value) and "删除" in str(refused.value)


def test_formatting_far_away_is_not_data_and_reads(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "formatted.xlsx", far_value=False)
    sheet = read_sheet(path)
    assert len(sheet.rows) == 31 and sheet.rows[30] == ["91150821MA0000029X", "五原县29号商贸"]
