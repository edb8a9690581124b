"""The audit trail for front ends: verify it, list events with filters, export them.

Read-only except for the export event; the chain itself is written by services/kernel/audit.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Select, func, or_, select

from app.core.domain.errors import ValidationError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import ChainCheck, chain_head, log_event, verify_chain
from app.core.services.kernel.users import names_by_login
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import AuditEvent, AuditRowState

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AuditEntry:
    """One event as the viewer shows it."""

    id: int
    at: datetime  # UTC
    actor: str  # the login name
    actor_name: str  # the person's name as people read it (系统 for the app's own work)
    action: str
    entity: str | None
    entity_uid: str | None
    summary: str | None
    row_count: int
    before_hash: str | None
    after_hash: str | None
    hash: str


@dataclass(frozen=True)
class AuditFilter:
    """Viewer filters; every field optional. `since`/`until` are UTC, `until` exclusive;
    `action` matches a prefix ("user." for all account events); `text` searches summaries."""

    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_uid: str | None = None
    text: str | None = None


def verify_audit(ws: Workspace, *, progress: Progress | None = None) -> ChainCheck:
    """Checks the chain and every audited row (see services/audit.verify_chain)."""
    ws.require(Permission.READ)
    with ws.db.read_session() as s:
        return verify_chain(s, progress=progress)


def _filtered(stmt: Select, f: AuditFilter) -> Select:
    if f.since is not None:
        stmt = stmt.where(AuditEvent.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(AuditEvent.at < f.until)
    if f.actor:
        stmt = stmt.where(AuditEvent.actor == f.actor)
    if f.action:
        stmt = stmt.where(AuditEvent.action.startswith(f.action, autoescape=True))
    if f.entity:
        stmt = stmt.where(AuditEvent.entity == f.entity)
    if f.entity_uid:
        uid = f.entity_uid.strip()
        row_events = select(AuditRowState.event_id).where(AuditRowState.row_key == uid)
        stmt = stmt.where(or_(AuditEvent.entity_uid == uid, AuditEvent.id.in_(row_events)))
    if f.text:
        stmt = stmt.where(AuditEvent.summary.contains(f.text.strip(), autoescape=True))
    return stmt


def _entry(ev: AuditEvent, names: dict[str, str]) -> AuditEntry:
    return AuditEntry(
        id=ev.id,
        at=ev.at,
        actor=ev.actor,
        actor_name=names.get(ev.actor, ev.actor),
        action=ev.action,
        entity=ev.entity,
        entity_uid=ev.entity_uid,
        summary=ev.summary,
        row_count=ev.row_count or 0,
        before_hash=ev.before_hash,
        after_hash=ev.after_hash,
        hash=ev.hash,
    )


def list_events(
    ws: Workspace, filters: AuditFilter | None = None, *, limit: int = 500, offset: int = 0
) -> list[AuditEntry]:
    """Events matching the filters, newest first."""
    ws.require(Permission.READ)
    f = filters or AuditFilter()
    with ws.db.read_session() as s:
        stmt = (
            _filtered(select(AuditEvent), f)
            .order_by(AuditEvent.id.desc())
            .limit(limit)
            .offset(offset)
        )
        names = names_by_login(s)
        return [_entry(ev, names) for ev in s.scalars(stmt)]


def count_events(ws: Workspace, filters: AuditFilter | None = None) -> int:
    ws.require(Permission.READ)
    with ws.db.read_session() as s:
        stmt = _filtered(select(func.count()).select_from(AuditEvent), filters or AuditFilter())
        return int(s.scalar(stmt) or 0)


def filter_choices(ws: Workspace) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(actors as (login, name), actions, entities) that occur in the trail, for the viewer's
    drop-downs."""
    ws.require(Permission.READ)
    with ws.db.read_session() as s:

        def distinct(col) -> list[str]:  # type: ignore[no-untyped-def]
            return [v for v in s.scalars(select(col).distinct().order_by(col)) if v]

        names = names_by_login(s)
        actors = [(a, names.get(a, a)) for a in distinct(AuditEvent.actor)]
        return actors, distinct(AuditEvent.action), distinct(AuditEvent.entity)


def log_export(
    ws: Workspace,
    action: str,
    path: str | Path | None,
    *,
    what: str,
    count: int,
    entity: str | None = None,
    entity_uid: str | None = None,
    detail: dict[str, object] | None = None,
) -> None:
    """One audit event for a file written out of the database that carries personal data
    (registry exports with ID numbers, printed sheets and notices, statistics, the trail):
    who wrote what, how many rows or pages, to which file name, or to a printer when `path` is
    None (docs/security.md)."""
    name = Path(path).name if path is not None else "打印机 printer"
    with ws.db.session() as s:
        log_event(
            s,
            ws.actor,
            action,
            entity=entity,
            entity_uid=entity_uid,
            summary=f"导出{what} {count} → {name}",
            detail={"file": name, "count": count, **(detail or {})},
        )


def export_events(ws: Workspace, path: Path, filters: AuditFilter | None = None) -> int:
    """Writes the matching events to an xlsx file (text cells never become formulas); audited."""
    ws.require(Permission.READ)
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("请导出为 .xlsx 文件。 / Export to an .xlsx file.")
    f = filters or AuditFilter()
    with ws.db.read_session() as s:
        head = chain_head(s)
        names = names_by_login(s)
        stmt = _filtered(select(AuditEvent), f).order_by(AuditEvent.id)
        events = [_entry(ev, names) for ev in s.scalars(stmt)]
    rows = [
        [
            e.id,
            fmt_time(e.at, seconds=True),
            e.actor,
            e.action,
            e.entity or "",
            e.entity_uid or "",
            e.summary or "",
            e.row_count,
            e.before_hash or "",
            e.after_hash or "",
            e.hash,
        ]
        for e in events
    ]
    from app.core.reports.audit_xlsx import (
        write_events_xlsx,  # openpyxl only when exporting (start-up)
    )

    write_events_xlsx(path, rows, title=f"审计日志 {ws.display_name}", head=head)
    with ws.db.session() as s:
        log_event(
            s,
            ws.actor,
            "audit.export",
            summary=f"导出审计日志 {len(rows)} 条 → {path.name}",
            detail={"count": len(rows), "file": path.name},
        )
    return len(rows)
