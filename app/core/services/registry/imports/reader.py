"""Reading a spreadsheet's first sheet and finding the table a person sees in it.

Real files carry merged title rows above the header, headers of two levels (工商执法证 over
编号 | 有效期), hint rows below it ("YYYY-MM-DD", "【多个以中文逗号分开填写】"), an example
row ("案例（请删除）") and footers (填表人/审核人/备注/合计) after the data (the shapes of the
platforms' templates, domain.md §7). `find_table` recognises them; the rows it skips are
reported with the reason, never validated as data. No validation here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from app.core.domain.errors import ValidationError
from app.core.domain.normalize import code_text
from app.core.services.registry.fields import RegistrySpec

from .extent import check_package, sheet_checker
from .formats import fill_merged, format_name, not_a_sheet, read_csv, read_spreadsheetml, sniff

_HINT_WORDS = ("必填", "选填", "填写", "格式", "下拉", "多个", "可空", "空则", "如 ", "例", "请")
SCAN_ROWS = 12


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Any]]  # row i is spreadsheet row i + 1
    merged: tuple[str, ...] = field(default=())  # merged ranges filled with their value ("B5:B8")
    format: str = "xlsx"  # what the content is (formats.sniff), whatever the name says


_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}


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
    hinty = sum(
        1
        for c in cells
        if c in hints or any(w in c for w in _HINT_WORDS) or _HINT_PATTERN.search(c)
    )
    return (
        hinty * 2 >= len(cells)
        and hinty >= 1
        and any(c in hints or "必填" in c or "选填" in c or _HINT_PATTERN.search(c) for c in cells)
    )


_HINT_PATTERN = re.compile(
    r"^(?:[YyＹｙ]{4}|[Xx]{4})[-/年.]|【[^】]*】|^\(?(?:必填|选填)|填写|分开|分隔|格式[:：为]|下拉选择"
)
_EXAMPLE_WORDS = ("请删除", "案例", "示例", "样例", "例：", "例:", "填写示例", "模板示例")
_FOOTER_WORDS = (
    "填表人", "审核人", "制表人", "填报人", "审批人", "负责人：", "负责人:", "联系人：", "联系人:",
    "备注：", "备注:", "合计", "总计", "说明：", "说明:", "注：", "注:", "填表日期", "填报日期",
    "制表日期", "填表说明", "单位（盖章）", "单位(盖章)", "单位盖章", "领导签字",
)  # fmt: skip
_FOOTER_FIRST = frozenset(w[0] for w in _FOOTER_WORDS)
_EARLY = 6  # rows after the header looked at for hint and example rows


@dataclass(frozen=True)
class Table:
    """Where the table is in a sheet: its header (one or two rows), and the rows skipped above
    its first data row."""

    header_row: int  # 0-based index of the header's last row
    header_rows: tuple[int, ...]  # 0-based rows that make up the header
    headers: tuple[str, ...]  # per column: the header text (two levels joined: 工商执法证编号)
    start: int  # 0-based index of the first row that may hold data
    skipped: tuple[tuple[int, str], ...] = ()  # (1-based row, why) for title, hint, example rows


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _is_sub_header(top: list[Any], sub: list[Any]) -> bool:
    """True when `sub` is the second level under `top`: a cell of `top` spans (is repeated
    over, merged cells being filled) two or more columns that `sub` names separately, and
    `top` holds other headings too (a title spans everything and names nothing else)."""
    tops = [_text(c) for c in top]
    subs = [_text(c) for c in sub]
    if len({t for t in tops if t}) < 2:
        return False
    for c in range(len(tops) - 1):
        if (
            tops[c]
            and tops[c] == tops[c + 1]
            and c + 1 < len(subs)
            and subs[c]
            and subs[c + 1]
            and subs[c] != subs[c + 1]
            and subs[c] != tops[c]
        ):
            return True
    return False


def _joined(top: list[Any], sub: list[Any]) -> tuple[str, ...]:
    out = []
    width = max(len(top), len(sub))
    for c in range(width):
        t = _text(top[c]) if c < len(top) else ""
        s = _text(sub[c]) if c < len(sub) else ""
        spans = bool(t) and (
            (c > 0 and c - 1 < len(top) and _text(top[c - 1]) == t)
            or (c + 1 < len(top) and _text(top[c + 1]) == t)
        )
        if not s or s == t:
            out.append(t)
        elif not t or not spans:
            out.append(s)
        else:
            out.append(s if s.startswith(t) else t + s)
    return tuple(out)


def is_example_row(row: list[Any]) -> bool:
    """True for the template's example row ("案例（请删除）" in some cell)."""
    for c in row:
        if c.__class__ is str and c:
            t = c.strip()
            if "请删除" in t or t.startswith(_EXAMPLE_WORDS):
                return True
    return False


def footer_text(row: list[Any]) -> str:
    """The footer's text for a footer row (填表人：…, 审核人：…, 备注：…, 合计), else ""."""
    for c in row:
        if c is None or c == "":
            continue
        t = str(c).strip().replace(" ", "").replace("\u3000", "")
        if not t:
            continue
        return t if t.startswith(_FOOTER_WORDS) else ""
    return ""


def footer_rows(rows: list[list[Any]]) -> list[int]:
    """Indexes of footer rows among `rows` (fast: most rows are ruled out by one look at
    their first cell)."""
    maybe = [
        i
        for i, r in enumerate(rows)
        if r
        and (
            (v := r[0]) is None
            or (v.__class__ is str and (not v or v.lstrip()[:1] in _FOOTER_FIRST))
        )
    ]
    return [i for i in maybe if footer_text(rows[i])]


def find_table(sheet: Sheet, spec: RegistrySpec) -> Table:
    """The header (one or two levels) and the first data row, skipping title rows above and
    hint, example and blank rows right below it."""
    h = find_header_row(sheet, spec)
    rows = sheet.rows
    header_rows: tuple[int, ...] = (h,)
    if h + 1 < len(rows) and _is_sub_header(rows[h], rows[h + 1]):
        header_rows = (h, h + 1)
    elif h > 0 and _is_sub_header(rows[h - 1], rows[h]):
        header_rows = (h - 1, h)
    if len(header_rows) == 2:
        headers = _joined(rows[header_rows[0]], rows[header_rows[1]])
    else:
        headers = tuple(_text(c) for c in rows[h])
    skipped: list[tuple[int, str]] = [
        (i + 1, "标题行") for i in range(header_rows[0]) if any(_text(c) for c in rows[i])
    ]
    start = header_rows[-1] + 1
    look = start
    while look < len(rows) and look < start + _EARLY:
        row = rows[look]
        if not any(_text(c) for c in row):
            look += 1
            continue
        if is_hint_row(row, spec):
            skipped.append((look + 1, "填写说明行"))
        elif is_example_row(row):
            skipped.append((look + 1, "示例行（案例，请删除）"))
        else:
            break
        look += 1
        start = look
    return Table(header_rows[-1], header_rows, headers, start, tuple(skipped))
