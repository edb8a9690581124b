"""Reference data every database starts with: code tables and default settings.

Idempotent: runs at every open and only fills in what is missing, never overwriting a
user's edits to a code table.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.resources import resource_path
from app.core.domain.roles import SYSTEM_ACTOR
from app.core.services.kernel.audit import log_event
from app.core.storage.models import CodeEntry, Setting

DEFAULT_SETTINGS: dict[str, Any] = {
    "office.name": "",
    "office.short_name": "",
    # Working-day deadlines (docs/rules.md #9, #14, #15, #19); configurable per office.
    "deadline.publication_days": 20,
    "deadline.dispatch_days": 5,
    "deadline.inspector_choice_days": 5,
    "deadline.plan_adjustment_days": 10,
    "deadline.due_soon_days": 5,
}


@cache
def _shipped_code_tables() -> dict[str, list[dict[str, Any]]]:
    data = json.loads(resource_path("codes", "code_tables.json").read_text("utf-8"))
    return data["tables"]


def ensure_reference_data(session: Session) -> bool:
    """Adds missing code-table rows and settings; returns True when something was added."""
    added = False
    existing = {(t, c) for t, c in session.execute(select(CodeEntry.table, CodeEntry.code))}
    for table, rows in _shipped_code_tables().items():
        for order, row in enumerate(rows):
            if (table, row["code"]) in existing:
                continue
            session.add(
                CodeEntry(
                    table=table,
                    code=row["code"],
                    text=row["text"],
                    public_text=row.get("public_text"),
                    parent_code=row.get("parent_code"),
                    exclusive=bool(row.get("exclusive")),
                    sort_order=order,
                )
            )
            added = True
    have = set(session.scalars(select(Setting.key)))
    for key, value in DEFAULT_SETTINGS.items():
        if key not in have:
            session.add(Setting(key=key, value=value))
            added = True
    if added:
        log_event(session, SYSTEM_ACTOR, "reference.ensure", summary="补充缺少的代码表和默认设置")
    return added


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
