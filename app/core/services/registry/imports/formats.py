"""What kind of spreadsheet a file is, told by its content rather than its name, and the
readers for the kinds calamine does not read.

Platforms ship their templates as xlsx content named `.xls`; WPS saves "XML Spreadsheet 2003"
content named `.xlsx`; registration-system exports arrive as CSV in UTF-8, UTF-8 with a BOM
or GB18030. `sniff` looks at the first bytes (and, for a zip, at its members):

- ``xlsx``: a zip with ``xl/workbook.xml`` (also .xlsm);
- ``ods``: a zip whose ``mimetype`` is an OpenDocument spreadsheet;
- ``xls``: an OLE compound file (BIFF, Excel 97–2003);
- ``xml2003``: XML whose root is the SpreadsheetML 2003 ``Workbook``;
- ``html``: a web page named .xls (old platform exports) — refused with its own advice;
- ``csv``: text that decodes as UTF-8 / UTF-8 with BOM / UTF-16 with BOM / GB18030;
- None: anything else (refused with `NOT_A_SHEET`, never a library's error).

SpreadsheetML is parsed with expat directly: a DTD or an entity declaration refuses the
file (no entity is ever expanded), so are NUL bytes and files above `MAX_XML_BYTES`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.parsers import expat

from app.core.domain.errors import ValidationError

# Unpacked size of one XML part of an .xlsx (a sheet, the shared strings; checked in extent.py),
# and the size of a SpreadsheetML or CSV file: 256 MiB holds about 250,000 registry rows of 12
# columns as Excel/WPS/openpyxl write them.
MAX_PART_BYTES = 256 << 20
MAX_XML_BYTES = MAX_PART_BYTES
MAX_CSV_BYTES = MAX_PART_BYTES
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_SS = "urn:schemas-microsoft-com:office:spreadsheet"
_HEAD = 64 << 10


def not_a_sheet(name: str, why: str = "") -> ValidationError:
    """The message a clerk gets for a file no reader here understands."""
    detail = f"（{why}）" if why else ""
    return ValidationError(
        f"{name}：这不是Excel能打开的表格文件{detail}。"
        "请在 WPS/Excel 中打开它，另存为 .xlsx 后再导入。"
    )


_FORMAT_NAMES = {
    "xlsx": "Excel 工作簿（xlsx）",
    "xls": "Excel 97-2003 工作簿（xls）",
    "ods": "OpenDocument 表格（ods）",
    "xml2003": "XML 表格 2003（WPS/旧版 Excel）",
    "csv": "CSV 文本",
}


def format_name(fmt: str) -> str:
    """A format `sniff` told, in the words people use for it."""
    return _FORMAT_NAMES.get(fmt, fmt)


def sniff(path: str | Path) -> str | None:
    """The file's format by content (see the module); None when it is none of them."""
    file = Path(path)
    try:
        with file.open("rb") as f:
            head = f.read(_HEAD)
    except OSError:
        return None
    if head.startswith(_OLE):
        return "xls"
    if head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(file) as z:
                names = set(z.namelist())
                if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
                    return "xlsx"
                if "mimetype" in names:
                    kind = z.read("mimetype")[:100]
                    if b"opendocument.spreadsheet" in kind:
                        return "ods"
        except (OSError, zipfile.BadZipFile, KeyError):
            return None
        return None
    if not head:
        return None
    text = _decode_head(head)
    if text is None:
        return None
    lead = text.lstrip("\ufeff \t\r\n").lower()
    if lead.startswith("<"):
        if _SS.lower() in lead[:_HEAD] and "<workbook" in lead:
            return "xml2003"
        if "<html" in lead[:4096] or "<table" in lead[:4096]:
            return "html"
        return None  # some other XML
    return "csv"


def _decode_head(head: bytes) -> str | None:
    """The head of a text file as text, or None when it is not text in an encoding read here."""
    encoding = text_encoding(head)
    if encoding is None:
        return None
    return head.decode(encoding, errors="ignore")


def text_encoding(data: bytes) -> str | None:
    """utf-8-sig, utf-16 (with BOM), utf-8 or gb18030 — the first the bytes decode in."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in data:
        return None  # binary
    for encoding in ("utf-8", "gb18030"):
        try:
            # A multi-byte character may be cut at the end of a head: allow 3 bytes of it.
            codecs.getincrementaldecoder(encoding)().decode(data, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    return None


def read_csv(path: str | Path) -> list[list[Any]]:
    """The rows of a CSV (or tab-separated text) file as text cells."""
    file = Path(path)
    data = file.read_bytes()
    if len(data) > MAX_CSV_BYTES:
        raise ValidationError(f"{file.name} 超过 {MAX_CSV_BYTES >> 20} MB，请拆成几个文件导入。")
    encoding = text_encoding(data)
    if encoding is None:
        raise not_a_sheet(file.name, "文字编码无法识别")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise not_a_sheet(file.name, "文字编码无法识别") from None
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = "excel-tab" if sample.count("\t") > sample.count(",") else "excel"
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    return _rectangular(rows)


def _rectangular(rows: list[list[Any]]) -> list[list[Any]]:
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]


class _Refused(Exception):
    pass


def read_spreadsheetml(
    path: str | Path,
) -> tuple[str, list[list[Any]], list[tuple[int, int, int, int]]]:
    """(sheet name, rows, merged ranges as (row0, col0, row1, col1)) of the first worksheet
    with data in an XML Spreadsheet 2003 file."""
    file = Path(path)
    if file.stat().st_size > MAX_XML_BYTES:
        raise ValidationError(
            f"{file.name} 超过 {MAX_XML_BYTES >> 20} MB，已拒绝。请把名录拆成几个文件分别导入。"
        )
    parser = expat.ParserCreate(namespace_separator="|")
    sheets: list[tuple[str, list[list[Any]], list[tuple[int, int, int, int]]]] = []
    state: dict[str, Any] = {}

    def refuse_dtd(*_: Any) -> None:
        raise _Refused("DTD")

    def start(tag: str, attrs: dict[str, str]) -> None:
        ns, _, name = tag.rpartition("|")
        if ns != _SS:
            return
        a = {k.rpartition("|")[2]: v for k, v in attrs.items()}
        if name == "Worksheet":
            state.update(name=a.get("Name", ""), rows={}, merges=[], r=0)
        elif name == "Row" and "rows" in state:
            if "Index" in a:
                state["r"] = int(a["Index"]) - 1
            state["row"] = {}
            state["c"] = 0
        elif name == "Cell" and "row" in state:
            if "Index" in a:
                state["c"] = int(a["Index"]) - 1
            across, down = int(a.get("MergeAcross", 0)), int(a.get("MergeDown", 0))
            if across or down:
                r, c = state["r"], state["c"]
                state["merges"].append((r, c, r + down, c + across))
            state["span"] = across
            state["value"] = ""
        elif name == "Data" and "row" in state:
            state["type"] = a.get("Type", "String")
            state["text"] = []

    def end(tag: str) -> None:
        ns, _, name = tag.rpartition("|")
        if ns != _SS:
            return
        if name == "Data" and "text" in state:
            state["value"] = _ss_value(state.pop("type"), "".join(state.pop("text")))
        elif name == "Cell" and "row" in state:
            if state["value"] != "":
                state["row"][state["c"]] = state["value"]
            state["c"] += 1 + state.pop("span", 0)
        elif name == "Row" and "row" in state:
            row = state.pop("row")
            if row:
                state["rows"][state["r"]] = row
            state["r"] += 1
        elif name == "Worksheet" and "rows" in state:
            sheets.append((state["name"], _dense(state.pop("rows")), state.pop("merges")))
            state.clear()

    def chars(data: str) -> None:
        if "text" in state:
            state["text"].append(data)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        with file.open("rb") as f:
            while chunk := f.read(1 << 20):
                if b"\x00" in chunk:
                    raise ValidationError(
                        f"{file.name} 含有空字符（NUL），不是有效的表格文件，已拒绝。"
                    )
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused:
        raise ValidationError(
            f"{file.name} 含有 DTD（<!DOCTYPE>/<!ENTITY> 实体定义），Excel/WPS 不会这样保存，"
            "可能是恶意构造的文件，已拒绝。"
        ) from None
    except expat.ExpatError as exc:
        raise not_a_sheet(
            file.name, f"XML 表格已损坏：{expat.errors.messages[exc.code]}，第{exc.lineno}行"
        ) from None
    except ValueError as exc:  # a bad ss:Index
        raise not_a_sheet(file.name, f"XML 表格已损坏：{exc}") from None
    for name, rows, merges in sheets:
        if any(any(c not in (None, "") for c in r) for r in rows):
            return name, rows, merges
    raise ValidationError(f"{file.name} 中没有数据。")


def _dense(rows: dict[int, dict[int, Any]]) -> list[list[Any]]:
    if not rows:
        return []
    width = max(max(r) for r in rows.values()) + 1
    out: list[list[Any]] = []
    for i in range(max(rows) + 1):
        cells = rows.get(i, {})
        out.append([cells.get(c, "") for c in range(width)])
    return out


_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?")


def _ss_value(kind: str, text: str) -> Any:
    """A SpreadsheetML cell as calamine gives the same cell of an .xlsx."""
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "Boolean":
        return text.strip() in ("1", "true", "TRUE")
    if kind == "DateTime":
        m = _DATETIME.match(text.strip())
        if m is None:
            return text
        y, mo, d, h, mi, sec = (int(p or 0) for p in m.groups())  # no time part: midnight
        try:
            value = datetime(y, mo, d, h, mi, sec)
        except ValueError:
            return text
        return value.date() if value.time() == datetime.min.time() else value
    return text


def fill_merged(rows: list[list[Any]], merges: list[tuple[int, int, int, int]]) -> list[str]:
    """Copies each merged range's top-left value into its other cells (the value a person
    sees there); returns the ranges filled, as "B5:B8", for the report."""
    filled = []
    for r0, c0, r1, c1 in sorted(merges):
        if r0 >= len(rows) or (r0 == r1 and c0 == c1):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        if value in (None, ""):
            continue
        width = max(c1 + 1, max((len(r) for r in rows), default=0))
        while len(rows) <= r1:
            rows.append([""] * width)
        for r in range(r0, r1 + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    row[c] = value
        filled.append(f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}")
    if filled:
        width = max(len(r) for r in rows)
        for row in rows:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
    return filled


def column_letter(col: int) -> str:
    """0-based column index → "A", "B", … "AA"."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """0-based (row, column) → "D17"."""
    return f"{column_letter(col)}{row + 1}"
