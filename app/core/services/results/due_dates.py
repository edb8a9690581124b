"""Publication due dates of results, and the limits they come from.

A completed result must be published within the configured number of working days (setting
`deadline.publication_days`; 五原县办法 第十五、十八、十九、二十三条 for every limit). Its due date
is computed when the form is completed; when the calendar lacks the year it stays empty and is
filled in once the year is added, and every open result gets a new one when the limit changes.
Below the calendar's writes and the deadline list, which both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.calendar import DEADLINE_RULES, WorkCalendar
from app.core.domain.errors import MissingCalendarYearError
from app.core.domain.states import ResultState
from app.core.services.kernel.reference import get_setting
from app.core.storage.models import Result

# Setting key → DEADLINE_RULES key (五原县办法 第十五、十八、十九、二十三条).
SETTING_KEYS = {
    "publication": "deadline.publication_days",
    "dispatch": "deadline.dispatch_days",
    "inspector_choice": "deadline.inspector_choice_days",
    "plan_adjustment": "deadline.plan_adjustment_days",
    "item_list_adjustment": "deadline.item_list_adjustment_days",
}
DUE_SOON_KEY = "deadline.due_soon_days"


@dataclass(frozen=True)
class DeadlineSettings:
    """The configurable limits, in working days."""

    publication: int = DEADLINE_RULES["publication"]
    dispatch: int = DEADLINE_RULES["dispatch"]
    inspector_choice: int = DEADLINE_RULES["inspector_choice"]
    plan_adjustment: int = DEADLINE_RULES["plan_adjustment"]
    item_list_adjustment: int = DEADLINE_RULES["item_list_adjustment"]
    due_soon: int = 5  # "即将到期" when this many working days or fewer remain

    def days(self, rule: str) -> int:
        return int(getattr(self, rule))


def settings_from_session(session: Session) -> DeadlineSettings:
    values = {
        rule: int(get_setting(session, key, DEADLINE_RULES[rule]))
        for rule, key in SETTING_KEYS.items()
    }
    return DeadlineSettings(**values, due_soon=int(get_setting(session, DUE_SOON_KEY, 5)))


def due_or_none(calendar: WorkCalendar, start: date, days: int) -> date | None:
    """The due date, or None while the calendar lacks its year (filled in when it is added)."""
    try:
        return calendar.add_working_days(start, days)
    except MissingCalendarYearError:
        return None


def fill_missing_due_dates(session: Session, calendar: WorkCalendar) -> int:
    """Computes due dates left empty for lack of calendar data; returns how many."""
    days = settings_from_session(session).publication
    count = 0
    for r in session.scalars(
        select(Result).where(
            Result.completed_on.is_not(None),
            Result.publish_due_on.is_(None),
            Result.status != ResultState.PUBLISHED,
        )
    ):
        due = due_or_none(calendar, r.completed_on, days)  # type: ignore[arg-type]
        if due is not None:
            r.publish_due_on = due
            count += 1
    return count


def recompute_due_dates(session: Session, calendar: WorkCalendar, days: int) -> int:
    """After the publication limit changed: new due dates for every unpublished result."""
    count = 0
    for r in session.scalars(
        select(Result).where(
            Result.completed_on.is_not(None), Result.status != ResultState.PUBLISHED
        )
    ):
        r.publish_due_on = due_or_none(calendar, r.completed_on, days)  # type: ignore[arg-type]
        count += 1
    return count
