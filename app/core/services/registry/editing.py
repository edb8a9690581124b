"""Shared steps of saving one registry row: validate, refuse duplicates, write, history, audit.

Used by inspectors, experts and items (targets have their own: search key, tags, claims).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.services.audit import log_event
from app.core.services.workspace import Workspace

from .fields import display
from .history import diff, record_change
from .records import Checked


def raise_for(checked: Checked, accept_warnings: bool) -> None:
    """Errors always refuse; warnings refuse unless the user accepted them."""
    errors = [i for i in checked.issues if i.severity == "error"]
    warnings = [i for i in checked.issues if i.severity == "warning"]
    if errors:
        raise ValidationError(
            f"{errors[0].column}：{errors[0].reason}",
            details=[f"{i.column}：{i.reason}" for i in errors],
        )
    if warnings and not accept_warnings:
        raise ValidationError(
            "存在需要确认的警告：" + "；".join(f"{i.column}：{i.reason}" for i in warnings),
            details=[f"{i.column}：{i.reason}" for i in warnings],
        )


def plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: [display(x) for x in v] if isinstance(v, list) else display(v) for k, v in values.items()
    }


def save_row(
    ws: Workspace,
    s: Session,
    *,
    model: type,
    entity: str,
    noun: str,
    row_id: int | None,
    checked: Checked,
    columns: list[str],
    key: str,
    expected_version: int | None = None,
    extra: Callable[[Any], None] | None = None,
) -> Any:
    """Creates or updates one row from checked values; returns the ORM row (inside `s`)."""
    clean = checked.values
    key_col = getattr(model, key)
    if clean.get(key):
        other = s.execute(
            select(model.id, model.name).where(key_col == clean[key], model.id != (row_id or 0))
        ).first()
        if other is not None:
            raise ValidationError(f"编号 {clean[key]} 已属于“{other.name}”，不能重复登记。")
    if row_id is None:
        row = model(**{k: clean[k] for k in columns if k in clean and clean[k] is not None})
        s.add(row)
        before: dict[str, Any] = {}
        action = "新增"
    else:
        row = s.get(model, row_id)
        if row is None:
            raise NotFoundError(f"{noun} #{row_id} 不存在")
        if expected_version is not None and row.version != expected_version:
            raise ConflictError(
                f"该{noun}已被他人修改，请刷新后重试。 / Changed by someone else; reload."
            )
        before = {k: getattr(row, k) for k in columns}
        for k in columns:
            if k in clean:
                setattr(row, k, clean[k])
        action = "修改"
    if hasattr(row, "accepted_warnings"):
        row.accepted_warnings = checked.warning_text() or None
    if extra is not None:
        extra(row)
    s.flush()
    after = {k: getattr(row, k) for k in columns}
    record_change(
        s,
        entity=entity,
        entity_id=row.id,
        actor=ws.actor.username,
        action=action,
        changes=diff(before, after),
        note=checked.warning_text() or None,
    )
    log_event(
        s,
        ws.actor,
        f"{entity}.{'create' if row_id is None else 'update'}",
        entity=entity,
        entity_uid=row.uid,
        summary=f"{action}{noun}：{row.name}",
        before=plain(before) or None,
        after=plain(after),
        detail={"before": plain(before), "after": plain(after)},
    )
    return row


def set_status(
    ws: Workspace,
    s: Session,
    *,
    model: type,
    entity: str,
    noun: str,
    row_id: int,
    status: str,
    reason: str,
) -> bool:
    """在岗 ↔ 失效 for inspectors and experts; False when nothing changed."""
    row = s.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{noun} #{row_id} 不存在")
    if row.status == status:
        return False
    old = row.status
    row.status = status
    record_change(
        s,
        entity=entity,
        entity_id=row.id,
        actor=ws.actor.username,
        action="启用" if status == "在岗" else "停用",
        changes={"status": [old, status]},
        note=reason or None,
    )
    log_event(
        s,
        ws.actor,
        f"{entity}.status",
        entity=entity,
        entity_uid=row.uid,
        summary=f"{noun}{row.name}：{old} → {status}" + (f"（{reason}）" if reason else ""),
        before={"status": old},
        after={"status": status},
        detail={"before": {"status": old}, "after": {"status": status}, "reason": reason},
    )
    return True
