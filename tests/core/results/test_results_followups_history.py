"""后续处置 and per-business history (多头检查 / 重复检查, last inspection dates)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.core.domain.errors import ConflictError, ValidationError
from app.core.services.results import followups, inspection_history, results
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.results import record_result_completion
from app.core.storage.models import Department, Result, Target, Task, Visit


def test_transfer_needs_a_party_and_correction_a_due_date(sample_workspace) -> None:
    ws = sample_workspace
    rid = results.list_results(ws, statuses=["已公示"])[0].id
    with pytest.raises(ValidationError, match="接收单位"):
        followups.add_follow_up(ws, rid, kind="移送")
    with pytest.raises(ValidationError, match="改正期限"):
        followups.add_follow_up(ws, rid, kind="责令改正")
    fid = followups.add_follow_up(
        ws, rid, kind="移送", to_party="五原县应急管理局", note="涉及安全生产"
    )
    open_ids = {f.id for f in followups.list_follow_ups(ws, open_only=True)}
    assert fid in open_ids
    with pytest.raises(ValidationError, match="完结情况"):
        followups.complete_follow_up(ws, fid, completed_on=date(2026, 8, 1), note="")
    followups.complete_follow_up(ws, fid, completed_on=date(2026, 8, 1), note="应急管理局已立案")
    done = next(f for f in followups.list_follow_ups(ws) if f.id == fid)
    assert (done.status, done.completed_on) == ("已完结", date(2026, 8, 1))
    assert "应急管理局已立案" in done.note
    assert fid not in {f.id for f in followups.list_follow_ups(ws, open_only=True)}
    with pytest.raises(ConflictError):
        followups.complete_follow_up(ws, fid, completed_on=date(2026, 8, 2), note="again")


def test_an_overdue_correction_is_flagged(sample_workspace) -> None:
    ws = sample_workspace
    res = results.list_results(ws, statuses=["通过"])[0]
    fid = followups.add_follow_up(ws, res.id, kind="责令改正", due_on=date(2026, 8, 31))
    row = next(f for f in followups.list_follow_ups(ws, today=date(2026, 9, 1)) if f.id == fid)
    assert row.overdue and row.target_name == res.target_name


def test_follow_up_only_after_the_check(sample_workspace) -> None:
    open_result = results.list_results(sample_workspace, statuses=["待检查", "检查中"])[0]
    with pytest.raises(ConflictError):
        followups.add_follow_up(sample_workspace, open_result.id, kind="其他", note="x")


def _second_check(ws, target_id: int, dept_code: str, on: date) -> int:
    """Another department's separate visit to the same business, completed on `on`."""
    with ws.db.session() as s:
        dept = s.scalars(select(Department).where(Department.code == dept_code)).one()
        task = s.scalars(select(Task)).first()
        visit = Visit(task_id=task.id, target_id=target_id, source="manual", status="已完成")
        s.add(visit)
        s.flush()
        r = Result(visit_id=visit.id, department_id=dept.id, result_codes=["1"])
        s.add(r)
        s.flush()
        record_result_completion(
            s, ws.actor, r, on, calendar=calendar_from_session(s), publication_days=20
        )
        return r.id


def test_history_shows_every_department_and_flags_multiple_checks(sample_workspace) -> None:
    ws = sample_workspace
    first = results.list_results(ws, statuses=["已公示"], department_code="市场监管")[0]
    _second_check(ws, first.target_id, "应急管理", date(2026, 9, 1))
    h = inspection_history.business_history(ws, first.target_id)
    depts = {e.department for e in h.entries}
    assert {"五原县市场监督管理局", "五原县应急管理局"} <= depts
    assert h.multi_department and any("多头检查" in n for n in h.notes)
    assert h.last_inspected_on == date(2026, 9, 1)
    flagged = {f.target_id: f for f in inspection_history.flagged_businesses(ws, year=2026)}
    assert flagged[first.target_id].multi_department


def test_repeated_checks_by_one_department(sample_workspace) -> None:
    ws = sample_workspace
    first = results.list_results(ws, statuses=["已公示"], department_code="市场监管")[0]
    _second_check(ws, first.target_id, "市场监管", date(2026, 10, 9))
    h = inspection_history.business_history(ws, first.target_id)
    assert h.repeated and any("重复检查" in n for n in h.notes)


def test_last_inspection_dates_for_the_no_disturbance_exclusion(sample_workspace) -> None:
    ws = sample_workspace
    done = results.list_results(ws, statuses=["已公示"])
    dates = inspection_history.last_inspection_dates(ws, [r.target_id for r in done])
    for r in done:
        assert dates[r.target_id] >= r.completed_on
    with ws.db.read_session() as s:  # kept on the registry row too
        for r in done:
            assert s.get(Target, r.target_id).last_inspected_on >= r.completed_on
    never = inspection_history.last_inspection_dates(ws, [10**9])
    assert never == {}


def test_find_businesses_by_name_or_code(sample_workspace) -> None:
    r = results.list_results(sample_workspace)[0]
    found = inspection_history.find_businesses(sample_workspace, r.target_code[-8:])
    assert (r.target_id, r.target_name, r.target_code) in found
