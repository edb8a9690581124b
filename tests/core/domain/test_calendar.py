"""Working-day calendar: the official 2024–2026 arrangements, deadlines, user files, gaps.

Expected deadlines were cross-checked against the `chinese-calendar` package (not a project
dependency) when the data files were written.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.domain.calendar import (
    DEADLINE_RULES,
    HolidayPeriod,
    WorkCalendar,
    YearCalendar,
    dump_holiday_file,
    holiday_file_name,
    parse_holiday_file,
)
from app.core.domain.errors import CalendarGapError, MissingCalendarYearError, ValidationError

D = date

# A made-up 2027 arrangement for the tests only (the real notice is not out yet).
USER_2027 = """\
# test data, not the official 2027 arrangement
来源：测试用2027年安排
2027-01-01~2027-01-03 休 元旦
2027-02-06~2027-02-12 休 春节
2027-02-14 班
2027-10-01~2027-10-07 休 国庆节
2027-10-09 班
"""


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.load()


def test_shipped_years_and_sources(cal: WorkCalendar) -> None:
    assert cal.covered_years() == (2024, 2025, 2026)
    assert "国办发明电〔2025〕7号" in cal.year(2026).source
    assert "国办发明电〔2024〕12号" in cal.year(2025).source
    assert "国办发明电〔2023〕7号" in cal.year(2024).source
    assert cal.origin(2026) == "shipped"


@pytest.mark.parametrize(("year", "count"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_day_counts(cal: WorkCalendar, year: int, count: int) -> None:
    assert cal.working_day_count(year) == count
    assert len(cal.year(year).working_days()) == count


def test_2026_make_up_days_are_weekend_working_days(cal: WorkCalendar) -> None:
    make_up = [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert cal.year(2026).workdays == tuple(make_up)
    for day in make_up:
        assert day.weekday() >= 5 and cal.is_working_day(day), day


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("元旦", D(2026, 1, 1), D(2026, 1, 3)),
        ("春节", D(2026, 2, 15), D(2026, 2, 23)),
        ("清明节", D(2026, 4, 4), D(2026, 4, 6)),
        ("劳动节", D(2026, 5, 1), D(2026, 5, 5)),
        ("端午节", D(2026, 6, 19), D(2026, 6, 21)),
        ("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
        ("国庆节", D(2026, 10, 1), D(2026, 10, 7)),
    ],
)
def test_2026_holidays_are_days_off(cal: WorkCalendar, name: str, start: date, end: date) -> None:
    day = start
    while day <= end:
        assert not cal.is_working_day(day), day
        assert cal.holiday_name(day) == name
        day += timedelta(days=1)
    assert (
        cal.is_working_day(start - timedelta(days=1)) or (start - timedelta(days=1)).weekday() >= 5
    )


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # Saturday 调休上班 before 春节
        (D(2026, 2, 12), 5, D(2026, 2, 26)),  # across 春节
        (D(2026, 2, 14), 5, D(2026, 2, 28)),  # lands on the second Saturday 调休上班
        (D(2026, 1, 1), 1, D(2026, 1, 4)),  # 元旦, then Sunday 调休上班
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # across the year boundary
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # 清明
        (D(2026, 4, 30), 1, D(2026, 5, 6)),  # 劳动节
        (D(2026, 5, 8), 1, D(2026, 5, 9)),  # Saturday 调休上班
        (D(2026, 6, 18), 1, D(2026, 6, 22)),  # 端午
        (D(2026, 9, 18), 1, D(2026, 9, 20)),  # Sunday 调休上班 before 国庆
        (D(2026, 9, 24), 1, D(2026, 9, 28)),  # 中秋
        (D(2026, 9, 30), 1, D(2026, 10, 8)),  # 国庆
        (D(2026, 9, 30), 20, D(2026, 11, 3)),  # publication deadline across 国庆
        (D(2026, 12, 1), 20, D(2026, 12, 29)),
        (D(2025, 9, 30), 1, D(2025, 10, 9)),  # 2025 国庆+中秋 (8 days)
        (D(2025, 1, 24), 5, D(2025, 2, 7)),  # 2025 春节 with 1/26 调休上班
        (D(2024, 2, 8), 1, D(2024, 2, 9)),
    ],
)
def test_add_working_days(cal: WorkCalendar, start: date, n: int, due: date) -> None:
    assert cal.add_working_days(start, n) == due
    assert cal.working_days_between(start, due) == n


def test_start_date_is_not_counted(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)  # Monday → Tuesday
    assert cal.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # Saturday → Monday


def test_zero_days_returns_the_start_even_on_a_holiday(cal: WorkCalendar) -> None:
    assert cal.add_working_days(D(2026, 2, 16), 0) == D(2026, 2, 16)
    assert cal.add_working_days(D(2030, 1, 1), 0) == D(2030, 1, 1)


def test_negative_count_is_rejected(cal: WorkCalendar) -> None:
    with pytest.raises(ValidationError):
        cal.add_working_days(D(2026, 3, 2), -1)


def test_deadline_into_a_year_without_data_raises_naming_it(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarGapError) as info:
        cal.add_working_days(D(2026, 12, 20), 20)
    assert str(info.value) == "日历中没有2027年的法定节假日安排，请根据国务院办公厅通知添加"
    assert isinstance(info.value, MissingCalendarYearError) and info.value.year == 2027
    with pytest.raises(CalendarGapError, match="2027"):
        cal.add_working_days(D(2026, 12, 31), 1)
    with pytest.raises(CalendarGapError, match="2027"):
        cal.is_working_day(D(2027, 1, 4))
    with pytest.raises(CalendarGapError, match="2023"):
        cal.add_working_days(D(2023, 6, 1), 1)
    with pytest.raises(CalendarGapError, match="2027"):
        cal.working_days_between(D(2026, 12, 1), D(2027, 1, 5))


def test_gap_between_covered_years_is_not_skipped(cal: WorkCalendar) -> None:
    partial = WorkCalendar([cal.year(2024), cal.year(2026)])
    with pytest.raises(CalendarGapError, match="2025"):
        partial.add_working_days(D(2024, 12, 20), 20)
    assert partial.add_working_days(D(2024, 12, 20), 5) == D(2024, 12, 27)


def test_user_2027_file_extends_the_calendar(tmp_path: Path) -> None:
    (tmp_path / "2027.txt").write_text(USER_2027, encoding="utf-8")
    cal = WorkCalendar.load(tmp_path)
    assert cal.covered_years() == (2024, 2025, 2026, 2027)
    assert cal.origin(2027) == "user" and cal.year(2027).source == "测试用2027年安排"
    assert cal.add_working_days(D(2026, 12, 30), 3) == D(2027, 1, 5)
    assert cal.add_working_days(D(2027, 2, 5), 1) == D(2027, 2, 14)  # the Sunday 调休上班


def test_user_file_overrides_the_shipped_year(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("来源：本地修订\n2026-01-01 休 元旦\n", encoding="utf-8")
    cal = WorkCalendar.load(tmp_path)
    assert cal.origin(2026) == "user"
    assert cal.is_working_day(D(2026, 2, 16))  # no 春节 in the user's version
    assert cal.working_day_count(2026) == 260


def test_bad_user_file_is_named_or_skipped(tmp_path: Path) -> None:
    (tmp_path / "cn-2027.txt").write_text("2027-01-01 休 元旦\n2027-01-05 班\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="cn-2027.txt"):
        WorkCalendar.load(tmp_path)
    lenient = WorkCalendar.load(tmp_path, strict=False)
    assert lenient.covered_years() == (2024, 2025, 2026)
    assert len(lenient.problems) == 1 and "cn-2027.txt" in lenient.problems[0]


def test_two_user_files_for_one_year_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(USER_2027, encoding="utf-8")
    (tmp_path / "b.txt").write_text(USER_2027, encoding="utf-8")
    with pytest.raises(ValidationError, match="2027年有两个文件"):
        WorkCalendar.load(tmp_path)


# --- parsing user files ---


def _errors(text: str | bytes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        parse_holiday_file(text)
    return info.value.details or [info.value.message]


def test_text_file_parses_and_merges_single_days() -> None:
    cal = parse_holiday_file("2027-01-01 休 元旦\n2027-01-02 休 元旦\n2027-01-03 休 元旦\n")
    assert cal.year == 2027
    assert cal.holidays == (HolidayPeriod("元旦", D(2027, 1, 1), D(2027, 1, 3)),)


def test_workday_on_a_weekday_is_rejected_with_its_line() -> None:
    errors = _errors("# 2027\n2027-01-01 休 元旦\n2027-01-05 班\n")
    assert errors == ["第3行：2027-01-05是星期二，本来就上班，不能列为调休上班日"]


def test_workday_that_is_also_a_holiday_is_rejected() -> None:
    errors = _errors("2027-02-06~2027-02-12 休 春节\n2027-02-07 班\n")
    assert len(errors) == 1 and errors[0].startswith("第2行") and "已列为放假日" in errors[0]


def test_dates_outside_the_year_and_bad_lines_are_all_reported() -> None:
    text = "2027-01-01 休 元旦\n2028-01-02 休 元旦\n2027-02-30 休 春节\n2027-03-01 放风\n随便写\n"
    errors = _errors(text)
    assert [e.split("：")[0] for e in errors] == ["第3行", "第4行", "第5行", "第2行"]
    assert errors[-1] == "第2行：2028-01-02不在2027年内"
    errors = _errors("2027-01-01 休 元旦\n2027-05-01 休 劳动节\n2028-01-02 休 元旦\n")
    assert errors == ["第3行：2028-01-02不在2027年内"]


def test_json_errors_name_the_field() -> None:
    doc = (
        '{"year": 2027, "source": "x", "holidays": [{"name": "元旦", "start": "2027-01-01", '
        '"end": "2027-01-03"}, {"name": "春节", "start": "2027-02-31", "end": "2027-02-12"}], '
        '"workdays": ["2027-02-08"], "workday": []}'
    )
    errors = _errors(doc)
    assert any(e.startswith("workday：不认识的字段") for e in errors)
    assert any(e.startswith("holidays[1].start：日期2027-02-31不存在") for e in errors)


def test_json_rule_errors_name_the_entry() -> None:
    doc = (
        '{"year": 2027, "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},'
        ' "2026-12-31"], "workdays": ["2027-01-02"]}'
    )
    errors = _errors(doc)
    assert "holidays[1]：2026-12-31不在2027年内" in errors
    assert any(e.startswith("workdays[0]") and "已列为放假日" in e for e in errors)


def test_json_syntax_error_names_line_and_column() -> None:
    errors = _errors('{"year": 2027,\n "holidays": [}')
    assert errors[0].startswith("放假安排文件第2行")


@pytest.mark.parametrize("text", ["", "# nothing\n", '{"year": 2027, "holidays": []}'])
def test_empty_file_is_rejected(text: str) -> None:
    assert _errors(text)


def test_gbk_encoded_text_file_is_read() -> None:
    cal = parse_holiday_file("2027-01-01 休 元旦\n2027-02-14 班\n".encode("gbk"))
    assert cal.workdays == (D(2027, 2, 14),) and cal.holidays[0].name == "元旦"


@pytest.mark.parametrize("fmt", ["json", "text"])
@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_dump_parse_round_trip(cal: WorkCalendar, year: int, fmt: str) -> None:
    original = cal.year(year)
    assert parse_holiday_file(dump_holiday_file(original, fmt=fmt)) == original  # type: ignore[arg-type]


def test_year_calendar_refuses_invalid_state() -> None:
    with pytest.raises(ValidationError, match="只能是周六或周日"):
        YearCalendar(
            2027, "", (HolidayPeriod("元旦", D(2027, 1, 1), D(2027, 1, 1)),), (D(2027, 1, 5),)
        )


def test_shipped_files_are_named_by_year() -> None:
    assert holiday_file_name(2027) == "cn-2027.json"


# --- deadline rules and consistency ---


def test_default_deadline_rules() -> None:
    assert dict(DEADLINE_RULES) == {
        "publication": 20,
        "dispatch": 5,
        "inspector_choice": 5,
        "plan_adjustment": 10,
        "item_list_adjustment": 10,
    }
    with pytest.raises(TypeError):
        DEADLINE_RULES["publication"] = 30  # type: ignore[index]


def test_working_days_between_is_signed(cal: WorkCalendar) -> None:
    assert cal.working_days_between(D(2026, 11, 3), D(2026, 9, 30)) == -20
    assert cal.working_days_between(D(2026, 2, 14), D(2026, 2, 14)) == 0
    assert cal.working_days_between(D(2026, 2, 14), D(2026, 2, 23)) == 0  # all 春节


_SHARED = WorkCalendar.load()


@given(
    st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 10, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_add_and_between_agree_with_a_day_by_day_count(start: date, n: int) -> None:
    due = _SHARED.add_working_days(start, n)
    assert _SHARED.working_days_between(start, due) == n
    if n:
        assert _SHARED.is_working_day(due)
        day, counted = start, 0
        while day < due:
            day += timedelta(days=1)
            counted += _SHARED.is_working_day(day)
        assert counted == n
