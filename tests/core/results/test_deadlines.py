"""Deadlines on the database's calendar: due soon / overdue lists, gaps, user years, settings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.domain.calendar import parse_holiday_file
from app.core.domain.errors import PermissionDenied, ValidationError
from app.core.domain.roles import Actor, Role
from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import calendar as calendar_service
from app.core.services.results import deadlines, results
from app.core.storage.models import Result

USER_2027 = """\
来源：测试用2027年安排（非官方）
2027-01-01~2027-01-03 休 元旦
2027-02-06~2027-02-12 休 春节
2027-02-14 班
"""


def _publication(found, result_id):
    return next(i for i in found.items if i.rule == "publication" and i.result_id == result_id)


def test_three_results_due_next_tuesday_across_duanwu(sample_workspace) -> None:
    # scenarios.md 5.3: on Saturday 2026-06-20 (端午 is 06-19..21) the status bar warns about
    # results completed 2026-05-25 that reach their 20-working-day limit on Tuesday 06-23.
    found = deadlines.list_deadlines(sample_workspace, today=date(2026, 6, 20))
    tuesday = [i for i in found.items if i.rule == "publication" and i.start == date(2026, 5, 25)]
    assert len(tuesday) == 3
    assert all(
        i.due == date(2026, 6, 23) and i.remaining == 2 and i.state == "即将到期" for i in tuesday
    )
    summary = deadlines.deadline_summary(sample_workspace, today=date(2026, 6, 20))
    assert summary.due_soon == len(found.due_soon) >= 3
    assert summary.overdue == len(found.overdue)


def test_overdue_and_published_results(sample_workspace) -> None:
    found = deadlines.list_deadlines(sample_workspace, today=date(2026, 11, 22))
    overdue = [i for i in found.items if i.rule == "publication" and i.state == "已逾期"]
    assert overdue, "the sample has an overdue result"
    assert all(i.due < date(2026, 11, 22) and i.remaining < 0 for i in overdue)
    published = {r.id for r in results.list_results(sample_workspace, statuses=["已公示"])}
    assert not published & {i.result_id for i in found.items}
    # most urgent first
    states = [i.state for i in found.items]
    assert states == sorted(states, key=["已逾期", "日历缺失", "即将到期", "未到期"].index)


def test_a_deadline_in_a_year_without_data_is_listed_as_such_until_the_year_is_added(
    sample_workspace,
) -> None:
    ws = sample_workspace
    rid = results.list_results(ws, statuses=["已完成"])[0].id
    with ws.db.session() as s:
        r = s.get(Result, rid)
        r.completed_on, r.publish_due_on = date(2026, 12, 18), None
    found = deadlines.list_deadlines(ws, today=date(2026, 12, 21))
    item = _publication(found, rid)
    assert item.state == "日历缺失" and item.due is None and "2027" in item.note
    assert found.missing_years == (2027,)
    calendar_service.import_calendar_file(ws, USER_2027.encode())
    with ws.db.read_session() as s:
        assert s.get(Result, rid).publish_due_on is not None  # filled in when the year arrives
    item = _publication(deadlines.list_deadlines(ws, today=date(2026, 12, 21)), rid)
    # 12-21..31: 9 working days; 2027-01-01..03 off; then 11 more → 2027-01-18.
    assert item.due == date(2027, 1, 18) and item.state == "未到期"


def test_user_years_are_stored_in_the_database_and_shared(sample_db, sample_workspace) -> None:
    ws = sample_workspace
    with pytest.raises(Exception, match="2027"):
        calendar_service.load_calendar(ws).add_working_days(date(2026, 12, 25), 5)
    calendar_service.save_calendar_year(ws, parse_holiday_file(USER_2027))
    other = open_workspace(sample_db)  # another workstation on the same database
    try:
        assert calendar_service.load_calendar(other).add_working_days(
            date(2026, 12, 25), 5
        ) == date(2027, 1, 4)
        years = {i.year: i for i in calendar_service.calendar_years(other)}
        assert years[2027].origin == "user" and years[2026].origin == "shipped"
        assert years[2027].make_up_days == 1
    finally:
        other.db.dispose()
    calendar_service.delete_calendar_year(ws, 2027)
    assert 2027 not in calendar_service.load_calendar(ws).covered_years()


def test_adding_a_year_needs_a_source_and_the_right(sample_workspace) -> None:
    cal = parse_holiday_file(USER_2027.replace("来源：测试用2027年安排（非官方）\n", ""))
    with pytest.raises(ValidationError, match="来源"):
        calendar_service.save_calendar_year(sample_workspace, cal)
    with pytest.raises(PermissionDenied):
        calendar_service.import_calendar_file(
            sample_workspace.as_actor(Actor("z", Role.INSPECTOR)), USER_2027
        )


def test_changing_the_publication_limit_moves_open_due_dates(sample_workspace) -> None:
    ws = sample_workspace
    settings = deadlines.deadline_settings(ws)
    assert (
        settings.publication,
        settings.dispatch,
        settings.inspector_choice,
        settings.plan_adjustment,
    ) == (20, 5, 5, 10)
    deadlines.update_deadline_settings(ws, deadlines.DeadlineSettings(publication=15))
    with ws.db.read_session() as s:
        r = s.scalars(select(Result).where(Result.completed_on == date(2026, 5, 25))).first()
        assert r.publish_due_on == date(2026, 6, 15)  # 15 working days (20 gave 06-23)
    with pytest.raises(ValidationError):
        deadlines.update_deadline_settings(ws, deadlines.DeadlineSettings(publication=0))


def test_dispatch_and_inspector_choice_follow_the_target_draw(sample_workspace) -> None:
    found = deadlines.list_deadlines(sample_workspace, today=date(2026, 4, 9))
    task_rules = {i.rule for i in found.items if i.task_id is not None and i.result_id is None}
    # The sample's draw (2026-04-08) has teams for every visit: nothing outstanding for it.
    assert "dispatch" not in task_rules
