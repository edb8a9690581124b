"""Loads what record validation needs from the database: code tables and departments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.storage.models import CodeEntry, EnforcementUnit
from app.core.storage.models import Department as DepartmentRow

from .fields import BUILTIN_TABLES, SPECS, Department, Vocab


def load_vocab(session: Session) -> Vocab:
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, code, text in session.execute(
        select(CodeEntry.table, CodeEntry.code, CodeEntry.text)
        .where(CodeEntry.is_active)
        .order_by(CodeEntry.table, CodeEntry.sort_order, CodeEntry.id)
    ):
        tables.setdefault(table, []).append((code, text))
    depts = tuple(
        Department(d.id, d.code, d.name, d.short_name)
        for d in session.scalars(
            select(DepartmentRow).order_by(DepartmentRow.sort_order, DepartmentRow.id)
        )
    )

    units = dict(session.execute(select(EnforcementUnit.name, EnforcementUnit.department_id)).all())
    return Vocab(tables, depts, units)


def field_choices(ws: Any, kind: str) -> dict[str, list[tuple[Any, str]]]:
    """Dropdown choices of an edit form: {field key: [(value, text)]} for closed fields."""

    with ws.db.read_session() as s:
        vocab = load_vocab(s)
    out: dict[str, list[tuple[Any, str]]] = {}
    for f in SPECS[kind].fields:
        if f.type == "enum" and f.enum_table:
            rows = vocab.tables.get(f.enum_table) or BUILTIN_TABLES.get(f.enum_table, [])
            out[f.key] = [(code, text) for code, text in rows]
        elif f.type == "sex":
            out[f.key] = [("男", "男"), ("女", "女")]
        elif f.type == "bool":
            out[f.key] = [(True, "是"), (False, "否")]
        elif f.type == "department":
            out[f.key] = [(d.id, d.name) for d in vocab.departments]
    return out
