"""The official working-day calendar (法定节假日 and 调休) and working-day deadline arithmetic.

Built from the State Council notices shipped in resources/holidays plus files a user adds;
it never guesses a year it has no notice for (MissingCalendarYearError). Standard library only.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Final, Literal

from app.core.domain.errors import MissingCalendarYearError, ValidationError
from app.core.domain.jsonlimits import check_json_shape
from app.core.domain.resources import resource_path

__all__ = [
    "DEADLINE_RULES",
    "DEADLINE_RULE_LABELS",
    "DEADLINE_RULE_SOURCES",
    "HolidayPeriod",
    "WorkCalendar",
    "YearCalendar",
    "dump_holiday_file",
    "holiday_file_name",
    "parse_holiday_file",
]

# Default deadlines in working days; the settings layer may override them per installation.
# The convention for all of them: the N-th working day after the start, the start not counted.
DEADLINE_RULES: Final[Mapping[str, int]] = MappingProxyType(
    {
        # 五原县办法 第二十三条: results entered and published within 20 working days of the check.
        "publication": 20,
        # 五原县办法 第十八条: the drawn list sent to the inspecting departments within 5 working days.
        "dispatch": 5,
        # 五原县办法 第十九条: inspectors chosen within 5 working days of receiving the list.
        "inspector_choice": 5,
        # 五原县办法 第十五条: plan adjustments entered and published within 10 working days.
        "plan_adjustment": 10,
        # 五原县办法 第七条: item-list adjustments entered and published within 10 working days.
        "item_list_adjustment": 10,
    }
)
# Where each default above comes from: shown beside the default in 期限设置 only, where an
# office sets its own; every other message names the deadline without an article.
DEADLINE_RULE_SOURCES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "publication": "五原县办法第二十三条",
        "dispatch": "五原县办法第十八条",
        "inspector_choice": "五原县办法第十九条",
        "plan_adjustment": "五原县办法第十五条",
        "item_list_adjustment": "五原县办法第七条",
    }
)
# What each deadline is, in words any county reads.
DEADLINE_RULE_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "publication": "检查结果录入公示",
        "dispatch": "抽取名单推送至检查部门",
        "inspector_choice": "选派执法检查人员",
        "plan_adjustment": "抽查计划调整公示",
        "item_list_adjustment": "抽查事项清单调整公示",
    }
)

_MIN_YEAR: Final = 1950
_MAX_YEAR: Final = 2200
_WEEKDAYS: Final = "一二三四五六日"


def holiday_file_name(year: int) -> str:
    """The file name a year is saved under, shipped or in the user folder: cn-2027.json."""
    return f"cn-{year}.json"


@dataclass(frozen=True, slots=True)
class HolidayPeriod:
    """放假时段 — one holiday period of a notice (e.g. 春节 2026-02-15 to 2026-02-23)."""

    name: str
    start: date
    end: date

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """年度放假调休安排 — one year's days off and 调休上班 days, from one State Council notice.

    Construction validates the rules (dates inside the year, 调休上班 only on a Saturday or
    Sunday, no date both off and working) and raises ValidationError.
    """

    year: int
    source: str
    holidays: tuple[HolidayPeriod, ...]
    workdays: tuple[date, ...]

    def __post_init__(self) -> None:
        errors = _year_errors(self.year, self.holidays, self.workdays)
        if errors:
            raise ValidationError(f"{self.year}年放假安排有误：{errors[0]}", details=errors)

    def days_off(self) -> frozenset[date]:
        """Every holiday date (weekend days inside a period included)."""
        return frozenset(day for period in self.holidays for day in period.days())

    def is_working_day(self, day: date) -> bool:
        if day.year != self.year:
            raise ValueError(f"{day} is not in {self.year}")
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.days_off()

    def working_days(self) -> tuple[date, ...]:
        """All working days of the year, in order."""
        off, extra = self.days_off(), frozenset(self.workdays)
        day, end, result = date(self.year, 1, 1), date(self.year, 12, 31), []
        while day <= end:
            if day in extra or (day.weekday() < 5 and day not in off):
                result.append(day)
            day += timedelta(days=1)
        return tuple(result)


# A real year has about 250 working days; far fewer means a typing mistake in the holiday
# dates (a whole year off), after which no deadline could be computed in that year.
MIN_WORKING_DAYS = 200


def _year_errors(
    year: int, holidays: Iterable[HolidayPeriod], workdays: Iterable[date]
) -> list[str]:
    errors: list[str] = []
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return [f"年份{year}不合理"]
    seen: dict[date, str] = {}
    count = 0
    for period in holidays:
        if period.start > period.end:
            errors.append(f"{period.name}：开始日期{period.start}晚于结束日期{period.end}")
            continue
        for day in period.days():
            count += 1
            if day.year != year:
                errors.append(f"{period.name}：{day}不在{year}年内")
            elif day in seen:
                errors.append(f"{day}重复列为放假日（{seen[day]}、{period.name}）")
            seen[day] = period.name
    if count == 0:
        errors.append("没有任何放假日期")
    listed: set[date] = set()
    for day in workdays:
        if day.year != year:
            errors.append(f"调休上班日{day}不在{year}年内")
        elif day in listed:
            errors.append(f"调休上班日{day}重复")
        elif day.weekday() < 5:
            errors.append(f"调休上班日{day}是星期{_WEEKDAYS[day.weekday()]}，只能是周六或周日")
        elif day in seen:
            errors.append(f"{day}既是放假日（{seen[day]}）又是调休上班日")
        listed.add(day)
    if not errors:
        working = len(listed) + sum(
            1
            for n in range(date(year, 12, 31).toordinal() - date(year, 1, 1).toordinal() + 1)
            if (day := date(year, 1, 1) + timedelta(days=n)).weekday() < 5 and day not in seen
        )
        if working < MIN_WORKING_DAYS:
            errors.append(
                f"全年只有{working}个工作日（每年约250个，至少应有{MIN_WORKING_DAYS}个）："
                "放假日期可能填错了（例如把整年列为假期），期限将无法计算"
            )
    return errors


# --- reading and writing holiday files ---

_JSON_KEYS: Final = frozenset({"year", "source", "holidays", "workdays", "note"})
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RANGE_SPLIT = re.compile(r"\s*(?:~|～|至|到|—|–)\s*")
_OFF_WORDS: Final = frozenset({"休", "放假", "假", "休息", "off", "holiday"})
_WORK_WORDS: Final = frozenset({"班", "上班", "补班", "调休上班", "work", "workday"})
_SOURCE_LINE = re.compile(r"(?:来源|source)\s*[:：]\s*(.+)", re.IGNORECASE)


class _Problems:
    """Collects located errors; raises them all at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}：{what}")

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            message = f"放假安排文件有{len(self.items)}处错误，第一处：{first}"
            raise ValidationError(message, details=list(self.items))


def _iso(text: object, where: str, problems: _Problems) -> date | None:
    if not isinstance(text, str):
        problems.add(where, f"应为日期文本（如2027-01-01），实为{text!r}")
        return None
    match = _ISO_DATE.fullmatch(text.strip())
    if match is None:
        problems.add(where, f"日期格式应为2027-01-01，实为“{text}”")
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        problems.add(where, f"日期{text}不存在")
        return None


def parse_holiday_file(data: str | bytes) -> YearCalendar:
    """A user-supplied holiday file → YearCalendar, or ValidationError naming each problem.

    Two formats. JSON (what `dump_holiday_file` writes)::

        {"year": 2027, "source": "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔…〕…号）",
         "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-03"},
                      "2027-04-05", {"date": "2027-06-09", "name": "端午节"}],
         "workdays": ["2027-02-07"]}

    or text, one entry per line ("#" starts a comment)::

        来源：国务院办公厅关于2027年部分节假日安排的通知
        2027-01-01 休 元旦
        2027-02-06~2027-02-12 休 春节
        2027-02-07 班

    Errors name the JSON field (holidays[1].start) or the text line (第3行).
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")  # saved by Windows Notepad in the ANSI code page
            except UnicodeDecodeError:
                raise ValidationError("放假安排文件不是UTF-8或GBK编码的文本") from None
    else:
        text = data.removeprefix("\ufeff")
    if text.lstrip().startswith("{"):
        return _parse_json(text)
    return _parse_text(text)


def _parse_json(text: str) -> YearCalendar:
    problems = _Problems()
    check_json_shape(text, "放假安排文件")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"放假安排文件第{exc.lineno}行第{exc.colno}列：不是有效的JSON（{exc.msg}）"
        ) from None
    if not isinstance(doc, dict):
        raise ValidationError("放假安排文件应为一个JSON对象（{…}）")
    for key in doc.keys() - _JSON_KEYS:
        problems.add(key, "不认识的字段（可用：year、source、holidays、workdays、note）")
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        problems.add("year", f"应为年份数字（如2027），实为{year!r}")
        year = None
    source = doc.get("source", "")
    if not isinstance(source, str):
        problems.add("source", "应为文本（通知标题和文号）")
        source = ""
    holidays: list[tuple[str, HolidayPeriod]] = []
    raw_holidays = doc.get("holidays")
    if not isinstance(raw_holidays, list):
        problems.add("holidays", "缺少放假日期列表")
        raw_holidays = []
    for i, item in enumerate(raw_holidays):
        where = f"holidays[{i}]"
        period = _json_period(item, where, problems)
        if period is not None:
            holidays.append((where, period))
    workdays: list[tuple[str, date]] = []
    raw_workdays = doc.get("workdays", [])
    if not isinstance(raw_workdays, list):
        problems.add("workdays", "应为调休上班日期列表")
        raw_workdays = []
    for i, item in enumerate(raw_workdays):
        where = f"workdays[{i}]"
        value = item.get("date") if isinstance(item, dict) else item
        if isinstance(item, dict) and item.keys() - {"date", "name"}:
            problems.add(where, "只能有 date 和 name 两个字段")
        day = _iso(value, where, problems)
        if day is not None:
            workdays.append((where, day))
    if year is None:
        problems.raise_if_any()
    assert year is not None
    return _build(year, source.strip(), holidays, workdays, problems)


def _json_period(item: object, where: str, problems: _Problems) -> HolidayPeriod | None:
    if isinstance(item, str):
        day = _iso(item, where, problems)
        return HolidayPeriod("", day, day) if day else None
    if not isinstance(item, dict):
        problems.add(where, "应为日期文本或 {name, start, end} 对象")
        return None
    name = item.get("name", "")
    if not isinstance(name, str):
        problems.add(f"{where}.name", "应为文本")
        name = ""
    if "date" in item:
        if item.keys() - {"date", "name"}:
            problems.add(where, "写了 date 就不能再写 start/end")
            return None
        day = _iso(item["date"], f"{where}.date", problems)
        return HolidayPeriod(name.strip(), day, day) if day else None
    if item.keys() - {"name", "start", "end"}:
        problems.add(where, "只能有 name、start、end（或 name、date）字段")
        return None
    start = _iso(item.get("start"), f"{where}.start", problems)
    end = _iso(item.get("end", item.get("start")), f"{where}.end", problems)
    if start is None or end is None:
        return None
    if start > end:
        problems.add(where, f"开始日期{start}晚于结束日期{end}")
        return None
    return HolidayPeriod(name.strip(), start, end)


def _parse_text(text: str) -> YearCalendar:
    problems = _Problems()
    source = ""
    holidays: list[tuple[str, HolidayPeriod]] = []
    workdays: list[tuple[str, date]] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"第{line_no}行"
        source_match = _SOURCE_LINE.fullmatch(line)
        if source_match:
            source = source_match[1].strip()
            continue
        parts = line.split(None, 2)
        if len(parts) < 2:
            problems.add(where, f"应写成“2027-01-01 休 元旦”或“2027-02-07 班”，实为“{line}”")
            continue
        dates, kind = parts[0], parts[1]
        name = parts[2].strip() if len(parts) > 2 else ""
        ends = _RANGE_SPLIT.split(dates)
        if len(ends) > 2:
            problems.add(where, f"日期范围“{dates}”写法不对")
            continue
        start = _iso(ends[0], where, problems)
        end = _iso(ends[1], where, problems) if len(ends) == 2 else start
        if start is None or end is None:
            continue
        if kind in _OFF_WORDS:
            if start > end:
                problems.add(where, f"开始日期{start}晚于结束日期{end}")
                continue
            holidays.append((where, HolidayPeriod(name, start, end)))
        elif kind in _WORK_WORDS:
            if start != end:
                problems.add(where, "调休上班日要逐日列出，不能写范围")
                continue
            workdays.append((where, start))
        else:
            problems.add(where, f"第二项应为“休”或“班”，实为“{kind}”")
    if not holidays and not workdays:
        if not problems.items:
            problems.add("文件", "没有任何日期")
        problems.raise_if_any()
    # The year is the one most entries belong to (the first one on a tie); entries outside
    # it are reported by line together with every other problem.
    years = Counter([p.start.year for _, p in holidays] + [d.year for _, d in workdays])
    year = years.most_common(1)[0][0]
    return _build(year, source, _merge_days(holidays), workdays, problems)


def _merge_days(
    holidays: list[tuple[str, HolidayPeriod]],
) -> list[tuple[str, HolidayPeriod]]:
    """Consecutive one-day lines with the same name become one period."""
    merged: list[tuple[str, HolidayPeriod]] = []
    for where, period in holidays:
        if merged:
            last_where, last = merged[-1]
            if last.name == period.name and last.end + timedelta(days=1) == period.start:
                merged[-1] = (last_where, HolidayPeriod(last.name, last.start, period.end))
                continue
        merged.append((where, period))
    return merged


def _build(
    year: int,
    source: str,
    holidays: list[tuple[str, HolidayPeriod]],
    workdays: list[tuple[str, date]],
    problems: _Problems,
) -> YearCalendar:
    """Check the year-level rules with each entry's location, then construct."""
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        problems.add("year", f"年份{year}不合理")
        problems.raise_if_any()
    off: dict[date, str] = {}
    for where, period in holidays:
        for day in period.days():
            if day.year != year:
                problems.add(where, f"{day}不在{year}年内")
                break
            if day in off:
                problems.add(where, f"{day}重复列为放假日")
                break
            off[day] = period.name
    if not off and not holidays:
        problems.add("holidays", "没有任何放假日期")
    listed: set[date] = set()
    for where, day in workdays:
        if day.year != year:
            problems.add(where, f"调休上班日{day}不在{year}年内")
        elif day in listed:
            problems.add(where, f"调休上班日{day}重复")
        elif day.weekday() < 5:
            weekday = _WEEKDAYS[day.weekday()]
            problems.add(where, f"{day}是星期{weekday}，本来就上班，不能列为调休上班日")
        elif day in off:
            problems.add(where, f"{day}已列为放假日（{off[day] or '放假'}），不能又是调休上班日")
        listed.add(day)
    problems.raise_if_any()
    return YearCalendar(
        year,
        source,
        tuple(sorted((p for _, p in holidays), key=lambda p: p.start)),
        tuple(sorted(listed)),
    )


def dump_holiday_file(calendar: YearCalendar, *, fmt: Literal["json", "text"] = "json") -> str:
    """The file text for a year; `parse_holiday_file` reads it back to an equal YearCalendar."""
    if fmt == "text":
        lines = [f"来源：{calendar.source}"] if calendar.source else []
        for p in calendar.holidays:
            span = str(p.start) if p.start == p.end else f"{p.start}~{p.end}"
            lines.append(f"{span} 休 {p.name}".rstrip())
        lines.extend(f"{day} 班" for day in calendar.workdays)
        return "\n".join(lines) + "\n"
    holidays = ",\n".join(
        "    "
        + json.dumps(
            {"name": p.name, "start": p.start.isoformat(), "end": p.end.isoformat()},
            ensure_ascii=False,
        )
        for p in calendar.holidays
    )
    workdays = ", ".join(json.dumps(d.isoformat()) for d in calendar.workdays)
    source = json.dumps(calendar.source, ensure_ascii=False)
    return (
        f'{{\n  "year": {calendar.year},\n  "source": {source},\n'
        f'  "holidays": [\n{holidays}\n  ],\n  "workdays": [{workdays}]\n}}\n'
    )


# --- the calendar ---


@dataclass(frozen=True, slots=True)
class _Loaded:
    calendar: YearCalendar
    origin: Literal["shipped", "user", "given"]
    path: Path | None


class WorkCalendar:
    """工作日历 — working days by the official arrangement for every year it has a notice for.

    Any question about a year it has no data for raises MissingCalendarYearError (a
    CalendarGapError) naming the year; it never falls back to plain weekends.
    """

    __slots__ = ("_loaded", "_years", "_off", "_extra", "_ordinals", "_names", "problems")

    def __init__(self, years: Iterable[YearCalendar]) -> None:
        by_year: dict[int, _Loaded] = {}
        for cal in years:
            if cal.year in by_year:
                raise ValueError(f"two calendars for {cal.year}")
            by_year[cal.year] = _Loaded(cal, "given", None)
        self._loaded = by_year
        self._years = frozenset(by_year)
        self._off: dict[date, str] = {}
        self._extra: frozenset[date] = frozenset(
            d for item in by_year.values() for d in item.calendar.workdays
        )
        ordinals: list[int] = []
        for year in sorted(by_year):
            cal = by_year[year].calendar
            for period in cal.holidays:
                for day in period.days():
                    self._off[day] = period.name
            ordinals.extend(d.toordinal() for d in cal.working_days())
        self._ordinals = ordinals
        self.problems: tuple[str, ...] = ()

    @classmethod
    def load(
        cls,
        user_dir: Path | str | None = None,
        *,
        shipped_dir: Path | str | None = None,
        strict: bool = True,
    ) -> WorkCalendar:
        """The shipped years plus the user's folder (*.json, *.txt; one file per year).

        A user file for a year replaces the shipped one. With ``strict`` a bad user file
        raises ValidationError naming it; otherwise it is skipped and listed in ``problems``.
        """
        shipped = Path(shipped_dir) if shipped_dir is not None else resource_path("holidays")
        loaded: dict[int, _Loaded] = {}
        for path in sorted(shipped.glob("cn-*.json")):
            cal = parse_holiday_file(path.read_bytes())
            if path.name != holiday_file_name(cal.year):
                raise ValidationError(f"{path.name} 中的年份是{cal.year}，与文件名不符")
            loaded[cal.year] = _Loaded(cal, "shipped", path)
        problems: list[str] = []
        user_years: dict[int, Path] = {}
        if user_dir is not None and Path(user_dir).is_dir():
            files = sorted(p for p in Path(user_dir).iterdir() if p.suffix in (".json", ".txt"))
            for path in files:
                try:
                    cal = parse_holiday_file(path.read_bytes())
                    if cal.year in user_years:
                        raise ValidationError(
                            f"{cal.year}年有两个文件：{user_years[cal.year].name} 和 {path.name}"
                        )
                except ValidationError as exc:
                    if strict:
                        raise ValidationError(
                            f"节假日文件 {path.name} 有误：{exc.message}", details=exc.details
                        ) from None
                    problems.append(f"{path.name}：{exc.message}")
                    continue
                user_years[cal.year] = path
                loaded[cal.year] = _Loaded(cal, "user", path)
        result = cls(item.calendar for item in loaded.values())
        result._loaded = loaded
        result.problems = tuple(problems)
        return result

    # --- what the calendar knows ---

    def covered_years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def year(self, year: int) -> YearCalendar:
        """The arrangement for ``year``; MissingCalendarYearError if there is none."""
        self._require(year)
        return self._loaded[year].calendar

    def origin(self, year: int) -> Literal["shipped", "user", "given"]:
        """Whether a year comes with the app, from the user's folder, or was passed in."""
        self._require(year)
        return self._loaded[year].origin

    def _require(self, year: int) -> None:
        if year not in self._years:
            raise MissingCalendarYearError(year)

    # --- questions about days ---

    def is_working_day(self, day: date) -> bool:
        self._require(day.year)
        return day in self._extra or (day.weekday() < 5 and day not in self._off)

    def holiday_name(self, day: date) -> str | None:
        """The holiday a day belongs to ("春节"), None for ordinary days and 调休上班 days."""
        self._require(day.year)
        return self._off.get(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; ``start`` itself is never counted.

        n = 0 returns ``start`` unchanged (even on a holiday). 2026-02-13 + 1 → 2026-02-14
        (a Saturday 调休上班); 2026-09-30 + 1 → 2026-10-08. Raises MissingCalendarYearError
        when the count runs through a year without data.
        """
        if n < 0:
            raise ValidationError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        first_needed = (start + timedelta(days=1)).year
        self._require(first_needed)
        index = bisect_right(self._ordinals, start.toordinal()) + n - 1
        if index >= len(self._ordinals):
            raise MissingCalendarYearError(self._first_gap_after(first_needed))
        result = date.fromordinal(self._ordinals[index])
        for year in range(first_needed, result.year + 1):
            self._require(year)  # a gap between two covered years
        return result

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: add_working_days(a, k) == b for the k returned when b is
        a working day. Negative when b is before a (overdue by that many)."""
        if a == b:
            return 0
        if b < a:
            return -self.working_days_between(b, a)
        for year in range((a + timedelta(days=1)).year, b.year + 1):
            self._require(year)
        return bisect_right(self._ordinals, b.toordinal()) - bisect_right(
            self._ordinals, a.toordinal()
        )

    def working_day_count(self, year: int) -> int:
        """Working days in a year (2026: 248)."""
        self._require(year)
        return self.working_days_between(date(year - 1, 12, 31), date(year, 12, 31))

    def _first_gap_after(self, year: int) -> int:
        while year in self._years:
            year += 1
        return year
