"""Refusing a sheet whose used range is too large to read, before calamine reads it.

calamine allocates a sheet's whole bounding box, from A1 to its farthest cell with a value,
at once; one stray value at XFD1048576 asks for 17 billion cells and the allocation failure
aborts the process — the app would vanish. Excel writes the used range into the sheet's
`<dimension>`; when that is larger than `MAX_CELLS`, the cells that hold something are
looked at (formatting alone does not count) and a sheet still too large is refused with the
cell to delete. A sheet without `<dimension>` (written by a program, not by hand) is not
checked.

Before any of that, `check_package` refuses a file calamine should never be given: an XML
part that unpacks to more than `MAX_PART_BYTES` or a package above `MAX_PACKAGE_BYTES`
(a 515 KB zip bomb whose sheet unpacks to 500 MB is refused from its directory, before a
byte is decompressed), a part whose real size differs from the one declared, a DTD
(`<!DOCTYPE`/`<!ENTITY`: entity expansion, "billion laughs", external entities) and a NUL
byte (never valid in XML).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from app.core.domain.errors import ValidationError

from .formats import MAX_PART_BYTES, sniff

MAX_CELLS = 50_000_000  # 1M rows × 50 columns
MAX_PACKAGE_BYTES = 512 << 20  # unpacked, the whole package (one part: formats.MAX_PART_BYTES)
_XML_HEAD = 4 << 10  # a DTD can only stand before the root element
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
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


def _mib(n: int) -> str:
    return f"{n / (1 << 20):.1f} MB"


def check_package(path: str | Path) -> None:
    """Refuses an .xlsx/.xlsm/.ods (told by content, whatever its name) whose parts are too large unpacked, lie about their size,
    carry a DTD or a NUL byte (see the module). Other formats and files that are not zips
    are left to calamine, which reports them."""

    file = Path(path)
    if sniff(file) not in ("xlsx", "ods"):  # by content: an .xlsx named .xls is checked too
        return
    try:
        z = zipfile.ZipFile(file)
    except (OSError, zipfile.BadZipFile):
        return
    with z:
        infos = [i for i in z.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise ValidationError(
                    f"{file.name} 中的 {info.filename} 解压后有 {_mib(info.file_size)}，超过上限"
                    f" {_mib(MAX_PART_BYTES)}（压缩前仅 {_mib(info.compress_size)}，疑似压缩炸弹），"
                    "已拒绝。请把名录拆成几个文件分别导入。"
                )
        if total > MAX_PACKAGE_BYTES:
            raise ValidationError(
                f"{file.name} 解压后共 {_mib(total)}，超过上限 {_mib(MAX_PACKAGE_BYTES)}，已拒绝。"
                "请把名录拆成几个文件分别导入。"
            )
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels")):
                _check_xml_part(z, info, file.name)


def _check_xml_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, file_name: str) -> None:
    """Reads one XML part through (zipfile stops at the declared size and checks the CRC, so
    a part that unpacks to more than it says is caught), looking for a DTD and NUL bytes."""
    where = f"{file_name} 的 {info.filename}"
    try:
        with z.open(info) as f:
            head = f.read(_XML_HEAD)
            if _DTD.search(head):
                raise ValidationError(
                    f"{where} 含有 DTD（<!DOCTYPE>/<!ENTITY> 实体定义），Excel 不会这样保存，"
                    "可能是恶意构造的文件，已拒绝。"
                )
            chunk = head
            while chunk:
                if b"\x00" in chunk:
                    raise ValidationError(
                        f"{where} 含有空字符（NUL），不是有效的 Excel 文件，已拒绝。"
                    )
                chunk = f.read(_CHUNK)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # NotImplementedError: a compression zipfile cannot read; RuntimeError: an encrypted part
        raise ValidationError(f"{where} 已损坏（{exc}），不是有效的 Excel 文件。") from None


def sheet_checker(path: str | Path) -> Callable[[str], None]:
    """A function checking the sheet of that name before it is read (see the module); for
    files other than .xlsx/.xlsm, and broken ones (calamine reports those), it does nothing."""

    file = Path(path)
    if sniff(file) != "xlsx":
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
