"""The installation's working-day calendar: shipped State Council arrangements + years users add.

User years live in the database (CalendarYear) so every workstation of an office agrees.
It never guesses a year: asking about one without data raises CalendarGapError.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.calendar import (
    WorkCalendar,
    YearCalendar,
    dump_holiday_file,
    parse_holiday_file,
)
from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.results.due_dates import fill_missing_due_dates
from app.core.storage.models import CalendarYear

__all__ = [
    "CalendarYearInfo",
    "calendar_years",
    "delete_calendar_year",
    "export_calendar_year",
    "import_calendar_file",
    "load_calendar",
    "save_calendar_year",
    "shipped_calendar",
    "year_calendar",
]


@dataclass(frozen=True)
class CalendarYearInfo:
    """One year the calendar knows: where it comes from and what it holds."""

    year: int
    origin: str  # "shipped" (comes with the app) / "user" (added in this database)
    source: str
    holidays: int  # days off listed in the notice
    make_up_days: int  # 调休上班 days
    working_days: int
    overrides_shipped: bool = False


@cache
def _shipped() -> dict[int, YearCalendar]:
    cal = WorkCalendar.load()
    return {year: cal.year(year) for year in cal.covered_years()}


def shipped_calendar() -> WorkCalendar:
    """The years the app ships (resources/holidays); what `deadline` uses without --db."""
    return WorkCalendar(_shipped().values())


def _user_years(session: Session) -> dict[int, YearCalendar]:
    years: dict[int, YearCalendar] = {}
    for row in session.scalars(select(CalendarYear).order_by(CalendarYear.year)):
        years[row.year] = parse_holiday_file(json.dumps(row.data, ensure_ascii=False))
    return years


def calendar_from_session(session: Session) -> WorkCalendar:
    """For services already inside a transaction: shipped years, replaced by user years."""
    years = dict(_shipped())
    years.update(_user_years(session))
    return WorkCalendar(years.values())


def load_calendar(ws: Workspace) -> WorkCalendar:
    """The calendar of this database: shipped years plus the years users added."""
    with ws.db.read_session() as s:
        return calendar_from_session(s)


def calendar_years(ws: Workspace) -> tuple[CalendarYearInfo, ...]:
    """Every year known, oldest first (the calendar editor's list)."""
    with ws.db.read_session() as s:
        user = _user_years(s)
    shipped = _shipped()
    infos = []
    for year in sorted(shipped.keys() | user.keys()):
        cal = user.get(year) or shipped[year]
        infos.append(
            CalendarYearInfo(
                year=year,
                origin="user" if year in user else "shipped",
                source=cal.source,
                holidays=len(cal.days_off()),
                make_up_days=len(cal.workdays),
                working_days=len(cal.working_days()),
                overrides_shipped=year in user and year in shipped,
            )
        )
    return tuple(infos)


def year_calendar(ws: Workspace, year: int) -> YearCalendar:
    """One year's arrangement; CalendarGapError when the calendar has none."""
    return load_calendar(ws).year(year)


def export_calendar_year(ws: Workspace, year: int, *, fmt: str = "json") -> str:
    """A year as a file text that `import_calendar_file` reads back (to share between offices)."""
    return dump_holiday_file(year_calendar(ws, year), fmt="text" if fmt == "text" else "json")


def save_calendar_year(ws: Workspace, calendar: YearCalendar, *, replace: bool = True) -> Changes:
    """Stores a year from the State Council notice (edited in the app or imported).

    A stored year replaces a shipped one of the same year; with ``replace=False`` an
    existing user year is refused. Results whose publication deadline could not be
    computed for lack of this year get their due date now.
    """
    ws.require(Permission.ADMINISTER)
    if not calendar.source.strip():
        raise ValidationError(
            f"{calendar.year}年放假安排缺少来源：请填写国务院办公厅通知的标题和文号"
            " / the source (notice title and number) is required"
        )
    data = json.loads(dump_holiday_file(calendar))
    with ws.db.session() as s:
        row = s.get(CalendarYear, calendar.year)
        before = None
        if row is not None:
            if not replace:
                raise ValidationError(
                    f"{calendar.year}年已有用户添加的放假安排；如需替换请确认覆盖"
                )
            before = row.data
            row.data, row.source = data, calendar.source
        else:
            s.add(CalendarYear(year=calendar.year, data=data, source=calendar.source))
        s.flush()
        log_event(
            s,
            ws.actor,
            "calendar.save_year",
            entity="calendar_year",
            entity_uid=str(calendar.year),
            summary=f"{calendar.year}年放假安排：{calendar.source}",
            before=before,
            after=data,
        )

        filled = fill_missing_due_dates(s, calendar_from_session(s))
    msg = f"已保存{calendar.year}年放假安排" + (f"，补算了{filled}项公示期限" if filled else "")
    return Changes.of(Area.CALENDAR, Area.RESULTS, Area.DEADLINES, message=msg)


def import_calendar_file(ws: Workspace, data: bytes | str, *, replace: bool = True) -> YearCalendar:
    """Reads a holiday file (JSON or the one-line-per-entry text) and stores its year.

    Bad files raise ValidationError naming each line or field; nothing is written.
    """
    calendar = parse_holiday_file(data)
    save_calendar_year(ws, calendar, replace=replace)
    return calendar


def delete_calendar_year(ws: Workspace, year: int) -> Changes:
    """Removes a user-added year (the shipped one, if any, applies again)."""
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        row = s.get(CalendarYear, year)
        if row is None:
            raise NotFoundError(f"没有用户添加的{year}年放假安排（随软件提供的年份不能删除）")
        before = row.data
        s.delete(row)
        log_event(
            s,
            ws.actor,
            "calendar.delete_year",
            entity="calendar_year",
            entity_uid=str(year),
            summary=f"删除{year}年放假安排",
            before=before,
        )
    return Changes.of(
        Area.CALENDAR, Area.RESULTS, Area.DEADLINES, message=f"已删除{year}年放假安排"
    )


def due_date(calendar: WorkCalendar, start: date, working_days: int) -> date:
    """The N-th working day after ``start`` (start not counted); CalendarGapError on a gap."""
    return calendar.add_working_days(start, working_days)
