"""抽查任务 as screens and commands read them: lists, one task's rules, the live pool preview,
the task editor's pickers. Reads only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError
from app.core.domain.ids import PlanId, TaskId
from app.core.domain.industry import IndustryLevel
from app.core.domain.localtime import local_today
from app.core.domain.states import DrawState
from app.core.services.kernel.workspace import Workspace
from app.core.services.plan import plans as plans_service
from app.core.services.plan.pools import (
    UNSTRATIFIED,
    StratumSize,
    eligible_inspectors,
    freeze_targets,
)
from app.core.services.plan.task_rules import StratumRule, TaskDraft, TaskItemRule
from app.core.services.registry import licences
from app.core.services.registry.fields import industry_table
from app.core.services.registry.targets import filter_options
from app.core.storage.models import Department, DrawSession, InspectionItem, Plan, Task, TaskItem


@dataclass(frozen=True)
class TaskSummary:
    id: TaskId
    task_no: str
    name: str
    plan_id: PlanId | None
    status: str
    department: str
    start_on: date | None
    end_on: date | None
    items: str


@dataclass(frozen=True)
class TaskDetail:
    id: TaskId
    uid: str
    task_no: str
    status: str
    draft: TaskDraft
    plan_status: str | None
    frozen: bool  # a draw has been locked: the rules can no longer change
    version: int = 0  # the row version: pass back as base_version when saving the edit


@dataclass(frozen=True)
class PoolPreview:
    """Live pool size per stratum for the task editor (on the given draw date)."""

    strata: tuple[StratumSize, ...]
    unstratified: int
    total: int
    inspectors: int
    warnings: tuple[str, ...]


def load_task(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"任务 {task_id} 不存在。 / Task not found.")
    return task


def find_task(session: Session, task_ref: int | str) -> Task:
    """A task by id or by its number (抽查〔YYYY〕N号)."""
    if isinstance(task_ref, int):
        return load_task(session, task_ref)
    task = session.scalar(select(Task).where(Task.task_no == task_ref.strip()))
    if task is None:
        raise NotFoundError(f"没有编号为“{task_ref}”的任务。 / No task numbered {task_ref}.")
    return task


def item_codes(session: Session, task_id: int) -> list[tuple[str, int | None]]:
    rows = session.execute(
        select(InspectionItem.code, TaskItem.ratio_permille)
        .join(InspectionItem, InspectionItem.id == TaskItem.item_id)
        .where(TaskItem.task_id == task_id)
        .order_by(InspectionItem.code)
    ).all()
    return [(r[0], r[1]) for r in rows]


def new_task_department(ws: Workspace, plan_id: PlanId | None) -> str:
    """The department a new task of a plan starts with: the plan's own department, else the
    department of the plan's first task, else the first active department."""
    with ws.db.read_session() as s:
        plan = s.get(Plan, plan_id) if plan_id is not None else None
        dept_id = plan.department_id if plan is not None else None
        if dept_id is None and plan is not None:
            dept_id = s.scalar(
                select(Task.initiating_department_id)
                .where(Task.plan_id == plan.id)
                .order_by(Task.id)
                .limit(1)
            )
        if dept_id is None:
            dept_id = s.scalar(
                select(Department.id)
                .where(Department.is_active)
                .order_by(Department.sort_order)
                .limit(1)
            )
        dept = s.get(Department, dept_id) if dept_id is not None else None
        return dept.code if dept is not None else ""


def summary_of(session: Session, task: Task) -> TaskSummary:
    dept = session.get(Department, task.initiating_department_id)
    codes = ", ".join(c for c, _ in item_codes(session, task.id))
    return TaskSummary(
        id=TaskId(task.id),
        task_no=task.task_no,
        name=task.name,
        plan_id=_plan_id(task),
        status=task.status,
        department=dept.name if dept else "",
        start_on=task.start_on,
        end_on=task.end_on,
        items=codes,
    )


def _plan_id(task: Task) -> PlanId | None:
    return None if task.plan_id is None else PlanId(task.plan_id)


def list_tasks(ws: Workspace, *, plan_id: PlanId | None = None) -> list[TaskSummary]:
    with ws.db.read_session() as s:
        q = select(Task).order_by(Task.year.desc(), Task.short_name, Task.seq_no)
        if plan_id is not None:
            plan = s.get(Plan, plan_id)
            if plan is not None and plan.kind == "joint":
                members = plans_service.member_plan_ids(s, plan_id)
                q = q.where(Task.plan_id.in_([plan_id, *members]))
            else:
                q = q.where(Task.plan_id == plan_id)
        return [summary_of(s, t) for t in s.scalars(q)]


def draft_of(session: Session, task: Task) -> TaskDraft:
    dept = session.get(Department, task.initiating_department_id)
    mandatory = task.mandatory or {}
    exclusions = task.exclusions or {}
    expert = task.expert_rule or {}
    return TaskDraft(
        name=task.name,
        initiating_department=dept.code if dept else "",
        plan_id=_plan_id(task),
        year=task.year,
        participating_departments=tuple(task.participating_departments or ()),
        target_kinds=tuple(task.target_kinds or ()),
        pool_filter=dict(task.pool_filter or {}),
        strata=tuple(StratumRule.from_json(d) for d in task.strata or []),
        mandatory_tags=tuple(mandatory.get("tags") or ()),
        mandatory_ids=tuple(mandatory.get("target_ids") or ()),
        excluded_statuses=tuple(exclusions.get("statuses") or ()),
        inspected_within_months=int(exclusions.get("inspected_within_months") or 0),
        excluded_ids=tuple(exclusions.get("target_ids") or ()),
        items=tuple(TaskItemRule(c, r) for c, r in item_codes(session, task.id)),
        inspectors_per_target=task.inspectors_per_target,
        max_load=task.max_load,
        allow_external=bool(task.allow_external),
        expert_count=int(expert.get("count") or 0),
        expert_expertise=str(expert.get("expertise") or ""),
        start_on=task.start_on,
        end_on=task.end_on,
        method=task.method or "",
        notes=task.notes or "",
        cap_exception_reason=str((task.cap_exception or {}).get("reason") or ""),
    )


def get_task(ws: Workspace, task_ref: int | str) -> TaskDetail:
    with ws.db.read_session() as s:
        task = find_task(s, task_ref)
        plan = s.get(Plan, task.plan_id) if task.plan_id else None
        frozen = bool(
            s.scalar(
                select(func.count())
                .select_from(DrawSession)
                .where(
                    DrawSession.task_id == task.id,
                    DrawSession.status.in_((DrawState.LOCKED, DrawState.OK)),
                )
            )
        )
        return TaskDetail(
            id=TaskId(task.id),
            uid=task.uid,
            task_no=task.task_no,
            status=task.status,
            draft=draft_of(s, task),
            plan_status=plan.status if plan else None,
            frozen=frozen,
            version=task.version,
        )


def preview_pool(ws: Workspace, draft: TaskDraft, *, on: date | None = None) -> PoolPreview:
    """Pool size, exclusions, mandatory and quota per stratum as the draw would see them today."""
    day = on or local_today()
    with ws.db.read_session() as s:
        targets, _strata, sizes, _ids, _reasons, warnings = freeze_targets(
            s, task_rules=draft.rules(), on=day
        )
        people, _pid = eligible_inspectors(
            s,
            departments=list(draft.participating_departments) or [draft.initiating_department],
            on=day,
            items=[it.code for it in draft.items],
            allow_external=draft.allow_external,
        )
    unstratified = sum(1 for t in targets if t["stratum"] == UNSTRATIFIED)
    return PoolPreview(
        strata=sizes,
        unstratified=unstratified,
        total=len(targets),
        inspectors=len(people),
        warnings=tuple(warnings),
    )


def task_as_dict(detail: TaskDetail) -> dict[str, Any]:
    """A plain view of a task's rules (CLI `plan show`, exports)."""
    d = asdict(detail.draft)
    d["task_no"] = detail.task_no
    d["status"] = detail.status
    return d


@dataclass(frozen=True)
class EditorChoices:
    """What the task editor's pickers offer: (value, words) pairs, searched by either."""

    items: tuple[tuple[str, str], ...]  # current item codes and names
    departments: tuple[tuple[str, str], ...]  # department codes and names
    townships: tuple[tuple[str, str], ...]
    units: tuple[tuple[str, str], ...]
    industries: tuple[tuple[str, str], ...]  # GB/T 4754-2017 大类/中类/小类 codes and names
    statuses: tuple[tuple[str, str], ...]
    kinds: tuple[tuple[str, str], ...]
    special_pools: tuple[tuple[str, str], ...] = ()  # 专项库 names, with how many hold a licence


def editor_choices(ws: Workspace) -> EditorChoices:
    """The pickers' entries for the task editor (one read)."""
    options = filter_options(ws)
    with ws.db.read_session() as s:
        items = tuple(
            (code, name)
            for code, name in s.execute(
                select(InspectionItem.code, InspectionItem.name)
                .where(InspectionItem.is_current)
                .order_by(InspectionItem.code)
            )
        )
        departments = tuple(
            (code, name)
            for code, name in s.execute(
                select(Department.code, Department.name).order_by(Department.code)
            )
        )
    industries = tuple(
        (c.code, c.name) for c in industry_table() if c.level is not IndustryLevel.SECTION
    )
    return EditorChoices(
        items=items,
        departments=departments,
        townships=tuple((t, "") for t in options.townships),
        units=tuple((u, "") for u in options.units),
        industries=industries,
        statuses=tuple((v, "") for v in options.statuses),
        kinds=tuple((v, "") for v in options.kinds),
        special_pools=tuple(
            (p.name, f"{p.valid}户许可有效") for p in licences.pools(ws, on=local_today())
        ),
    )
