"""Refusing a sheet whose used range is too large to read, before calamine reads it.

calamine allocates a sheet's whole bounding box, from A1 to its farthest cell with a value,
at once; one stray value at XFD1048576 asks for 17 billion cells and the allocation failure
aborts the process — the app would vanish. Excel writes the used range into the sheet's
`<dimension>`; when that is larger than `MAX_CELLS`, the cells that hold something are
looked at (formatting alone does not count) and a sheet still too large is refused with the
cell to delete. A sheet without `<dimension>` (written by a program, not by hand) is not
checked.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from app.core.domain.errors import ValidationError

MAX_CELLS = 50_000_000  # 1M rows × 50 columns
_HEAD = 64 << 10
_CHUNK = 16 << 20
_DIMENSION = re.compile(rb'<(?:[\w.-]+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# A cell that holds something: not self-closing, not closed at once.
_FILLED = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?(?<=\s)r="([A-Z]{1,3})(\d{1,7})"[^>/]*>(?!</)')
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def member(target: str) -> str:
    """A relationship's target (relative to xl/, or absolute) as a member name of the zip."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def sheet_members(z: zipfile.ZipFile) -> tuple[list[tuple[str, str]], list[str]]:
    """((sheet name, its XML member) in workbook order, shared-strings members) of an .xlsx;
    KeyError or ParseError when the workbook part is missing or broken."""
    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    rels = list(
        ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")).iter(
            f"{_PKG_REL_NS}Relationship"
        )
    )
    targets = {r.get("Id"): member(r.get("Target", "")) for r in rels}
    sheets = [
        (s.get("name", ""), targets.get(s.get(f"{_REL_NS}id"), ""))
        for s in book.iter(f"{_MAIN_NS}sheet")
    ]
    shared = [
        member(r.get("Target", "")) for r in rels if r.get("Type", "").endswith("/sharedStrings")
    ]
    return sheets, shared


def sheet_checker(path: str | Path) -> Callable[[str], None]:
    """A function checking the sheet of that name before it is read (see the module); for
    files other than .xlsx/.xlsm, and broken ones (calamine reports those), it does nothing."""
    file = Path(path)
    if file.suffix.lower() not in (".xlsx", ".xlsm"):
        return lambda name: None
    try:
        with zipfile.ZipFile(file) as z:
            parts = dict(sheet_members(z)[0])
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return lambda name: None

    def check(name: str) -> None:
        part = parts.get(name)
        if part is None:
            return
        try:
            with zipfile.ZipFile(file) as z:
                check_sheet(z, name, part)
        except (OSError, KeyError, zipfile.BadZipFile):
            return

    return check


def check_sheet(z: zipfile.ZipFile, name: str, part: str) -> None:
    with z.open(part) as f:
        head = f.read(_HEAD)
    m = _DIMENSION.search(head)
    if m is None or _area(m.group(1), m.group(2), m.group(3), m.group(4)) <= MAX_CELLS:
        return
    far_row = far_col = 0
    far_cell = ""
    tail = b""
    with z.open(part) as f:
        while chunk := f.read(_CHUNK):
            data = tail + chunk
            for cell in _FILLED.finditer(data):
                col, row = _column(cell.group(1)), int(cell.group(2))
                if row * col > far_row * far_col or not far_cell:
                    far_cell = (cell.group(1) + cell.group(2)).decode()
                far_row, far_col = max(far_row, row), max(far_col, col)
            tail = data[-256:]  # a cell tag cut by the chunk's end is seen whole next time
    if far_row * far_col > MAX_CELLS:
        raise ValidationError(
            f"工作表“{name}”的内容一直延伸到 {far_cell} 单元格（{far_row} 行 × {far_col} 列），"
            "太大，无法读取。请在Excel中删除表格以外多余的内容后再导入。"
        )


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _area(c1: bytes, r1: bytes, c2: bytes | None, r2: bytes | None) -> int:
    if c2 is None or r2 is None:
        return 1
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(_column(c2) - _column(c1)) + 1
    # calamine's box starts at A1 when the range does (skip_empty_area=False reads from A1).
    return max(int(r2), rows) * max(_column(c2), cols)
