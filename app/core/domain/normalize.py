"""Cleaning of what real spreadsheet cells contain (codes, names, dates, phones, flags, lists).

One function per concern; each returns the clean value or raises `ValidationError` with a
Chinese reason (the importer adds row and column). Standard library only; no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from app.core.domain.errors import ValidationError

__all__ = [
    "Enumeration",
    "INVISIBLE_CONTROLS",
    "SEX",
    "check_visible",
    "code_text",
    "is_blank",
    "normalize_code",
    "normalize_name",
    "parse_bool",
    "parse_date",
    "parse_phone",
    "split_multi",
    "to_halfwidth",
]

# --- translation tables (built once; str.translate is the fast path for 10^6 cells) ---

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the ideographic space.
_FULLWIDTH_ALL: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH_ALL[0x3000] = 0x20

# Zero-width characters pasted in from web pages and WeChat: ZWSP, ZWNJ, ZWJ, word joiner, BOM.
_ZERO_WIDTH = (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)

# Every character str.split() treats as whitespace, plus the zero-width ones.
_ALL_SPACES = [cp for cp in range(0x3001) if chr(cp).isspace()] + list(_ZERO_WIDTH)

# Codes: full-width → half-width, and every kind of space removed (people paste "9133 0100 …").
_CODE_TABLE: dict[int, int | None] = dict(_FULLWIDTH_ALL)
_CODE_TABLE.update(dict.fromkeys(_ALL_SPACES))
_CODE_TABLE.update(dict.fromkeys(map(ord, "-_'‘’`")))  # separators and Excel's text marker

_SPACE_TABLE: dict[int, int | None] = dict.fromkeys(_ALL_SPACES)

# Names: only full-width letters and digits become half-width; Chinese punctuation such as
# （），：； stays, because registered enterprise names are written with it.
_NAME_TABLE: dict[int, int | None] = {}
for _lo, _hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
    _NAME_TABLE.update({cp: cp - 0xFEE0 for cp in range(_lo, _hi + 1)})
_NAME_TABLE.update(dict.fromkeys(_ZERO_WIDTH))

# A space between two CJK characters is padding ("张　三"), never part of the name.
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")

_MAX_EXACT_FLOAT = 2**53

# Characters a name may never hold: C0/C1 control characters other than the whitespace that
# is collapsed anyway (NUL, BEL, ESC…), and the bidirectional controls that make text read
# differently from what it is — U+202E "right-to-left override" shows "公司exe.txt" for a
# name ending "txt.exe"; also the embeddings, isolates and direction marks. (A regex class,
# so the registry's text parser can send any such cell through normalize_name.)
INVISIBLE_CONTROLS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
)
_INVISIBLE = re.compile(f"[{INVISIBLE_CONTROLS}]")


def check_visible(text: str, what: str = "") -> str:
    """`text` unchanged, or ValidationError naming the first control character in it."""
    m = _INVISIBLE.search(text)
    if m is not None:
        cp = ord(m.group())
        kind = "文字方向控制字符" if cp >= 0x200E or cp == 0x061C else "控制字符"
        raise ValidationError(
            f"{what}含有不可见的{kind} U+{cp:04X}（第 {m.start() + 1} 个字符），"
            "可能使显示的内容与实际不同，请删除后再保存。"
        )
    return text


def is_blank(value: object) -> bool:
    """True for an empty cell: None, an empty or all-space string, or a float NaN."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.translate(_SPACE_TABLE)
    return isinstance(value, float) and math.isnan(value)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３（）) and U+3000 → half-width; everything else unchanged."""
    return text.translate(_FULLWIDTH_ALL)


def code_text(text: str) -> str:
    """A code typed as text → canonical form: half-width, no spaces or separators, upper case.

    Never raises; used by the code checks. "ｍａ２７ yu8w" → "MA27YU8W".
    """
    if text.isascii() and text.isalnum():
        return text.upper()
    return text.translate(_CODE_TABLE).upper()


def normalize_code(value: object) -> str | None:
    """A code cell (统一社会信用代码, 注册号, 证件号, 行业代码) → canonical text, None when blank.

    Excel turns an all-digit code into a number: an int or an integral float below 2**53 is
    exact (every 15-digit 注册号 is); above that the low digits are gone and this raises.
    Text in scientific notation ("3.30000000036006E+14") is accepted only when every digit
    is written out.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = code_text(value)
        if not text:
            return None
        if "E+" in text and text[0].isdigit():
            return _scientific_code(text, value)
        if text.endswith(".0") and text[:-2].isdigit():
            return text[:-2]  # a number exported as text: "330000000036006.0"
        return text
    if isinstance(value, bool):
        raise ValidationError(f"代码不能是逻辑值：{value}")
    if isinstance(value, int):
        if value < 0:
            raise ValidationError(f"代码不能是负数：{value}")
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value) or not value.is_integer() or value < 0:
            raise ValidationError(f"代码不是整数：{value!r}")
        if value > _MAX_EXACT_FLOAT:
            raise ValidationError(
                "代码被Excel存成数字，精度已丢失，请把该列设为文本格式后重新录入"
                f"（现为{int(value)}）"
            )
        return str(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value() or value < 0:
            raise ValidationError(f"代码不是整数：{value}")
        return str(int(value))
    raise ValidationError(f"无法识别的代码：{value!r}")


def _scientific_code(text: str, raw: str) -> str:
    mantissa, _, exponent = text.partition("E+")
    whole, _, fraction = mantissa.partition(".")
    if not (whole.isdigit() and (fraction.isdigit() or not fraction) and exponent.isdigit()):
        raise ValidationError(f"无法识别的代码：{raw}")
    # Written digits must reach the units place, otherwise Excel has rounded the code away.
    if len(fraction) < int(exponent):
        raise ValidationError(
            f"代码以科学计数法保存（{raw.strip()}），后几位已丢失，请把该列设为文本格式后重新录入"
        )
    try:
        number = Decimal(mantissa) * (Decimal(10) ** int(exponent))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the digit checks above
        raise ValidationError(f"无法识别的代码：{raw}") from exc
    if number != number.to_integral_value():
        raise ValidationError(f"代码不是整数：{raw}")
    return str(int(number))


def normalize_name(text: object) -> str | None:
    """A name or address cell → trimmed text with single spaces, None when blank.

    Removes zero-width characters, turns full-width letters/digits into half-width, collapses
    runs of spaces (incl. U+3000 and NBSP) and drops a space between two Chinese characters
    ("张　三" → "张三"); Chinese punctuation such as （） is kept. Refuses control and
    bidirectional-control characters (check_visible).
    """
    if text is None:
        return None
    if not isinstance(text, str):
        if isinstance(text, float) and math.isnan(text):
            return None
        text = _plain_number_text(text)
    cleaned = " ".join(text.translate(_NAME_TABLE).split())
    if " " in cleaned:
        cleaned = _CJK_GAP.sub("", cleaned)
    check_visible(cleaned)
    return cleaned or None


def _plain_number_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- dates ---

# 1900 date system: serial 1 = 1900-01-01; Excel counts the non-existent 1900-02-29 as 60,
# so from serial 61 on the epoch is 1899-12-30 (serials 1..59 use 1899-12-31).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_TEXT_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
# "长期" and friends on 营业期限 / 证件有效期; 9999-09-09 is the ZJ template's long-term date.
_OPEN_ENDED_WORDS = frozenset({"长期", "长期有效", "永久", "永久有效", "无期限", "不约定期限"})


def parse_date(value: object, *, open_ended_ok: bool = False) -> date | None:
    """A date cell → `date`; None when blank.

    Accepts date/datetime objects, Excel serial numbers (1900 system), 8-digit numbers
    (20260301) and text: 2026-03-01, 2026/3/1, 2026.3.1, 2026年3月1日, 20260301, with an
    optional time. With ``open_ended_ok`` (expiry dates), "长期" and any date in the year 9999
    (9999-09-09, 9999-12-31) mean no expiry and also give None; otherwise they are errors.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return _open_ended(value.date(), open_ended_ok, str(value.date()))
    if isinstance(value, date):
        return _open_ended(value, open_ended_ok, str(value))
    if isinstance(value, bool):
        raise ValidationError(f"无法识别的日期：{value}")
    if isinstance(value, int | float | Decimal):
        if isinstance(value, float) and math.isnan(value):
            return None
        return _open_ended(_date_from_number(value), open_ended_ok, str(value))
    if not isinstance(value, str):
        raise ValidationError(f"无法识别的日期：{value!r}")
    text = value.translate(_FULLWIDTH_ALL).strip()
    if not text:
        return None
    if text in _OPEN_ENDED_WORDS:
        if open_ended_ok:
            return None
        raise ValidationError(f"此处需要具体日期，不能填“{text}”")
    if len(text) == 8 and text.isdigit():
        parsed = _ymd(int(text[:4]), int(text[4:6]), int(text[6:]), value)
    else:
        match = _TEXT_DATE.fullmatch(text)
        if match is None:
            raise ValidationError(f"无法识别的日期：{value}（请写成 2026-03-01）")
        parsed = _ymd(int(match[1]), int(match[2]), int(match[3]), value)
    return _open_ended(parsed, open_ended_ok, text)


def _ymd(year: int, month: int, day: int, raw: object) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(f"日期不存在：{raw}") from None


def _date_from_number(value: int | float | Decimal) -> date:
    if value < 0:
        raise ValidationError(f"无法识别的日期：{value}")
    whole = int(value)  # a fractional serial carries a time of day: drop it
    if 10_000_000 <= whole <= 99_991_231 and whole == value:
        return _ymd(whole // 10000, whole // 100 % 100, whole % 100, whole)  # 20260301
    if whole < 1 or whole > _EXCEL_MAX_SERIAL:
        raise ValidationError(f"无法识别的日期：{value}（不是Excel日期序列号）")
    if whole == 60:
        raise ValidationError("Excel日期序列号60对应不存在的1900-02-29")
    if whole < 60:
        return _EXCEL_EPOCH + timedelta(days=whole + 1)
    return _EXCEL_EPOCH + timedelta(days=whole)


def _open_ended(parsed: date, open_ended_ok: bool, raw: str) -> date | None:
    if parsed.year == 9999:
        if open_ended_ok:
            return None
        raise ValidationError(f"此处需要具体日期，不能填长期日期 {raw}")
    return parsed


# --- phones ---

_PHONE_TABLE: dict[int, int | None] = dict(_FULLWIDTH_ALL)
_PHONE_TABLE.update(dict.fromkeys(_ALL_SPACES))
_PHONE_TABLE.update(dict.fromkeys(map(ord, "()（）.")))
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"[48]00\d{7}")
# Area code: 010 and 02X have three digits, every other one four; local number 7-8 digits.
_LANDLINE = re.compile(
    r"(?:(0(?:10|2\d|[3-9]\d{2}))-?)?([2-9]\d{6,7})(?:(?:-|转|EXT|#|\*)(\d{1,6}))?"
)


def parse_phone(value: object) -> str | None:
    """A phone cell → "13800000000", "0571-88886666", "0571-88886666-123" or "4001234567".

    Accepts +86/86 prefixes, spaces, hyphens and brackets, and numbers stored as numbers
    (a landline stored as a number has lost its leading 0; it is restored). None when blank.
    One number per cell: split lists first with `split_multi`.
    """
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValidationError(f"电话号码格式不正确：{value}")
    if isinstance(value, int | float):
        text = str(int(value))
    elif isinstance(value, str):
        text = value.translate(_PHONE_TABLE).upper()
    else:
        raise ValidationError(f"电话号码格式不正确：{value!r}")
    if not text:
        return None
    if text.startswith("+86"):
        text = text[3:].lstrip("-")
    elif text.startswith("86-") or (text.startswith("86") and len(text) == 13):
        text = text[2:].lstrip("-")
    digits = text.replace("-", "")
    if _MOBILE.fullmatch(digits) or _SERVICE.fullmatch(digits):
        return digits
    match = _LANDLINE.fullmatch(text) or _LANDLINE.fullmatch(digits)
    if match is None and digits[:1] != "0" and len(digits) in (10, 11):
        match = _LANDLINE.fullmatch("0" + digits)
    if match is None:
        raise ValidationError(f"电话号码格式不正确：{value}")
    area, local, ext = match.groups()
    number = f"{area}-{local}" if area else local
    return f"{number}-{ext}" if ext else number


# --- flags, enumerations, lists ---

_TRUE_WORDS = frozenset({"是", "Y", "YES", "1", "TRUE", "T", "对", "有", "√", "✓", "真"})
_FALSE_WORDS = frozenset({"否", "N", "NO", "0", "FALSE", "F", "不是", "无", "×", "✗", "假"})


def parse_bool(value: object) -> bool | None:
    """是/否, Y/N, 1/0, true/false (any case, full- or half-width) → bool; None when blank."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValidationError(f"应填“是”或“否”，收到：{value}")
    key = code_text(str(value))
    if not key:
        return None
    if key in _TRUE_WORDS:
        return True
    if key in _FALSE_WORDS:
        return False
    raise ValidationError(f"应填“是”或“否”，收到：{value}")


class Enumeration:
    """枚举字段 — a closed list of values, each with the synonyms spreadsheets use for it."""

    __slots__ = ("label", "values", "_lookup")

    def __init__(self, label: str, synonyms: Mapping[str, Iterable[str]]) -> None:
        self.label = label
        self.values: tuple[str, ...] = tuple(synonyms)
        lookup: dict[str, str] = {}
        for canonical, words in synonyms.items():
            for word in (canonical, *words):
                key = code_text(word)
                if lookup.setdefault(key, canonical) != canonical:
                    raise ValueError(f"{label}: synonym {word!r} maps to two values")
        self._lookup = lookup

    def parse(self, value: object) -> str | None:
        """The canonical value for a cell, None when blank; raises for anything else."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        text = _plain_number_text(value) if not isinstance(value, str) else value
        key = code_text(text)
        if not key:
            return None
        try:
            return self._lookup[key]
        except KeyError:
            allowed = "、".join(self.values)
            raise ValidationError(
                f"{self.label}只能是：{allowed}（收到：{text.strip()}）"
            ) from None


# GB/T 2261.1: 1 男, 2 女.
SEX = Enumeration("性别", {"男": ("M", "MALE", "男性", "1"), "女": ("F", "FEMALE", "女性", "2")})

# Multi-value cells: Chinese and English commas, 顿号, semicolons, and Alt+Enter line breaks.
_MULTI_SPLIT = re.compile(r"[，,、；;\n\r]+")


def split_multi(value: object) -> tuple[str, ...]:
    """A multi-value cell ("食品，药品、特种设备") → ("食品", "药品", "特种设备").

    Parts are cleaned like names; empty parts and repeats are dropped, order is kept.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ()
    text = value if isinstance(value, str) else _plain_number_text(value)
    parts: dict[str, None] = {}
    for piece in _MULTI_SPLIT.split(text):
        cleaned = normalize_name(piece)
        if cleaned:
            parts[cleaned] = None
    return tuple(parts)
