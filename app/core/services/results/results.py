"""检查结果 per visit and department: their rows as lists show them, their history, the moves of
their state (each checked against domain.states and leaving a ResultEvent), completion and
公示 due dates. Review (通过 / 退回) is services/results/review.py; publication (files +
已公示) is services/results/publication.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.calendar import WorkCalendar
from app.core.domain.errors import (
    NotFoundError,
    ValidationError,
)
from app.core.domain.ids import ResultId, TargetId, TaskId, VisitId
from app.core.domain.roles import Actor, Permission
from app.core.domain.states import (
    RESULT_STATES,
    ResultState,
    Verdict,
    transition,
)
from app.core.services.kernel.accountability import review_levels
from app.core.services.kernel.users import names_by_login
from app.core.services.kernel.workspace import Workspace
from app.core.services.registry.ledger import touch_last_inspected
from app.core.services.results.due_dates import due_or_none
from app.core.storage.models import (
    CodeEntry,
    Department,
    Inspector,
    Result,
    ResultEvent,
    ReviewDecision,
    Target,
    Task,
    Visit,
    VisitMember,
    VisitTask,
)

__all__ = [
    "ResultEventRow",
    "ResultRow",
    "code_texts",
    "list_results",
    "move_result",
    "record_result_completion",
    "result_events",
]


@dataclass(frozen=True)
class ResultRow:
    """检查结果 of one department for one visit, as lists and the review queue show it."""

    id: ResultId
    uid: str
    visit_id: VisitId
    task_id: TaskId
    task_no: str
    task_name: str
    target_id: TargetId
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


def review_round(session: Session, r: Result) -> int:
    """The result's submission count: a return starts a new round of review levels."""
    return len(
        session.scalars(
            select(ResultEvent.id).where(
                ResultEvent.result_id == r.id, ResultEvent.to_status == ResultState.IN_REVIEW
            )
        ).all()
    )


def next_review_level(session: Session, r: Result) -> tuple[int, str]:
    """(1-based number, name) of the level that decides next in the current round."""

    levels = review_levels(session, r.department_id)
    passed = len(
        session.scalars(
            select(ReviewDecision.id).where(
                ReviewDecision.result_id == r.id,
                ReviewDecision.round == review_round(session, r),
                ReviewDecision.decision == Verdict.APPROVE,
            )
        ).all()
    )
    n = min(passed + 1, len(levels))
    return n, levels[n - 1]


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
    next_level = {rid: next_review_level(session, r)[1] for rid, r in pending.items()}
    out = []
    for r in results:
        v = visits[r.visit_id]
        task, target, dept = tasks[v.task_id], targets[v.target_id], depts[r.department_id]
        codes = tuple(str(c) for c in (r.result_codes or []))
        out.append(
            ResultRow(
                id=ResultId(r.id),
                uid=r.uid,
                visit_id=VisitId(v.id),
                task_id=TaskId(task.id),
                task_no=task.task_no,
                task_name=task.name,
                target_id=TargetId(target.id),
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
    target_id: TargetId | None = None,
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
        names = names_by_login(s)  # the person's name, as the audit viewer shows it
        return tuple(
            ResultEventRow(
                e.at,
                names.get(e.actor, e.actor) if e.actor else None,
                e.from_status,
                e.to_status,
                e.note,
            )
            for e in events
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
    result.publish_due_on = due_or_none(calendar, completed_on, publication_days)
    visit = session.get(Visit, result.visit_id)
    if visit is not None:
        touch_last_inspected(session, visit.target_id, completed_on)
