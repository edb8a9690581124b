"""Identifier checks: 统一社会信用代码 (GB 32100), 组织机构代码 (GB 11714), 15-digit 注册号, 身份证号.

Checks never raise for bad user data: they return a `CodeCheck` whose severity says whether the
value is fine, doubtful (a wrong check character; some genuine codes fail it) or malformed.
Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Final, Literal

from app.core.domain.normalize import code_text

__all__ = [
    "CodeCheck",
    "CodeKind",
    "IdFacts",
    "Severity",
    "TARGET_KIND_LABELS",
    "UsccCategory",
    "check_id_number",
    "check_org_code",
    "check_regno",
    "check_uscc",
    "classify_code",
    "id_number_facts",
    "make_id_number",
    "make_regno",
    "make_uscc",
    "org_code_check_char",
    "regno_check_digit",
    "uscc_category",
    "uscc_check_char",
]

CodeKind = Literal["uscc", "regno", "org_code", "id_number", "industry", "invalid"]
Severity = Literal["ok", "warning", "error"]


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """代码校验结果 — the outcome of checking one identifier.

    ``normalized`` is the canonical form to store (upper case, half-width, no spaces; a
    15-digit 身份证号 upgraded to 18). ``ok`` is True only when nothing is wrong; a warning
    can be accepted by the user (``acceptable``), an error cannot. ``reason`` is Chinese text
    for the user ("" when ok, except for informational notes such as an upgraded ID).
    """

    kind: CodeKind
    normalized: str
    ok: bool
    severity: Severity
    reason: str

    @property
    def acceptable(self) -> bool:
        """True unless the value is malformed (warnings may be overridden by the user)."""
        return self.severity != "error"


def _ok(kind: CodeKind, normalized: str, reason: str = "") -> CodeCheck:
    return CodeCheck(kind, normalized, True, "ok", reason)


def _warn(kind: CodeKind, normalized: str, reason: str) -> CodeCheck:
    return CodeCheck(kind, normalized, False, "warning", reason)


def _error(kind: CodeKind, normalized: str, reason: str) -> CodeCheck:
    return CodeCheck(kind, normalized, False, "error", reason)


# --- 统一社会信用代码, GB 32100-2015 ---

# 31 symbols; I, O, Z, S, V are never used (they look like 1, 0, 2, 5, U).
USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE: Final = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_CHARS: Final = frozenset(USCC_ALPHABET)
_USCC_WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, ...
_USCC_FORBIDDEN: Final = frozenset("IOZSV")

# 组织机构代码, GB 11714-1997: body 0-9A-Z valued 0..35 (note: J = 19 here, 18 in the USCC).
_ORG_VALUE: Final = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_ORG_CHARS: Final = frozenset(_ORG_VALUE)
_ORG_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)

# 登记管理部门 → (name, {机构类别: name}); uscc-utils USCC_CATEGORY_MAP, GB 32100-2015 附录.
_USCC_DEPARTMENTS: Final[dict[str, tuple[str, dict[str, str]]]] = {
    "1": (
        "机构编制",
        {"1": "机关", "2": "事业单位", "3": "编办直接管理机构编制的群众团体", "9": "其他"},
    ),
    "2": ("外交", {"1": "外国常驻新闻机构", "9": "其他"}),
    "3": (
        "司法行政",
        {
            "1": "律师执业机构",
            "2": "公证处",
            "3": "基层法律服务所",
            "4": "司法鉴定机构",
            "5": "仲裁委员会",
            "9": "其他",
        },
    ),
    "4": ("文化", {"1": "外国在华文化中心", "9": "其他"}),
    "5": ("民政", {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"}),
    "6": (
        "旅游",
        {
            "1": "外国旅游部门常驻代表机构",
            "2": "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "9": "其他",
        },
    ),
    "7": ("宗教", {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"}),
    "8": ("工会", {"1": "基层工会", "9": "其他"}),
    "9": ("工商", {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}),
    "A": ("中央军委改革和编制办公室", {"1": "军队事业单位", "9": "其他"}),
    "N": (
        "农业",
        {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    ),
    "Y": ("其他", {"1": "其他"}),
}

# Suggested 检查对象 kinds; the registry maps these keys to its own enumeration.
TARGET_KIND_LABELS: Final = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
    "farmer_cooperative": "农民专业合作社",
    "other_organization": "其他组织",
}
_KIND_BY_CATEGORY: Final = {
    "91": "enterprise",
    "92": "individual_business",
    "93": "farmer_cooperative",
}


@dataclass(frozen=True, slots=True)
class UsccCategory:
    """登记管理部门和机构类别 — what the first two characters of a USCC say."""

    department: str
    department_name: str | None
    category: str
    category_name: str | None
    kind_hint: str | None  # a TARGET_KIND_LABELS key; None when the department is unknown


def uscc_category(code: str) -> UsccCategory:
    """Decode positions 1-2 of a (normalised) code: "91…" → 工商 / 企业, kind_hint "enterprise"."""
    text = code_text(code)
    dept, cat = text[:1], text[1:2]
    dept_name, categories = _USCC_DEPARTMENTS.get(dept, (None, {}))
    hint = _KIND_BY_CATEGORY.get(text[:2])
    if hint is None and dept_name is not None:
        hint = "other_organization"
    return UsccCategory(dept, dept_name, cat, categories.get(cat), hint)


def uscc_check_char(first17: str) -> str:
    """The 18th character for 17 valid USCC characters (GB 32100-2015 §4.3)."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters: {first17!r}")
    total = sum(map(mul, map(_USCC_VALUE.__getitem__, first17), _USCC_WEIGHTS))
    return USCC_ALPHABET[-total % 31]  # 31 − (S mod 31), with 31 → 0


def org_code_check_char(body8: str) -> str:
    """The 9th character of a 组织机构代码 for its 8-character body (GB 11714-1997)."""
    if len(body8) != 8:
        raise ValueError(f"need 8 characters: {body8!r}")
    total = sum(map(mul, map(_ORG_VALUE.__getitem__, body8), _ORG_WEIGHTS))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def check_uscc(text: str) -> CodeCheck:
    """统一社会信用代码: length/charset errors are errors; a wrong check character is a warning."""
    code = code_text(text)
    if not code:
        return _error("uscc", code, "统一社会信用代码为空")
    if len(code) != 18:
        return _error("uscc", code, f"统一社会信用代码应为18位，实为{len(code)}位")
    if not _USCC_CHARS.issuperset(code):
        bad = [c for c in code if c not in _USCC_CHARS]
        forbidden = [c for c in bad if c in _USCC_FORBIDDEN]
        if forbidden:
            return _error(
                "uscc", code, f"统一社会信用代码不使用字母{'、'.join(dict.fromkeys(forbidden))}"
            )
        return _error("uscc", code, f"统一社会信用代码含有非法字符“{''.join(dict.fromkeys(bad))}”")
    problems = []
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        problems.append(f"校验位应为{expected}")
    if code[0] not in _USCC_DEPARTMENTS:
        problems.append(f"登记管理部门代码“{code[0]}”不在GB 32100代码表中")
    if not code[2:8].isdigit():
        problems.append("第3-8位应为6位行政区划代码")
    # The embedded 组织机构代码 has its own check; many real codes fail it, so warn only.
    org_expected = org_code_check_char(code[8:16])
    if code[16] != org_expected:
        problems.append(f"第9-17位组织机构代码的校验位应为{org_expected}")
    if problems:
        return _warn("uscc", code, "；".join(problems))
    return _ok("uscc", code)


def check_org_code(text: str) -> CodeCheck:
    """组织机构代码 (9 characters, "12345678-9" accepted): a wrong check character is a warning."""
    code = code_text(text)
    if len(code) != 9:
        return _error("org_code", code, f"组织机构代码应为9位，实为{len(code)}位")
    if not _ORG_CHARS.issuperset(code):
        return _error("org_code", code, "组织机构代码只能含数字和大写字母")
    expected = org_code_check_char(code[:8])
    if code[8] != expected:
        return _warn("org_code", code, f"校验位应为{expected}")
    return _ok("org_code", code)


# --- 15-digit 工商注册号, GS15-2006; check digit per ISO 7064 MOD 11,10 ---


# ISO 7064 MOD 11,10 step, p' = (((p + d) mod 10, with 0 → 10) × 2) mod 11, tabulated per digit.
_REGNO_STEP: Final = {
    str(d): tuple((((p + d) % 10 or 10) * 2) % 11 for p in range(11)) for d in range(10)
}


def regno_check_digit(first14: str) -> str:
    """The 15th digit of a 注册号 for its first 14 digits (ISO 7064 MOD 11,10)."""
    p = 10
    for ch in first14:
        p = _REGNO_STEP[ch][p]
    return str((11 - p) % 10)


LEGACY_REGNO_LENGTH = 13  # 注册号 issued before the 2007 15-digit rule: no check digit


def check_regno(text: str) -> CodeCheck:
    """15-digit 注册号: non-digits or wrong length are errors; a wrong check digit is a warning.
    A 13-digit number (issued before 2007, still in real lists) is accepted with a warning:
    it has no check digit, so it cannot be checked."""
    code = code_text(text)
    if not code:
        return _error("regno", code, "注册号为空")
    if len(code) == LEGACY_REGNO_LENGTH and code.isascii() and code.isdigit():
        return _warn(
            "regno", code, "旧13位注册号（2007年以前核发），没有校验位，无法核对，请确认无误"
        )
    if len(code) != 15 or not (code.isascii() and code.isdigit()):
        return _error("regno", code, "注册号应为15位数字")
    expected = regno_check_digit(code[:14])
    if code[14] != expected:
        return _warn("regno", code, f"校验位应为{expected}")
    return _ok("regno", code)


def regno_kind(code: str) -> str | None:
    """对象类型 told by a 15-digit 注册号 (GS 15-2006: the 7th digit is 6–9 for 个体工商户,
    0–5 for enterprises); None when the number does not say."""
    if len(code) != 15 or not code.isdigit():
        return None
    return "个体工商户" if code[6] in "6789" else "企业"


def classify_code(text: str) -> CodeCheck:
    """A "统一社会信用代码/注册号" cell → checked as USCC (18 chars) or 注册号 (15 digits).

    Anything else is kind "invalid" with severity "error". Takes text: numeric cells go
    through `normalize.normalize_code` first (it knows when Excel has lost digits).
    """
    code = code_text(text)
    if len(code) == 18:
        return check_uscc(code)
    if len(code) in (15, LEGACY_REGNO_LENGTH) and code.isascii() and code.isdigit():
        return check_regno(code)
    if not code:
        return _error("invalid", code, "统一社会信用代码/注册号为空")
    return _error(
        "invalid",
        code,
        f"既不是18位统一社会信用代码，也不是15位（或旧13位）注册号（{len(code)}位）",
    )


# --- 公民身份号码, GB 11643-1999 ---

_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK: Final = "10X98765432"
# GB/T 2260 provinces, plus 81/82/83 used on 港澳台居民居住证.
_ID_PROVINCES: Final = frozenset(
    f"{n}" for n in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43)
) | frozenset(f"{n}" for n in (44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83))
_MIN_BIRTH_YEAR: Final = 1850


_DIGIT_VALUE: Final = {str(d): d for d in range(10)}


def _id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(map(mul, map(_DIGIT_VALUE.__getitem__, first17), _ID_WEIGHTS)) % 11]


def _birth(digits8: str) -> date | None:
    try:
        born = date(int(digits8[:4]), int(digits8[4:6]), int(digits8[6:]))
    except ValueError:
        return None
    return born if born.year >= _MIN_BIRTH_YEAR else None


def check_id_number(text: str) -> CodeCheck:
    """居民身份证号: 18 digits (last may be X) or an old 15-digit number (upgraded to 18).

    A birth date that is not a real date is an error; a wrong check character a warning.
    """
    code = code_text(text)
    if not code:
        return _error("id_number", code, "身份证号为空")
    if len(code) == 15:
        if not (code.isascii() and code.isdigit()):
            return _error("id_number", code, "15位身份证号应全为数字")
        if _birth("19" + code[6:12]) is None:
            return _error("id_number", code, f"出生日期19{code[6:12]}不存在")
        first17 = code[:6] + "19" + code[6:]
        upgraded = first17 + _id_check_char(first17)
        return _ok("id_number", upgraded, "15位旧身份证号已升级为18位")
    if len(code) != 18:
        return _error("id_number", code, f"身份证号应为18位，实为{len(code)}位")
    if not (code[:17].isascii() and code[:17].isdigit()) or code[17] not in "0123456789X":
        return _error("id_number", code, "身份证号前17位应为数字，最后一位为数字或X")
    if _birth(code[6:14]) is None:
        return _error("id_number", code, f"出生日期{code[6:14]}不存在")
    problems = []
    expected = _id_check_char(code[:17])
    if code[17] != expected:
        problems.append(f"校验位应为{expected}")
    if code[:2] not in _ID_PROVINCES:
        problems.append(f"前两位{code[:2]}不是省级行政区划代码")
    if problems:
        return _warn("id_number", code, "；".join(problems))
    return _ok("id_number", code)


@dataclass(frozen=True, slots=True)
class IdFacts:
    """身份证号所含信息 — address code, birth date and sex carried by an ID number."""

    region6: str
    birth: date
    sex: Literal["男", "女"]


def id_number_facts(text: str) -> IdFacts | None:
    """Region, birth date and sex (odd sequence = 男) of an ID; None when it is malformed."""
    result = check_id_number(text)
    if not result.acceptable:
        return None
    code = result.normalized
    born = _birth(code[6:14])
    assert born is not None  # guaranteed by check_id_number
    return IdFacts(code[:6], born, "男" if (ord(code[16]) - 48) % 2 else "女")


# --- generators (demo data, tests) ---


def make_uscc(*, dept_category: str, region6: str, org_body8: str) -> str:
    """A valid USCC: "91" + region + 8-char body + its org-code check + the USCC check.

    Raises ValueError for arguments outside the code's alphabet (a programming error).
    """
    body = code_text(org_body8)
    if len(dept_category) != 2 or any(c not in _USCC_VALUE for c in dept_category):
        raise ValueError(f"dept_category must be 2 USCC characters: {dept_category!r}")
    if len(region6) != 6 or not region6.isdigit():
        raise ValueError(f"region6 must be 6 digits: {region6!r}")
    if len(body) != 8 or any(c not in _USCC_VALUE for c in body):
        raise ValueError(f"org_body8 must be 8 USCC characters (no I O Z S V): {org_body8!r}")
    org_check = org_code_check_char(body)
    first17 = dept_category + region6 + body + org_check
    return first17 + uscc_check_char(first17)


def make_regno(first14: str) -> str:
    """A valid 15-digit 注册号 from its first 14 digits."""
    if len(first14) != 14 or not first14.isdigit():
        raise ValueError(f"first14 must be 14 digits: {first14!r}")
    return first14 + regno_check_digit(first14)


def make_id_number(*, region6: str, birth: date, seq3: int | str) -> str:
    """A valid 18-digit 身份证号; an odd ``seq3`` makes a man, an even one a woman."""
    seq = f"{int(seq3):03d}"
    if len(region6) != 6 or not region6.isdigit():
        raise ValueError(f"region6 must be 6 digits: {region6!r}")
    if len(seq) != 3 or int(seq3) < 0:
        raise ValueError(f"seq3 must be 0..999: {seq3!r}")
    first17 = f"{region6}{birth:%Y%m%d}{seq}"
    return first17 + _id_check_char(first17)
