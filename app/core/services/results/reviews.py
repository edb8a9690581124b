"""结果审核: submitting results for review and the review itself (通过 / 退回, one or two levels,
batch), with its undo before publication; who may review which department's results.

Each department reviews its own results (谁检查、谁录入、谁公示); every move is checked
against domain.states and leaves a ResultEvent plus an audit event. The results themselves
(their rows, history and due dates) are services/results/results.py; publication is
services/results/publication.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import (
    ConflictError,
    NotFoundError,
    ValidationError,
)
from app.core.domain.roles import Permission
from app.core.domain.states import (
    FormState,
    ResultState,
    Verdict,
    take_back,
)
from app.core.services.kernel import undo
from app.core.services.kernel.accountability import refuse_foreign_results, review_levels
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version, check_versions
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import (
    Department,
    Inspection,
    Result,
    ResultEvent,
    ReviewDecision,
    Target,
    Visit,
    utcnow,
)

from .form_results import current_completed_form, refuse_contradictions
from .results import (
    ResultId,
    ResultRow,
    list_results,
    move_result,
    next_review_level,
    review_round,
)

__all__ = [
    "ReviewDecisionRow",
    "approve_results",
    "result_review_decisions",
    "return_results",
    "review_decisions",
    "review_queue",
    "review_scope",
    "submit_for_review",
]


def review_scope(ws: Workspace) -> str:
    """What the review list holds for this user, in words ("" when county-wide)."""
    if ws.actor.department_id is None or not ws.actor.can(Permission.REVIEW):
        return ""

    with ws.db.read_session() as s:
        dept = s.get(Department, ws.actor.department_id)
        if dept is None:
            return ""
        levels = " → ".join((*review_levels(s, dept.id), "公示"))
    return f"本部门：{dept.name}（只列出、审核和公示本部门的检查结果；审核流程：{levels}）"


def review_queue(ws: Workspace, *, department_code: str | None = None) -> tuple[ResultRow, ...]:
    """待审核 results, oldest first (the supervisor's queue: their own department's only)."""
    return list_results(ws, statuses=[ResultState.IN_REVIEW], department_code=department_code)


@dataclass(frozen=True)
class ReviewDecisionRow:
    """One level's decision: printed on the sheet and filed in the archive."""

    round: int
    level_no: int
    level_name: str
    decision: str  # 通过 / 退回
    actor: str
    actor_name: str
    at: datetime
    note: str | None


def _refuse_second_level_by_same_person(
    session: Session, username: str, results: Sequence[Result]
) -> None:
    """Separation of duty: a person who decided one review level of a result in this round
    does not decide another (组长审核 and 分管领导审批 are two people's decisions)."""
    for r in results:
        if r.status != ResultState.IN_REVIEW:
            continue
        earlier = session.scalars(
            select(ReviewDecision).where(
                ReviewDecision.result_id == r.id,
                ReviewDecision.round == review_round(session, r),
                ReviewDecision.actor == username,
            )
        ).first()
        if earlier is not None:
            _no, level = next_review_level(session, r)
            raise ValidationError(
                f"检查结果“{_describe(session, r)}”的“{earlier.level_name}”已由您决定，"
                f"“{level}”须由另一人决定（审核分级，一人不能决定两级）。未做任何更改。"
            )


def review_decisions(session: Session, result_id: int) -> tuple[ReviewDecisionRow, ...]:
    """Every level decision on a result, oldest first (all rounds)."""
    return tuple(
        ReviewDecisionRow(
            d.round, d.level_no, d.level_name, d.decision, d.actor, d.actor_name, d.at, d.note
        )
        for d in session.scalars(
            select(ReviewDecision)
            .where(ReviewDecision.result_id == result_id)
            .order_by(ReviewDecision.at, ReviewDecision.id)
        )
    )


def result_review_decisions(ws: Workspace, result_id: ResultId) -> tuple[ReviewDecisionRow, ...]:
    with ws.db.read_session() as s:
        if s.get(Result, result_id) is None:
            raise NotFoundError(f"没有编号为{result_id}的检查结果")
        return review_decisions(s, result_id)


def _load_for_batch(session: Session, ids: Sequence[ResultId]) -> list[Result]:
    if not ids:
        raise ValidationError("没有选择任何检查结果")
    found = {r.id: r for r in session.scalars(select(Result).where(Result.id.in_(set(ids))))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"没有这些检查结果：{'、'.join(missing)}")
    return [found[i] for i in dict.fromkeys(ids)]


def _describe(session: Session, r: Result) -> str:
    visit = session.get(Visit, r.visit_id)
    target = session.get(Target, visit.target_id) if visit else None
    dept = session.get(Department, r.department_id)
    return f"{target.name if target else r.visit_id}（{dept.short_name if dept else ''}）"


def _refuse_unless(session: Session, results: list[Result], allowed: set[str], action: str) -> None:
    wrong = [
        f"{_describe(session, r)}：当前为“{r.status}”" for r in results if r.status not in allowed
    ]
    if wrong:
        raise ConflictError(
            f"{len(wrong)}项检查结果不能{action}（需为“{'、'.join(sorted(allowed))}”），未做任何更改。"
            f"第一项：{wrong[0]}",
            details=wrong,
        )


def _refuse_open_corrections(
    session: Session, results: list[Result], then: str = "请检查人员完成更正后再提交审核"
) -> None:
    """A result goes to review only from a finished form: while the inspector is correcting the
    visit's form (a newer draft version), the stored result is the old one and would be
    reviewed and published from it; the correction would then be refused at 完成检查."""
    visits = {r.visit_id for r in results}
    drafts = {
        visit_id: version
        for visit_id, version in session.execute(
            select(Inspection.visit_id, Inspection.version_no).where(
                Inspection.visit_id.in_(visits),
                Inspection.status == FormState.DRAFT,
                Inspection.previous_id.is_not(None),
            )
        )
    }
    open_ = [
        f"{_describe(session, r)}：检查表正在更正（第{drafts[r.visit_id]}版未完成）"
        for r in results
        if r.visit_id in drafts
    ]
    if open_:
        raise ConflictError(
            f"{len(open_)}项检查结果的检查表正在更正，{then}，未做任何更改。第一项：{open_[0]}",
            details=open_,
        )


def submit_for_review(
    ws: Workspace,
    result_ids: Sequence[ResultId],
    *,
    note: str | None = None,
    base_versions: Mapping[ResultId, int] | None = None,
) -> Changes:
    """已完成 (or 退回 after the inspector's correction) → 待审核. Results must be entered.
    `base_versions`: result id → the version the list showed (a stale one is refused)."""
    ws.require(Permission.FILL_FORMS)
    with ws.db.session() as s:
        results = _load_for_batch(s, result_ids)
        check_versions(s, results, base_versions, what=lambda r: f"检查结果“{_describe(s, r)}”")
        _refuse_unless(s, results, {ResultState.DONE, ResultState.RETURNED}, "提交审核")
        _refuse_open_corrections(s, results)
        empty = [f"{_describe(s, r)}：未录入检查结果" for r in results if not r.result_codes]
        if empty:
            raise ValidationError(
                f"{len(empty)}项检查结果未录入，不能提交审核。第一项：{empty[0]}", details=empty
            )
        for r in results:
            if r.status == ResultState.RETURNED:
                move_result(s, ws.actor, r, ResultState.DONE, note="检查人员修改后重新提交")
            move_result(s, ws.actor, r, ResultState.IN_REVIEW, note=note)
        log_event(
            s,
            ws.actor,
            "result.submit",
            entity="result",
            summary=f"提交审核{len(results)}项检查结果",
            detail={"results": [r.uid for r in results]},
        )
    return Changes.of(Area.RESULTS, Area.DEADLINES, message=f"已提交审核{len(results)}项")


def _review(
    ws: Workspace,
    result_ids: Sequence[ResultId],
    *,
    allowed: set[str],
    verb: str,
    to: str,
    note: str | None,
    action: str,
    note_key: str,
    summary: Callable[[int], str],
    base_versions: Mapping[ResultId, int] | None,
) -> tuple[int, int, list[_Reviewed]]:
    """One review decision on a batch, all or nothing: each result moves to `to` with the
    reviewer, time and note recorded; one audit event `result.<action>` (the note under
    `note_key`, `summary(count)`). Each 待审核 result's decision is recorded at its
    department's current review level (ReviewDecision); an approval below the last level
    leaves the result 待审核 for the next level. Returns (moved, advanced a level, what an undo
    needs to take the decision back)."""

    now = utcnow()
    with ws.db.session() as s:
        results = _load_for_batch(s, result_ids)
        refuse_foreign_results(s, ws.actor, results, verb)
        check_versions(s, results, base_versions, what=lambda r: f"检查结果“{_describe(s, r)}”")
        _refuse_unless(s, results, allowed, verb)
        if to == ResultState.APPROVED:
            refuse_contradictions(s, results, verb)
        _refuse_second_level_by_same_person(s, ws.actor.username, results)
        moved, advanced, levels_done = 0, 0, []
        before = {r.id: (r.status, r.reviewed_by, r.reviewed_at, r.review_note) for r in results}
        decisions: dict[int, ReviewDecision] = {}
        for r in results:
            final = True
            if r.status == ResultState.IN_REVIEW:
                level_no, level_name = next_review_level(s, r)
                decisions[r.id] = ReviewDecision(
                    result_id=r.id,
                    round=review_round(s, r),
                    level_no=level_no,
                    level_name=level_name,
                    decision=Verdict.APPROVE if to == ResultState.APPROVED else Verdict.RETURN,
                    actor=ws.actor.username,
                    actor_name=ws.actor.display_name or ws.actor.username,
                    at=now,
                    note=note,
                )
                s.add(decisions[r.id])
                levels_done.append({"result": r.uid, "level": level_name})
                final = to != ResultState.APPROVED or level_no >= len(
                    review_levels(s, r.department_id)
                )
            if final:
                move_result(s, ws.actor, r, to, note=note)
                r.reviewed_by, r.reviewed_at, r.review_note = ws.actor.username, now, note
                moved += 1
            else:
                r.review_note = note
                advanced += 1
        log_event(
            s,
            ws.actor,
            f"result.{action}",
            entity="result",
            summary=summary(len(results)),
            detail={"results": [r.uid for r in results], note_key: note, "levels": levels_done},
        )
        s.flush()
        kept = [
            _Reviewed(
                r.uid,
                _describe(s, r),
                r.version,
                *before[r.id],
                decisions[r.id].id if r.id in decisions else None,
            )
            for r in results
        ]
        return moved, advanced, kept


@dataclass(frozen=True)
class _Reviewed:
    """A result as a review decision found it, for taking the decision back."""

    uid: str
    what: str  # the business and department, as lists show them
    version: int  # the version the decision left
    status: str
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    decision_id: int | None  # the ReviewDecision the decision recorded, if at a review level


def _record_review_undo(ws: Workspace, verb: str, kept: list[_Reviewed]) -> None:
    """A review decision can be taken back (编辑 → 撤销) until anything else happens to its
    results: a later level's decision, publication or the inspector's correction."""
    label = f"{verb}“{kept[0].what}”" if len(kept) == 1 else f"{verb}{len(kept)}项检查结果"
    undo.record(ws, label, lambda ws2, step: _undo_review(ws2, step, kept))


def _undo_review(ws: Workspace, label: str, kept: list[_Reviewed]) -> Changes:
    """撤销 审核通过 / 退回: every result back to the state, reviewer and note it had, its
    review-level decision removed, a ResultEvent saying so. All or nothing, through the gate."""
    ws.require(Permission.REVIEW)
    with ws.db.session() as s:
        results = []
        for k in kept:
            r = s.scalars(select(Result).where(Result.uid == k.uid)).first()
            if r is None:
                raise NotFoundError(f"检查结果已不存在，不能撤销：{label}")
            check_version(s, r, k.version, what=f"检查结果“{_describe(s, r)}”")
            results.append(r)
        _refuse_open_corrections(s, results, then=f"不能撤销{Verdict.RETURN}")
        statuses = [r.status for r in results]
        for k, r in zip(kept, results, strict=True):
            if k.decision_id is not None:
                decision = s.get(ReviewDecision, k.decision_id)
                if decision is not None:
                    s.delete(decision)
            if r.status != k.status:
                previous = take_back(ResultState, r.status, k.status)
                s.add(
                    ResultEvent(
                        result_id=r.id,
                        from_status=r.status,
                        to_status=previous,
                        actor=ws.actor.username,
                        note=f"撤销：{label}",
                    )
                )
                r.status = previous
            r.reviewed_by, r.reviewed_at, r.review_note = (
                k.reviewed_by,
                k.reviewed_at,
                k.review_note,
            )
        undo.log_undo(
            s,
            ws,
            label,
            entity="result",
            entity_uid=results[0].uid if len(results) == 1 else None,
            before={k.uid: after for k, after in zip(kept, statuses, strict=True)},
            after={r.uid: r.status for r in results},
        )
    return Changes.of(Area.RESULTS, Area.DEADLINES, Area.STATS, message=f"已撤销：{label}")


def without_signed_form(ws: Workspace, result_ids: Sequence[ResultId]) -> list[str]:
    """The businesses among these results whose visit has no signed (completed) 检查表: a
    reviewer is asked before approving a result nothing on file supports."""
    with ws.db.read_session() as s:
        out = []
        for rid in result_ids:
            result = s.get(Result, rid)
            if result is None or current_completed_form(s, result.visit_id) is not None:
                continue
            visit = s.get(Visit, result.visit_id)
            target = s.get(Target, visit.target_id) if visit is not None else None
            out.append(target.name if target is not None else str(rid))
        return out


def approve_results(
    ws: Workspace,
    result_ids: Sequence[ResultId],
    *,
    note: str | None = None,
    base_versions: Mapping[ResultId, int] | None = None,
) -> Changes:
    """Batch review: 待审核 → 通过, recording the reviewer and time. All or nothing."""
    ws.require(Permission.REVIEW)
    count, advanced, kept = _review(
        ws,
        result_ids,
        allowed={ResultState.IN_REVIEW},
        verb="审核通过",
        to=ResultState.APPROVED,
        note=note,
        action="approve",
        note_key="note",
        summary=lambda n: f"审核通过{n}项检查结果",
        base_versions=base_versions,
    )
    message = f"已审核通过{count}项"
    if advanced:
        message += f"；{advanced}项本级已通过，待下一级审批"
    _record_review_undo(ws, "审核通过", kept)
    return Changes.of(Area.RESULTS, Area.DEADLINES, Area.STATS, message=message)


def return_results(
    ws: Workspace,
    result_ids: Sequence[ResultId],
    *,
    reason: str,
    base_versions: Mapping[ResultId, int] | None = None,
) -> Changes:
    """Batch review: 待审核 / 通过 → 退回 with a reason the inspector sees. All or nothing."""
    ws.require(Permission.REVIEW)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回检查结果必须填写退回原因 / a reason is required")
    count, _advanced, kept = _review(
        ws,
        result_ids,
        allowed={ResultState.IN_REVIEW, ResultState.APPROVED},
        verb="退回",
        to=ResultState.RETURNED,
        note=reason,
        action="return",
        note_key="reason",
        summary=lambda n: f"退回{n}项检查结果：{reason}",
        base_versions=base_versions,
    )
    _record_review_undo(ws, Verdict.RETURN, kept)
    return Changes.of(Area.RESULTS, Area.DEADLINES, message=f"已退回{count}项")
