"""Reading a spreadsheet's first sheet with python-calamine and finding its header row.

Real files carry merged title rows above the header and a hint row below it (the shape of
the platforms' templates, domain.md §7); both are recognised and skipped. No validation here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from app.core.domain.errors import ValidationError
from app.core.domain.normalize import code_text
from app.core.services.registry.fields import RegistrySpec

from .extent import check_package, sheet_checker
from .formats import fill_merged, not_a_sheet, read_csv, read_spreadsheetml, sniff

_HINT_WORDS = ("必填", "选填", "填写", "格式", "下拉", "多个", "可空", "空则", "如 ", "例", "请")
SCAN_ROWS = 12


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]  # row i is spreadsheet row i + 1
    merged: tuple[str, ...] = field(default=())  # merged ranges filled with their value ("B5:B8")
    format: str = "xlsx"  # what the content is (formats.sniff), whatever the name says


_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}
_FORMAT_NAMES = {
    "xlsx": "Excel 工作簿（xlsx）",
    "xls": "Excel 97-2003 工作簿（xls）",
    "ods": "OpenDocument 表格（ods）",
    "xml2003": "XML 表格 2003（WPS/旧版 Excel）",
    "csv": "CSV 文本",
}


def format_name(fmt: str) -> str:
    return _FORMAT_NAMES.get(fmt, fmt)


def read_sheet(path: str | Path) -> Sheet:
    """The first sheet that has data, the file's kind told by its content (formats.sniff):
    .xlsx/.xlsm, .xls, .ods, XML Spreadsheet 2003 or CSV. Merged cells carry their value in
    every cell they cover."""
    file = Path(path)
    if not file.exists():
        raise ValidationError(f"找不到文件：{file}")
    fmt = sniff(file)
    if fmt is None:
        raise not_a_sheet(file.name)
    if fmt == "html":
        raise not_a_sheet(file.name, "它是网页格式，只是扩展名为表格")
    if fmt == "csv":
        rows = read_csv(file)
        if not any(any(c not in (None, "") for c in r) for r in rows):
            raise ValidationError(f"{file.name} 中没有数据。")
        return Sheet(file.stem, rows, (), fmt)
    if fmt == "xml2003":
        name, rows, merges = read_spreadsheetml(file)
        return Sheet(name, rows, tuple(fill_merged(rows, merges)), fmt)
    check_package(file)  # zip bombs, DTDs, NUL bytes: refused before calamine sees the file
    try:
        if file.suffix.lower() in _SUFFIXES[fmt]:
            book = CalamineWorkbook.from_path(str(file))
        else:  # xlsx content named .xls and the like: calamine tells the kind by content
            with file.open("rb") as f:
                book = CalamineWorkbook.from_filelike(f)
    except Exception:  # calamine raises its own types for corrupt content
        raise not_a_sheet(file.name, f"{format_name(fmt)}内容已损坏或有密码保护") from None
    check = sheet_checker(file)
    for name in book.sheet_names:
        check(name)  # a sheet too large to read is refused, before calamine tries
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine's XmlError and kin for a broken sheet
            raise ValidationError(
                f"无法读取 {file.name} 的工作表“{name}”：不是有效的Excel文件（{exc}）"
            ) from None
        if any(any(c not in (None, "") for c in r) for r in rows):
            merges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
            return Sheet(name, rows, tuple(fill_merged(rows, merges)), fmt)
    raise ValidationError(f"{file.name} 中没有数据。")


def header_key(text: Any) -> str:
    """A header cell compared loosely: half-width, no spaces or required-markers, upper case."""
    if text is None:
        return ""
    key = code_text(str(text)).replace("*", "").replace("＊", "")
    for marker in ("(必填)", "（必填）", "(选填)", "（选填）"):
        key = key.replace(code_text(marker), "")
    return key


def _known_headers(spec: RegistrySpec) -> set[str]:
    out = set()
    for f in spec.fields:
        out.add(header_key(f.header))
        out.update(header_key(a) for a in f.aliases)
    return out


def find_header_row(sheet: Sheet, spec: RegistrySpec) -> int:
    """Index of the header row: the early row with most cells naming known columns."""
    known = _known_headers(spec)
    best, best_score = -1, 0
    for i, row in enumerate(sheet.rows[:SCAN_ROWS]):
        score = sum(1 for c in row if header_key(c) in known)
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        labels = "、".join(f.header for f in spec.fields if f.required)
        raise ValidationError(
            f"在前{SCAN_ROWS}行中找不到表头：请确认这是{spec.label}（应含“{labels}”等列）。"
        )
    return best


def is_hint_row(row: list[Any], spec: RegistrySpec) -> bool:
    """True for the template's hint row ("必填；18位信用代码…") below the header."""
    hints = {f.hint for f in spec.fields if f.hint}
    cells = [str(c).strip() for c in row if c not in (None, "")]
    if not cells:
        return False
    hinty = sum(1 for c in cells if c in hints or any(w in c for w in _HINT_WORDS))
    return (
        hinty * 2 >= len(cells)
        and hinty >= 1
        and any(c in hints or "必填" in c or "选填" in c for c in cells)
    )
