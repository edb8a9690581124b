"""Normalisation of spreadsheet cells: each case a real file contains."""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.core.domain.errors import ValidationError
from app.core.domain.normalize import (
    SEX,
    Enumeration,
    code_text,
    is_blank,
    normalize_code,
    normalize_name,
    parse_bool,
    parse_date,
    parse_phone,
    split_multi,
    to_halfwidth,
)

# --- widths, spaces, case ---


def test_full_width_to_half_width() -> None:
    assert to_halfwidth("ＡＢＣ１２３") == "ABC123"
    assert to_halfwidth("（）　") == "() "


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("ma27yu8w", "MA27YU8W"),
        (" 9133\u30000100\u00a0311348661f \u200b", "91330100311348661F"),
        ("\ufeff330000000036006", "330000000036006"),
        ("'330000000036006", "330000000036006"),
        ("MA27YU8W-7", "MA27YU8W7"),
    ],
)
def test_code_text(raw: str, clean: str) -> None:
    assert code_text(raw) == clean


# --- codes stored as numbers ---


@pytest.mark.parametrize(
    "cell",
    [
        3.30000000036006e14,
        330000000036006.0,
        330000000036006,
        "330000000036006.0",
        "3.30000000036006E+14",
        Decimal("330000000036006"),
    ],
)
def test_15_digit_code_stored_as_a_number_is_recovered(cell: object) -> None:
    assert normalize_code(cell) == "330000000036006"


def test_18_digit_code_stored_as_a_float_is_reported_as_lost() -> None:
    with pytest.raises(ValidationError, match="代码被Excel存成数字，精度已丢失"):
        normalize_code(float("913301003113486612"))


def test_scientific_text_with_missing_digits_is_rejected() -> None:
    with pytest.raises(ValidationError, match="后几位已丢失"):
        normalize_code("3.3E+14")


@pytest.mark.parametrize("cell", [1.5, -3.0, True, float("inf"), ["x"]])
def test_nonsense_code_cells_raise(cell: object) -> None:
    with pytest.raises(ValidationError):
        normalize_code(cell)


@pytest.mark.parametrize("cell", [None, "", "  \u3000", float("nan")])
def test_blank_code_is_none(cell: object) -> None:
    assert normalize_code(cell) is None


def test_code_text_keeps_letters_and_uppercases() -> None:
    assert normalize_code("  91330102ma27yu8w73 ") == "91330102MA27YU8W73"


# --- names ---


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  杭州某某　有限公司 ", "杭州某某有限公司"),
        ("张　三", "张三"),
        ("ABC  Trading\u00a0Co.", "ABC Trading Co."),
        ("某某（杭州）科技有限公司", "某某（杭州）科技有限公司"),
        ("ＡＢＣ食品店", "ABC食品店"),
        ("杭州\u200b某某\ufeff商行", "杭州某某商行"),
        ("杭州某某\n有限公司", "杭州某某有限公司"),
        ("3D 打印店", "3D 打印店"),
    ],
)
def test_normalize_name(raw: str, clean: str) -> None:
    assert normalize_name(raw) == clean


def test_blank_name_is_none() -> None:
    assert normalize_name(" \u3000\u200b") is None
    assert normalize_name(None) is None


# --- dates ---


@pytest.mark.parametrize(
    "cell",
    [
        date(2026, 3, 1),
        datetime(2026, 3, 1, 14, 30),
        46082,
        46082.0,
        46082.75,
        20260301,
        20260301.0,
        "2026-03-01",
        "2026-3-1",
        "2026/3/1",
        "2026.3.1",
        "2026年3月1日",
        "2026 年 3 月 1 日",
        "20260301",
        "２０２６－０３－０１",
        "2026-03-01 00:00:00",
        "2026-03-01T08:00:00",
    ],
)
def test_date_forms(cell: object) -> None:
    assert parse_date(cell) == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, date(1900, 1, 1)),
        (59, date(1900, 2, 28)),
        (61, date(1900, 3, 1)),
        (45658, date(2025, 1, 1)),
    ],
)
def test_excel_serials_including_the_1900_leap_bug(serial: int, expected: date) -> None:
    assert parse_date(serial) == expected


def test_serial_60_is_the_nonexistent_1900_02_29() -> None:
    with pytest.raises(ValidationError, match="1900-02-29"):
        parse_date(60)


@pytest.mark.parametrize("cell", ["2026-02-30", "2026年13月1日", "20260231"])
def test_impossible_dates_are_errors(cell: str) -> None:
    with pytest.raises(ValidationError, match="日期不存在"):
        parse_date(cell)


@pytest.mark.parametrize("cell", ["明年", "26-3-1", "3/1/2026", 0, 5_000_000, True])
def test_unreadable_dates_are_errors(cell: object) -> None:
    with pytest.raises(ValidationError):
        parse_date(cell)


@pytest.mark.parametrize("cell", ["长期", "长期有效", "9999-09-09", "9999-12-31", date(9999, 9, 9)])
def test_open_ended_expiry(cell: object) -> None:
    assert parse_date(cell, open_ended_ok=True) is None
    with pytest.raises(ValidationError, match="具体日期"):
        parse_date(cell)


@pytest.mark.parametrize("cell", [None, "", "  ", float("nan")])
def test_blank_date_is_none(cell: object) -> None:
    assert parse_date(cell) is None


# --- phones ---


@pytest.mark.parametrize(
    ("cell", "clean"),
    [
        ("138 0000 0000", "13800000000"),
        ("138-0000-0000", "13800000000"),
        ("+86 138 0000 0000", "13800000000"),
        ("8613800000000", "13800000000"),
        ("１３８００００００００", "13800000000"),
        (13800000000.0, "13800000000"),
        ("0571-88886666", "0571-88886666"),
        ("(0571)88886666", "0571-88886666"),
        ("（0571）8888666", "0571-8888666"),
        ("057188886666", "0571-88886666"),
        (57188886666, "0571-88886666"),
        ("01062345678", "010-62345678"),
        ("0571-88886666转123", "0571-88886666-123"),
        ("0571-88886666-123", "0571-88886666-123"),
        ("88886666", "88886666"),
        ("400-123-4567", "4001234567"),
    ],
)
def test_phone_forms(cell: object, clean: str) -> None:
    assert parse_phone(cell) == clean


@pytest.mark.parametrize("cell", ["12345", "138000000001", "23800000000", "电话", 1.5])
def test_bad_phones_are_errors(cell: object) -> None:
    with pytest.raises(ValidationError, match="电话号码格式不正确"):
        parse_phone(cell)


# --- booleans and enumerations ---


@pytest.mark.parametrize("cell", ["是", "Y", "y", "yes", "1", 1, 1.0, "TRUE", "true", "Ｙ", True])
def test_true_values(cell: object) -> None:
    assert parse_bool(cell) is True


@pytest.mark.parametrize("cell", ["否", "N", "n", "no", "0", 0, 0.0, "FALSE", "false", False])
def test_false_values(cell: object) -> None:
    assert parse_bool(cell) is False


def test_bool_blank_and_garbage() -> None:
    assert parse_bool(" ") is None
    with pytest.raises(ValidationError, match="应填“是”或“否”"):
        parse_bool("也许")
    with pytest.raises(ValidationError):
        parse_bool(2)


@pytest.mark.parametrize("cell", ["男", "M", "m", "male", "男性", "1", 1.0, " 男 "])
def test_sex_male_synonyms(cell: object) -> None:
    assert SEX.parse(cell) == "男"


@pytest.mark.parametrize("cell", ["女", "F", "ｆ", "Female", "2"])
def test_sex_female_synonyms(cell: object) -> None:
    assert SEX.parse(cell) == "女"


def test_unknown_enumeration_value_lists_the_choices() -> None:
    with pytest.raises(ValidationError, match="性别只能是：男、女（收到：未知）"):
        SEX.parse("未知")
    assert SEX.parse("") is None


def test_enumeration_rejects_a_synonym_for_two_values() -> None:
    with pytest.raises(ValueError):
        Enumeration("风险等级", {"高": ("H", "1"), "低": ("L", "1")})


# --- multi-value cells and blanks ---


def test_split_multi_on_every_separator() -> None:
    cell = "食品，药品、特种设备;计量；广告,食品\n价格"
    assert split_multi(cell) == ("食品", "药品", "特种设备", "计量", "广告", "价格")


def test_split_multi_cleans_parts_and_drops_empties() -> None:
    assert split_multi(" 张　三 ，，李四、 ") == ("张三", "李四")
    assert split_multi(None) == ()
    assert split_multi(math.nan) == ()


def test_is_blank() -> None:
    assert is_blank(None) and is_blank("") and is_blank("\u3000\u00a0\u200b") and is_blank(math.nan)
    assert not is_blank("-") and not is_blank(0) and not is_blank("无")
