"""结果审核与公示 flow per visit and department: submit, batch review (通过 / 退回), history.

Each department reviews and publishes its own results (谁检查、谁录入、谁公示); every move
is checked against domain.states (transition) and leaves a ResultEvent plus an audit event.
Publication itself (files + 已公示) lives in services.results.publication.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.calendar import WorkCalendar
from app.core.domain.errors import (
    ConflictError,
    MissingCalendarYearError,
    NotFoundError,
    ValidationError,
)
from app.core.domain.roles import Actor, Permission
from app.core.domain.states import (
    RESULT_STATES,
    FormState,
    ResultState,
    Verdict,
    take_back,
    transition,
)
from app.core.services.kernel import undo
from app.core.services.kernel.accountability import refuse_foreign_results, review_levels
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version, check_versions
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import (
    CodeEntry,
    Department,
    Inspection,
    Inspector,
    Result,
    ResultEvent,
    ReviewDecision,
    Target,
    Task,
    Visit,
    VisitMember,
    VisitTask,
    utcnow,
)

__all__ = [
    "ResultEventRow",
    "ResultRow",
    "approve_results",
    "code_texts",
    "fill_missing_due_dates",
    "list_results",
    "move_result",
    "recompute_due_dates",
    "record_result_completion",
    "result_events",
    "result_review_decisions",
    "review_decisions",
    "return_results",
    "review_queue",
    "review_scope",
    "submit_for_review",
]

ResultId = int


@dataclass(frozen=True)
class ResultRow:
    """检查结果 of one department for one visit, as lists and the review queue show it."""

    id: ResultId
    uid: str
    visit_id: int
    task_id: int
    task_no: str
    task_name: str
    target_id: int
    target_name: str
    target_code: str  # 统一社会信用代码, else 注册号
    department_code: str
    department_name: str
    status: str
    result_codes: tuple[str, ...]
    result_text: str  # internal wording of the codes
    public_text: str  # public wording (code table's public_text)
    completed_on: date | None
    publish_due_on: date | None
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_note: str | None
    published_on: date | None
    inspectors: str
    joint: bool
    version: int = 0  # the row version: pass back in base_versions with a review decision
    review_level: str = ""  # 待审核: the level that decides next (组长审核, 分管领导审批 …)
    adopted: bool = False  # 结果互认: adopted from another department's result


@dataclass(frozen=True)
class ResultEventRow:
    at: datetime
    actor: str | None
    from_status: str | None
    to_status: str
    note: str | None


def code_texts(session: Session, table: str = "result") -> dict[str, tuple[str, str]]:
    """code → (text, public text) from the user-editable code table."""
    rows = session.execute(
        select(CodeEntry.code, CodeEntry.text, CodeEntry.public_text).where(
            CodeEntry.table == table
        )
    ).all()
    return {code: (text, text if public is None else public) for code, text, public in rows}


def describe_codes(codes: Iterable[str], texts: dict[str, tuple[str, str]], *, public: bool) -> str:
    """Codes → "未发现问题" / "A；B" wording; an unknown code shows as itself (never dropped)."""
    parts = []
    for code in codes:
        text, public_text = texts.get(str(code), (str(code), str(code)))
        chosen = public_text if public else text
        if chosen:  # an empty public text hides the code from publication (e.g. a parent code)
            parts.append(chosen)
    return "；".join(parts)


def _target_code(t: Target) -> str:
    return t.uscc or t.reg_no or ""


def _rows(session: Session, results: Sequence[Result]) -> tuple[ResultRow, ...]:
    if not results:
        return ()
    texts = code_texts(session)
    visit_ids = {r.visit_id for r in results}
    visits = {v.id: v for v in session.scalars(select(Visit).where(Visit.id.in_(visit_ids)))}
    tasks = {
        t.id: t
        for t in session.scalars(
            select(Task).where(Task.id.in_({v.task_id for v in visits.values()}))
        )
    }
    targets = {
        t.id: t
        for t in session.scalars(
            select(Target).where(Target.id.in_({v.target_id for v in visits.values()}))
        )
    }
    depts = {d.id: d for d in session.scalars(select(Department))}
    names: dict[int, list[str]] = defaultdict(list)
    for visit_id, name in session.execute(
        select(VisitMember.visit_id, Inspector.name)
        .join(Inspector, Inspector.id == VisitMember.inspector_id)
        .where(VisitMember.visit_id.in_(visit_ids))
        .order_by(VisitMember.visit_id, VisitMember.position)
    ):
        names[visit_id].append(name)
    joint = set(
        session.scalars(select(VisitTask.visit_id).where(VisitTask.visit_id.in_(visit_ids)))
    )
    dept_count: dict[int, int] = defaultdict(int)
    for (visit_id,) in session.execute(
        select(Result.visit_id).where(Result.visit_id.in_(visit_ids))
    ):
        dept_count[visit_id] += 1
    pending = {r.id: r for r in results if r.status == ResultState.IN_REVIEW}
    next_level = {rid: _next_level(session, r)[1] for rid, r in pending.items()}
    out = []
    for r in results:
        v = visits[r.visit_id]
        task, target, dept = tasks[v.task_id], targets[v.target_id], depts[r.department_id]
        codes = tuple(str(c) for c in (r.result_codes or []))
        out.append(
            ResultRow(
                id=r.id,
                uid=r.uid,
                visit_id=v.id,
                task_id=task.id,
                task_no=task.task_no,
                task_name=task.name,
                target_id=target.id,
                target_name=target.name,
                target_code=_target_code(target),
                department_code=dept.code,
                department_name=dept.name,
                status=r.status,
                result_codes=codes,
                result_text=describe_codes(codes, texts, public=False),
                public_text=describe_codes(codes, texts, public=True),
                completed_on=r.completed_on,
                publish_due_on=r.publish_due_on,
                reviewed_by=r.reviewed_by,
                reviewed_at=r.reviewed_at,
                review_note=r.review_note,
                published_on=r.published_on,
                inspectors="、".join(names.get(v.id, [])),
                joint=v.id in joint or bool(v.joint_key) or dept_count[v.id] > 1,
                version=r.version,
                review_level=next_level.get(r.id, ""),
                adopted=r.adopted_from_id is not None,
            )
        )
    return tuple(out)


def list_results(
    ws: Workspace,
    *,
    statuses: Iterable[str] | None = None,
    task_no: str | None = None,
    department_code: str | None = None,
    target_id: int | None = None,
) -> tuple[ResultRow, ...]:
    """Results filtered by state, task, department or business; oldest completion first."""
    stmt = select(Result).join(Visit, Visit.id == Result.visit_id).where(~Visit.is_cancelled)
    if statuses is not None:
        wanted = list(statuses)
        unknown = [s for s in wanted if s not in RESULT_STATES]
        if unknown:
            raise ValidationError(
                f"未知的结果状态：{'、'.join(unknown)}（可用：{'、'.join(RESULT_STATES)}）"
            )
        stmt = stmt.where(Result.status.in_(wanted))
    with ws.db.read_session() as s:
        if task_no is not None:
            task = task_by_no(s, task_no)
            stmt = stmt.where(Visit.id.in_(task_visit_ids(task.id)))
        if department_code is not None:
            stmt = stmt.join(Department, Department.id == Result.department_id).where(
                Department.code == department_code
            )
        if target_id is not None:
            stmt = stmt.where(Visit.target_id == target_id)
        if ws.actor.department_id is not None and ws.actor.can(Permission.REVIEW):
            # 谁检查、谁审核: a department's supervisor sees that department's results only.
            stmt = stmt.where(Result.department_id == ws.actor.department_id)
        stmt = stmt.order_by(Result.completed_on.is_(None), Result.completed_on, Result.id)
        return _rows(s, list(s.scalars(stmt)))


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


def _round(session: Session, r: Result) -> int:
    """The result's submission count: a return starts a new round of review levels."""
    return len(
        session.scalars(
            select(ResultEvent.id).where(
                ResultEvent.result_id == r.id, ResultEvent.to_status == ResultState.IN_REVIEW
            )
        ).all()
    )


def _next_level(session: Session, r: Result) -> tuple[int, str]:
    """(1-based number, name) of the level that decides next in the current round."""

    levels = review_levels(session, r.department_id)
    passed = len(
        session.scalars(
            select(ReviewDecision.id).where(
                ReviewDecision.result_id == r.id,
                ReviewDecision.round == _round(session, r),
                ReviewDecision.decision == Verdict.APPROVE,
            )
        ).all()
    )
    n = min(passed + 1, len(levels))
    return n, levels[n - 1]


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
                ReviewDecision.round == _round(session, r),
                ReviewDecision.actor == username,
            )
        ).first()
        if earlier is not None:
            _no, level = _next_level(session, r)
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


def result_events(ws: Workspace, result_id: ResultId) -> tuple[ResultEventRow, ...]:
    """Who moved the result, when, from what to what and why."""
    with ws.db.read_session() as s:
        if s.get(Result, result_id) is None:
            raise NotFoundError(f"没有编号为{result_id}的检查结果")
        events = s.scalars(
            select(ResultEvent)
            .where(ResultEvent.result_id == result_id)
            .order_by(ResultEvent.at, ResultEvent.id)
        )
        return tuple(
            ResultEventRow(e.at, e.actor, e.from_status, e.to_status, e.note) for e in events
        )


def task_by_no(session: Session, task_no: str) -> Task:
    task = session.scalars(select(Task).where(Task.task_no == task_no.strip())).one_or_none()
    if task is None:
        raise NotFoundError(f"没有任务编号为“{task_no}”的抽查任务 / no task {task_no}")
    return task


def task_visit_ids(task_id: int):  # type: ignore[no-untyped-def]
    """Visits of a task: its own and merged joint visits that carry it (进一次门、查多项事)."""
    return (
        select(Visit.id)
        .where(Visit.task_id == task_id)
        .union(select(VisitTask.visit_id).where(VisitTask.task_id == task_id))
    )


def move_result(
    session: Session, actor: Actor, result: Result, new: str, *, note: str | None = None
) -> None:
    """One checked state move with its ResultEvent (for services inside a transaction)."""
    new = transition(ResultState, result.status, new)
    session.add(
        ResultEvent(
            result_id=result.id,
            from_status=result.status,
            to_status=new,
            actor=actor.username,
            note=note,
        )
    )
    result.status = new


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
    base_versions: Mapping[int, int] | None = None,
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
    base_versions: Mapping[int, int] | None,
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
            from app.core.services.results.form_results import refuse_contradictions

            refuse_contradictions(s, results, verb)
        _refuse_second_level_by_same_person(s, ws.actor.username, results)
        moved, advanced, levels_done = 0, 0, []
        before = {r.id: (r.status, r.reviewed_by, r.reviewed_at, r.review_note) for r in results}
        decisions: dict[int, ReviewDecision] = {}
        for r in results:
            final = True
            if r.status == ResultState.IN_REVIEW:
                level_no, level_name = _next_level(s, r)
                decisions[r.id] = ReviewDecision(
                    result_id=r.id,
                    round=_round(s, r),
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


def approve_results(
    ws: Workspace,
    result_ids: Sequence[ResultId],
    *,
    note: str | None = None,
    base_versions: Mapping[int, int] | None = None,
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
    base_versions: Mapping[int, int] | None = None,
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


def record_result_completion(
    session: Session,
    actor: Actor,
    result: Result,
    completed_on: date,
    *,
    calendar: WorkCalendar,
    publication_days: int,
) -> None:
    """For the checklist service when a visit's form is completed (inside its transaction).

    Moves the result to 已完成 (if not already), sets the completion date and the
    publication due date (None when the calendar lacks the year — filled in when the year
    is added), and keeps Target.last_inspected_on current.
    """
    if result.status != ResultState.DONE:
        move_result(session, actor, result, ResultState.DONE)
    result.completed_on = completed_on
    result.publish_due_on = _due_or_none(calendar, completed_on, publication_days)
    visit = session.get(Visit, result.visit_id)
    if visit is not None:
        from app.core.services.registry.ledger import touch_last_inspected

        touch_last_inspected(session, visit.target_id, completed_on)


def _due_or_none(calendar: WorkCalendar, start: date, days: int) -> date | None:
    try:
        return calendar.add_working_days(start, days)
    except MissingCalendarYearError:
        return None


def fill_missing_due_dates(session: Session, calendar: WorkCalendar) -> int:
    """Computes due dates left empty for lack of calendar data; returns how many."""
    from app.core.services.results.deadlines import settings_from_session

    days = settings_from_session(session).publication
    count = 0
    for r in session.scalars(
        select(Result).where(
            Result.completed_on.is_not(None),
            Result.publish_due_on.is_(None),
            Result.status != ResultState.PUBLISHED,
        )
    ):
        due = _due_or_none(calendar, r.completed_on, days)  # type: ignore[arg-type]
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
        r.publish_due_on = _due_or_none(calendar, r.completed_on, days)  # type: ignore[arg-type]
        count += 1
    return count
