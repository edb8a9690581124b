"""One consistent result per form: a visit's results follow its current signed form.

A result (检查结果 of one department) is derived from the visit's completed form when the form
is completed (inspections.complete_inspection). Anything else that changes which form stands —
a sync conflict resolved either way, a result arriving from a laptop — goes through
`checklist.visit_results.rederive_results` in the same transaction, so no result is left saying 未发现问题 while the
signed form says 发现问题已责令改正. `contradiction` is the check publication and approval make
before a result goes public.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.checklist import FormData
from app.core.domain.errors import ConflictError
from app.core.domain.states import FormState
from app.core.storage.models import Department, Inspection, Result, Target, Visit


def current_completed_form(s: Session, visit_id: int) -> Inspection | None:
    """The signed form that stands for a visit: its newest completed version (None if none)."""
    return s.scalars(
        select(Inspection)
        .where(Inspection.visit_id == visit_id, Inspection.status == FormState.COMPLETED)
        .order_by(Inspection.version_no.desc())
    ).first()


def codes_of(value: Any) -> list[str]:
    return [str(c) for c in (value or [])]


def business_name(s: Session, visit_id: int) -> str:
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
    who = f"{business_name(s, r.visit_id)}（{dept.short_name if dept else ''}）"
    if r.inspection_id != form.id:
        return f"{who}的检查结果不是依据现行的已签名检查表（第{form.version_no}版）生成的"
    if codes_of(r.result_codes) != codes_of(list(FormData.of(form.data).result_codes)):
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
