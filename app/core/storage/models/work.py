"""Plans, tasks, draw sessions, visits and their teams: the 抽查 work from plan to visit.

Columns only. States are plain strings whose allowed values and moves are defined in
core.domain.states; services enforce them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.core.domain.states import PlanState, TaskState, VisitState

from .base import Base, Synced, utcnow


class Plan(Synced, Base):
    """抽查计划 — a department's annual plan (年度抽查工作计划) or the county's joint plan."""

    __tablename__ = "plans"
    year: Mapped[int] = mapped_column(Integer, index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="annual")  # annual / joint
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    status: Mapped[str] = mapped_column(
        String(10), default=PlanState.DRAFT
    )  # 草拟 公示 执行中 已完成
    published_on: Mapped[date | None] = mapped_column(Date)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # published adjustments so far
    notes: Mapped[str | None] = mapped_column(Text)


class PlanMember(Base):
    """A department plan merged into a joint plan (部门联合)."""

    __tablename__ = "plan_members"
    __table_args__ = (UniqueConstraint("joint_plan_id", "plan_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    joint_plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))


class PlanRevision(Base):
    """A published plan's adjustment: what it was before, why it changed (五原 第十五条)."""

    __tablename__ = "plan_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[dict] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(60))
    # The day the adjustment was published (公示); empty while its 10-working-day deadline runs.
    published_on: Mapped[date | None] = mapped_column(Date)


class Task(Synced, Base):
    """抽查任务 — numbered `{简称}抽查〔YYYY〕N号`; holds the pool, strata and team rules.

    `pool_filter`: {"kinds": [...], "townships": [...], "supervising_units": [...],
    "industry_prefixes": [...], "statuses": [...], "tags": [...]}.
    `strata`: [{"code", "label", "credit_grades": [...], "risk_classes": [...],
    "ratio_permille" | "count", "qualification"}].
    `mandatory`: {"tags": ["重点对象", ...], "target_ids": [...]};
    `exclusions`: {"statuses": [...], "inspected_within_months": int, "target_ids": [...]}.
    """

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("short_name", "year", "seq_no"),)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), index=True)
    task_no: Mapped[str] = mapped_column(String(80), unique=True)
    short_name: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    seq_no: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    initiating_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    participating_departments: Mapped[list] = mapped_column(default=list)  # department codes
    target_kinds: Mapped[list] = mapped_column(default=list)
    pool_filter: Mapped[dict] = mapped_column(default=dict)
    strata: Mapped[list] = mapped_column(default=list)
    mandatory: Mapped[dict] = mapped_column(default=dict)
    exclusions: Mapped[dict] = mapped_column(default=dict)
    inspectors_per_target: Mapped[int] = mapped_column(Integer, default=2)
    max_load: Mapped[int | None] = mapped_column(Integer)
    # Experts drawn per target from 专家名录库 when an item needs one: {"count": 1, "expertise": "特种设备"}.
    expert_rule: Mapped[dict | None] = mapped_column()
    start_on: Mapped[date | None] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(String(60))  # 现场检查 / 书面检查 …
    status: Mapped[str] = mapped_column(String(10), default=TaskState.UNDRAWN)
    notes: Mapped[str | None] = mapped_column(Text)
    # A supervisor's recorded exception to a 一般 item's cap:
    # {"reason", "by", "at", "violations": [text, ...]} (services.year_rules; shown on the notice).
    cap_exception: Mapped[dict | None] = mapped_column()
    # May the draw take officers borrowed from a neighbouring area (Inspector.external_area)?
    # True or NULL (never False: a NULL leaves the sealed state of older rows as it was).
    allow_external: Mapped[bool | None] = mapped_column(Boolean)


class TaskItem(Base):
    """An inspection item a task checks, with the ratio used for it (capped for 一般 items)."""

    __tablename__ = "task_items"
    __table_args__ = (UniqueConstraint("task_id", "item_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("inspection_items.id"))
    ratio_permille: Mapped[int | None] = mapped_column(Integer)


class DrawSession(Synced, Base):
    """One DRAW-v1 attempt (targets, inspectors or experts) — kept whatever its outcome.

    status: locked → ok | infeasible | aborted. `office_secret` is "" until the reveal (the
    secret lives only in the locking process's memory, services/draw/draws.py); `record` is the
    published JSON record. A draw's population (every business of the pool: a million at city
    scale) is stored once, in `population`, loaded only when read; the stored record carries
    `"population": null` in its place, and a team amendment's `"amends": null` for the record of
    the row it is based on (services/draw/draw_views.py `stored_record`, `full_record`). Records
    stored before that carry everything.
    """

    __tablename__ = "draw_sessions"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="targets")  # targets/inspectors/experts
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("draw_sessions.id"))
    status: Mapped[str] = mapped_column(String(12), default="locked")
    manifest: Mapped[dict] = mapped_column()
    manifest_digest: Mapped[str] = mapped_column(String(64))
    population: Mapped[dict] = mapped_column(deferred=True)
    office_secret: Mapped[str] = mapped_column(String(64))
    observer_inputs: Mapped[list | None] = mapped_column()
    public_value: Mapped[str | None] = mapped_column(Text)
    seed: Mapped[str | None] = mapped_column(String(64))
    record: Mapped[dict | None] = mapped_column()
    record_digest: Mapped[str | None] = mapped_column(String(64))
    operator: Mapped[str | None] = mapped_column(String(60))
    locked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    abort_reason: Mapped[str | None] = mapped_column(Text)
    signed_off_by: Mapped[str | None] = mapped_column(String(60))


class Visit(Synced, Base):
    """A drawn target to inspect — one visit (进一次门) that may carry several tasks' items.

    status: 待检查 检查中 已完成 (the form's progress). Review and publication states are
    per department in `results`, because each department publishes its own items.
    """

    __tablename__ = "visits"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    draw_session_id: Mapped[int | None] = mapped_column(ForeignKey("draw_sessions.id"))
    stratum: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(12), default="draw")  # draw/mandatory/reserve/manual
    status: Mapped[str] = mapped_column(String(10), default=VisitState.WAITING)
    replaces_visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    replaced_reason: Mapped[str | None] = mapped_column(Text)  # set on the visit taken out
    is_cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    joint_key: Mapped[str | None] = mapped_column(String(36), index=True)  # merged joint visit
    archive_no: Mapped[str | None] = mapped_column(
        String(60)
    )  # 档案号 (一次一档), set at archiving


class VisitTask(Base):
    """A further task carried by a merged joint visit (进一次门、查多项事)."""

    __tablename__ = "visit_tasks"
    __table_args__ = (UniqueConstraint("visit_id", "task_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))


class VisitMember(Base):
    """A team member of a visit: an inspector (or expert), from a draw or a documented manual choice."""

    __tablename__ = "visit_members"
    __table_args__ = (UniqueConstraint("visit_id", "inspector_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("inspectors.id"), index=True)
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("experts.id"))
    role: Mapped[str] = mapped_column(String(10), default="成员")  # 组长 / 成员 / 专家
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(10), default="draw")  # draw / manual
    draw_session_id: Mapped[int | None] = mapped_column(ForeignKey("draw_sessions.id"))
    reason: Mapped[str | None] = mapped_column(Text)  # required for manual assignment (大足 三(三))


class CheckRecord(Synced, Base):
    """A check a business received outside the draw (投诉举报, 转办交办, 专项检查, 日常检查).

    With the drawn and joint visits (table visits) these rows make the one ledger of checks
    (services.registry.ledger) that 无事不扰, the yearly ceiling per business and statistics read.
    """

    __tablename__ = "check_records"
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    checked_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # 投诉举报 / 转办交办 / 专项检查 / 日常检查
    ref: Mapped[str | None] = mapped_column(String(200))  # 来源文号、投诉编号 …
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(60))
