"""A visit's results from its form: one result per department of the visit's items (谁检查、
谁录入、谁公示), entered when the form is completed, and made to follow the current signed form
again when a sync or a correction changes which form that is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.checklist import NO, FormData, ItemNotes
from app.core.domain.errors import ConflictError
from app.core.domain.localtime import local_now
from app.core.domain.roles import Actor
from app.core.domain.states import ResultState, VisitState, transition
from app.core.services.results import results as results_service
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.due_dates import settings_from_session
from app.core.services.results.form_results import business_name, codes_of, current_completed_form
from app.core.services.results.results import move_result
from app.core.storage.models import Department, Inspection, Result, Visit

RESULT_STATE_WORDS: dict[str, str] = {
    ResultState.IN_REVIEW: "已提交审核",
    ResultState.APPROVED: "已审核通过",
    ResultState.PUBLISHED: "已公示",
}


def results_of(s: Session, visit: Visit, header: dict[str, Any]) -> list[Result]:
    """Each department of the visit's items has its own result (谁检查、谁录入、谁公示)."""
    out: list[Result] = []
    for dept_id in dict.fromkeys(i["department_id"] for i in header.get("items", [])):
        r = s.scalars(
            select(Result).where(Result.visit_id == visit.id, Result.department_id == dept_id)
        ).first()
        if r is None:
            r = Result(visit_id=visit.id, department_id=dept_id, status=ResultState.WAITING)
            s.add(r)
            s.flush()
        out.append(r)
    return out


def _item_results(insp: Inspection, dept_code: str) -> list[dict[str, Any]]:
    data = FormData.of(insp.data)
    out = []
    for item in insp.header.get("items", []):
        if item.get("department_code") != dept_code:
            continue
        notes = data.items.get(item["code"], ItemNotes())
        issues = sum(1 for v in (data.answers.get(item["code"]) or {}).values() if v == NO)
        out.append(
            {
                "item_code": item["code"],
                "item_name": item["name"],
                "result": "发现问题" if issues else "未发现问题",
                "findings": notes.findings,
                "disposal": notes.disposal,
            }
        )
    return out


def complete_results(s: Session, actor: Actor, visit: Visit, insp: Inspection) -> None:
    today = (insp.ended_at or local_now()).date()
    for r in results_of(s, visit, insp.header):
        dept = s.get(Department, r.department_id)
        if r.adopted_from_id is not None:
            # 结果互认: this department took another's recent result instead of checking; the
            # form neither overwrites it nor waits for it (it may be published already).
            continue
        if r.status in (ResultState.IN_REVIEW, ResultState.APPROVED, ResultState.PUBLISHED):
            raise ConflictError(
                f"{dept.name if dept else ''}的检查结果{RESULT_STATE_WORDS.get(r.status, r.status)}，需先退回才能更正。"
                " / The result is under review or published; return it first."
            )
        r.inspection_id = insp.id
        r.result_codes = list(FormData.of(insp.data).result_codes)
        r.item_results = _item_results(insp, dept.code if dept else "")
        _record_completion(s, actor, r, today)


def _record_completion(s: Session, actor: Actor, r: Result, completed_on: Any) -> None:
    """Hands the result to the results service (due date by the working-day calendar)."""
    results_service.record_result_completion(
        s,
        actor,
        r,
        completed_on,
        calendar=calendar_from_session(s),
        publication_days=settings_from_session(s).publication,
    )


# A visit's results follow its current signed form (results/form_results.py says why).
REDERIVED_NOTE = "所采用的检查表与原结果不同，已按检查表重新生成，需重新提交审核"


def rederive_results(s: Session, actor: Actor, visit_id: int) -> int:
    """Makes each result of the visit say what its current completed form says (same
    transaction as the caller). A result under review or approved that changes goes back
    (退回 → 已完成) to be reviewed again; a published one that would change is refused.
    Returns how many results changed."""
    form = current_completed_form(s, visit_id)
    if form is None:
        return 0
    visit = s.get(Visit, visit_id)
    assert visit is not None
    completed_on = (form.ended_at or form.completed_at or form.updated_at).date()
    changed = 0
    for r in results_of(s, visit, form.header):
        dept = s.get(Department, r.department_id)
        codes = codes_of(list(FormData.of(form.data).result_codes))
        items = _item_results(form, dept.code if dept else "")
        if (
            r.inspection_id == form.id
            and codes_of(r.result_codes) == codes
            and r.item_results == items
        ):
            continue
        if r.status == ResultState.PUBLISHED:
            raise ConflictError(
                f"{business_name(s, visit_id)}的检查结果已公示，与所采用的检查表（第{form.version_no}版）不一致，"
                "不能自动改写；请保留已公示的版本，或先按规定更正公示。"
                " / The published result would change; keep the published version."
            )
        if r.status in (ResultState.IN_REVIEW, ResultState.APPROVED):
            move_result(s, actor, r, ResultState.RETURNED, note=REDERIVED_NOTE)
        r.inspection_id = form.id
        r.result_codes = codes
        r.item_results = items
        if (
            r.status in (ResultState.WAITING, ResultState.CHECKING, ResultState.RETURNED)
            or r.completed_on is None
            or r.publish_due_on is None
        ):
            _record_completion(s, actor, r, completed_on)
        changed += 1
    if visit.status != VisitState.DONE and not visit.is_cancelled:
        visit.status = transition(VisitState, visit.status, VisitState.DONE)
    return changed
