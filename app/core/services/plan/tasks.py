"""抽查任务: create and edit tasks (number, items, pool, strata, mandatory, exclusions, team rules).

Every rule a task must meet is checked here before anything is written; a task whose draw has
started is frozen. Edits after the plan's publication need a reason and become plan revisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, NewType

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.industry import IndustryLevel
from app.core.domain.localtime import local_today
from app.core.domain.normalize import check_visible
from app.core.domain.numbering import format_task_no, next_task_seq
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState, PlanState
from app.core.services.kernel import undo
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan import caps as caps_rules
from app.core.services.plan import plans as plans_service
from app.core.services.plan.pools import CATCH_ALL, UNSTRATIFIED, StratumSize, freeze_targets
from app.core.services.registry import licences
from app.core.storage.models import (
    Department,
    DrawSession,
    InspectionItem,
    Plan,
    Task,
    TaskItem,
    utcnow,
)

TaskId = NewType("TaskId", int)

POOL_FILTER_KEYS = (
    "townships", "supervising_units", "registration_authorities", "industry_prefixes",
    "statuses", "tags", "credit_grades", "risk_classes", "special_pools",
)  # fmt: skip
METHODS = ("现场检查", "书面检查", "网络监测", "检验检测", "委托专业机构")


@dataclass(frozen=True)
class StratumRule:
    """One stratum (分层) of a task: whom it holds (credit / risk) and how many are drawn."""

    code: str
    label: str = ""
    credit_grades: tuple[str, ...] = ()
    risk_classes: tuple[str, ...] = ()
    ratio_permille: int | None = None
    count: int | None = None
    qualification: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "label": self.label or self.code}
        if self.credit_grades:
            out["credit_grades"] = list(self.credit_grades)
        if self.risk_classes:
            out["risk_classes"] = list(self.risk_classes)
        if self.count is not None:
            out["count"] = self.count
        else:
            out["ratio_permille"] = self.ratio_permille
        if self.qualification:
            out["qualification"] = self.qualification
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StratumRule:
        return cls(
            code=str(d.get("code", "")),
            label=str(d.get("label") or ""),
            credit_grades=tuple(d.get("credit_grades") or ()),
            risk_classes=tuple(d.get("risk_classes") or ()),
            ratio_permille=d.get("ratio_permille"),
            count=d.get("count"),
            qualification=str(d.get("qualification") or ""),
        )


@dataclass(frozen=True)
class TaskItemRule:
    """An inspection item of the task by code, with the ratio used for it (‰, None = none)."""

    code: str
    ratio_permille: int | None = None


@dataclass(frozen=True)
class TaskDraft:
    """What the task editor (or a script) hands in; validated as a whole by `check_task_draft`."""

    name: str
    initiating_department: str  # department code
    plan_id: int | None = None
    year: int | None = None
    participating_departments: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()
    pool_filter: dict[str, Any] = field(default_factory=dict)
    strata: tuple[StratumRule, ...] = ()
    mandatory_tags: tuple[str, ...] = ()
    mandatory_ids: tuple[str, ...] = ()
    excluded_statuses: tuple[str, ...] = ("注销", "吊销")
    inspected_within_months: int = 0
    excluded_ids: tuple[str, ...] = ()
    items: tuple[TaskItemRule, ...] = ()
    inspectors_per_target: int = 2
    max_load: int | None = None
    expert_count: int = 0
    expert_expertise: str = ""
    start_on: date | None = None
    end_on: date | None = None
    method: str = "现场检查"
    notes: str = ""
    # A supervisor's reason to keep a 一般 item's cap exceeded (recorded, audited, on the notice).
    cap_exception_reason: str = ""
    # May the draw take officers borrowed from a neighbouring area (外借, 大足 三(三))?
    allow_external: bool = False

    def rules(self) -> dict[str, Any]:
        """The Task columns the pool freezer reads (and the items, whose target kinds limit it)."""
        return {
            "items": [it.code for it in self.items],
            "target_kinds": list(self.target_kinds),
            "pool_filter": {k: list(v) for k, v in self.pool_filter.items() if v},
            "strata": [s.as_json() for s in self.strata],
            "mandatory": _mandatory_json(self),
            "exclusions": _exclusions_json(self),
        }


@dataclass(frozen=True)
class TaskSummary:
    id: TaskId
    task_no: str
    name: str
    plan_id: int | None
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


def _mandatory_json(d: TaskDraft) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.mandatory_tags:
        out["tags"] = list(d.mandatory_tags)
    if d.mandatory_ids:
        out["target_ids"] = sorted(set(d.mandatory_ids))
    return out


def _exclusions_json(d: TaskDraft) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.excluded_statuses:
        out["statuses"] = list(d.excluded_statuses)
    if d.inspected_within_months:
        out["inspected_within_months"] = int(d.inspected_within_months)
    if d.excluded_ids:
        out["target_ids"] = sorted(set(d.excluded_ids))
    return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _invisible(text: str, what: str) -> str | None:
    try:
        check_visible(text, what)
    except ValidationError as exc:
        return exc.message
    return None


def check_task_draft(
    session: Session, draft: TaskDraft, *, task_id: int | None = None
) -> list[str]:
    """Every problem of a draft, each naming the field and the reason (empty when fine)."""
    errors: list[str] = []
    name = draft.name.strip()
    if not name:
        errors.append("任务名称：不能为空 / name: required")
    elif (bad := _invisible(name, "任务名称")) is not None:
        errors.append(bad)
    else:
        q = select(Task.id).where(Task.name == name)
        if task_id is not None:
            q = q.where(Task.id != task_id)
        if session.scalar(q) is not None:
            errors.append(
                f"任务名称：“{name}”已被其他任务使用，任务名称不能重复 / name: already used"
            )
    depts = {d.code: d for d in session.scalars(select(Department))}
    if draft.initiating_department not in depts:
        errors.append(
            f"发起部门：未知部门“{draft.initiating_department}” / initiating department: unknown"
        )
    for code in draft.participating_departments:
        if code not in depts:
            errors.append(f"参与部门：未知部门“{code}” / participating department: unknown")
    if draft.plan_id is not None and session.get(Plan, draft.plan_id) is None:
        errors.append(f"所属计划：计划 {draft.plan_id} 不存在 / plan: not found")
    for key in draft.pool_filter:
        if key not in POOL_FILTER_KEYS:
            errors.append(f"对象库筛选：不支持的条件“{key}” / pool filter: unknown key")
    if not _is_int(draft.inspectors_per_target) or draft.inspectors_per_target < 2:
        errors.append(
            "每户检查人员数：至少 2 人（两人以上执法） / inspectors per target: at least 2"
        )
    if draft.max_load is not None and (not _is_int(draft.max_load) or draft.max_load < 1):
        errors.append("每人最多检查户数：须为正整数或留空 / max load: a positive integer or empty")
    if draft.expert_count < 0 or (draft.expert_count and not draft.expert_expertise.strip()):
        errors.append("专家：抽取专家时须写明专业领域 / experts: give the expertise")
    if draft.start_on and draft.end_on and draft.start_on > draft.end_on:
        errors.append("检查期限：开始日期晚于结束日期 / dates: start after end")
    if draft.inspected_within_months < 0:
        errors.append("无事不扰：月数不能为负 / months: negative")
    both = set(draft.mandatory_ids) & set(draft.excluded_ids)
    if both:
        errors.append(
            f"必查/排除：{sorted(both)[0]} 不能同时必查又排除 / both mandatory and excluded"
        )

    if not draft.strata:
        errors.append("分层：至少一个分层 / strata: at least one")
    seen: set[str] = set()
    for i, s in enumerate(draft.strata, start=1):
        where = f"分层第{i}行（{s.code or '无代码'}）"
        if not s.code.strip() or s.code.strip() in (UNSTRATIFIED, CATCH_ALL):
            errors.append(
                f"{where}：代码不能为空或为“{UNSTRATIFIED}”“{CATCH_ALL}” / stratum code required"
            )
        elif s.code in seen:
            errors.append(f"{where}：代码重复 / duplicate stratum code")
        seen.add(s.code)
        if (s.ratio_permille is None) == (s.count is None):
            errors.append(
                f"{where}：比例（‰）和户数须且只能填一项 / give a ratio or a count, not both"
            )
        elif s.ratio_permille is not None and (
            not _is_int(s.ratio_permille) or not 0 <= s.ratio_permille <= 1000
        ):
            errors.append(f"{where}：比例须为 0–1000 的整数（‰） / ratio: integer 0..1000")
        elif s.count is not None and (not _is_int(s.count) or s.count < 0):
            errors.append(f"{where}：户数须为非负整数 / count: integer ≥ 0")

    if not draft.items:
        errors.append("抽查事项：至少选择一项 / items: at least one")
    current = {
        i.code: i for i in session.scalars(select(InspectionItem).where(InspectionItem.is_current))
    }
    for it in draft.items:
        item = current.get(it.code)
        if item is None:
            errors.append(f"抽查事项 {it.code}：不在现行事项清单中 / item not in the current list")
            continue
        cap = item.ratio_cap_permille if item.kind == "一般" else None
        if cap is not None and it.ratio_permille is not None and it.ratio_permille > cap:
            errors.append(
                f"抽查事项 {it.code}：一般事项抽查比例 {it.ratio_permille}‰ 超过上限 {cap}‰ / ratio above the cap"
            )
        limited = list(item.target_kinds or [])
        if limited:
            outside = [k for k in draft.target_kinds if k not in limited]
            if outside:
                errors.append(
                    f"抽查事项 {it.code}：只适用于{'、'.join(limited)}，任务的对象类型含{'、'.join(outside)}"
                    " / the item does not concern these target kinds"
                )
    return errors


def cap_problems(
    session: Session, draft: TaskDraft, *, on: date | None = None, task_id: int | None = None
) -> list[str]:
    """Every 一般 item's cap against the draft's strata and, for count strata, its pool today."""
    caps = caps_rules.item_caps(session, [(it.code, it.ratio_permille) for it in draft.items])
    strata = [s.as_json() for s in draft.strata]
    problems = caps_rules.static_violations(caps, strata)
    by_item, by_dept = caps_rules.year_ratios(session)
    if caps_rules.needs_pool(caps, strata) or by_item or by_dept:
        try:
            _t, _s, sizes, _i, _r, _w = freeze_targets(
                session, task_rules=draft.rules(), on=on or local_today()
            )
        except ValidationError:
            return problems  # the pool's own problem is reported by the draw's checks
        counted = [s for s in strata if s.get("count") is not None]
        problems += [v.text() for v in caps_rules.pool_violations(caps, counted, sizes)]
        problems += caps_rules.year_violations(
            session,
            year=draft.year or (draft.start_on.year if draft.start_on else local_today().year),
            department=draft.initiating_department,
            items=[(it.code, it.ratio_permille) for it in draft.items],
            planned=caps_rules.planned_draw(strata, sizes),
            task_id=task_id,
        )
    return problems


def _check_or_except(
    session: Session, ws: Workspace, draft: TaskDraft, *, task_id: int | None = None
) -> dict[str, Any] | None:
    """Refuse a draft with problems; a cap exceeded passes only with a supervisor's reason.

    Returns the exception to store on the task (None when no cap is exceeded)."""
    errors = check_task_draft(session, draft, task_id=task_id)
    if not errors:
        over = cap_problems(session, draft, task_id=task_id)
        if over:
            reason = draft.cap_exception_reason.strip()
            if not reason:
                errors += [f"{p}（须由监管人员登记例外及理由） / above the 一般 cap" for p in over]
            elif not ws.actor.can(Permission.REVIEW):
                errors.append(
                    "一般事项比例上限的例外只能由监管人员登记。 / Only a supervisor may record an exception."
                )
            else:
                return {
                    "reason": reason,
                    "by": ws.actor.display_name or ws.actor.username,
                    "at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "violations": over,
                }
    _raise_if(errors)
    return None


def _raise_if(errors: list[str]) -> None:
    if errors:
        raise ValidationError(
            f"任务有 {len(errors)} 处问题，未保存：{errors[0]} / The task was not saved.",
            details=errors,
        )


def _load(session: Session, task_id: int) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"任务 {task_id} 不存在。 / Task not found.")
    return task


def find_task(session: Session, task_ref: int | str) -> Task:
    """A task by id or by its number (抽查〔YYYY〕N号)."""
    if isinstance(task_ref, int):
        return _load(session, task_ref)
    task = session.scalar(select(Task).where(Task.task_no == task_ref.strip()))
    if task is None:
        raise NotFoundError(f"没有编号为“{task_ref}”的任务。 / No task numbered {task_ref}.")
    return task


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


def _item_codes(session: Session, task_id: int) -> list[tuple[str, int | None]]:
    rows = session.execute(
        select(InspectionItem.code, TaskItem.ratio_permille)
        .join(InspectionItem, InspectionItem.id == TaskItem.item_id)
        .where(TaskItem.task_id == task_id)
        .order_by(InspectionItem.code)
    ).all()
    return [(r[0], r[1]) for r in rows]


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


def create_task(ws: Workspace, draft: TaskDraft, *, reason: str = "") -> TaskSummary:
    """A new task numbered `{简称}抽查〔YYYY〕N号`, N the next for that short name and year.

    Adding a task to a published plan is an adjustment: `reason` is required."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        summary = create_task_in(s, ws, draft, reason=reason)
        task = _load(s, summary.id)
        undoable = _plan_is_draft(s, task)
        uid, version, label = task.uid, task.version, f"新建任务 {task.task_no}"
    if undoable:
        undo.record(ws, label, lambda ws2, step: _undo_create(ws2, step, uid, version))
    return summary


def create_task_in(s: Session, ws: Workspace, draft: TaskDraft, *, reason: str = "") -> TaskSummary:
    """`create_task` inside the caller's transaction (a plan imported from a file: all or nothing)."""
    exception = _check_or_except(s, ws, draft)
    dept = s.scalars(select(Department).where(Department.code == draft.initiating_department)).one()
    plan = s.get(Plan, draft.plan_id) if draft.plan_id is not None else None
    if plan is not None and plan.status == PlanState.DONE:
        raise ConflictError("计划已完成，不能再增加任务。 / The plan is completed.")
    if plan is not None and plan.status in (PlanState.ANNOUNCED, PlanState.RUNNING):
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
    after = _snapshot(task, _item_codes(s, task.id))
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
    return _summary(s, task)


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
    task_id: int,
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
        task = _load(s, task_id)
        check_version(s, task, base_version, what=f"任务 {task.task_no}")
        _refuse_if_drawn(s, task)
        exception = _check_or_except(s, ws, draft, task_id=task.id)
        dept = s.scalars(
            select(Department).where(Department.code == draft.initiating_department)
        ).one()
        before = _snapshot(task, _item_codes(s, task.id))
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
        plan = s.get(Plan, task.plan_id) if task.plan_id else None
        if plan is not None and plan.status in (PlanState.ANNOUNCED, PlanState.RUNNING):
            plans_service.record_revision(s, ws.actor, plan, reason=reason)
        elif plan is not None and plan.status == PlanState.DONE:
            raise ConflictError("计划已完成，任务不能再修改。 / The plan is completed.")
        _apply(s, task, draft)
        task.cap_exception = exception
        s.flush()
        after = _snapshot(task, _item_codes(s, task.id))
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
        summary = _summary(s, task)
        undoable = _plan_is_draft(s, task)
        uid, version, label = task.uid, task.version, f"修改任务 {task.task_no}"
    if undoable:  # after publication an edit is an adjustment with a reason, not undone
        undo.record(
            ws,
            label,
            lambda ws2, step: _undo_update(ws2, step, uid, version, old_draft, old_exception),
        )
    return summary


def new_task_department(ws: Workspace, plan_id: int | None) -> str:
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
        before = _snapshot(task, _item_codes(s, task.id))
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
            after=_snapshot(task, _item_codes(s, task.id)),
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
            after=_snapshot(task, _item_codes(s, task.id)),
        )
    return Changes.of(Area.TASKS, Area.PLANS, message=f"已撤销：{label}")


def delete_task(ws: Workspace, task_id: int, *, base_version: int | None = None) -> Changes:
    """Remove a draft task that was never drawn (a published plan keeps its tasks)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        task = _load(s, task_id)
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
    before = _snapshot(task, _item_codes(s, task.id))
    for row in s.scalars(select(TaskItem).where(TaskItem.task_id == task.id)):
        s.delete(row)
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


def _summary(session: Session, task: Task) -> TaskSummary:
    dept = session.get(Department, task.initiating_department_id)
    codes = ", ".join(c for c, _ in _item_codes(session, task.id))
    return TaskSummary(
        id=TaskId(task.id),
        task_no=task.task_no,
        name=task.name,
        plan_id=task.plan_id,
        status=task.status,
        department=dept.name if dept else "",
        start_on=task.start_on,
        end_on=task.end_on,
        items=codes,
    )


def list_tasks(ws: Workspace, *, plan_id: int | None = None) -> list[TaskSummary]:
    with ws.db.read_session() as s:
        q = select(Task).order_by(Task.year.desc(), Task.short_name, Task.seq_no)
        if plan_id is not None:
            plan = s.get(Plan, plan_id)
            if plan is not None and plan.kind == "joint":
                members = plans_service.member_plan_ids(s, plan_id)
                q = q.where(Task.plan_id.in_([plan_id, *members]))
            else:
                q = q.where(Task.plan_id == plan_id)
        return [_summary(s, t) for t in s.scalars(q)]


def draft_of(session: Session, task: Task) -> TaskDraft:
    dept = session.get(Department, task.initiating_department_id)
    mandatory = task.mandatory or {}
    exclusions = task.exclusions or {}
    expert = task.expert_rule or {}
    return TaskDraft(
        name=task.name,
        initiating_department=dept.code if dept else "",
        plan_id=task.plan_id,
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
        items=tuple(TaskItemRule(c, r) for c, r in _item_codes(session, task.id)),
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
    from app.core.services.plan.pools import eligible_inspectors

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
    from app.core.services.registry.fields import industry_table
    from app.core.services.registry.targets import filter_options

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
