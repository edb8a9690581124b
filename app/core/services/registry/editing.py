"""Shared steps of saving one registry row: validate, refuse duplicates, write, history, audit.

Used by inspectors, experts and items (targets save their own way — search key, tags, claims —
but share raise_for and plain).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel import undo
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.registry.ledger import latest_of

from .fields import display
from .history import diff, record_change
from .records import Checked, RecordChecker
from .vocab import load_vocab


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


def check_record(ws: Workspace, kind: str, raw: dict[str, Any]) -> Checked:
    """The checked (normalised) values of one row typed into a registry form, with issues."""
    with ws.db.read_session() as s:
        return RecordChecker(kind, load_vocab(s)).check(raw)


def plain(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: [display(x) for x in v] if isinstance(v, list) else display(v) for k, v in values.items()
    }


def save_row(
    ws: Workspace,
    s: Session,
    *,
    model: type[Any],
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
        check_version(s, row, expected_version, what=f"{noun}“{row.name}”")
        before = {k: getattr(row, k) for k in columns}
        for k in columns:
            if k in clean:
                value = clean[k]
                if k == "last_inspected_on":  # derived from the ledger of checks: never cleared
                    value = latest_of(row.last_inspected_on, value)
                setattr(row, k, value)
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
    if row_id is not None:
        _record_undo(
            ws,
            s,
            f"修改{noun}“{row.name}”",
            model,
            row,
            before,
            entity,
            f"{noun}“{before.get('name')}”",
        )
    return row


def _record_undo(
    ws: Workspace,
    s: Session,
    label: str,
    model: type[Any],
    row: Any,
    before: dict[str, Any],
    entity: str,
    what: str,
) -> None:
    """编辑 → 撤销: the row's columns as they were, offered once this transaction committed."""

    row_id, version = row.id, row.version
    kind = {"inspector": "inspectors", "expert": "experts", "item": "items"}.get(entity, entity)

    def take_back(ws2: Workspace, step: str) -> Changes:
        return restore_row(
            ws2,
            step,
            model=model,
            row_id=row_id,
            version=version,
            values={k: v for k, v in before.items() if k != "last_inspected_on"},
            what=what,
            entity=entity,
            areas=(Area(kind),),
        )

    event.listen(s, "after_commit", lambda _s: undo.record(ws, label, take_back), once=True)


def save_record(
    ws: Workspace,
    *,
    kind: str,
    model: type[Any],
    entity: str,
    noun: str,
    key: str,
    columns: list[str],
    row_id: int | None,
    values: dict[str, Any],
    accept_warnings: bool,
    expected_version: int | None,
    prepare: Callable[[dict[str, Any]], None],
) -> Changes:
    """One inspector or expert saved from its form, in its own transaction: check the values,
    refuse on problems, `prepare` them for the columns, then save_row."""
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        checked = RecordChecker(kind, load_vocab(s)).check(values)
        raise_for(checked, accept_warnings)
        prepare(checked.values)
        row = save_row(
            ws,
            s,
            model=model,
            entity=entity,
            noun=noun,
            row_id=row_id,
            checked=checked,
            columns=columns,
            key=key,
            expected_version=expected_version,
        )
        name = row.name
    return Changes.of(Area(kind), message=f"已保存：{name}")


def set_status(
    ws: Workspace,
    *,
    model: type[Any],
    entity: str,
    noun: str,
    area: Area,
    row_id: int,
    active: bool,
    reason: str,
) -> Changes:
    """在岗 ↔ 失效 for one inspector or expert, in its own transaction; no areas when unchanged."""
    ws.require(Permission.EDIT_REGISTRY)
    status = "在岗" if active else "失效"
    with ws.db.session() as s:
        row = s.get(model, row_id)
        if row is None:
            raise NotFoundError(f"{noun} #{row_id} 不存在")
        if row.status == status:
            return Changes.of()
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
    return Changes.of(area)


def update_from_import(
    session: Session,
    row: Any,
    *,
    data: dict[str, Any],
    columns: list[str],
    entity: str,
    actor: str,
    also: dict[str, Any] | None = None,
) -> bool:
    """Applies one imported record to an existing row (an empty 状态 keeps the old one) and
    records the change as 导入更新; `also` is set too when anything changed. False: no change."""
    before = {c: getattr(row, c) for c in columns}
    after = {c: data[c] if data[c] is not None or c != "status" else before[c] for c in columns}
    changes = diff(before, after)
    if not changes:
        return False
    for c in columns:
        setattr(row, c, after[c])
    for k, v in (also or {}).items():
        setattr(row, k, v)
    session.flush()
    record_change(
        session,
        entity=entity,
        entity_id=row.id,
        actor=actor,
        action="导入更新",
        changes=changes,
    )
    return True


def restore_row(
    ws: Workspace,
    label: str,
    *,
    model: type[Any],
    row_id: int,
    version: int,
    values: dict[str, Any],
    what: str,
    entity: str,
    areas: tuple[Area, ...],
    also: Callable[[Session, Any], None] | None = None,
) -> Changes:
    """Puts one row's columns back to `values`, if it is still at `version` (the gate)."""
    with ws.db.session() as s:
        row = s.get(model, row_id)
        if row is None:
            raise NotFoundError(f"{what}已不存在，不能撤销。")
        check_version(s, row, version, what=what)
        before = {k: getattr(row, k) for k in values}
        for k, v in values.items():
            setattr(row, k, v)
        if also is not None:
            also(s, row)
        s.flush()
        record_change(
            s,
            entity=entity,
            entity_id=row.id,
            actor=ws.actor.username,
            action="撤销",
            changes=diff(before, values),
            note=label,
        )
        undo.log_undo(
            s,
            ws,
            label,
            entity=entity,
            entity_uid=row.uid,
            before=plain(before),
            after=plain(values),
        )
    return Changes.of(*areas, message=f"已撤销：{label}")
