"""The public draw session (DRAW-v1.1): lock → observers' inputs → reveal → record → sign-off.

Every attempt stays as a DrawSession row (locked / ok / infeasible / aborted) and in the audit
trail; nothing is re-drawn silently. Visits and teams come only from an ok record. The rules of
the draw live in app.core.draw; this module must not compute a selection itself.

The office secret of a locked attempt is never written to the database before the reveal: only
its commitment is (in the manifest). The secret stays in this process's memory (_HeldSecrets)
until compute_draw reveals it and stores it with the record, so whoever reads the database (or a
backup, a bundle, a laptop copy) before the reveal cannot precompute the outcome and try inputs
or public values until it suits them. An attempt whose process died can only be aborted.
What screens read of a draw (its views, words, record, QR) is services/draw/draw_views.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.core import draw as engine
from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import DrawSessionId, VisitId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState, PlanState, TaskState, VisitState, transition
from app.core.services.draw._secrets import held_secrets
from app.core.services.draw.draw_files import save_record
from app.core.services.draw.draw_views import (
    KIND_TEXT,
    STATUS_TEXT,
    DrawOutcome,
    DrawView,
    Replacement,
    _outcome,
    draw_record_of,
    get_draw,
    load_session,
    stored_record,
    view_of,
)
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan import caps
from app.core.services.plan.pools import (
    conflict_pairs,
    eligible_experts,
    eligible_inspectors,
    expert_conflict_pairs,
    freeze_targets,
    task_item_codes,
    team_rules,
)
from app.core.services.plan.task_views import find_task
from app.core.services.registry.targets import targets_by_code
from app.core.storage.models import (
    Conflict,
    Department,
    DrawSession,
    Expert,
    InspectionItem,
    Inspector,
    Plan,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitMember,
    utcnow,
)

# What each step of a draw changes, for the front ends: the steps answer with the draw itself
# (DrawView, DrawOutcome, Replacement), and these name the views it touches.
RECORD_CHANGES = Changes.of(Area.DRAWS)  # locked, aborted, signed off
DRAWN_CHANGES = Changes.of(Area.DRAWS, Area.VISITS, Area.TASKS, Area.PLANS)  # computed
VISITS_CHANGES = Changes.of(Area.DRAWS, Area.VISITS)  # a drawn business or a team member replaced


SECRET_LOST = (
    "这次抽取的局方密钥只保存在锁定它的程序内存中（数据库里只有承诺值）；锁定它的程序已关闭或中断"
    "（或在另一台电脑上），这里不能揭示和计算。请中止本次抽取（界面“中止本次抽取…”或命令 draw abort 任务编号 --reason 理由），"
    "再重新锁定；两次都保留在留痕里。"
    " / The office secret of this attempt lived only in the memory of the program that locked it, "
    "which has closed: abort the attempt and lock a new one."
)


def _office(session: Session) -> str:
    return str(get_setting(session, "office.name", "") or "")


def _open_session(session: Session, task: Task) -> DrawSession | None:
    return session.scalar(
        select(DrawSession).where(
            DrawSession.task_id == task.id, DrawSession.status == DrawState.LOCKED
        )
    )


def _ok_session(session: Session, task: Task, kind: str) -> DrawSession | None:
    return session.scalar(
        select(DrawSession)
        .where(
            DrawSession.task_id == task.id,
            DrawSession.kind == kind,
            DrawSession.status == DrawState.OK,
        )
        .order_by(DrawSession.id.desc())
    )


def _current_visit_targets(session: Session, base: DrawSession) -> list[dict[str, str]]:
    """The drawn targets as they stand now (a replacement counts, the replaced one does not)."""
    strata = {t["id"]: t["stratum"] for t in base.population["targets"]}
    rows = session.execute(
        select(Target.uscc, Target.reg_no, Target.uid, Target.name, Visit.stratum)
        .join(Visit, Visit.target_id == Target.id)
        .where(Visit.draw_session_id == base.id, ~Visit.is_cancelled)
    ).all()
    out = []
    for r in rows:
        tid = r.uscc or r.reg_no or r.uid
        out.append({"id": tid, "name": r.name, "stratum": r.stratum or strata.get(tid, "")})
    return out


def lock_draw_session(
    ws: Workspace,
    *,
    task_ref: int | str,
    observers: Sequence[str],
    kind: str = "targets",
    with_team: bool = True,
    on: date | None = None,
    public_value_source: str = "",
) -> DrawView:
    """Freeze the pool, strata, exclusions, team rules and 回避 table into a manifest and lock it.

    The office secret is made now and held in this process's memory only (the database gets its
    commitment); show `manifest_digest` (text and QR) at once. `public_value_source` names, before
    the lock, where the public value will come from (DRAW-v1.1 §10); "" means no public value.
    kind: targets (with the team in the same session when `with_team`), inspectors or experts
    (a later draw over the already-drawn targets, with its own manifest and seed).
    """
    ws.require(Permission.RUN_DRAW)
    names = [o.strip() for o in observers]
    if not names or any(not n for n in names):
        raise ValidationError(
            "观察员：至少一名，且每位须填写姓名。 / Observers: at least one, each named."
        )
    if kind not in KIND_TEXT:
        raise ValidationError(f"抽取类别“{kind}”无效。 / Unknown draw kind.")
    day = on or local_today()
    with ws.db.session() as s:
        task = find_task(s, task_ref)
        plan = s.get(Plan, task.plan_id) if task.plan_id else None
        if plan is not None and plan.status not in (PlanState.ANNOUNCED, PlanState.RUNNING):
            raise ConflictError(
                f"计划“{plan.name}”处于“{plan.status}”，公示后才能抽取。 / The plan must be published first."
            )
        open_row = _open_session(s, task)
        if open_row is not None:
            raise ConflictError(
                f"任务 {task.task_no} 已有一次锁定未完成的抽取（第{open_row.attempt}次），请先完成或中止。"
                " / Another attempt is still open; finish or abort it first."
            )
        based_on: DrawSession | None = None
        session_info: dict[str, str] = {}
        if kind == "targets":
            if _ok_session(s, task, "targets") is not None:
                raise ConflictError(
                    f"任务 {task.task_no} 已有有效的抽取结果，不能重新抽取；对象无法检查时请用备选递补。"
                    " / The task already has a valid draw; use the reserve list, never a new draw."
                )
            task_items = _task_items(s, task)
            rules = {
                "items": [c for c, _r in task_items],
                "target_kinds": task.target_kinds,
                "pool_filter": task.pool_filter,
                "strata": task.strata,
                "mandatory": task.mandatory,
                "exclusions": task.exclusions,
            }
            targets, strata, sizes, target_ids, _reasons, _warnings = freeze_targets(
                s, task_rules=rules, on=day
            )
            over = [
                v.text()
                for v in caps.pool_violations(
                    caps.item_caps(s, task_items), task.strata or [], sizes
                )
            ]
            dept_code = (
                s.scalar(
                    select(Department.code).where(Department.id == task.initiating_department_id)
                )
                or ""
            )
            over += caps.year_violations(
                s,
                year=task.year,
                department=dept_code,
                items=task_items,
                planned=caps.planned_draw(task.strata or [], sizes),
                task_id=task.id,
            )
            if over and not (task.cap_exception or {}).get("reason"):
                raise ValidationError(
                    f"抽取清单不能锁定：{over[0]}。须调整任务或由监管人员登记例外及理由。"
                    " / A 一般 item's cap would be exceeded.",
                    details=over,
                )
            if with_team:
                people, member_ids = eligible_inspectors(
                    s,
                    departments=task.participating_departments or [],
                    on=day,
                    items=task_item_codes(s, task.id),
                    allow_external=bool(task.allow_external),
                )
                team: dict[str, Any] | None = team_rules(
                    size=task.inspectors_per_target,
                    departments=task.participating_departments or [],
                    strata=task.strata or [],
                    max_load=task.max_load,
                )
                conflicts = conflict_pairs(s, inspector_ids=member_ids, target_ids=target_ids)
            else:
                people, team, conflicts = [], None, []
        else:
            based_on = _ok_session(s, task, "targets")
            if based_on is None:
                raise ConflictError("须先有有效的检查对象抽取结果。 / Draw the targets first.")
            if kind == "inspectors" and based_on.manifest.get("team") is not None:
                raise ConflictError(
                    "检查人员已在对象抽取时一并抽取。 / Inspectors were drawn with the targets."
                )
            if _ok_session(s, task, kind) is not None:
                raise ConflictError(
                    f"任务 {task.task_no} 已有有效的{KIND_TEXT[kind]}结果。 / Already drawn."
                )
            targets = _current_visit_targets(s, based_on)
            codes = sorted({t["stratum"] for t in targets})
            strata = [
                {"code": c, "ratio_permille": 1000, "mandatory": [], "excluded": []} for c in codes
            ]
            if kind == "inspectors":
                people, member_ids = eligible_inspectors(
                    s,
                    departments=task.participating_departments or [],
                    on=day,
                    items=task_item_codes(s, task.id),
                    allow_external=bool(task.allow_external),
                )
                team = team_rules(
                    size=task.inspectors_per_target,
                    departments=task.participating_departments or [],
                    strata=task.strata or [],
                    max_load=task.max_load,
                )
                ids = _target_db_ids(s, [t["id"] for t in targets])
                conflicts = conflict_pairs(s, inspector_ids=member_ids, target_ids=ids)
            else:
                rule = task.expert_rule or {}
                if not rule.get("count"):
                    raise ValidationError("任务未要求专家。 / The task needs no expert.")
                people, member_ids = eligible_experts(s)
                team = {
                    "size": int(rule["count"]),
                    "departments": [],
                    "qualification": {c: str(rule["expertise"]) for c in codes},
                    "max_load": None,
                }
                # An expert's 回避 keeps them off that target's team, like an inspector's.
                ids = _target_db_ids(s, [t["id"] for t in targets])
                conflicts = expert_conflict_pairs(s, expert_ids=member_ids, target_ids=ids)
            session_info["based_on"] = based_on.manifest_digest
        attempt = 1 + int(
            s.scalar(
                select(func.count())
                .select_from(DrawSession)
                .where(DrawSession.task_id == task.id, DrawSession.kind == kind)
            )
            or 0
        )
        locked_at = utcnow()
        session_info.update(
            {
                "task_no": task.task_no,
                "task_name": task.name,
                "office": _office(s),
                "kind": kind,
                "attempt": str(attempt),
                "draw_date": day.isoformat(),
                "locked_at": locked_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
        try:
            locked = engine.lock_draw(
                session=session_info,
                population={"targets": targets, "inspectors": people, "conflicts": conflicts},
                strata=strata,
                team=team,
                observers=names,
                public_value_source=public_value_source,
            )
        except engine.DrawRefused as exc:
            raise ValidationError(f"抽取清单不能锁定：{exc} / The lock was refused.") from None
        row = DrawSession(
            task_id=task.id,
            kind=kind,
            attempt=attempt,
            based_on_id=based_on.id if based_on else None,
            status=DrawState.LOCKED,
            manifest=locked.manifest,
            manifest_digest=locked.manifest_digest,
            population=locked.population,
            office_secret="",  # revealed at compute, never before
            operator=ws.actor.display_name or ws.actor.username,
            locked_at=locked_at,
        )
        s.add(row)
        s.flush()
        held_secrets.hold(row.uid, locked.office_secret)
        log_event(
            s,
            ws.actor,
            "draw.lock",
            entity="draw_session",
            entity_uid=row.uid,
            summary=f"{task.task_no} {KIND_TEXT[kind]} 第{attempt}次：清单已锁定 {locked.manifest_digest[:16]}…",
            detail={
                "manifest_digest": locked.manifest_digest,
                "commitment": locked.commitment,
                "kind": kind,
                "attempt": attempt,
                "observers": names,
                "protocol": locked.protocol,
                "public_value_source": locked.public_value_source,
                "targets": len(targets),
                "inspectors": len(people),
            },
        )
        return view_of(s, row)


def _task_items(session: Session, task: Task) -> list[tuple[str, int | None]]:
    return [
        (c, r)
        for c, r in session.execute(
            select(InspectionItem.code, TaskItem.ratio_permille)
            .join(InspectionItem, InspectionItem.id == TaskItem.item_id)
            .where(TaskItem.task_id == task.id)
        )
    ]


def _target_db_ids(session: Session, draw_ids: Sequence[str]) -> dict[str, int]:
    """Draw id (统一社会信用代码, 注册号 or uid) → the business's row id."""
    return {key: tid for key, (tid, _name) in targets_by_code(session, draw_ids).items()}


def _create_visits(session: Session, row: DrawSession, task: Task, record: dict[str, Any]) -> int:
    """The drawn businesses' visits and their teams, as the record says. Written as two
    multi-row INSERTs (a 1M-target draw selects tens of thousands), which the audit trail's
    row tracking sees as it sees any write."""
    teams = {a["target"]: a["team"] for a in record.get("assignment") or []}
    visits: dict[str, int] = {}  # draw id of the business → its visit's id
    if row.kind == "targets":
        ids = _target_db_ids(session, [t for e in record["selection"] for t in e["selected"]])
        rows = [
            {
                "task_id": task.id,
                "target_id": ids[tid],
                "draw_session_id": row.id,
                "stratum": entry["stratum"],
                "source": "mandatory" if tid in entry["mandatory"] else "draw",
            }
            for entry in record["selection"]
            for tid in entry["selected"]
        ]
        if rows:
            session.execute(insert(Visit), rows)
        made: dict[int, int] = {
            target_id: visit_id
            for target_id, visit_id in session.execute(
                select(Visit.target_id, Visit.id).where(Visit.draw_session_id == row.id)
            )
        }
        visits = {tid: made[target_id] for tid, target_id in ids.items()}
    else:
        assert row.based_on_id is not None
        base = session.get(DrawSession, row.based_on_id)
        assert base is not None
        for visit_id, t in session.execute(
            select(Visit.id, Target)
            .join(Target, Target.id == Visit.target_id)
            .where(Visit.draw_session_id == base.id, ~Visit.is_cancelled)
        ):
            visits[t.uscc or t.reg_no or t.uid] = visit_id
    if not teams:
        return len(visits)
    if row.kind == "experts":
        member_ids = {e.code: e.id for e in session.scalars(select(Expert))}
    else:
        member_ids = {i.cert_no: i.id for i in session.scalars(select(Inspector))}
    # Members already on these visits (an experts' draw adds to the inspectors' teams): one
    # query for all of them, not one per visit (a 1M-target draw makes tens of thousands).
    on_visits = row.id if row.kind == "targets" else row.based_on_id
    already = dict(
        session.execute(
            select(VisitMember.visit_id, func.count())
            .join(Visit, Visit.id == VisitMember.visit_id)
            .where(Visit.draw_session_id == on_visits)
            .group_by(VisitMember.visit_id)
        ).all()
    )
    members = []
    for tid, team in teams.items():
        visit_id = visits[tid]
        start = int(already.get(visit_id, 0))
        for pos, member in enumerate(team):
            if row.kind == "experts":
                who, role = {"expert_id": member_ids[member]}, "专家"
            else:
                who, role = (
                    {"inspector_id": member_ids[member]},
                    "组长" if start + pos == 0 else "成员",
                )
            members.append(
                {
                    "visit_id": visit_id,
                    **who,
                    "role": role,
                    "position": start + pos,
                    "source": "draw",
                    "draw_session_id": row.id,
                }
            )
    if members:
        session.execute(insert(VisitMember), members)
    return len(visits)


def compute_draw(
    ws: Workspace,
    *,
    session_id: DrawSessionId,
    observer_inputs: Sequence[str],
    public_value: str | None = None,
) -> DrawOutcome:
    """Take the observers' inputs (in the announced order), reveal the secret, compute and save
    the record. An ok record creates the visits and teams; an infeasible one is void but kept."""
    ws.require(Permission.RUN_DRAW)
    with ws.db.session() as s:
        row = load_session(s, session_id)
        if row.status != DrawState.LOCKED:
            raise ConflictError(
                f"这次抽取已是“{STATUS_TEXT.get(row.status, row.status)}”，不能再输入或重算。 / The attempt is closed."
            )
        task = s.get(Task, row.task_id)
        assert task is not None
        inputs = [str(x) for x in observer_inputs]
        if any(not engine.norm(x) for x in inputs):
            raise ValidationError(
                "观察员输入：每位观察员都须输入内容。 / Every observer must enter something."
            )
        public = engine.norm(public_value or "")
        if row.manifest.get("protocol") != engine.PROTOCOL and public:
            raise ValidationError(
                "这次抽取按旧规则（DRAW-v1）锁定，没有事先声明公开数值的来源，不能再使用公开数值。"
                " / A DRAW-v1 attempt declared no source: no public value may be used."
            )
        secret = held_secrets.peek(row.uid)
        if secret is None and row.office_secret:
            secret = bytes.fromhex(row.office_secret)  # an attempt locked before secrets were held
        if secret is None:
            raise ConflictError(SECRET_LOST)
        try:
            locked = engine.restore_lock(
                manifest=row.manifest, population=row.population, office_secret=secret
            )
            reveal = engine.reveal_draw(locked, observer_inputs=inputs, public_value=public_value)
            record = engine.draw_record(locked, reveal)
        except engine.DrawRefused as exc:
            raise ValidationError(
                f"不能计算：{_rule_text(str(exc))} / The draw cannot be computed."
            ) from None
        digest = engine.record_digest(record)
        row.office_secret = secret.hex()  # the reveal: from now on it is part of the record
        row.observer_inputs = list(reveal.observer_inputs)
        row.public_value = reveal.public_value
        row.seed = record["seed"]
        row.record = stored_record(record)
        row.record_digest = digest
        row.status = transition(DrawState, row.status, record["status"])
        row.finished_at = utcnow()
        visits = 0
        if record["status"] == DrawState.OK:
            visits = _create_visits(s, row, task, record)
            if row.kind == "targets" and task.status == TaskState.UNDRAWN:
                task.status = transition(TaskState, task.status, TaskState.DRAWN)
            plan = s.get(Plan, task.plan_id) if task.plan_id else None
            if plan is not None and plan.status == PlanState.ANNOUNCED:
                plan.status = transition(PlanState, plan.status, PlanState.RUNNING)
                log_event(
                    s,
                    ws.actor,
                    "plan.state",
                    entity="plan",
                    entity_uid=plan.uid,
                    summary=f"{plan.name}：公示 → 执行中（首次抽取）",
                    before={"status": PlanState.ANNOUNCED},
                    after={"status": PlanState.RUNNING},
                )
        selected = sum(len(e["selected"]) for e in record["selection"])
        log_event(
            s,
            ws.actor,
            "draw.compute",
            entity="draw_session",
            entity_uid=row.uid,
            summary=f"{task.task_no} {KIND_TEXT[row.kind]} 第{row.attempt}次："
            f"{STATUS_TEXT[row.status]}，抽中 {selected} 户",
            after={"status": row.status, "record_digest": digest},
            detail={
                "observer_inputs": row.observer_inputs,
                "public_value": row.public_value,
                "seed": row.seed,
                "record_digest": digest,
                "error": record["error"],
                "visits": visits,
            },
        )
        s.flush()
        held_secrets.forget(row.uid)
        return _outcome(s, row)


def _rule_text(reason: str) -> str:
    """The §10 refusals in words an operator reads first; any other reason as the engine says it."""
    if "DRAW-v1.1 §10" not in reason:
        return reason
    if reason.startswith("public_value must be empty"):
        return f"锁定前没有声明公开数值的来源，不能使用公开数值（防止揭示后反复尝试）。 / {reason}"
    return f"锁定前已声明公开数值的来源，须输入该来源公布的数值。 / {reason}"


def sign_off_draw(ws: Workspace, *, session_id: DrawSessionId, signer: str) -> DrawView:
    """The operator signs the computed record off (签认); the record itself cannot change."""
    ws.require(Permission.RUN_DRAW)
    signer = signer.strip()
    if not signer:
        raise ValidationError("签认人：须填写姓名。 / Signer: required.")
    with ws.db.session() as s:
        row = load_session(s, session_id)
        if row.status not in (DrawState.OK, DrawState.INFEASIBLE):
            raise ConflictError(
                "只有已计算的抽取才能签认。 / Only a computed draw can be signed off."
            )
        if row.signed_off_by:
            raise ConflictError(f"已由 {row.signed_off_by} 签认。 / Already signed off.")
        row.signed_off_by = signer
        log_event(
            s,
            ws.actor,
            "draw.sign_off",
            entity="draw_session",
            entity_uid=row.uid,
            summary=f"抽取记录 {row.record_digest[:16] if row.record_digest else ''}… 由 {signer} 签认",
            detail={"signer": signer, "record_digest": row.record_digest},
        )
        return view_of(s, row)


def abort_draw(ws: Workspace, *, session_id: DrawSessionId, reason: str) -> DrawView:
    """Abort a locked attempt (power cut, wrong task…): it stays in the trail, with the reason."""
    ws.require(Permission.RUN_DRAW)
    reason = reason.strip()
    if not reason:
        raise ValidationError("中止理由：不能为空。 / Reason: required.")
    with ws.db.session() as s:
        row = load_session(s, session_id)
        if row.status != DrawState.LOCKED:
            raise ConflictError(
                "只有锁定未完成的抽取可以中止。 / Only an open attempt can be aborted."
            )
        row.status = transition(DrawState, row.status, DrawState.ABORTED)
        row.abort_reason = reason
        row.finished_at = utcnow()
        held_secrets.forget(
            row.uid
        )  # an aborted attempt is never revealed: its secret is dropped unseen
        log_event(
            s,
            ws.actor,
            "draw.abort",
            entity="draw_session",
            entity_uid=row.uid,
            summary=f"第{row.attempt}次抽取中止：{reason}",
            detail={"reason": reason, "manifest_digest": row.manifest_digest},
        )
        return view_of(s, row)


def abort_open_draw(ws: Workspace, *, task_ref: int | str, reason: str) -> DrawView:
    """Abort the task's locked attempt (a crash left it open: `draw abort TASK_NO --reason`)."""
    ws.require(Permission.RUN_DRAW)
    with ws.db.read_session() as s:
        task = find_task(s, task_ref)
        row = _open_session(s, task)
        if row is None:
            raise ConflictError(
                f"任务 {task.task_no} 没有锁定未完成的抽取。 / The task has no open (locked) attempt."
            )
        session_id = DrawSessionId(row.id)
    return abort_draw(ws, session_id=session_id, reason=reason)


def run_draw(
    ws: Workspace,
    *,
    task_ref: int | str,
    observer_inputs: Sequence[str],
    observers: Sequence[str] | None = None,
    public_value: str | None = None,
    public_value_source: str | None = None,
    kind: str = "targets",
    with_team: bool = True,
    on: date | None = None,
    signer: str | None = None,
    record_path: str | Path | None = None,
) -> DrawOutcome:
    """A whole session headless (scripts, tests, `draw run`): lock, compute, sign off, save.
    A public value needs its source declared (`public_value_source`), checked before the lock."""
    source = engine.norm(public_value_source or "")
    value = engine.norm(public_value or "")
    if value and not source:
        raise ValidationError(
            "--public-value：锁定前须用 --public-value-source 声明公开数值的来源（如“中国福利彩票双色球第2026031期开奖号码”），"
            "否则不能使用公开数值（DRAW-v1.1 §10）。 / A public value needs a source declared before the lock."
        )
    if source and not value:
        raise ValidationError(
            "--public-value-source：声明了来源，须同时给出该来源公布的数值（--public-value）。"
            " / A declared source needs its value."
        )
    names = (
        list(observers) if observers else [f"观察员{i}" for i in range(1, len(observer_inputs) + 1)]
    )
    if len(names) != len(observer_inputs):
        raise ValidationError(
            f"观察员 {len(names)} 名，输入 {len(observer_inputs)} 项，须一一对应。 / One input per observer."
        )
    view = lock_draw_session(
        ws,
        task_ref=task_ref,
        observers=names,
        kind=kind,
        with_team=with_team,
        on=on,
        public_value_source=source,
    )
    compute_draw(ws, session_id=view.id, observer_inputs=observer_inputs, public_value=public_value)
    sign_off_draw(
        ws, session_id=view.id, signer=signer or ws.actor.display_name or ws.actor.username
    )
    if record_path is not None:
        save_draw_record(ws, session_id=view.id, path=record_path)
    return get_draw(ws, view.id)


def save_draw_record(ws: Workspace, *, session_id: DrawSessionId, path: str | Path) -> Path:
    """The record as JSON, and beside it verify.html with the record embedded (save_record)."""
    record_file, _page = save_record(path, draw_record_of(ws, session_id))
    return record_file


def replace_drawn_target(ws: Workspace, *, visit_id: VisitId, reason: str) -> Replacement:
    """Replace a drawn target found deregistered / unreachable by the first unused entry of the
    published reserve list of its stratum — never by a new draw. Both stay in the trail."""
    ws.require(Permission.RUN_DRAW)
    reason = reason.strip()
    if not reason:
        raise ValidationError("递补理由：不能为空。 / Reason: required.")
    with ws.db.session() as s:
        old = s.get(Visit, visit_id)
        if old is None:
            raise NotFoundError(f"检查 {visit_id} 不存在。 / Visit not found.")
        if old.is_cancelled:
            raise ConflictError("这户已被替换或取消。 / Already replaced.")
        if old.status != VisitState.WAITING:
            raise ConflictError("已开始检查的对象不能递补替换。 / The inspection has started.")
        if old.draw_session_id is None:
            raise ConflictError("这户不是抽取产生的，没有备选名单。 / Not from a draw.")
        row = load_session(s, old.draw_session_id)
        if row.kind != "targets" or row.record is None:
            raise ConflictError("没有可用的备选名单。 / No reserve list.")
        entry = next((e for e in row.record["selection"] if e["stratum"] == old.stratum), None)
        used = {
            t.uscc or t.reg_no or t.uid
            for t in s.scalars(
                select(Target)
                .join(Visit, Visit.target_id == Target.id)
                .where(Visit.draw_session_id == row.id)
            )
        }
        nxt = next((r for r in (entry or {}).get("reserve", []) if r not in used), None)
        if nxt is None:
            raise ConflictError(
                f"分层 {old.stratum} 的备选名单已用完。 / The reserve list is used up."
            )
        new_target_id = _target_db_ids(s, [nxt])[nxt]
        new_target = s.get(Target, new_target_id)
        old_target = s.get(Target, old.target_id)
        assert new_target is not None and old_target is not None
        old.is_cancelled = True
        old.replaced_reason = reason
        new = Visit(
            task_id=old.task_id,
            target_id=new_target_id,
            draw_session_id=row.id,
            stratum=old.stratum,
            source="reserve",
            replaces_visit_id=old.id,
            joint_key=None,
        )
        s.add(new)
        s.flush()
        # The team drawn for the replaced target carries over, minus anyone with a 回避 to the new one.
        barred = set(
            s.scalars(
                select(Conflict.inspector_id).where(
                    Conflict.target_id == new_target_id, Conflict.is_active
                )
            )
        )
        carried = 0
        for m in s.scalars(
            select(VisitMember).where(VisitMember.visit_id == old.id).order_by(VisitMember.position)
        ):
            if m.inspector_id is not None and m.inspector_id in barred:
                continue
            s.add(
                VisitMember(
                    visit_id=new.id,
                    inspector_id=m.inspector_id,
                    expert_id=m.expert_id,
                    role=m.role,
                    position=m.position,
                    source=m.source,
                    draw_session_id=m.draw_session_id,
                    reason=f"随原抽中对象递补：{reason}",
                )
            )
            carried += 1
        log_event(
            s,
            ws.actor,
            "draw.replace",
            entity="visit",
            entity_uid=new.uid,
            summary=f"{old_target.name} → {new_target.name}（备选递补）：{reason}",
            before={"visit": old.uid, "target": old_target.uid},
            after={"visit": new.uid, "target": new_target.uid},
            detail={"reason": reason, "reserve_id": nxt, "draw_session": row.uid},
        )
        return Replacement(
            old_visit_id=VisitId(old.id),
            old_name=old_target.name,
            new_visit_id=VisitId(new.id),
            new_name=new_target.name,
            new_code=nxt,
            team_carried=carried,
            message=f"已用备选 {new_target.name} 替换 {old_target.name}",
        )
