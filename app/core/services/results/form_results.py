"""One consistent result per form: a visit's results follow its current signed form.

A result (检查结果 of one department) is derived from the visit's completed form when the form
is completed (inspections.complete_inspection). Anything else that changes which form stands —
a sync conflict resolved either way, a result arriving from a laptop — goes through
`rederive_results` in the same transaction, so no result is left saying 未发现问题 while the
signed form says 发现问题已责令改正. `contradiction` is the check publication and approval make
before a result goes public.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError
from app.core.domain.roles import Actor
from app.core.storage.models import Department, Inspection, Result, Target, Visit

REDERIVED_NOTE = "所采用的检查表与原结果不同，已按检查表重新生成，需重新提交审核"


def current_completed_form(s: Session, visit_id: int) -> Inspection | None:
    """The signed form that stands for a visit: its newest completed version (None if none)."""
    return s.scalars(
        select(Inspection)
        .where(Inspection.visit_id == visit_id, Inspection.status == "completed")
        .order_by(Inspection.version_no.desc())
    ).first()


def _codes(value: Any) -> list[str]:
    return [str(c) for c in (value or [])]


def _business(s: Session, visit_id: int) -> str:
    visit = s.get(Visit, visit_id)
    target = s.get(Target, visit.target_id) if visit else None
    return target.name if target else f"检查 {visit_id}"


def contradiction(s: Session, r: Result) -> str | None:
    """Why a result does not say what its visit's signed form says, or None when it does.

    A result with no completed form behind it (entered without a form) is not judged here."""
    form = current_completed_form(s, r.visit_id)
    if form is None:
        return None
    dept = s.get(Department, r.department_id)
    who = f"{_business(s, r.visit_id)}（{dept.short_name if dept else ''}）"
    if r.inspection_id != form.id:
        return f"{who}的检查结果不是依据现行的已签名检查表（第{form.version_no}版）生成的"
    if _codes(r.result_codes) != _codes(form.data.get("result_codes")):
        return f"{who}的检查结果与已签名检查表（第{form.version_no}版）的检查结果不一致"
    return None


def refuse_contradictions(s: Session, results: list[Result], action: str) -> None:
    """ConflictError naming every business whose result contradicts its signed form."""
    bad = [why for r in results if (why := contradiction(s, r))]
    if bad:
        raise ConflictError(
            f"不能{action}："
            + "；".join(bad[:5])
            + ("等" if len(bad) > 5 else "")
            + "。请先处理同步冲突或更正检查表。 / A result contradicts its signed form."
        )


def rederive_results(s: Session, actor: Actor, visit_id: int) -> int:
    """Makes each result of the visit say what its current completed form says (same
    transaction as the caller). A result under review or approved that changes goes back
    (退回 → 已完成) to be reviewed again; a published one that would change is refused.
    Returns how many results changed."""
    from app.core.services.checklist.inspections import (
        _item_results,
        _record_completion,
        _results_of,
    )
    from app.core.services.results.results import move_result

    form = current_completed_form(s, visit_id)
    if form is None:
        return 0
    visit = s.get(Visit, visit_id)
    assert visit is not None
    completed_on = (form.ended_at or form.completed_at or form.updated_at).date()
    changed = 0
    for r in _results_of(s, visit, form.header):
        dept = s.get(Department, r.department_id)
        codes = _codes(form.data.get("result_codes"))
        items = _item_results(form, dept.code if dept else "")
        if (
            r.inspection_id == form.id
            and _codes(r.result_codes) == codes
            and r.item_results == items
        ):
            continue
        if r.status == "已公示":
            raise ConflictError(
                f"{_business(s, visit_id)}的检查结果已公示，与所采用的检查表（第{form.version_no}版）不一致，"
                "不能自动改写；请保留已公示的版本，或先按规定更正公示。"
                " / The published result would change; keep the published version."
            )
        if r.status in ("待审核", "通过"):
            move_result(s, actor, r, "退回", note=REDERIVED_NOTE)
        r.inspection_id = form.id
        r.result_codes = codes
        r.item_results = items
        if (
            r.status in ("待检查", "检查中", "退回")
            or r.completed_on is None
            or r.publish_due_on is None
        ):
            _record_completion(s, actor, r, completed_on)
        changed += 1
    if visit.status not in ("已完成",) and not visit.is_cancelled:
        visit.status = "已完成"
    return changed
