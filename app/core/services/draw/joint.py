"""进一次门、查多项事: merge visits of several tasks to the same target into one joint visit.

Shows first what would merge (preview), then merges with an audit event per joint visit. Never
draws: the team of a joint visit is made of members each task's own draw already chose.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.ids import PlanId, TargetId, VisitId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import VisitState
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan.pools import freeze_targets
from app.core.storage.models import (
    Department,
    Inspector,
    Plan,
    PlanMember,
    Target,
    Task,
    Visit,
    VisitMember,
    VisitTask,
)


@dataclass(frozen=True)
class JointPart:
    visit_id: VisitId
    task_no: str
    task_name: str
    department: str
    start_on: date | None
    end_on: date | None


@dataclass(frozen=True)
class JointCandidate:
    """One target several tasks drew in overlapping periods: these visits would become one."""

    target_id: TargetId
    target_name: str
    code: str
    parts: tuple[JointPart, ...]  # the first is the visit that carries the others

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.department for p in self.parts))


@dataclass(frozen=True)
class JointMergeResult:
    merged_visits: int
    joint_keys: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class PoolOverlap:
    """Plan stage: targets in the pools of tasks of several departments with overlapping periods."""

    targets: int
    pairs: tuple[tuple[str, str, int], ...]  # (task no, task no, shared targets)


def _overlaps(a: Task, b: Task) -> bool:
    if a.start_on is None or a.end_on is None or b.start_on is None or b.end_on is None:
        return False
    return a.start_on <= b.end_on and b.start_on <= a.end_on


def _candidates(
    session: Session, target_ids: Sequence[int] | None = None
) -> list[tuple[Target, list[tuple[Visit, Task]]]]:
    q = (
        select(Visit, Task)
        .join(Task, Task.id == Visit.task_id)
        .where(~Visit.is_cancelled, Visit.joint_key.is_(None), Visit.status == VisitState.WAITING)
        .order_by(Visit.target_id, Task.start_on, Visit.id)
    )
    if target_ids is not None:
        q = q.where(Visit.target_id.in_(list(target_ids)))
    by_target: dict[int, list[tuple[Visit, Task]]] = defaultdict(list)
    for v, t in session.execute(q):
        by_target[v.target_id].append((v, t))
    out = []
    for target_id, rows in by_target.items():
        if len({t.id for _, t in rows}) < 2:
            continue
        primary_task = rows[0][1]
        group = [rows[0]]
        seen = {primary_task.id}
        for v, t in rows[1:]:
            if t.id not in seen and _overlaps(primary_task, t):
                group.append((v, t))
                seen.add(t.id)
        if len(group) >= 2:
            target = session.get(Target, target_id)
            assert target is not None
            out.append((target, group))
    return out


def preview_joint_visits(ws: Workspace) -> list[JointCandidate]:
    """What `merge_joint_visits` would merge now: one entry per target, the carrying visit first."""
    with ws.db.read_session() as s:
        depts = {d.id: d.name for d in s.scalars(select(Department))}
        return [
            JointCandidate(
                target_id=TargetId(target.id),
                target_name=target.name,
                code=target.uscc or target.reg_no or "",
                parts=tuple(
                    JointPart(
                        visit_id=VisitId(v.id),
                        task_no=t.task_no,
                        task_name=t.name,
                        department=depts.get(t.initiating_department_id, ""),
                        start_on=t.start_on,
                        end_on=t.end_on,
                    )
                    for v, t in group
                ),
            )
            for target, group in _candidates(s)
        ]


# A merge moves teams and tasks onto the first visit of each group and cancels the others.
MERGE_CHANGES = Changes.of(Area.VISITS, Area.DRAWS, Area.TASKS, Area.PLANS)


def merge_joint_visits(
    ws: Workspace, *, target_ids: Sequence[int] | None = None
) -> JointMergeResult:
    """Merge each previewed group into its first visit: the others' tasks are carried by it
    (VisitTask), their visits are closed as merged, and the team gains a member of each
    department from that department's own drawn team."""
    ws.require(Permission.RUN_DRAW)
    keys: list[str] = []
    merged = 0
    with ws.db.session() as s:
        dept_of = {i.id: i.department_id for i in s.scalars(select(Inspector))}
        for target, group in _candidates(s, target_ids):
            key = str(uuid.uuid4())
            primary, primary_task = group[0]
            primary.joint_key = key
            members = list(
                s.scalars(
                    select(VisitMember)
                    .where(VisitMember.visit_id == primary.id)
                    .order_by(VisitMember.position)
                )
            )
            present: set[int | None] = {
                m.inspector_id for m in members if m.inspector_id is not None
            }
            have_depts = {
                dept_of.get(m.inspector_id) for m in members if m.inspector_id is not None
            }
            position = len(members)
            parts = [primary_task.task_no]
            for v, t in group[1:]:
                s.add(VisitTask(visit_id=primary.id, task_id=t.id))
                v.joint_key = key
                v.is_cancelled = True
                v.replaced_reason = f"并入联合检查（{primary_task.task_no}）"
                theirs = list(
                    s.scalars(
                        select(VisitMember)
                        .where(VisitMember.visit_id == v.id)
                        .order_by(VisitMember.position)
                    )
                )
                own = [
                    m
                    for m in theirs
                    if m.inspector_id is not None
                    and dept_of.get(m.inspector_id) == t.initiating_department_id
                ]
                pick = next((m for m in own + theirs if m.inspector_id not in present), None)
                if pick is not None and (t.initiating_department_id not in have_depts or not own):
                    s.add(
                        VisitMember(
                            visit_id=primary.id,
                            inspector_id=pick.inspector_id,
                            expert_id=pick.expert_id,
                            role=pick.role if pick.role == "专家" else "成员",
                            position=position,
                            source=pick.source,
                            draw_session_id=pick.draw_session_id,
                            reason=f"联合检查：{t.task_no} 抽中的检查人员",
                        )
                    )
                    position += 1
                    present.add(pick.inspector_id)
                    have_depts.add(t.initiating_department_id)
                parts.append(t.task_no)
                merged += 1
            keys.append(key)
            log_event(
                s,
                ws.actor,
                "joint.merge",
                entity="visit",
                entity_uid=primary.uid,
                summary=f"{target.name}：{'、'.join(parts)} 合并为一次联合检查",
                detail={"joint_key": key, "tasks": parts, "visits": [v.uid for v, _ in group]},
            )
    return JointMergeResult(
        merged_visits=merged,
        joint_keys=tuple(keys),
        message=f"合并 {len(keys)} 户的联合检查，并入 {merged} 次检查",
    )


def pool_overlap(ws: Workspace, *, plan_id: PlanId, on: date | None = None) -> PoolOverlap:
    """For a (joint) plan: how many businesses sit in the pools of tasks of different departments
    whose periods overlap — the candidates for joint visits before anything is drawn."""
    day = on or local_today()
    with ws.db.read_session() as s:
        plan = s.get(Plan, plan_id)
        plan_ids = [plan_id]
        if plan is not None and plan.kind == "joint":
            plan_ids += list(
                s.scalars(select(PlanMember.plan_id).where(PlanMember.joint_plan_id == plan_id))
            )
        task_rows = list(s.scalars(select(Task).where(Task.plan_id.in_(plan_ids))))
        pools: dict[int, set[str]] = {}
        for t in task_rows:
            rules = {
                "target_kinds": t.target_kinds,
                "pool_filter": t.pool_filter,
                "strata": t.strata,
                "mandatory": t.mandatory,
                "exclusions": t.exclusions,
            }
            try:
                targets, strata, *_ = freeze_targets(s, task_rules=rules, on=day)
            except ValidationError:  # a task with a broken rule simply has no pool here
                pools[t.id] = set()
                continue
            excluded = {x for st in strata for x in st["excluded"]}
            pools[t.id] = {
                x["id"] for x in targets if x["stratum"] != "-" and x["id"] not in excluded
            }
        shared: set[str] = set()
        pairs = []
        for i, a in enumerate(task_rows):
            for b in task_rows[i + 1 :]:
                if a.initiating_department_id == b.initiating_department_id or not _overlaps(a, b):
                    continue
                both = pools[a.id] & pools[b.id]
                if both:
                    pairs.append((a.task_no, b.task_no, len(both)))
                    shared |= both
        return PoolOverlap(targets=len(shared), pairs=tuple(pairs))
