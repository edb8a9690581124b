"""Identifier checks: real codes pass, corrupted ones are caught, severities are right."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.domain.codes import (
    USCC_ALPHABET,
    check_id_number,
    check_org_code,
    check_regno,
    check_uscc,
    classify_code,
    id_number_facts,
    make_id_number,
    make_regno,
    make_uscc,
    org_code_check_char,
    uscc_category,
    uscc_check_char,
)

REAL_USCC = ["91330100311348661F", "91330102MA27YU8W73", "9133078114740654XH"]
REAL_REGNO = ["310115600985533", "330000000036006", "330000000047893"]
REAL_ID = "11010519491231002X"


# --- 统一社会信用代码 ---


@pytest.mark.parametrize("code", REAL_USCC)
def test_real_uscc_pass(code: str) -> None:
    result = check_uscc(code)
    assert (result.severity, result.ok, result.kind, result.normalized) == (
        "ok",
        True,
        "uscc",
        code,
    )


def test_genuine_code_failing_its_check_is_a_warning_not_an_error() -> None:
    result = check_uscc("91350211M0000XUF46")
    assert result.severity == "warning"
    assert result.acceptable and not result.ok
    assert "校验位应为R" in result.reason


def test_uscc_typed_sloppily_is_normalised() -> None:
    result = check_uscc(" ９１３３０１００３１１３４８６６１ｆ\u200b")
    assert result.ok and result.normalized == "91330100311348661F"
    assert check_uscc("9133 0102 ma27 yu8w 73").normalized == "91330102MA27YU8W73"


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_errors(letter: str) -> None:
    code = "91330102MA27YU8W73"
    bad = code[:9] + letter + code[10:]
    result = check_uscc(bad)
    assert result.severity == "error"
    assert letter in result.reason


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("9133010031134866", "应为18位"),
        ("91330100311348661FF", "应为18位"),
        ("91330100311348661#", "非法字符"),
        ("", "为空"),
    ],
)
def test_malformed_uscc_is_an_error(text: str, fragment: str) -> None:
    result = check_uscc(text)
    assert result.severity == "error" and not result.acceptable
    assert fragment in result.reason


def test_generator_reproduces_real_codes_check_characters() -> None:
    # Both the embedded 组织机构代码 check and the USCC check are computed, not copied.
    assert make_uscc(dept_category="91", region6="330100", org_body8="31134866") == REAL_USCC[0]
    assert make_uscc(dept_category="91", region6="330102", org_body8="MA27YU8W") == REAL_USCC[1]
    assert make_uscc(dept_category="91", region6="330781", org_body8="14740654") == REAL_USCC[2]


def test_check_char_arithmetic_edge_cases() -> None:
    # Sum ≡ 0 (mod 31) gives 0, not 31; sum ≡ 1 gives Y (value 30).
    assert uscc_check_char("0" * 17) == "0"
    assert uscc_check_char("1" + "0" * 16) == "Y"
    # Org code: 11 − (S mod 11) = 10 → X, = 11 → 0.
    assert org_code_check_char("00000000") == "0"
    assert org_code_check_char("14740654") == "X"


def test_wrong_embedded_org_code_is_only_a_warning() -> None:
    first17 = "91330100" + "31134866" + "0"  # the org check should be 1
    code = first17 + uscc_check_char(first17)
    result = check_uscc(code)
    assert result.severity == "warning"
    assert "组织机构代码的校验位应为1" in result.reason


def test_unknown_registration_department_is_a_warning() -> None:
    code = make_uscc(dept_category="B1", region6="330100", org_body8="31134866")
    result = check_uscc(code)
    assert result.severity == "warning" and "登记管理部门" in result.reason


@pytest.mark.parametrize(
    ("code", "department", "category", "hint"),
    [
        ("91330100311348661F", "工商", "企业", "enterprise"),
        ("92330100311348661F", "工商", "个体工商户", "individual_business"),
        ("93330100311348661F", "工商", "农民专业合作社", "farmer_cooperative"),
        ("52330100311348661F", "民政", "民办非企业单位", "other_organization"),
        ("12330100311348661F", "机构编制", "事业单位", "other_organization"),
        ("B1330100311348661F", None, None, None),
    ],
)
def test_department_and_category_decode_to_a_target_kind(
    code: str, department: str | None, category: str | None, hint: str | None
) -> None:
    decoded = uscc_category(code)
    assert (decoded.department_name, decoded.category_name, decoded.kind_hint) == (
        department,
        category,
        hint,
    )


@pytest.mark.parametrize("code", REAL_USCC)
def test_every_single_substitution_of_a_real_uscc_is_detected(code: str) -> None:
    replacements = USCC_ALPHABET + "IOZSV"
    for pos in range(18):
        for ch in replacements:
            if ch == code[pos]:
                continue
            corrupted = code[:pos] + ch + code[pos + 1 :]
            assert check_uscc(corrupted).severity != "ok", corrupted


_USCC_CHAR = st.sampled_from(USCC_ALPHABET)
_VALID_USCC = st.builds(
    lambda dept, region, body: make_uscc(dept_category=dept, region6=region, org_body8=body),
    st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "53", "N1", "Y1"]),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8),
)


@given(_VALID_USCC)
def test_generated_uscc_always_passes(code: str) -> None:
    result = check_uscc(code)
    assert result.ok, (code, result.reason)
    assert classify_code(code.lower()).kind == "uscc"


@given(
    _VALID_USCC,
    st.integers(min_value=0, max_value=17),
    st.sampled_from(USCC_ALPHABET + "IOZSV"),
)
def test_any_single_substitution_is_warning_or_error(code: str, pos: int, ch: str) -> None:
    if code[pos] == ch:
        return
    corrupted = code[:pos] + ch + code[pos + 1 :]
    assert check_uscc(corrupted).severity in ("warning", "error")


def test_org_code_on_its_own() -> None:
    assert check_org_code("31134866-1").ok
    assert check_org_code("MA27YU8W-7").normalized == "MA27YU8W7"
    assert check_org_code("311348660").reason == "校验位应为1"
    assert check_org_code("3113486").severity == "error"


# --- 15-digit 注册号 ---


@pytest.mark.parametrize("code", REAL_REGNO)
def test_real_regno_pass(code: str) -> None:
    assert check_regno(code).ok
    assert classify_code(code).kind == "regno"


def test_regno_with_wrong_check_digit_is_a_warning() -> None:
    result = check_regno("310115600985535")
    assert result.severity == "warning" and result.reason == "校验位应为3"


@pytest.mark.parametrize(
    "text", ["31011560098553", "31011560098553A", "３１０１１５６００９８５５３３x"]
)
def test_malformed_regno_is_an_error(text: str) -> None:
    assert check_regno(text).severity == "error"


@pytest.mark.parametrize("code", REAL_REGNO)
def test_every_single_digit_substitution_of_a_regno_is_detected(code: str) -> None:
    for pos in range(15):
        for digit in "0123456789":
            if digit != code[pos]:
                corrupted = code[:pos] + digit + code[pos + 1 :]
                assert check_regno(corrupted).severity == "warning", corrupted


@given(st.text(alphabet="0123456789", min_size=14, max_size=14))
def test_generated_regno_always_passes(first14: str) -> None:
    assert check_regno(make_regno(first14)).ok


# --- classify ---


@pytest.mark.parametrize(
    ("text", "kind", "severity"),
    [
        ("91330100311348661F", "uscc", "ok"),
        ("91350211M0000XUF46", "uscc", "warning"),
        ("330000000036006", "regno", "ok"),
        ("ｍａ２７ｙｕ８ｗ７", "invalid", "error"),
        ("3300000000360", "regno", "warning"),  # pre-2007 13-digit 注册号: no check digit
        ("33000000003600A", "invalid", "error"),
        ("  ", "invalid", "error"),
    ],
)
def test_classify_code(text: str, kind: str, severity: str) -> None:
    result = classify_code(text)
    assert (result.kind, result.severity) == (kind, severity)


# --- 身份证号 ---


def test_real_id_number_passes_and_lower_case_x_is_accepted() -> None:
    assert check_id_number(REAL_ID).ok
    result = check_id_number(REAL_ID.lower())
    assert result.ok and result.normalized == REAL_ID


def test_id_number_with_wrong_check_char_is_a_warning() -> None:
    result = check_id_number("110105194912310021")
    assert result.severity == "warning" and result.reason == "校验位应为X"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("110105194902300028", "出生日期19490230不存在"),
        ("110105194913310025", "出生日期"),
        ("110105000001010028", "出生日期"),
        ("11010519491231002Y", "最后一位"),
        ("1101051949123100", "应为18位"),
        ("110105490230002", "出生日期19490230不存在"),
    ],
)
def test_id_number_with_impossible_birth_date_or_shape_is_an_error(
    text: str, fragment: str
) -> None:
    result = check_id_number(text)
    assert result.severity == "error"
    assert fragment in result.reason


def test_old_15_digit_id_is_upgraded() -> None:
    result = check_id_number("110105491231002")
    assert result.ok and result.normalized == REAL_ID
    assert "升级" in result.reason


def test_id_facts_sex_and_birth() -> None:
    facts = id_number_facts(REAL_ID)
    assert facts is not None
    assert (facts.region6, facts.birth, facts.sex) == ("110105", date(1949, 12, 31), "女")
    man = make_id_number(region6="330106", birth=date(1985, 7, 1), seq3=123)
    assert id_number_facts(man).sex == "男"  # type: ignore[union-attr]
    assert id_number_facts("110105194902300028") is None


def test_id_generator_reproduces_the_real_check_char() -> None:
    assert make_id_number(region6="110105", birth=date(1949, 12, 31), seq3=2) == REAL_ID


def test_every_single_digit_substitution_of_an_id_is_detected() -> None:
    for pos in range(18):
        for ch in "0123456789X":
            if ch != REAL_ID[pos]:
                corrupted = REAL_ID[:pos] + ch + REAL_ID[pos + 1 :]
                assert check_id_number(corrupted).severity != "ok", corrupted


@given(
    st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)),
    st.integers(min_value=0, max_value=999),
)
def test_generated_id_passes_and_sex_follows_sequence(birth: date, seq: int) -> None:
    code = make_id_number(region6="330102", birth=birth, seq3=seq)
    assert check_id_number(code).ok
    facts = id_number_facts(code)
    assert facts is not None and facts.birth == birth
    assert facts.sex == ("男" if seq % 2 else "女")


def test_generators_reject_bad_arguments() -> None:
    with pytest.raises(ValueError):
        make_uscc(dept_category="91", region6="330100", org_body8="3113486I")
    with pytest.raises(ValueError):
        make_uscc(dept_category="91", region6="33010", org_body8="31134866")
    with pytest.raises(ValueError):
        make_id_number(region6="330102", birth=date(1990, 1, 1), seq3=1000)
