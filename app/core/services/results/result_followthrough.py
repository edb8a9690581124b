"""After the check: 结果互认 (a department adopts another's recent result for the same
business instead of visiting again) and 不予公示 (withholding one result with a reason).

An adopted result names its source (Result.adopted_from_id), is recorded as completed by
adoption, and is counted once in statistics (services/stats leaves it out of the county
totals). A withheld result stays out of the 抽查结果公告 and is listed for the supervisor.
Both are one audited event each, through the stale-save gate, refused for another department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import ResultId, VisitId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import ResultState, VisitState, transition
from app.core.services.kernel.accountability import refuse_other_departments
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.users import department_by_code
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.due_dates import settings_from_session
from app.core.services.results.results import (
    code_texts,
    describe_codes,
    record_result_completion,
)
from app.core.storage.models import Department, Inspection, Result, Target, Task, Visit

__all__ = [
    "ADOPT_WINDOW_KEY",
    "Adoptable",
    "adopt_result",
    "adoptable_results",
    "adopt_window_days",
    "set_adopt_window_days",
    "withhold_result",
    "withheld_results",
]

ADOPT_WINDOW_KEY = "results.adopt_window_days"
DEFAULT_WINDOW = 180


@dataclass(frozen=True)
class Adoptable:
    """Another department's approved result for the same business, recent enough to adopt."""

    result_id: ResultId
    department: str
    completed_on: date
    status: str
    codes: tuple[str, ...]
    result_text: str = ""  # the codes in words (检查结果)


def adopt_window_days(ws: Workspace) -> int:
    with ws.db.read_session() as s:
        return int(get_setting(s, ADOPT_WINDOW_KEY, DEFAULT_WINDOW) or DEFAULT_WINDOW)


def set_adopt_window_days(ws: Workspace, days: int) -> Changes:
    ws.require(Permission.ADMINISTER)
    if not isinstance(days, int) or not 1 <= days <= 730:
        raise ValidationError("结果互认期限：1～730天。 / The adoption window is 1–730 days.")
    with ws.db.session() as s:
        before = get_setting(s, ADOPT_WINDOW_KEY, DEFAULT_WINDOW)
        set_setting(s, ADOPT_WINDOW_KEY, days)
        log_event(s, ws.actor, "settings.adopt_window", entity="setting",
                  summary=f"结果互认期限：{days}天", before={"days": before}, after={"days": days})  # fmt: skip
    return Changes.of(Area.SETTINGS)


def _candidates(s, target_id: int, department_id: int, since: date) -> list[Result]:  # type: ignore[no-untyped-def]
    return list(
        s.scalars(
            select(Result)
            .join(Visit, Visit.id == Result.visit_id)
            .where(
                Visit.target_id == target_id,
                ~Visit.is_cancelled,
                Result.department_id != department_id,
                Result.status.in_((ResultState.APPROVED, ResultState.PUBLISHED)),
                Result.adopted_from_id.is_(None),
                Result.completed_on >= since,
            )
            .order_by(Result.completed_on.desc(), Result.id.desc())
        )
    )


def adoptable_results(ws: Workspace, visit_id: VisitId, department: str) -> list[Adoptable]:
    """What `department` may adopt for the visit's business within the window."""
    with ws.db.read_session() as s:
        visit = s.get(Visit, visit_id)
        if visit is None:
            raise NotFoundError(f"没有编号为{visit_id}的检查对象（走访）。")
        dept = department_by_code(s, department)
        window = int(get_setting(s, ADOPT_WINDOW_KEY, DEFAULT_WINDOW) or DEFAULT_WINDOW)
        names = {d.id: d.name for d in s.scalars(select(Department))}
        texts = code_texts(s)
        return [
            Adoptable(
                ResultId(r.id),
                names.get(r.department_id, ""),
                r.completed_on,
                r.status,
                tuple(r.result_codes or []),
                describe_codes(r.result_codes or [], texts, public=False),
            )
            for r in _candidates(
                s, visit.target_id, dept.id, local_today() - timedelta(days=window)
            )
            if r.completed_on is not None  # (completed within the window, by the query)
        ]


def adopt_result(
    ws: Workspace, visit_id: VisitId, *, department: str, source_result_id: int, note: str = ""
) -> Changes:
    """结果互认: `department`'s result for this visit takes the source result's outcome
    (another department, same business, 通过 or 已公示, completed within the window). The
    visit needs no second check for this department; the result is 已完成 (adopted), goes
    through review and publication as usual, and statistics count the business once."""
    ws.require(Permission.REVIEW)
    today = local_today()
    with ws.db.session() as s:
        visit = s.get(Visit, visit_id)
        if visit is None or visit.is_cancelled:
            raise NotFoundError(f"没有编号为{visit_id}的检查对象（走访）。 / No visit {visit_id}.")
        dept = department_by_code(s, department)
        refuse_other_departments(s, ws.actor, [dept.id], "互认")
        source = s.get(Result, source_result_id)
        if source is None:
            raise NotFoundError(f"没有编号为{source_result_id}的检查结果。")
        window = int(get_setting(s, ADOPT_WINDOW_KEY, DEFAULT_WINDOW) or DEFAULT_WINDOW)
        allowed = {
            r.id for r in _candidates(s, visit.target_id, dept.id, today - timedelta(days=window))
        }
        if source.id not in allowed:
            raise ValidationError(
                f"检查结果{source_result_id}不能互认：须为同一市场主体、其他部门、已审核通过或已公示、"
                f"{window}天内完成的原始检查结果。 / Not adoptable (same business, another department, "
                f"approved, within {window} days)."
            )
        result = s.scalars(
            select(Result).where(Result.visit_id == visit.id, Result.department_id == dept.id)
        ).first()
        if result is None:
            result = Result(visit_id=visit.id, department_id=dept.id, status=ResultState.WAITING)
            s.add(result)
            s.flush()
        elif result.status not in (ResultState.WAITING, ResultState.CHECKING):
            raise ConflictError(f"本部门对该对象的检查结果已是“{result.status}”，不能再互认。")
        else:
            check_version(s, result, None, what="检查结果")
        target = s.get(Target, visit.target_id)
        src_dept = s.get(Department, source.department_id)
        result.result_codes = list(source.result_codes or [])
        result.adopted_from_id = source.id
        result.inspection_id = None  # it comes from the source, not from a form of this visit
        result.remark = (
            f"结果互认：采用{src_dept.name if src_dept else ''}{source.completed_on}的检查结果"
            + (f"（{note.strip()}）" if note.strip() else "")
        )

        record_result_completion(
            s, ws.actor, result, today, calendar=calendar_from_session(s),
            publication_days=settings_from_session(s).publication,
        )  # fmt: skip
        if not s.scalar(select(Inspection.id).where(Inspection.visit_id == visit.id)):
            check_version(s, visit, None, what=f"检查对象“{target.name if target else visit.id}”")
            if visit.status != VisitState.DONE:
                visit.status = transition(VisitState, visit.status, VisitState.DONE)
        log_event(
            s, ws.actor, "result.adopt", entity="result", entity_uid=result.uid,
            summary=f"{target.name if target else visit.id}：{dept.name}{result.remark}",
            detail={"source": source.uid, "department": dept.code, "window_days": window},
        )  # fmt: skip
    return Changes.of(Area.RESULTS, Area.STATS, Area.DEADLINES, message="已互认")


def withhold_result(ws: Workspace, result_id: ResultId, *, reason: str) -> Changes:
    """不予公示: one result stays out of the 抽查结果公告 (商业秘密、个人隐私 …, 贵阳 四(九)1),
    with the reason; listed for the supervisor, audited. An empty reason is refused."""
    ws.require(Permission.PUBLISH)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "不予公示须写明理由（如涉及商业秘密、个人隐私）。 / A reason is required."
        )
    with ws.db.session() as s:
        result = s.get(Result, result_id)
        if result is None:
            raise NotFoundError(f"没有编号为{result_id}的检查结果。")
        refuse_other_departments(s, ws.actor, [result.department_id], "决定不予公示")
        if result.status == ResultState.PUBLISHED:
            raise ConflictError("该结果已公示，不能再决定不予公示。 / Already published.")
        check_version(s, result, None, what="检查结果")
        result.withheld_reason = reason
        log_event(s, ws.actor, "result.withhold", entity="result", entity_uid=result.uid,
                  summary=f"检查结果{result_id}不予公示：{reason}", after={"reason": reason})  # fmt: skip
    return Changes.of(Area.RESULTS, message="已记录不予公示")


def lift_withholding(ws: Workspace, result_id: ResultId, *, reason: str) -> Changes:
    """恢复公示: a result withheld from publication is published again with the next 公告 —
    the decision reversed with its own reason, audited beside the original one."""
    ws.require(Permission.PUBLISH)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("恢复公示须写明理由（如保密期已过）。 / A reason is required.")
    with ws.db.session() as s:
        result = s.get(Result, result_id)
        if result is None:
            raise NotFoundError(f"没有编号为{result_id}的检查结果。")
        refuse_other_departments(s, ws.actor, [result.department_id], "恢复公示")
        if result.withheld_reason is None:
            raise ConflictError("该结果没有不予公示的决定，无需恢复。 / Not withheld.")
        check_version(s, result, None, what="检查结果")
        withheld, result.withheld_reason = result.withheld_reason, None
        log_event(s, ws.actor, "result.withhold_lift", entity="result", entity_uid=result.uid,
                  summary=f"检查结果{result_id}恢复公示：{reason}（原不予公示理由：{withheld}）",
                  before={"reason": withheld}, after={"lift_reason": reason})  # fmt: skip
    return Changes.of(Area.RESULTS, message="已恢复公示：该结果将随下一次抽查结果公告公开")


@dataclass(frozen=True)
class Withheld:
    result_id: ResultId
    task_no: str
    department: str
    target_name: str
    reason: str


def withheld_results(ws: Workspace) -> list[Withheld]:
    """Results kept out of publication, with their reasons — the supervisor's list (their own
    department's only, for an account with a department)."""

    with ws.db.read_session() as s:
        q = (
            select(Result, Visit, Target, Task, Department)
            .join(Visit, Visit.id == Result.visit_id)
            .join(Target, Target.id == Visit.target_id)
            .join(Task, Task.id == Visit.task_id)
            .join(Department, Department.id == Result.department_id)
            .where(Result.withheld_reason.is_not(None))
            .order_by(Result.id)
        )
        if ws.actor.department_id is not None:
            q = q.where(Result.department_id == ws.actor.department_id)
        return [
            Withheld(ResultId(r.id), task.task_no, dept.name, target.name, r.withheld_reason or "")
            for r, _v, target, task, dept in s.execute(q)
        ]
