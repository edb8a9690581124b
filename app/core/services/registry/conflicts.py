"""回避: declared inspector–target (and expert–target) conflicts of interest, which keep an
inspector or an expert off a team.

The draw reads `conflicted_pairs`; the registry tab lists, adds and withdraws declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.ids import InspectorId, TargetId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Conflict, Expert, ExpertConflict, Inspector, Target

from .history import record_change
from .targets import TargetQuery, target_by_code, target_ids, target_rows


@dataclass(frozen=True)
class ConflictRow:
    id: int
    inspector_id: InspectorId
    inspector: str
    cert_no: str
    target_id: TargetId
    target: str
    target_code: str
    reason: str
    declared_on: date | None
    is_active: bool


def list_conflicts(ws: Workspace, *, include_withdrawn: bool = False) -> list[ConflictRow]:
    with ws.db.read_session() as s:
        stmt = (
            select(Conflict, Inspector, Target)
            .join(Inspector, Inspector.id == Conflict.inspector_id)
            .join(Target, Target.id == Conflict.target_id)
            .order_by(Conflict.id.desc())
        )
        if not include_withdrawn:
            stmt = stmt.where(Conflict.is_active.is_(True))
        return [
            ConflictRow(
                c.id,
                InspectorId(i.id),
                i.name,
                i.cert_no,
                TargetId(t.id),
                t.name,
                t.uscc or t.reg_no or "",
                c.reason,
                c.declared_on,
                c.is_active,
            )
            for c, i, t in s.execute(stmt)
        ]


def conflicted_pairs(ws: Workspace) -> frozenset[tuple[int, int]]:
    """(inspector id, target id) pairs that must not meet in a draw."""
    with ws.db.read_session() as s:
        return frozenset(
            (a, b)
            for a, b in s.execute(
                select(Conflict.inspector_id, Conflict.target_id).where(
                    Conflict.is_active.is_(True)
                )
            )
        )


def declare_conflict(
    ws: Workspace,
    *,
    inspector_cert_no: str,
    target_code: str,
    reason: str,
    declared_on: date | None = None,
) -> Changes:
    ws.require(Permission.EDIT_REGISTRY)
    if not reason.strip():
        raise ValidationError("请填写回避原因（如：亲属在该企业任职）。")
    with ws.db.session() as s:
        insp = s.scalar(select(Inspector).where(Inspector.cert_no == inspector_cert_no.strip()))
        if insp is None:
            raise NotFoundError(f"执法证号 {inspector_cert_no} 不在检查人员名录中")
        code = target_code.strip().upper()
        tgt = target_by_code(s, target_code)
        row = s.scalar(
            select(Conflict).where(Conflict.inspector_id == insp.id, Conflict.target_id == tgt.id)
        )
        if row is None:
            row = Conflict(
                inspector_id=insp.id,
                target_id=tgt.id,
                reason=reason.strip(),
                declared_on=declared_on or local_today(),
            )
            s.add(row)
        else:
            row.reason, row.is_active, row.declared_on = (
                reason.strip(),
                True,
                declared_on or local_today(),
            )
        s.flush()
        record_change(
            s,
            entity="conflict",
            entity_id=row.id,
            actor=ws.actor.username,
            action="登记",
            changes={"reason": ["", row.reason]},
        )
        log_event(
            s,
            ws.actor,
            "conflict.declare",
            entity="conflict",
            entity_uid=row.uid,
            summary=f"登记回避：{insp.name} — {tgt.name}（{row.reason}）",
            after={"reason": row.reason},
            detail={"inspector": insp.cert_no, "target": code, "reason": row.reason},
        )
    return Changes.of(Area.CONFLICTS)


def withdraw_conflict(ws: Workspace, conflict_id: int, *, reason: str = "") -> Changes:
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        row = s.get(Conflict, conflict_id)
        if row is None:
            raise NotFoundError(f"回避记录 #{conflict_id} 不存在")
        if not row.is_active:
            return Changes.of()
        row.is_active = False
        record_change(
            s,
            entity="conflict",
            entity_id=row.id,
            actor=ws.actor.username,
            action="撤销",
            changes={"is_active": ["有效", "已撤销"]},
            note=reason or None,
        )
        log_event(
            s,
            ws.actor,
            "conflict.withdraw",
            entity="conflict",
            entity_uid=row.uid,
            summary=f"撤销回避 #{row.id}" + (f"（{reason}）" if reason else ""),
            before={"is_active": True},
            after={"is_active": False},
            detail={"reason": reason},
        )
    return Changes.of(Area.CONFLICTS)


def declare_expert_conflict(
    ws: Workspace,
    *,
    expert_code: str,
    target_code: str,
    reason: str,
    declared_on: date | None = None,
) -> Changes:
    """An expert's 回避 with a business (the same rule as an inspector's); audited."""
    ws.require(Permission.EDIT_REGISTRY)
    if not reason.strip():
        raise ValidationError("请填写回避原因（如：曾为该企业提供咨询服务）。")
    with ws.db.session() as s:
        expert = s.scalar(select(Expert).where(Expert.code == expert_code.strip()))
        if expert is None:
            raise NotFoundError(f"专家编号 {expert_code} 不在专家名录中")
        code = target_code.strip().upper()
        tgt = target_by_code(s, target_code)
        row = s.scalar(
            select(ExpertConflict).where(
                ExpertConflict.expert_id == expert.id, ExpertConflict.target_id == tgt.id
            )
        )
        if row is None:
            row = ExpertConflict(expert_id=expert.id, target_id=tgt.id, reason=reason.strip(),
                                 declared_on=declared_on or local_today())  # fmt: skip
            s.add(row)
        else:
            row.reason, row.is_active, row.declared_on = (
                reason.strip(),
                True,
                declared_on or local_today(),
            )
        s.flush()
        log_event(
            s, ws.actor, "conflict.declare_expert", entity="expert_conflict", entity_uid=row.uid,
            summary=f"登记专家回避：{expert.name} — {tgt.name}（{row.reason}）", after={"reason": row.reason},
            detail={"expert": expert.code, "target": code, "reason": row.reason},
        )  # fmt: skip
    return Changes.of(Area.CONFLICTS)


def inspector_picks(ws: Workspace) -> list[tuple[str, str]]:
    """(执法证号, “姓名（执法证号）”) of every inspector, for the 登记回避 picker."""
    ws.require(Permission.READ)
    with ws.db.read_session() as s:
        rows = s.execute(
            select(Inspector.cert_no, Inspector.name)
            .where(Inspector.cert_no.is_not(None))
            .order_by(Inspector.name)
        ).all()
    return [(cert, f"{name}（{cert}）") for cert, name in rows if cert]


def target_picks(ws: Workspace, text: str, *, limit: int = 30) -> list[tuple[str, str]]:
    """(code, “名称（代码）”) of the businesses whose name or code contains `text`, for the
    登记回避 picker (the registry's own search, first `limit`)."""
    if not text.strip():
        return []
    ids = list(target_ids(ws, TargetQuery(text=text.strip()))[:limit])
    return [
        (row.cells[0], f"{row.cells[1]}（{row.cells[0]}）")
        for row in target_rows(ws, ids)
        if row.cells[0]
    ]
