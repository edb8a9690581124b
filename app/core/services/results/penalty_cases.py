"""Follow-through to credit: 立案 → 处罚决定 → 结案 recorded under the business.

A case opened from a check's result (a problem found) carries its 案号 and dates; each step is
one audited event through the stale-save gate, in order (a decision needs a case, closing needs
a decision), dates never before the step before, refused for another department's result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import ResultId
from app.core.domain.localtime import local_today
from app.core.domain.normalize import check_visible
from app.core.domain.roles import Permission
from app.core.domain.states import PenaltyStage, transition
from app.core.services.kernel.accountability import refuse_other_departments
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.registry.targets import target_by_code
from app.core.storage.models import Department, PenaltyCase, Result, Target, Visit

__all__ = ["CaseRow", "cases_of", "cases_of_result", "close_case", "decide_case", "open_case"]


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_no: str
    stage: str
    department: str
    filed_on: date
    decided_on: date | None
    decision: str
    closed_on: date | None
    result_id: ResultId | None
    version: int


def _row(s, c: PenaltyCase) -> CaseRow:  # type: ignore[no-untyped-def]
    dept = s.get(Department, c.department_id)
    return CaseRow(c.id, c.case_no, c.stage, dept.name if dept else "", c.filed_on, c.decided_on,
                   c.decision or "", c.closed_on,
                   None if c.result_id is None else ResultId(c.result_id), c.version)  # fmt: skip


def open_case(
    ws: Workspace,
    result_id: ResultId,
    *,
    case_no: str,
    filed_on: date | None = None,
    note: str = "",
) -> CaseRow:
    """立案 from a check's result: the business, the department and the 案号 (unique)."""
    ws.require(Permission.REVIEW)
    case_no = check_visible((case_no or "").strip(), "案号")
    if not case_no or len(case_no) > 60:
        raise ValidationError("案号：必填，最多60个字。 / The case number is required.")
    filed_on = filed_on or local_today()
    with ws.db.session() as s:
        result = s.get(Result, result_id)
        if result is None:
            raise NotFoundError(f"没有编号为{result_id}的检查结果。")
        refuse_other_departments(s, ws.actor, [result.department_id], "立案处理")
        if result.completed_on and filed_on < result.completed_on:
            raise ValidationError(f"立案日期{filed_on}早于检查完成日期{result.completed_on}。")
        if s.scalar(select(PenaltyCase.id).where(PenaltyCase.case_no == case_no)):
            raise ConflictError(f"案号“{case_no}”已登记。 / The case number exists.")
        visit = s.get(Visit, result.visit_id)
        target = s.get(Target, visit.target_id) if visit else None
        assert target is not None
        case = PenaltyCase(target_id=target.id, result_id=result.id, department_id=result.department_id,
                           case_no=case_no, stage=PenaltyStage.FILED, filed_on=filed_on, note=note.strip() or None)  # fmt: skip
        s.add(case)
        s.flush()
        log_event(s, ws.actor, "case.file", entity="penalty_case", entity_uid=case.uid,
                  summary=f"{target.name}：立案 {case_no}（{filed_on}）",
                  detail={"result": result.uid, "case_no": case_no, "filed_on": filed_on.isoformat()})  # fmt: skip
        return _row(s, case)


def _load(s, ws: Workspace, case_id: int, base_version: int | None) -> PenaltyCase:  # type: ignore[no-untyped-def]
    case = s.get(PenaltyCase, case_id)
    if case is None:
        raise NotFoundError(f"没有编号为{case_id}的案件。")
    refuse_other_departments(s, ws.actor, [case.department_id], "处理", "的案件")
    check_version(s, case, base_version, what=f"案件“{case.case_no}”")
    return case


def decide_case(ws: Workspace, case_id: int, *, decided_on: date, decision: str,
                base_version: int | None = None) -> Changes:  # fmt: skip
    """处罚决定: the decision in words (e.g. 罚款5000元、责令改正) and its date."""
    ws.require(Permission.REVIEW)
    decision = check_visible((decision or "").strip(), "处罚决定")
    if not decision:
        raise ValidationError(
            "处罚决定：请写明决定内容（如 罚款5000元）。 / The decision is required."
        )
    with ws.db.session() as s:
        case = _load(s, ws, case_id, base_version)
        if case.stage != PenaltyStage.FILED:
            raise ConflictError(f"案件当前为“{case.stage}”，不能再作处罚决定。")
        if decided_on < case.filed_on:
            raise ValidationError(f"处罚决定日期{decided_on}早于立案日期{case.filed_on}。")
        case.stage = transition(PenaltyStage, case.stage, PenaltyStage.DECIDED)
        case.decided_on, case.decision = decided_on, decision
        log_event(s, ws.actor, "case.decide", entity="penalty_case", entity_uid=case.uid,
                  summary=f"{case.case_no}：处罚决定（{decided_on}）{decision}",
                  after={"stage": case.stage, "decision": decision})  # fmt: skip
    return Changes.of(Area.CASES, Area.FOLLOWUPS, Area.STATS, message="已登记处罚决定")


def close_case(
    ws: Workspace, case_id: int, *, closed_on: date, base_version: int | None = None
) -> Changes:
    """结案 after the decision."""
    ws.require(Permission.REVIEW)
    with ws.db.session() as s:
        case = _load(s, ws, case_id, base_version)
        if case.stage != PenaltyStage.DECIDED:
            raise ConflictError(f"案件当前为“{case.stage}”，须先作出处罚决定才能结案。")
        if case.decided_on and closed_on < case.decided_on:
            raise ValidationError(f"结案日期{closed_on}早于处罚决定日期{case.decided_on}。")
        case.stage = transition(PenaltyStage, case.stage, PenaltyStage.CLOSED)
        case.closed_on = closed_on
        log_event(s, ws.actor, "case.close", entity="penalty_case", entity_uid=case.uid,
                  summary=f"{case.case_no}：结案（{closed_on}）", after={"stage": PenaltyStage.CLOSED})  # fmt: skip
    return Changes.of(Area.CASES, Area.FOLLOWUPS, Area.STATS, message="已结案")


def cases_of(ws: Workspace, target_code: str) -> list[CaseRow]:
    """The cases recorded under a business (by USCC or 注册号), oldest first."""
    with ws.db.read_session() as s:
        target = target_by_code(s, target_code)
        return [
            _row(s, c)
            for c in s.scalars(
                select(PenaltyCase)
                .where(PenaltyCase.target_id == target.id)
                .order_by(PenaltyCase.filed_on, PenaltyCase.id)
            )
        ]


def cases_of_result(ws: Workspace, result_id: ResultId) -> list[CaseRow]:
    """The cases filed from one check's result (shown beside its review history)."""
    with ws.db.read_session() as s:
        q = select(PenaltyCase).where(PenaltyCase.result_id == result_id)
        return [_row(s, c) for c in s.scalars(q.order_by(PenaltyCase.filed_on, PenaltyCase.id))]
