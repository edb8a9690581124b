"""Team changes after the draw, each with a public or an audited trail.

- `replace_member`: one member of a drawn team leaves (回避 found on site, leave, illness,
  departure — 五原 第十九条, 贵阳 四(七)4) and a replacement draw picks the successor: the
  same protocol (DRAW-v1.1 §11, a team amendment), the new record chained to the record it
  amends by that record's digest, verifiable by the standalone verifier.
- `assign_member`: direct assignment (指定) where a department has too few eligible officers
  and the team is short; the shortfall is computed and shown, a supervisor approves it, the
  member is marked 指定 on the sheet and counted in the statistics. It can be taken back
  (编辑 → 撤销) until the check starts; a replacement draw, being a draw, cannot.

Each change is one audited event naming who approved it. Both go through the stale-save gate
on the visit (services/concurrency.check_version).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState, FormState
from app.core.draw import engine
from app.core.draw.engine import (
    AMENDMENT,
    DrawRefused,
    cj,
    compute_amendment,
    lock_amendment,
    record_digest,
    sha256hex,
    team_of,
)
from app.core.services.kernel import undo
from app.core.services.kernel.accountability import refuse_other_departments
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan.pools import (
    borrowing_refusal,
    conflict_pairs,
    department_codes,
    eligible_inspectors,
    target_draw_id,
    task_item_codes,
)
from app.core.storage.models import (
    Conflict,
    Department,
    DrawSession,
    Inspection,
    Inspector,
    Signature,
    Target,
    Task,
    Visit,
    VisitMember,
    new_uid,
    utcnow,
)

__all__ = [
    "REASONS",
    "ReplacementLock",
    "lock_replacement",
    "reveal_replacement",
    "Shortfall",
    "TeamChange",
    "assign_member",
    "replace_member",
    "shortfall",
]

# What a team change touches (the team on the visit list, the draw page's trail).
TEAM_CHANGES = Changes.of(Area.DRAWS, Area.VISITS)

# The reasons the rules name; any other text is accepted too (it is printed as given).
REASONS = ("回避", "休假", "病假", "调离", "其他")


@dataclass(frozen=True)
class TeamChange:
    visit_id: int
    removed: str  # 执法证号 of the member who left ("" for an assignment)
    added: str  # 执法证号 of the member who joined
    added_name: str
    reason: str
    approved_by: str
    record: dict[str, Any] | None  # the amendment record (replacement draws only)
    record_digest: str
    removed_name: str = ""


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


def _visit(s: Session, visit_id: int) -> tuple[Visit, Task, Target]:
    visit = s.get(Visit, visit_id)
    if visit is None or visit.is_cancelled:
        raise NotFoundError(f"没有编号为{visit_id}的检查对象（走访）。 / No visit {visit_id}.")
    task = s.get(Task, visit.task_id)
    target = s.get(Target, visit.target_id)
    assert task is not None and target is not None
    return visit, task, target


def _refuse_when_checked(s: Session, visit: Visit) -> list[Inspection]:
    forms = list(s.scalars(select(Inspection).where(Inspection.visit_id == visit.id)))
    if any(f.status != FormState.DRAFT for f in forms):
        raise ConflictError(
            "该对象已完成检查，不能再更换检查人员（如需更正请走更正流程）。"
            " / The check is completed; the team can no longer change."
        )
    return forms


def _member(s: Session, visit: Visit, cert_no: str) -> tuple[Inspector, VisitMember]:
    person = s.scalars(select(Inspector).where(Inspector.cert_no == cert_no.strip())).first()
    if person is None:
        raise NotFoundError(
            f"名录库中没有执法证号为“{cert_no}”的检查人员。 / No inspector {cert_no}."
        )
    row = s.scalars(
        select(VisitMember).where(
            VisitMember.visit_id == visit.id, VisitMember.inspector_id == person.id
        )
    ).first()
    if row is None:
        raise ValidationError(f"{person.name}（{cert_no}）不是该检查组成员。 / Not on this team.")
    return person, row


def _previous_record(s: Session, visit: Visit, draw_target: str) -> DrawSession:
    """The record the change amends: the newest amendment of this target, else the draw that
    made the team."""
    amendments = s.scalars(
        select(DrawSession)
        .where(
            DrawSession.task_id == visit.task_id,
            DrawSession.kind == "amendment",
            DrawSession.status == DrawState.OK,
        )
        .order_by(DrawSession.id.desc())
    )
    for row in amendments:
        if row.record and row.record.get("manifest", {}).get("target") == draw_target:
            return row
    ids = {
        m.draw_session_id
        for m in s.scalars(select(VisitMember).where(VisitMember.visit_id == visit.id))
        if m.draw_session_id is not None and m.source == "draw"
    }
    for row in s.scalars(
        select(DrawSession).where(DrawSession.id.in_(ids)).order_by(DrawSession.id.desc())
    ):
        if row.record and team_of(row.record, draw_target) is not None:
            return row
    raise ConflictError(
        "该检查组不是随机抽取产生的，没有可续接的抽取记录；人员不足时请用“指定”。"
        " / The team was not drawn; there is no record to amend (use a direct assignment)."
    )


def _root(record: dict[str, Any]) -> dict[str, Any]:
    while record.get("kind") == AMENDMENT:
        record = record["amends"]
    return record


def _refresh_drafts(
    s: Session, visit: Visit, forms: list[Inspection], removed_id: int | None
) -> None:
    """An open draft's header names the team as it now is; the leaver's signature goes."""
    from app.core.services.checklist.inspections import build_header, visit_items

    for form in forms:
        check_version(s, form, None, what=f"检查表（走访 {visit.id}）")
        header = dict(form.header)
        header["inspectors"] = build_header(s, visit, visit_items(s, visit))["inspectors"]
        form.header = header
        if removed_id is not None:
            for sig in s.scalars(
                select(Signature).where(
                    Signature.inspection_id == form.id, Signature.inspector_id == removed_id
                )
            ):
                s.delete(sig)


@dataclass(frozen=True)
class ReplacementLock:
    """A locked replacement draw: shown (digest, commitment) before any observer input."""

    token: str
    visit_id: int
    task_no: str
    task_name: str
    target_name: str
    removed: str
    removed_name: str
    reason: str
    approved_by: str
    observers: tuple[str, ...]
    manifest_digest: str
    commitment: str
    amends: str  # the digest of the record amended
    candidates: int  # inspectors in the population
    public_value_source: str


@dataclass
class _Held:
    lock: ReplacementLock
    secret: bytes
    manifest: dict[str, Any]
    population: dict[str, Any]
    previous_id: int
    member_ids: dict[str, int]


# Locked replacements of this process, by token: the secret lives only here until the reveal
# (as services/draw/draws.py holds a draw's), so nobody reading the database can precompute.
_held: dict[str, _Held] = {}
_held_lock = threading.Lock()


def lock_replacement(
    ws: Workspace,
    visit_id: int,
    *,
    member: str,
    reason: str,
    observers: Sequence[str],
    public_value_source: str = "",
    approved_by: str | None = None,
    on: date | None = None,
) -> ReplacementLock:
    """Freezes the replacement draw (DRAW-v1.1 §11): who leaves and why, the inspectors and
    回避 now, the record amended; makes the office secret (held in memory) and returns the
    manifest digest and commitment to show before the observers type. The lock is an audit
    event, so an abandoned attempt stays visible."""
    ws.require(Permission.RUN_DRAW)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            "更换原因：必须填写（如 回避、休假、病假、调离）。 / A reason is required."
        )
    names = [str(o).strip() for o in observers]
    if not names or any(not n for n in names):
        raise ValidationError(
            "观察员：至少一名，且每位须填写姓名。 / Observers: at least one, each named."
        )
    approver = (approved_by or "").strip() or ws.actor.display_name or ws.actor.username
    day = on or local_today()
    with ws.db.session() as s:
        visit, task, target = _visit(s, visit_id)
        refuse_other_departments(
            s, ws.actor, [task.initiating_department_id], "更换", "的检查组成员"
        )
        _refuse_when_checked(s, visit)
        person, _row = _member(s, visit, member)
        draw_target = target_draw_id(target.uscc, target.reg_no, target.uid)
        previous = _previous_record(s, visit, draw_target)
        assert previous.record is not None
        team_rule = (_root(previous.record).get("manifest") or {}).get("team") or {}
        removed_dept = department_codes(s).get(person.department_id, "")
        department = removed_dept if removed_dept in (team_rule.get("departments") or []) else ""
        qualification = str((team_rule.get("qualification") or {}).get(visit.stratum or "", ""))
        people, member_ids = eligible_inspectors(
            s,
            departments=task.participating_departments or [],
            on=day,
            items=task_item_codes(s, task.id),
            allow_external=bool(task.allow_external),
        )
        conflicts = conflict_pairs(s, inspector_ids=member_ids, target_ids={draw_target: target.id})
        session_info = {
            "task_no": task.task_no,
            "task_name": task.name,
            "kind": "team-amendment",
            "approved_by": approver,
            "draw_date": day.isoformat(),
            "locked_at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        secret = engine.new_office_secret()
        try:
            manifest, population = lock_amendment(
                amends=previous.record, session=session_info, target=draw_target, remove=person.cert_no,
                reason=reason, department=department, qualification=qualification,
                population={"inspectors": people, "conflicts": conflicts}, observers=names,
                office_secret=secret, public_value_source=public_value_source,
            )  # fmt: skip
        except DrawRefused as exc:
            raise ValidationError(
                f"重新抽取不能锁定：{exc.reason} / The replacement draw was refused."
            ) from None
        digest = sha256hex(cj(manifest))
        token = new_uid()
        lock = ReplacementLock(
            token, visit.id, task.task_no, task.name, target.name, person.cert_no, person.name, reason, approver,
            tuple(manifest["observers"]), digest, manifest["commitment"], manifest["amends"], len(people),
            manifest["public_value_source"],
        )  # fmt: skip
        log_event(
            s, ws.actor, "team.replace_lock", entity="visit", entity_uid=visit.uid,
            summary=f"{target.name}：更换{person.name}（{reason}）的重新抽取已锁定 {digest[:16]}…；批准人：{approver}",
            detail={"manifest_digest": digest, "commitment": manifest["commitment"], "amends": manifest["amends"],
                    "removed": person.cert_no, "observers": names},
        )  # fmt: skip
        with _held_lock:
            _held[token] = _Held(lock, secret, manifest, population, previous.id, member_ids)
        return lock


def reveal_replacement(
    ws: Workspace, token: str, *, observer_inputs: Sequence[str], public_value: str | None = None
) -> TeamChange:
    """Reveals the held secret with the observers' inputs, computes the replacement (DRAW-v1.1
    §11), stores the amendment record and the new team; refused when the team or the record
    it amends changed since the lock (lock again)."""
    ws.require(Permission.RUN_DRAW)
    with _held_lock:
        held = _held.pop(token, None)
    if held is None:
        raise ConflictError(
            "这次重新抽取不是由本程序锁定的（或已计算），密钥不在本机内存中；请重新锁定。"
            " / This attempt was not locked by this program (or was computed); lock again."
        )
    lock = held.lock
    inputs = [str(x) for x in observer_inputs]
    with ws.db.session() as s:
        visit, task, target = _visit(s, lock.visit_id)
        forms = _refuse_when_checked(s, visit)
        person, row = _member(s, visit, lock.removed)
        draw_target = target_draw_id(target.uscc, target.reg_no, target.uid)
        previous = _previous_record(s, visit, draw_target)
        if previous.id != held.previous_id:
            raise ConflictError(
                "锁定后该检查组已有其他变更，请重新锁定。 / The team changed since the lock."
            )
        try:
            record = compute_amendment(
                amends=previous.record, manifest=held.manifest, population=held.population,
                office_secret=held.secret, observer_inputs=inputs, public_value=public_value,
            )  # fmt: skip
        except DrawRefused as exc:
            raise ValidationError(
                f"重新抽取不能计算：{exc.reason} / The replacement draw was refused."
            ) from None
        digest = record_digest(record)
        attempt = 1 + int(
            s.scalar(
                select(func.count())
                .select_from(DrawSession)
                .where(DrawSession.task_id == task.id, DrawSession.kind == "amendment")
            )
            or 0
        )
        session_row = DrawSession(
            task_id=task.id, kind="amendment", attempt=attempt, based_on_id=previous.id,
            status=record["status"], manifest=held.manifest, manifest_digest=record["manifest_digest"],
            population=held.population, office_secret=record["reveal"]["office_secret"],
            observer_inputs=record["reveal"]["observer_inputs"], public_value=record["reveal"]["public_value"],
            seed=record["seed"], record=record, record_digest=digest,
            operator=ws.actor.display_name or ws.actor.username, finished_at=utcnow(), signed_off_by=lock.approved_by,
        )  # fmt: skip
        s.add(session_row)
        s.flush()
        if record["status"] != DrawState.OK:
            log_event(
                s, ws.actor, "team.replace_infeasible", entity="visit", entity_uid=visit.uid,
                summary=f"{target.name}：{person.name}因“{lock.reason}”需更换，但没有符合条件的人员可抽取；批准人：{lock.approved_by}",
                detail={"record_digest": digest, "approved_by": lock.approved_by, "removed": person.cert_no},
            )  # fmt: skip
            raise_after: Exception | None = ConflictError(
                f"没有符合条件的人员可替换{person.name}（已记录此次重新抽取）；可由监管人员指定。"
                " / No eligible replacement (the attempt is recorded); a supervisor may assign one."
            )
        else:
            raise_after = None
            new_person = s.get(Inspector, held.member_ids[record["replacement"]])
            assert new_person is not None
            check_version(s, visit, None, what=f"检查对象“{target.name}”")
            position, role = row.position, row.role
            s.delete(row)
            s.flush()
            s.add(
                VisitMember(
                    visit_id=visit.id, inspector_id=new_person.id, role=role, position=position,
                    source="redraw", draw_session_id=session_row.id, reason=f"替换{person.name}：{lock.reason}",
                )
            )  # fmt: skip
            s.flush()
            _refresh_drafts(s, visit, forms, person.id)
            log_event(
                s, ws.actor, "team.replace", entity="visit", entity_uid=visit.uid,
                summary=(
                    f"{target.name}：{person.name}（{person.cert_no}）因“{lock.reason}”退出检查组，"
                    f"重新抽取{new_person.name}（{new_person.cert_no}）；批准人：{lock.approved_by}"
                ),
                detail={
                    "removed": person.cert_no, "added": new_person.cert_no, "reason": lock.reason,
                    "approved_by": lock.approved_by, "record_digest": digest, "amends": held.manifest["amends"],
                },
            )  # fmt: skip
            added_name = new_person.name
    if raise_after is not None:
        raise raise_after
    return TeamChange(
        lock.visit_id, lock.removed, record["replacement"], added_name, lock.reason, lock.approved_by,
        record, digest, lock.removed_name,
    )  # fmt: skip


def replace_member(
    ws: Workspace,
    visit_id: int,
    *,
    member: str,
    reason: str,
    observer_inputs: Sequence[str],
    observers: Sequence[str] | None = None,
    public_value_source: str = "",
    public_value: str | None = None,
    approved_by: str | None = None,
    on: date | None = None,
) -> TeamChange:
    """Lock and reveal in one call, headless (the CLI, as `draw run`): the inputs must have
    been taken after the lock was announced. The GUI locks first, shows the digest, then
    takes the inputs (`lock_replacement`, `reveal_replacement`)."""
    inputs = [str(x) for x in observer_inputs]
    names = [str(o).strip() for o in (observers or [f"观察员{n + 1}" for n in range(len(inputs))])]
    if not inputs or len(names) != len(inputs):
        raise ValidationError(
            "观察员输入：至少一项，且每位观察员一项。 / One input per observer, at least one."
        )
    lock = lock_replacement(
        ws, visit_id, member=member, reason=reason, observers=names,
        public_value_source=public_value_source, approved_by=approved_by, on=on,
    )  # fmt: skip
    return reveal_replacement(ws, lock.token, observer_inputs=inputs, public_value=public_value)


def shortfall(ws: Workspace, visit_id: int, *, on: date | None = None) -> list[Shortfall]:
    """Per participating department: eligible officers (在岗, valid 执法证, no 回避 with this
    business) against the team size the task asks. A department short of officers may have
    one assigned directly."""
    day = on or local_today()
    with ws.db.read_session() as s:
        return _shortfall(s, visit_id, day)


def _shortfall(s: Session, visit_id: int, day: date) -> list[Shortfall]:
    visit, task, target = _visit(s, visit_id)
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
    visit_id: int,
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
        visit, task, target = _visit(s, visit_id)
        refuse_other_departments(
            s, ws.actor, [task.initiating_department_id], "指定", "的检查组成员"
        )
        forms = _refuse_when_checked(s, visit)
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
        _refresh_drafts(s, visit, forms, None)
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
        forms = _refuse_when_checked(s, visit)
        person, row = _member(s, visit, cert_no)
        s.delete(row)
        s.flush()
        _refresh_drafts(s, visit, forms, person.id)
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
    return _AssignContext(task, target, day, frozenset(conflicted), frozenset(on_team))


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


def assign_choices(ws: Workspace, visit_id: int, *, on: date | None = None) -> AssignChoices:
    day = on or local_today()
    with ws.db.read_session() as s:
        visit, task, target = _visit(s, visit_id)
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
    ws: Workspace, visit_id: int, *, member: str, reason: str, approved_by: str | None = None
) -> Changes:
    """指定 as a screen asks for it: `assign_member`, answered with what changed and in words."""
    change, _gaps = assign_member(
        ws, visit_id, member=member, reason=reason, approved_by=approved_by
    )
    return Changes(
        TEAM_CHANGES.areas, f"已指定{change.added_name}参加检查（批准人：{change.approved_by}）"
    )


__all__ += ["AssignChoices", "Candidate", "assign", "assign_choices"]


def team_change_counts(s: Session, visit_ids: Sequence[int] | None = None) -> dict[str, int]:
    """For statistics: members assigned directly (指定) and replaced by a redraw."""
    q = select(VisitMember.source, func.count()).group_by(VisitMember.source)
    if visit_ids is not None:
        q = q.where(VisitMember.visit_id.in_(visit_ids))
    counts = dict(s.execute(q).all())
    return {"指定": int(counts.get("assigned", 0)), "重新抽取": int(counts.get("redraw", 0))}


__all__ += ["team_change_counts"]


@dataclass(frozen=True)
class TeamMember:
    cert_no: str
    name: str
    department: str
    role: str
    source: str  # draw / redraw / assigned / manual

    @property
    def label(self) -> str:
        mark = {"assigned": "，指定", "redraw": "，重新抽取"}.get(self.source, "")
        return f"{self.name}（{self.cert_no}，{self.department}，{self.role}{mark}）"


def team_members(ws: Workspace, visit_id: int) -> list[TeamMember]:
    """The visit's team as it now is, in order (the team-change dialog's list)."""
    with ws.db.read_session() as s:
        _visit(s, visit_id)
        names = {d.id: d.name for d in s.scalars(select(Department))}
        return [
            TeamMember(i.cert_no, i.name, names.get(i.department_id, ""), m.role, m.source)
            for m, i in s.execute(
                select(VisitMember, Inspector)
                .join(Inspector, Inspector.id == VisitMember.inspector_id)
                .where(VisitMember.visit_id == visit_id)
                .order_by(VisitMember.position, VisitMember.id)
            )
        ]


__all__ += ["TeamMember", "team_members"]


def projector_view(lock: ReplacementLock):  # type: ignore[no-untyped-def]
    """The locked replacement as the projector shows a locked draw: who leaves and why, the
    pool, the record it amends, the digest (and QR) and the observers, before any input."""
    from app.core.services.draw.draws import DrawView

    team_text = (
        f"{lock.removed_name}（{lock.removed}）因“{lock.reason}”退出检查组，从符合条件的{lock.candidates}名"
        f"执法人员中重新抽取一名接替；批准人：{lock.approved_by}；续接原抽取记录 {lock.amends[:8]}…{lock.amends[-8:]}"
    )
    return DrawView(
        id=0, uid=lock.token, task_id=0, task_no=lock.task_no, task_name=f"{lock.task_name} · 更换检查人员",
        kind="amendment", kind_text=f"重新抽取（{lock.target_name}）", attempt=1, based_on_id=None,
        status=DrawState.LOCKED, status_text="已锁定", manifest_digest=lock.manifest_digest, commitment=lock.commitment,
        observers=lock.observers, strata=(), team_text=team_text, population_targets=1,
        population_inspectors=lock.candidates, conflicts=0, locked_at="", finished_at="", operator="",
        signed_off_by="", abort_reason="", observer_inputs=(), public_value="", office_secret="", seed="",
        record_digest="", error="", public_value_source=lock.public_value_source,
    )  # fmt: skip


__all__ += ["projector_view"]
