"""指定: an officer added to a drawn team directly, where a department has too few eligible
officers and the team is short (五原 第十九条; 贵阳 四(七)4). The shortfall is computed and
shown, a supervisor approves it with a reason, the member is marked 指定 on the sheet and
counted in the statistics. It can be taken back (编辑 → 撤销) until the check starts. One rule
(`_assign_refusal`) both lists the officers who may be named and refuses the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import VisitId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.services.kernel import undo
from app.core.services.kernel.accountability import refuse_other_departments
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Changes, Workspace
from app.core.services.plan.pools import (
    borrowing_refusal,
    conflict_pairs,
    eligible_inspectors,
    target_draw_id,
    task_item_codes,
)
from app.core.storage.models import (
    Conflict,
    Department,
    Inspector,
    Target,
    Task,
    Visit,
    VisitMember,
)

from ._team_store import member_of, refresh_drafts, refuse_when_checked, visit_of
from .team_changes import TEAM_CHANGES, TeamChange

__all__ = [
    "AssignChoices",
    "Candidate",
    "Shortfall",
    "assign",
    "assign_choices",
    "assign_member",
    "shortfall",
]


@dataclass(frozen=True)
class Shortfall:
    """Eligible officers of a department against what its teams need."""

    department: str
    eligible: int
    needed: int

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.eligible)

    def text(self) -> str:
        return f"{self.department}：符合条件的执法人员{self.eligible}名，每组需{self.needed}名，缺{self.missing}名"


def shortfall(ws: Workspace, visit_id: VisitId, *, on: date | None = None) -> list[Shortfall]:
    """Per participating department: eligible officers (在岗, valid 执法证, no 回避 with this
    business) against the team size the task asks. A department short of officers may have
    one assigned directly."""
    day = on or local_today()
    with ws.db.read_session() as s:
        return _shortfall(s, visit_id, day)


def _shortfall(s: Session, visit_id: int, day: date) -> list[Shortfall]:
    visit, task, target = visit_of(s, visit_id)
    wanted = list(task.participating_departments or [])
    if not wanted:
        wanted = [
            s.scalar(select(Department.code).where(Department.id == task.initiating_department_id))
            or ""
        ]
    people, member_ids = eligible_inspectors(
        s,
        departments=wanted,
        on=day,
        items=task_item_codes(s, task.id),
        allow_external=bool(task.allow_external),
    )
    draw_target = target_draw_id(target.uscc, target.reg_no, target.uid)
    blocked = {
        i
        for i, _t in conflict_pairs(
            s, inspector_ids=member_ids, target_ids={draw_target: target.id}
        )
    }
    names = {d.code: d.name for d in s.scalars(select(Department))}
    per_team = task.inspectors_per_target if len(wanted) == 1 else 1
    out = []
    for code in wanted:
        n = sum(1 for p in people if p["department"] == code and p["id"] not in blocked)
        out.append(Shortfall(names.get(code, code), n, per_team))
    return out


def assign_member(
    ws: Workspace,
    visit_id: VisitId,
    *,
    member: str,
    reason: str,
    approved_by: str | None = None,
    on: date | None = None,
) -> tuple[TeamChange, list[Shortfall]]:
    """指定: adds an officer to the team directly (a supervisor's decision, when a department
    has too few eligible officers). Refused when there is no shortfall, for an officer with a
    回避 on this business, an inactive one, or one already on the team."""
    ws.require(Permission.RUN_DRAW)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("指定原因：必须填写。 / A reason is required.")
    approver = (approved_by or "").strip() or ws.actor.display_name or ws.actor.username
    day = on or local_today()
    with ws.db.session() as s:
        visit, task, target = visit_of(s, visit_id)
        refuse_other_departments(
            s, ws.actor, [task.initiating_department_id], "指定", "的检查组成员"
        )
        forms = refuse_when_checked(s, visit)
        gaps = _shortfall(s, visit_id, day)
        team_size = _team_size(s, visit)
        full = _team_full(gaps, team_size, task)
        if full is not None:
            raise ConflictError(full)
        person = s.scalars(select(Inspector).where(Inspector.cert_no == member.strip())).first()
        if person is None:
            raise NotFoundError(
                f"名录库中没有执法证号为“{member}”的检查人员。 / No inspector {member}."
            )
        refusal = _assign_refusal(person, _assign_context(s, visit, task, target, day))
        if refusal is not None:
            raise ValidationError(f"{refusal}，不能指定。")
        check_version(s, visit, None, what=f"检查对象“{target.name}”")
        position = (
            int(
                s.scalar(
                    select(func.max(VisitMember.position)).where(VisitMember.visit_id == visit.id)
                )
                or 0
            )
            + 1
        )
        s.add(
            VisitMember(
                visit_id=visit.id, inspector_id=person.id, role="成员" if team_size else "组长",
                position=position if team_size else 0, source="assigned", reason=reason,
            )
        )  # fmt: skip
        s.flush()
        refresh_drafts(s, visit, forms, None)
        log_event(
            s, ws.actor, "team.assign", entity="visit", entity_uid=visit.uid,
            summary=(
                f"{target.name}：指定{person.name}（{person.cert_no}）参加检查，原因：{reason}；"
                f"{'；'.join(g.text() for g in gaps)}；批准人：{approver}"
            ),
            detail={"added": person.cert_no, "reason": reason, "approved_by": approver,
                    "shortfall": [g.text() for g in gaps]},
        )  # fmt: skip
        s.flush()
        visit_uid, version, label = visit.uid, visit.version, f"指定{person.name}检查{target.name}"
    cert_no = person.cert_no
    undo.record(ws, label, lambda ws2, step: _undo_assign(ws2, step, visit_uid, version, cert_no))
    change = TeamChange(visit_id, "", person.cert_no, person.name, reason, approver, None, "")
    return change, gaps


def _undo_assign(ws: Workspace, label: str, visit_uid: str, version: int, cert_no: str) -> Changes:
    """撤销 指定 (a wrong officer picked): the member leaves the team again, while nothing was
    checked and nobody changed the team since (the gate on the visit)."""
    ws.require(Permission.RUN_DRAW)
    with ws.db.session() as s:
        visit = s.scalars(select(Visit).where(Visit.uid == visit_uid)).first()
        if visit is None or visit.is_cancelled:
            raise NotFoundError(f"该检查对象的走访已不存在，不能撤销：{label}")
        target = s.get(Target, visit.target_id)
        check_version(s, visit, version, what=f"检查对象“{target.name if target else visit.id}”")
        forms = refuse_when_checked(s, visit)
        person, row = member_of(s, visit, cert_no)
        s.delete(row)
        s.flush()
        refresh_drafts(s, visit, forms, person.id)
        undo.log_undo(
            s, ws, label, entity="visit", entity_uid=visit.uid,
            before={"added": cert_no, "source": "assigned"}, after=None,
        )  # fmt: skip
    return Changes(TEAM_CHANGES.areas, f"已撤销：{label}")


def _team_size(s: Session, visit: Visit) -> int:
    return int(
        s.scalar(select(func.count()).select_from(VisitMember).where(
            VisitMember.visit_id == visit.id, VisitMember.inspector_id.is_not(None)
        )) or 0
    )  # fmt: skip


def _team_full(gaps: list[Shortfall], team_size: int, task: Task) -> str | None:
    """Why no officer may be assigned to this team, in words; None while it is short."""
    if team_size < task.inspectors_per_target:
        return None
    if any(g.missing for g in gaps):
        return (
            f"检查组已有{team_size}名检查人员（每组需{task.inspectors_per_target}名），"
            "不能再指定。 / The team is complete."
        )
    return (
        "符合条件的执法人员足够（"
        + "；".join(g.text() for g in gaps)
        + "），应随机抽取，不能直接指定。"
        " / Enough eligible officers: draw, do not assign."
    )


@dataclass(frozen=True)
class _AssignContext:
    """What a 指定 on one visit is judged against: its task and business, the day, the
    officers with a 回避 on the business and those already on the team."""

    task: Task
    target: Target
    day: date
    conflicted: frozenset[int]
    on_team: frozenset[int]


def _assign_context(
    s: Session, visit: Visit, task: Task, target: Target, day: date
) -> _AssignContext:
    conflicted = s.scalars(
        select(Conflict.inspector_id).where(Conflict.target_id == target.id, Conflict.is_active)
    )
    on_team = s.scalars(
        select(VisitMember.inspector_id).where(
            VisitMember.visit_id == visit.id, VisitMember.inspector_id.is_not(None)
        )
    )
    return _AssignContext(
        task,
        target,
        day,
        frozenset(i for i in conflicted if i is not None),
        frozenset(i for i in on_team if i is not None),
    )


def _assign_refusal(person: Inspector, at: _AssignContext) -> str | None:
    """Why this officer cannot be assigned (指定) to this visit, in words; None when they can.
    The one rule for the refusal and for the dialog's list of whom to pick."""
    if person.status != "在岗":
        return f"{person.name}当前状态为“{person.status}”"
    if person.cert_expires_on is not None and person.cert_expires_on < at.day:
        return f"{person.name}的执法证已过期"
    borrowed = borrowing_refusal(person, allow_external=bool(at.task.allow_external), on=at.day)
    if borrowed is not None:
        return f"{person.name}{borrowed}"
    if person.id in at.conflicted:
        return f"{person.name}与{at.target.name}有回避关系"
    if person.id in at.on_team:
        return f"{person.name}已是该检查组成员"
    return None


@dataclass(frozen=True)
class Candidate:
    """An officer who may be assigned (指定) to a visit."""

    cert_no: str
    name: str
    department: str

    @property
    def label(self) -> str:
        return f"{self.name}（{self.cert_no}，{self.department}）"


@dataclass(frozen=True)
class AssignChoices:
    """What the 指定 dialog shows for one visit: each department's shortfall, why nobody may be
    assigned (None while the team is short), and whom the supervisor may pick (the task's
    departments first)."""

    shortfall: list[Shortfall]
    refusal: str | None  # why nobody may be assigned now (the team is complete), in words
    candidates: list[Candidate]


def assign_choices(ws: Workspace, visit_id: VisitId, *, on: date | None = None) -> AssignChoices:
    day = on or local_today()
    with ws.db.read_session() as s:
        visit, task, target = visit_of(s, visit_id)
        gaps = _shortfall(s, visit_id, day)
        full = _team_full(gaps, _team_size(s, visit), task)
        names = {d.id: d.name for d in s.scalars(select(Department))}
        own = set(task.participating_departments or []) or {
            s.scalar(select(Department.code).where(Department.id == task.initiating_department_id))
        }
        own_ids = set(s.scalars(select(Department.id).where(Department.code.in_(own))))
        people = s.scalars(
            select(Inspector).where(Inspector.status == "在岗").order_by(Inspector.name)
        )
        at = _assign_context(s, visit, task, target, day)
        picks = [p for p in people if _assign_refusal(p, at) is None]
        picks.sort(key=lambda p: p.department_id not in own_ids)
        return AssignChoices(
            gaps,
            full,
            [Candidate(p.cert_no, p.name, names.get(p.department_id, "")) for p in picks],
        )


def assign(
    ws: Workspace, visit_id: VisitId, *, member: str, reason: str, approved_by: str | None = None
) -> Changes:
    """指定 as a screen asks for it: `assign_member`, answered with what changed and in words."""
    change, _gaps = assign_member(
        ws, visit_id, member=member, reason=reason, approved_by=approved_by
    )
    return Changes(
        TEAM_CHANGES.areas, f"已指定{change.added_name}参加检查（批准人：{change.approved_by}）"
    )


__all__ += ["AssignChoices", "Candidate", "assign", "assign_choices"]
