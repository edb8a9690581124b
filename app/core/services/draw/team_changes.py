"""Team changes after the draw, each with a public or an audited trail.

- `replace_member`: one member of a drawn team leaves (回避 found on site, leave, illness,
  departure — 五原 第十九条, 贵阳 四(七)4) and a replacement draw picks the successor: the
  same protocol (DRAW-v1.1 §11, a team amendment), the new record chained to the record it
  amends by that record's digest, verifiable by the standalone verifier.
- 指定, a member added directly where a department is short, is services/draw/assignments.py;
  it can be taken back (编辑 → 撤销) until the check starts; a replacement draw, being a
  draw, cannot.

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

from app.core.domain.errors import ConflictError, ValidationError
from app.core.domain.ids import TaskId, VisitId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState
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
from app.core.services.kernel.accountability import refuse_other_departments
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan.pools import (
    conflict_pairs,
    department_codes,
    eligible_inspectors,
    target_draw_id,
    task_item_codes,
)
from app.core.storage.models import (
    Department,
    DrawSession,
    Inspector,
    Visit,
    VisitMember,
    new_uid,
    utcnow,
)

from ._team_store import member_of, refresh_drafts, refuse_when_checked, visit_of
from .draw_views import DrawSessionId, DrawView, full_record, stored_record

__all__ = [
    "REASONS",
    "ReplacementLock",
    "lock_replacement",
    "reveal_replacement",
    "TeamChange",
    "replace_member",
]

# What a team change touches (the team on the visit list, the draw page's trail).
TEAM_CHANGES = Changes.of(Area.DRAWS, Area.VISITS)

# The reasons the rules name; any other text is accepted too (it is printed as given).
REASONS = ("回避", "休假", "病假", "调离", "其他")


@dataclass(frozen=True)
class TeamChange:
    visit_id: VisitId
    removed: str  # 执法证号 of the member who left ("" for an assignment)
    added: str  # 执法证号 of the member who joined
    added_name: str
    reason: str
    approved_by: str
    record: dict[str, Any] | None  # the amendment record (replacement draws only)
    record_digest: str
    removed_name: str = ""


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


@dataclass(frozen=True)
class ReplacementLock:
    """A locked replacement draw: shown (digest, commitment) before any observer input."""

    token: str
    visit_id: VisitId
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
    visit_id: VisitId,
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
        visit, task, target = visit_of(s, visit_id)
        refuse_other_departments(
            s, ws.actor, [task.initiating_department_id], "更换", "的检查组成员"
        )
        refuse_when_checked(s, visit)
        person, _row = member_of(s, visit, member)
        draw_target = target_draw_id(target.uscc, target.reg_no, target.uid)
        previous = _previous_record(s, visit, draw_target)
        amends = full_record(previous)
        assert amends is not None  # _previous_record returns only rows with a record
        team_rule = (_root(amends).get("manifest") or {}).get("team") or {}
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
                amends=amends, session=session_info, target=draw_target, remove=person.cert_no,
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
            token, VisitId(visit.id), task.task_no, task.name, target.name, person.cert_no, person.name, reason, approver,
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
        visit, task, target = visit_of(s, lock.visit_id)
        forms = refuse_when_checked(s, visit)
        person, row = member_of(s, visit, lock.removed)
        draw_target = target_draw_id(target.uscc, target.reg_no, target.uid)
        previous = _previous_record(s, visit, draw_target)
        if previous.id != held.previous_id:
            raise ConflictError(
                "锁定后该检查组已有其他变更，请重新锁定。 / The team changed since the lock."
            )
        amends = full_record(previous)
        assert amends is not None  # _previous_record returns only rows with a record
        try:
            record = compute_amendment(
                amends=amends, manifest=held.manifest, population=held.population,
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
            seed=record["seed"], record=stored_record(record), record_digest=digest,
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
            refresh_drafts(s, visit, forms, person.id)
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
    visit_id: VisitId,
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


def team_members(ws: Workspace, visit_id: VisitId) -> list[TeamMember]:
    """The visit's team as it now is, in order (the team-change dialog's list)."""
    with ws.db.read_session() as s:
        visit_of(s, visit_id)
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
    team_text = (
        f"{lock.removed_name}（{lock.removed}）因“{lock.reason}”退出检查组，从符合条件的{lock.candidates}名"
        f"执法人员中重新抽取一名接替；批准人：{lock.approved_by}；续接原抽取记录 {lock.amends[:8]}…{lock.amends[-8:]}"
    )
    return DrawView(
        id=DrawSessionId(0), uid=lock.token, task_id=TaskId(0), task_no=lock.task_no, task_name=f"{lock.task_name} · 更换检查人员",
        kind="amendment", kind_text=f"重新抽取（{lock.target_name}）", attempt=1, based_on_id=None,
        status=DrawState.LOCKED, status_text="已锁定", manifest_digest=lock.manifest_digest, commitment=lock.commitment,
        observers=lock.observers, strata=(), team_text=team_text, population_targets=1,
        population_inspectors=lock.candidates, conflicts=0, locked_at="", finished_at="", operator="",
        signed_off_by="", abort_reason="", observer_inputs=(), public_value="", office_secret="", seed="",
        record_digest="", error="", public_value_source=lock.public_value_source,
    )  # fmt: skip


__all__ += ["projector_view"]
