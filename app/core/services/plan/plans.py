"""抽查计划: annual and joint plans, their state flow 草拟→公示→执行中→已完成, adjustments.

A published plan changes only through an adjustment with a reason, kept as a PlanRevision
with the plan as it was (五原 第十五条). Never draws and never edits tasks' rules itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import PlanId
from app.core.domain.localtime import fmt_time, local_today
from app.core.domain.normalize import check_visible
from app.core.domain.roles import Actor, Permission
from app.core.domain.states import PlanState, allowed_moves, transition
from app.core.services.kernel.audit import log_event, short_head
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.users import names_by_login
from app.core.services.kernel.workspace import Area, Changes, Done, Workspace
from app.core.services.plan import pools
from app.core.storage.models import (
    Department,
    InspectionItem,
    Plan,
    PlanMember,
    PlanRevision,
    Task,
    TaskItem,
)

# What a plan or task edit changes, for the front ends (plan and task saves answer with the
# plan or task itself).
PLAN_CHANGES = Changes.of(Area.PLANS, Area.TASKS)


def plan_created(plan: PlanSummary) -> Done[PlanSummary]:
    """A new plan, for a front end's runner: the plan lists change, and a line says so."""
    return PLAN_CHANGES.saying(f"已新建计划：{plan.name}").carrying(plan)


if TYPE_CHECKING:
    from app.core.reports import plan_reports


@dataclass(frozen=True)
class PlanSummary:
    id: PlanId
    uid: str
    year: int
    name: str
    kind: str  # annual / joint
    kind_text: str
    department: str
    status: str
    revision: int
    published_on: date | None
    tasks: int
    version: int = 0  # the row version: pass back as base_version when editing


@dataclass(frozen=True)
class PlanRevisionView:
    revision: int
    reason: str
    created_at: str
    created_by: str
    tasks_before: int
    published_on: date | None = None


@dataclass(frozen=True)
class PlanDetail:
    plan: PlanSummary
    notes: str
    members: tuple[PlanSummary, ...]  # department plans merged into a joint plan
    revisions: tuple[PlanRevisionView, ...]
    allowed_moves: tuple[str, ...]


def _kind_text(kind: str) -> str:
    return "部门联合" if kind == "joint" else "年度计划"


def member_plan_ids(session: Session, plan_id: int) -> list[int]:
    return list(
        session.scalars(select(PlanMember.plan_id).where(PlanMember.joint_plan_id == plan_id))
    )


def _task_plan_ids(session: Session, plan: Plan) -> list[int]:
    return [plan.id, *member_plan_ids(session, plan.id)] if plan.kind == "joint" else [plan.id]


def _summary(session: Session, plan: Plan) -> PlanSummary:
    dept = session.get(Department, plan.department_id) if plan.department_id else None
    n = session.scalar(
        select(func.count())
        .select_from(Task)
        .where(Task.plan_id.in_(_task_plan_ids(session, plan)))
    )
    return PlanSummary(
        id=PlanId(plan.id),
        uid=plan.uid,
        year=plan.year,
        name=plan.name,
        kind=plan.kind,
        kind_text=_kind_text(plan.kind),
        department=dept.name if dept else "县级部门联合",
        status=plan.status,
        revision=plan.revision,
        published_on=plan.published_on,
        tasks=int(n or 0),
        version=plan.version,
    )


def _load(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"计划 {plan_id} 不存在。 / Plan not found.")
    return plan


def plan_snapshot(session: Session, plan: Plan) -> dict[str, Any]:
    """The plan and its tasks as plain values: what a revision keeps of the state before."""
    tasks = []
    for t in session.scalars(select(Task).where(Task.plan_id == plan.id).order_by(Task.seq_no)):
        items = session.execute(
            select(InspectionItem.code, TaskItem.ratio_permille)
            .join(InspectionItem, InspectionItem.id == TaskItem.item_id)
            .where(TaskItem.task_id == t.id)
            .order_by(InspectionItem.code)
        ).all()
        tasks.append(
            {
                "task_no": t.task_no,
                "name": t.name,
                "strata": t.strata,
                "pool_filter": t.pool_filter,
                "mandatory": t.mandatory,
                "exclusions": t.exclusions,
                "target_kinds": t.target_kinds,
                "participating_departments": t.participating_departments,
                "inspectors_per_target": t.inspectors_per_target,
                "max_load": t.max_load,
                "allow_external": bool(t.allow_external),
                "expert_rule": t.expert_rule,
                "method": t.method,
                "start_on": t.start_on.isoformat() if t.start_on else None,
                "end_on": t.end_on.isoformat() if t.end_on else None,
                "items": [[c, r] for c, r in items],
            }
        )
    return {
        "name": plan.name,
        "year": plan.year,
        "kind": plan.kind,
        "status": plan.status,
        "revision": plan.revision,
        "notes": plan.notes,
        "tasks": tasks,
    }


def is_adjustment(plan: Plan) -> bool:
    """A change to a published plan (公示, 执行中) is an adjustment: it needs a reason and makes
    a new revision (五原 第十五条)."""
    return plan.status in (PlanState.ANNOUNCED, PlanState.RUNNING)


def adjustment_problem(plan: Plan | None, reason: str) -> str | None:
    """Why this change to `plan` cannot be saved: an adjustment without a reason (else None)."""
    if plan is None or not is_adjustment(plan) or (reason or "").strip():
        return None
    return _no_reason(plan)


def _no_reason(plan: Plan) -> str:
    return f"计划“{plan.name}”已{plan.status}，调整须说明理由。 / A published plan's adjustment needs a reason."


def record_revision(session: Session, actor: Actor, plan: Plan, *, reason: str) -> PlanRevision:
    """Called inside the changing service's transaction, before the change: keeps the plan as it
    was and bumps its revision. A published plan cannot change without a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_no_reason(plan))
    snapshot = plan_snapshot(session, plan)
    plan.revision += 1
    rev = PlanRevision(
        plan_id=plan.id,
        revision=plan.revision,
        reason=reason,
        snapshot=snapshot,
        created_by=actor.username,
    )
    session.add(rev)
    log_event(
        session,
        actor,
        "plan.adjust",
        entity="plan",
        entity_uid=plan.uid,
        summary=f"{plan.name} 第{plan.revision}次调整：{reason}",
        before=snapshot,
        detail={"revision": plan.revision, "reason": reason},
    )
    return rev


def list_plans(ws: Workspace, *, year: int | None = None) -> list[PlanSummary]:
    with ws.db.read_session() as s:
        q = select(Plan).order_by(Plan.year.desc(), Plan.kind, Plan.id)
        if year is not None:
            q = q.where(Plan.year == year)
        return [_summary(s, p) for p in s.scalars(q)]


def get_plan(ws: Workspace, plan_id: PlanId) -> PlanDetail:
    with ws.db.read_session() as s:
        plan = _load(s, plan_id)
        members = tuple(_summary(s, _load(s, pid)) for pid in member_plan_ids(s, plan.id))
        names = names_by_login(s)
        revs = tuple(
            PlanRevisionView(
                revision=r.revision,
                reason=r.reason,
                created_at=fmt_time(r.created_at),
                created_by=names.get(r.created_by or "", r.created_by or ""),  # a name
                tasks_before=len((r.snapshot or {}).get("tasks", [])),
                published_on=r.published_on,
            )
            for r in s.scalars(
                select(PlanRevision)
                .where(PlanRevision.plan_id == plan.id)
                .order_by(PlanRevision.revision)
            )
        )
        return PlanDetail(
            plan=_summary(s, plan),
            notes=plan.notes or "",
            members=members,
            revisions=revs,
            allowed_moves=tuple(sorted(allowed_moves(PlanState(plan.status)))),
        )


def create_plan(
    ws: Workspace, *, year: int, name: str, department_code: str, notes: str = ""
) -> PlanSummary:
    """A department's 年度抽查工作计划, in 草拟."""
    ws.require(Permission.EDIT_PLANS)
    name = check_visible(name.strip(), "计划名称")
    if not name:
        raise ValidationError("计划名称：不能为空 / name: required")
    if not 2000 <= year <= 2100:
        raise ValidationError(f"计划年度：{year} 不是有效年份 / year: out of range")
    with ws.db.session() as s:
        dept = s.scalar(select(Department).where(Department.code == department_code))
        if dept is None:
            raise ValidationError(f"部门：未知部门“{department_code}” / department: unknown")
        if s.scalar(select(Plan.id).where(Plan.name == name, Plan.year == year)):
            raise ValidationError(f"计划名称：{year}年已有“{name}” / name: already used this year")
        plan = Plan(
            year=year,
            name=name,
            kind="annual",
            department_id=dept.id,
            status=PlanState.DRAFT,
            notes=notes or None,
        )
        s.add(plan)
        s.flush()
        log_event(
            s,
            ws.actor,
            "plan.create",
            entity="plan",
            entity_uid=plan.uid,
            summary=name,
            after={"name": name, "year": year, "department": department_code},
        )
        return _summary(s, plan)


def create_joint_plan(
    ws: Workspace, *, year: int, name: str, member_plan_ids: list[PlanId], notes: str = ""
) -> PlanSummary:
    """The county's 部门联合 plan built from departments' annual plans of the same year."""
    ws.require(Permission.EDIT_PLANS)
    name = check_visible(name.strip(), "计划名称")
    if not name:
        raise ValidationError("计划名称：不能为空 / name: required")
    if not member_plan_ids:
        raise ValidationError(
            "联合计划：至少选择一个部门计划 / choose at least one department plan"
        )
    with ws.db.session() as s:
        members = [_load(s, pid) for pid in member_plan_ids]
        for m in members:
            if m.kind != "annual" or m.year != year:
                raise ValidationError(
                    f"“{m.name}”不是{year}年的部门年度计划，不能并入。 / Not a {year} department plan."
                )
        plan = Plan(
            year=year,
            name=name,
            kind="joint",
            department_id=None,
            status=PlanState.DRAFT,
            notes=notes or None,
        )
        s.add(plan)
        s.flush()
        for m in members:
            s.add(PlanMember(joint_plan_id=plan.id, plan_id=m.id))
        s.flush()
        log_event(
            s,
            ws.actor,
            "plan.create_joint",
            entity="plan",
            entity_uid=plan.uid,
            summary=name,
            after={"name": name, "year": year, "members": sorted(m.uid for m in members)},
        )
        return _summary(s, plan)


def update_plan(
    ws: Workspace,
    plan_id: PlanId,
    *,
    name: str,
    notes: str = "",
    reason: str = "",
    base_version: int | None = None,
) -> PlanSummary:
    """Rename / re-describe a plan; once published this is an adjustment with a reason.
    `base_version`: the version the editor loaded (a stale one is refused)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        plan = _load(s, plan_id)
        check_version(s, plan, base_version, what=f"计划“{plan.name}”")
        if plan.status == PlanState.DONE:
            raise ConflictError("计划已完成，不能修改。 / The plan is completed.")
        before = {"name": plan.name, "notes": plan.notes}
        if is_adjustment(plan):
            record_revision(s, ws.actor, plan, reason=reason)
        plan.name = name.strip() or plan.name
        plan.notes = notes or None
        log_event(
            s,
            ws.actor,
            "plan.update",
            entity="plan",
            entity_uid=plan.uid,
            summary=plan.name,
            before=before,
            after={"name": plan.name, "notes": plan.notes},
        )
        return _summary(s, plan)


def _check_publishable(session: Session, plan: Plan) -> None:
    tasks = list(
        session.scalars(select(Task).where(Task.plan_id.in_(_task_plan_ids(session, plan))))
    )
    if not tasks:
        raise ValidationError(
            "计划没有任务，不能公示。 / A plan without tasks cannot be published."
        )
    problems = [
        f"{t.task_no}：未填写检查期限" for t in tasks if t.start_on is None or t.end_on is None
    ]
    if problems:
        raise ValidationError(
            f"计划不能公示：{problems[0]} / The plan is incomplete.", details=problems
        )


def set_plan_state(
    ws: Workspace,
    plan_id: PlanId,
    new_state: str,
    *,
    reason: str = "",
    on: date | None = None,
    base_version: int | None = None,
) -> Changes:
    """Move a plan 草拟→公示→执行中→已完成 (公示→草拟 withdraws it, with a reason)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        plan = _load(s, plan_id)
        check_version(s, plan, base_version, what=f"计划“{plan.name}”")
        old = plan.status
        new = transition(PlanState, old, new_state)
        if new == PlanState.ANNOUNCED:
            _check_publishable(s, plan)
            plan.published_on = on or local_today()
            for r in s.scalars(
                select(PlanRevision).where(
                    PlanRevision.plan_id == plan.id, PlanRevision.published_on.is_(None)
                )
            ):
                r.published_on = plan.published_on  # republished whole: its adjustments with it
        if old == PlanState.ANNOUNCED and new == PlanState.DRAFT:
            if not reason.strip():
                raise ValidationError(
                    "撤回已公示的计划须说明理由。 / Withdrawing a published plan needs a reason."
                )
            record_revision(s, ws.actor, plan, reason=f"撤回公示：{reason.strip()}")
        plan.status = new
        log_event(
            s,
            ws.actor,
            "plan.state",
            entity="plan",
            entity_uid=plan.uid,
            summary=f"{plan.name}：{old} → {new_state}",
            before={"status": old},
            after={"status": new_state},
            detail={"reason": reason} if reason else None,
        )
    return Changes.of(Area.PLANS, Area.TASKS, message=f"{old} → {new_state}")


def publish_plan(ws: Workspace, plan_id: PlanId, *, on: date | None = None) -> Changes:
    """公示: the plan becomes public and from now on changes only by adjustment.

    On a plan already public, publishes its adjustments not yet published (五原 第十五条:
    within 10 working days), which ends their deadline."""
    with ws.db.read_session() as s:
        adjusting = is_adjustment(_load(s, plan_id))
    if adjusting:
        return publish_adjustments(ws, plan_id, on=on)
    return set_plan_state(ws, plan_id, PlanState.ANNOUNCED, on=on)


def publish_adjustments(ws: Workspace, plan_id: PlanId, *, on: date | None = None) -> Changes:
    """Mark every unpublished adjustment of a public plan as published on `on` (today)."""
    ws.require(Permission.EDIT_PLANS)
    day = on or local_today()
    with ws.db.session() as s:
        plan = _load(s, plan_id)
        pending = list(
            s.scalars(
                select(PlanRevision)
                .where(PlanRevision.plan_id == plan.id, PlanRevision.published_on.is_(None))
                .order_by(PlanRevision.revision)
            )
        )
        if not pending:
            raise ConflictError(
                f"计划“{plan.name}”已公示，没有待公示的调整。 / Nothing to publish."
            )
        for r in pending:
            r.published_on = day
        nos = "、".join(f"第{r.revision}次" for r in pending)
        log_event(
            s,
            ws.actor,
            "plan.publish_adjustment",
            entity="plan",
            entity_uid=plan.uid,
            summary=f"{plan.name}：公示{nos}调整（{day.isoformat()}）",
            detail={"revisions": [r.revision for r in pending], "published_on": day.isoformat()},
        )
    return Changes.of(Area.PLANS, Area.DEADLINES, message=f"已公示{nos}调整")


def _office(session: Session) -> str:
    return str(get_setting(session, "office.name", "") or "")


def plan_report(ws: Workspace, plan_id: PlanId) -> plan_reports.PlanReport:
    """The read model the plan exports print from."""
    from app.core.reports import plan_reports  # on use: keeps openpyxl/reportlab out of start-up

    with ws.db.read_session() as s:
        plan = _load(s, plan_id)
        depts = {d.id: d for d in s.scalars(select(Department))}
        dept_names = {d.code: d.name for d in depts.values()}
        rows = []
        for t in s.scalars(
            select(Task)
            .where(Task.plan_id.in_(_task_plan_ids(s, plan)))
            .order_by(Task.short_name, Task.seq_no)
        ):
            items = s.execute(
                select(
                    InspectionItem.code,
                    InspectionItem.name,
                    InspectionItem.kind,
                    TaskItem.ratio_permille,
                )
                .join(InspectionItem, InspectionItem.id == TaskItem.item_id)
                .where(TaskItem.task_id == t.id)
                .order_by(InspectionItem.code)
            ).all()
            strata = "；".join(
                f"{x.get('label') or x['code']} "
                + (
                    f"{x['count']}户"
                    if x.get("count") is not None
                    else f"{x.get('ratio_permille', 0)}‰"
                )
                for x in t.strata or []
            )
            scope = pools.scope_words(t.target_kinds or [], t.pool_filter or {}, t.exclusions or {})
            rows.append(
                plan_reports.PlanTaskRow(
                    task_no=t.task_no,
                    name=t.name,
                    items="；".join(f"{c}.{n}（{k}）" for c, n, k, _r in items),
                    scope=scope,
                    strata=strata,
                    mandatory="、".join((t.mandatory or {}).get("tags", [])) or "—",
                    initiating=depts[t.initiating_department_id].name
                    if t.initiating_department_id in depts
                    else "",
                    participating="、".join(
                        dept_names.get(c, c) for c in t.participating_departments or []
                    ),
                    start_on=t.start_on,
                    end_on=t.end_on,
                    method=t.method or "",
                    inspectors_per_target=t.inspectors_per_target,
                )
            )
        dept = depts.get(plan.department_id) if plan.department_id else None
        return plan_reports.PlanReport(
            office=(dept.name if dept else _office(s)),
            name=plan.name,
            year=plan.year,
            kind_text=_kind_text(plan.kind),
            status=plan.status,
            revision=plan.revision,
            published_on=plan.published_on,
            notes=plan.notes or "",
            tasks=tuple(rows),
            audit_head=short_head(s),
        )


def export_plan_xlsx(ws: Workspace, plan_id: PlanId, path: str | Path) -> Path:
    """The plan's task list as a spreadsheet for publication."""
    from app.core.reports import plan_reports  # on use: keeps openpyxl/reportlab out of start-up

    report = plan_report(ws, plan_id)
    out = plan_reports.write_plan_xlsx(report, Path(path))
    _log_export(ws, plan_id, "xlsx", out)
    return out


def export_plan_notice_pdf(ws: Workspace, plan_id: PlanId, path: str | Path) -> Path:
    """The plan's public notice (抽查计划公告) as a PDF."""
    from app.core.reports import plan_reports  # on use: keeps openpyxl/reportlab out of start-up

    report = plan_report(ws, plan_id)
    out = plan_reports.write_plan_notice_pdf(report, Path(path))
    _log_export(ws, plan_id, "pdf", out)
    return out


def _log_export(ws: Workspace, plan_id: PlanId, kind: str, path: Path) -> None:
    with ws.db.session() as s:
        plan = _load(s, plan_id)
        log_event(
            s,
            ws.actor,
            "plan.export",
            entity="plan",
            entity_uid=plan.uid,
            summary=f"{plan.name} → {path.name}",
            detail={"format": kind},
        )
