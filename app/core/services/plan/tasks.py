"""抽查任务: create, edit and delete tasks, and take those steps back (撤销).

Every rule a task must meet (task_rules) is checked before anything is written; a task whose
draw has started is frozen. Edits after the plan's publication need a reason and become plan
revisions. What screens read is in task_views.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError
from app.core.domain.ids import TaskId
from app.core.domain.localtime import local_today
from app.core.domain.numbering import format_task_no, next_task_seq
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState, PlanState
from app.core.services.kernel import undo
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Done, Workspace
from app.core.services.plan import plans as plans_service
from app.core.services.plan.task_rules import TaskDraft, check_or_except
from app.core.services.plan.task_views import (
    TaskSummary,
    draft_of,
    item_codes,
    load_task,
    summary_of,
)
from app.core.storage.models import Department, DrawSession, InspectionItem, Plan, Task, TaskItem


def _snapshot(task: Task, item_codes: Sequence[tuple[str, int | None]]) -> dict[str, Any]:
    return {
        "task_no": task.task_no,
        "name": task.name,
        "participating_departments": list(task.participating_departments or []),
        "target_kinds": list(task.target_kinds or []),
        "pool_filter": task.pool_filter,
        "strata": task.strata,
        "mandatory": task.mandatory,
        "exclusions": task.exclusions,
        "inspectors_per_target": task.inspectors_per_target,
        "max_load": task.max_load,
        "allow_external": bool(task.allow_external),
        "expert_rule": task.expert_rule,
        "start_on": task.start_on.isoformat() if task.start_on else None,
        "end_on": task.end_on.isoformat() if task.end_on else None,
        "method": task.method,
        "items": [list(x) for x in item_codes],
        "cap_exception": task.cap_exception,
    }


def _apply(session: Session, task: Task, draft: TaskDraft) -> None:
    rules = draft.rules()
    task.name = draft.name.strip()
    task.plan_id = draft.plan_id
    task.participating_departments = list(draft.participating_departments) or [
        draft.initiating_department
    ]
    task.target_kinds = rules["target_kinds"]
    task.pool_filter = rules["pool_filter"]
    task.strata = rules["strata"]
    task.mandatory = rules["mandatory"]
    task.exclusions = rules["exclusions"]
    task.inspectors_per_target = draft.inspectors_per_target
    task.max_load = draft.max_load
    task.allow_external = True if draft.allow_external else None
    task.expert_rule = (
        {"count": draft.expert_count, "expertise": draft.expert_expertise.strip()}
        if draft.expert_count
        else None
    )
    task.start_on = draft.start_on
    task.end_on = draft.end_on
    task.method = draft.method or None
    task.notes = draft.notes or None
    current = {
        i.code: i.id
        for i in session.scalars(select(InspectionItem).where(InspectionItem.is_current))
    }
    for row in session.scalars(select(TaskItem).where(TaskItem.task_id == task.id)):
        session.delete(row)
    session.flush()
    for it in draft.items:
        session.add(
            TaskItem(task_id=task.id, item_id=current[it.code], ratio_permille=it.ratio_permille)
        )


def task_saved(task: TaskSummary) -> Done[TaskSummary]:
    """A task created or edited, for a front end's runner: the plan's lists change, and a line
    says which task was saved."""
    return plans_service.PLAN_CHANGES.saying(f"已保存任务：{task.task_no}").carrying(task)


def create_task(ws: Workspace, draft: TaskDraft, *, reason: str = "") -> TaskSummary:
    """A new task numbered `{简称}抽查〔YYYY〕N号`, N the next for that short name and year.

    Adding a task to a published plan is an adjustment: `reason` is required."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        summary = create_task_in(s, ws, draft, reason=reason)
        task = load_task(s, summary.id)
        undoable = _plan_is_draft(s, task)
        uid, version, label = task.uid, task.version, f"新建任务 {task.task_no}"
    if undoable:
        undo.record(ws, label, lambda ws2, step: _undo_create(ws2, step, uid, version))
    return summary


def create_task_in(s: Session, ws: Workspace, draft: TaskDraft, *, reason: str = "") -> TaskSummary:
    """`create_task` inside the caller's transaction (a plan imported from a file: all or nothing)."""
    plan = s.get(Plan, draft.plan_id) if draft.plan_id is not None else None
    also = plans_service.adjustment_problem(plan, reason)
    exception = check_or_except(s, ws, draft, also=also)
    dept = s.scalars(select(Department).where(Department.code == draft.initiating_department)).one()
    if plan is not None and plan.status == PlanState.DONE:
        raise ConflictError("计划已完成，不能再增加任务。 / The plan is completed.")
    if plan is not None and plans_service.is_adjustment(plan):
        plans_service.record_revision(s, ws.actor, plan, reason=reason)
    year = (
        draft.year
        or (plan.year if plan else None)
        or (draft.start_on.year if draft.start_on else local_today().year)
    )
    existing = s.scalars(
        select(Task.task_no).where(Task.short_name == dept.short_name, Task.year == year)
    )
    seq = next_task_seq(existing, dept.short_name, year)
    task = Task(
        task_no=format_task_no(dept.short_name, year, seq),
        short_name=dept.short_name,
        year=year,
        seq_no=seq,
        name=draft.name.strip(),
        initiating_department_id=dept.id,
    )
    s.add(task)
    s.flush()
    _apply(s, task, draft)
    task.cap_exception = exception
    s.flush()
    after = _snapshot(task, item_codes(s, task.id))
    log_event(
        s,
        ws.actor,
        "task.create",
        entity="task",
        entity_uid=task.uid,
        summary=f"{task.task_no} {task.name}",
        after=after,
    )
    _log_exception(s, ws, task, exception)
    return summary_of(s, task)


def _log_exception(
    session: Session, ws: Workspace, task: Task, exception: dict[str, Any] | None
) -> None:
    if exception is not None:
        log_event(
            session,
            ws.actor,
            "task.cap_exception",
            entity="task",
            entity_uid=task.uid,
            summary=f"{task.task_no} 一般事项比例上限例外：{exception['reason']}",
            detail=exception,
        )


def update_task(
    ws: Workspace,
    task_id: TaskId,
    draft: TaskDraft,
    *,
    reason: str = "",
    base_version: int | None = None,
) -> TaskSummary:
    """Edit a task before its draw. After the plan's publication this is an adjustment (调整):
    a reason is required and the plan gets a new revision (五原 第十五条). `base_version`: the
    version the editor loaded (a stale one is refused)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        task = load_task(s, task_id)
        check_version(s, task, base_version, what=f"任务 {task.task_no}")
        _refuse_if_drawn(s, task)
        plan = s.get(Plan, task.plan_id) if task.plan_id else None
        also = plans_service.adjustment_problem(plan, reason)
        exception = check_or_except(s, ws, draft, task_id=task.id, also=also)
        dept = s.scalars(
            select(Department).where(Department.code == draft.initiating_department)
        ).one()
        before = _snapshot(task, item_codes(s, task.id))
        if dept.id != task.initiating_department_id:
            # Until the draw the initiating department may change; the task number follows
            # it (taken from the department's short name), so the task is renumbered.
            existing = s.scalars(
                select(Task.task_no).where(
                    Task.short_name == dept.short_name, Task.year == task.year
                )
            )
            task.seq_no = next_task_seq(existing, dept.short_name, task.year)
            task.task_no = format_task_no(dept.short_name, task.year, task.seq_no)
            task.short_name = dept.short_name
            task.initiating_department_id = dept.id
        old_draft, old_exception = draft_of(s, task), task.cap_exception
        if plan is not None and plans_service.is_adjustment(plan):
            plans_service.record_revision(s, ws.actor, plan, reason=reason)
        elif plan is not None and plan.status == PlanState.DONE:
            raise ConflictError("计划已完成，任务不能再修改。 / The plan is completed.")
        _apply(s, task, draft)
        task.cap_exception = exception
        s.flush()
        after = _snapshot(task, item_codes(s, task.id))
        log_event(
            s,
            ws.actor,
            "task.update",
            entity="task",
            entity_uid=task.uid,
            summary=f"{task.task_no} {reason}".strip(),
            before=before,
            after=after,
            detail={"reason": reason} if reason else None,
        )
        _log_exception(s, ws, task, exception)
        summary = summary_of(s, task)
        undoable = _plan_is_draft(s, task)
        uid, version, label = task.uid, task.version, f"修改任务 {task.task_no}"
    if undoable:  # after publication an edit is an adjustment with a reason, not undone
        undo.record(
            ws,
            label,
            lambda ws2, step: _undo_update(ws2, step, uid, version, old_draft, old_exception),
        )
    return summary


def _plan_is_draft(session: Session, task: Task) -> bool:
    plan = session.get(Plan, task.plan_id) if task.plan_id else None
    return plan is None or plan.status == PlanState.DRAFT


def _refuse_unless_draft(session: Session, task: Task) -> None:
    if not _plan_is_draft(session, task):
        raise ConflictError(
            f"任务 {task.task_no} 所在计划已公示，不能撤销；请修改任务并填写调整理由。"
        )


def _by_uid(session: Session, uid: str) -> Task:
    """A task by uid: a deleted and restored task keeps its uid, not its id."""
    task = session.scalar(select(Task).where(Task.uid == uid))
    if task is None:
        raise NotFoundError("该任务已不存在，不能撤销。")
    return task


def _undo_update(
    ws: Workspace,
    label: str,
    uid: str,
    version: int,
    draft: TaskDraft,
    exception: dict[str, Any] | None,
) -> Changes:
    """撤销 a task edit: the rules as they were, if nobody changed the task since (the gate)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        task = _by_uid(s, uid)
        check_version(s, task, version, what=f"任务 {task.task_no}")
        _refuse_if_drawn(s, task)
        _refuse_unless_draft(s, task)
        before = _snapshot(task, item_codes(s, task.id))
        _apply(s, task, draft)
        task.cap_exception = exception
        s.flush()
        undo.log_undo(
            s,
            ws,
            label,
            entity="task",
            entity_uid=task.uid,
            before=before,
            after=_snapshot(task, item_codes(s, task.id)),
        )
    return Changes.of(Area.TASKS, Area.PLANS, message=f"已撤销：{label}")


def _undo_create(ws: Workspace, label: str, uid: str, version: int) -> Changes:
    """撤销 a new task: removed again while its plan is a draft and nothing was drawn."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        task = _by_uid(s, uid)
        check_version(s, task, version, what=f"任务 {task.task_no}")
        before = _remove(s, task)
        undo.log_undo(s, ws, label, entity="task", entity_uid=task.uid, before=before)
    return Changes.of(Area.TASKS, Area.PLANS, message=f"已撤销：{label}")


def _undo_delete(ws: Workspace, label: str, kept: dict[str, Any], draft: TaskDraft) -> Changes:
    """撤销 删除任务: the draft task back with its number, uid and rules."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        if s.scalar(select(Task.id).where(Task.task_no == kept["task_no"])) is not None:
            raise ConflictError(f"任务编号 {kept['task_no']} 已被另一个任务使用，不能恢复。")
        plan = s.get(Plan, draft.plan_id) if draft.plan_id is not None else None
        if draft.plan_id is not None and (plan is None or plan.status != PlanState.DRAFT):
            raise ConflictError(f"任务 {kept['task_no']} 所在计划已不是草拟状态，不能恢复。")
        version = kept.pop("version")
        task = Task(**kept)
        s.add(task)
        s.flush()
        _apply(s, task, draft)  # cap_exception came back with `kept`
        s.flush()
        # the version it had when deleted, so an earlier step on it (its creation, an edit)
        # can still be undone through the gate
        s.execute(update(Task).where(Task.id == task.id).values(version=version))
        s.refresh(task)
        undo.log_undo(
            s,
            ws,
            label,
            entity="task",
            entity_uid=task.uid,
            after=_snapshot(task, item_codes(s, task.id)),
        )
    return Changes.of(Area.TASKS, Area.PLANS, message=f"已撤销：{label}")


def delete_task(ws: Workspace, task_id: TaskId, *, base_version: int | None = None) -> Changes:
    """Remove a draft task that was never drawn (a published plan keeps its tasks)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        task = load_task(s, task_id)
        loaded_version = task.version  # before the gate's own bump: what earlier steps expect
        check_version(s, task, base_version, what=f"任务 {task.task_no}")
        draft = draft_of(s, task)
        kept = {
            "uid": task.uid,
            "task_no": task.task_no,
            "short_name": task.short_name,
            "year": task.year,
            "seq_no": task.seq_no,
            "name": task.name,
            "initiating_department_id": task.initiating_department_id,
            "plan_id": task.plan_id,
            "cap_exception": task.cap_exception,
            "version": loaded_version,
        }
        before = _remove(s, task)
        log_event(
            s,
            ws.actor,
            "task.delete",
            entity="task",
            entity_uid=task.uid,
            summary=task.task_no,
            before=before,
        )
        label = f"删除任务 {task.task_no}"
    undo.record(ws, label, lambda ws2, step: _undo_delete(ws2, step, dict(kept), draft))
    return Changes.of(Area.TASKS, Area.PLANS)


def _remove(s: Session, task: Task) -> dict[str, Any]:
    """Deletes a draft task that was never drawn; its snapshot for the audit trail."""
    plan = s.get(Plan, task.plan_id) if task.plan_id else None
    if plan is not None and plan.status != PlanState.DRAFT:
        raise ConflictError("已公示计划中的任务不能删除。 / A published plan keeps its tasks.")
    if s.scalar(
        select(func.count()).select_from(DrawSession).where(DrawSession.task_id == task.id)
    ):
        raise ConflictError("任务已有抽取记录，不能删除。 / The task has draw records.")
    before = _snapshot(task, item_codes(s, task.id))
    for row in s.scalars(select(TaskItem).where(TaskItem.task_id == task.id)):
        s.delete(row)
    # The items go first: nothing tells the unit of work that they hang on the task, and the
    # database's ON DELETE CASCADE would otherwise remove them before their own DELETE ran.
    s.flush()
    s.delete(task)
    return before


def _refuse_if_drawn(session: Session, task: Task) -> None:
    n = session.scalar(
        select(func.count())
        .select_from(DrawSession)
        .where(
            DrawSession.task_id == task.id, DrawSession.status.in_((DrawState.LOCKED, DrawState.OK))
        )
    )
    if n:
        raise ConflictError(
            f"任务 {task.task_no} 已锁定或完成抽取，规则不能再改。 / The task's draw has started; its rules are frozen."
        )
