"""History of changes to registry rows: written beside each audit event, read by the history view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.services.kernel.users import names_by_login
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import RegistryChange

from .fields import display


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, before, after)
    note: str


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]]:
    """{key: [before, after]} for the keys whose display value changed."""
    out = {}
    for key in after:
        b, a = display(before.get(key)), display(after.get(key))
        if b != a:
            out[key] = [b, a]
    return out


def record_change(
    session: Session,
    *,
    entity: str,
    entity_id: int,
    actor: str,
    action: str,
    changes: dict[str, list[str]],
    note: str | None = None,
) -> None:
    session.add(
        RegistryChange(
            entity=entity,
            entity_id=entity_id,
            actor=actor,
            action=action,
            changes=changes,
            note=note,
        )
    )


def entity_history(
    ws: Workspace, entity: str, entity_id: int, *, labels: dict[str, str]
) -> list[HistoryEntry]:
    """Every recorded change of one row, newest first; field keys shown by their labels."""
    with ws.db.read_session() as s:
        rows = s.scalars(
            select(RegistryChange)
            .where(RegistryChange.entity == entity, RegistryChange.entity_id == entity_id)
            .order_by(RegistryChange.id.desc())
        ).all()
        names = names_by_login(s)
        return [
            HistoryEntry(
                r.at,
                names.get(r.actor, r.actor),  # the person's name, as the audit viewer shows it
                r.action,
                tuple((labels.get(k, k), v[0], v[1]) for k, v in (r.changes or {}).items()),
                r.note or "",
            )
            for r in rows
        ]
