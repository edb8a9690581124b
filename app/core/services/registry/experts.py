"""专家名录: query, edit, deactivate, import upsert, and the experts available to a draw."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NewType

from sqlalchemy import Select, or_, select

from app.core.domain.errors import NotFoundError
from app.core.domain.roles import Permission
from app.core.services.workspace import Changes, Workspace
from app.core.storage.bulk import fetch_ids
from app.core.storage.models import Expert

from .editing import raise_for, save_row, set_status
from .fields import SPECS
from .history import HistoryEntry, diff, entity_history, record_change
from .records import Checked, RecordChecker
from .targets import TableRow, UpsertResult
from .vocab import load_vocab

ExpertId = NewType("ExpertId", int)
SPEC = SPECS["experts"]
LABELS = {f.key: f.header for f in SPEC.fields}
_COLUMNS = [f.key for f in SPEC.fields]
TABLE_COLUMNS = (
    ("code", "专家编号"),
    ("name", "姓名"),
    ("unit", "工作单位"),
    ("expertise", "专业特长"),
    ("service_domain", "服务领域"),
    ("phone", "联系电话"),
    ("email", "电子邮箱"),
    ("status", "状态"),
)
_SORT = {
    "code": Expert.code,
    "name": Expert.name,
    "unit": Expert.unit,
    "service_domain": Expert.service_domain,
    "status": Expert.status,
}

SORT_KEYS = frozenset(_SORT)


@dataclass(frozen=True)
class ExpertQuery:
    text: str = ""
    statuses: tuple[str, ...] = ()
    sort: str = "code"
    descending: bool = False


@dataclass(frozen=True)
class ExpertDetail:
    id: ExpertId
    uid: str
    version: int
    values: dict[str, Any]


def _filtered(q: ExpertQuery, stmt: Select) -> Select:
    if q.text.strip():
        like = f"%{q.text.strip()}%"
        stmt = stmt.where(
            or_(
                Expert.name.like(like),
                Expert.code.like(like),
                Expert.unit.like(like),
                Expert.service_domain.like(like),
            )
        )
    if q.statuses:
        stmt = stmt.where(Expert.status.in_(q.statuses))
    return stmt


def expert_ids(ws: Workspace, query: ExpertQuery = ExpertQuery()) -> array:  # noqa: B008
    col = _SORT.get(query.sort, Expert.code)
    stmt = _filtered(query, select(Expert.id)).order_by(
        col.desc() if query.descending else col.asc(), Expert.id
    )
    with ws.db.engine.connect() as conn:
        return fetch_ids(conn, stmt)


def _load(ws: Workspace, ids: Sequence[int]) -> dict[int, Expert]:
    with ws.db.read_session() as s:
        return {r.id: r for r in s.scalars(select(Expert).where(Expert.id.in_(list(ids))))}


def expert_rows(ws: Workspace, ids: Sequence[int]) -> list[TableRow]:
    by_id = _load(ws, ids)
    return [
        TableRow(
            r.id,
            (
                r.code,
                r.name,
                r.unit or "",
                "，".join(r.expertise or []),
                r.service_domain or "",
                r.phone or "",
                r.email or "",
                r.status,
            ),
            r.status == "在岗",
            r.status != "在岗",
        )
        for r in (by_id.get(i) for i in ids)
        if r is not None
    ]


def available_experts(ws: Workspace, *, expertise: str = "") -> list[ExpertDetail]:
    """Experts 在岗, optionally with a given expertise, by code (for the draw)."""
    with ws.db.read_session() as s:
        rows = s.scalars(select(Expert).where(Expert.status == "在岗").order_by(Expert.code)).all()
        return [
            ExpertDetail(ExpertId(r.id), r.uid, r.version, {k: getattr(r, k) for k in _COLUMNS})
            for r in rows
            if not expertise or expertise in (r.expertise or [])
        ]


def get_expert(ws: Workspace, expert_id: int) -> ExpertDetail:
    with ws.db.read_session() as s:
        r = s.get(Expert, expert_id)
        if r is None:
            raise NotFoundError(f"专家 #{expert_id} 不存在")
        return ExpertDetail(ExpertId(r.id), r.uid, r.version, {k: getattr(r, k) for k in _COLUMNS})


def check_expert(ws: Workspace, raw: dict[str, Any]) -> Checked:
    with ws.db.read_session() as s:
        return RecordChecker("experts", load_vocab(s)).check(raw)


def save_expert(
    ws: Workspace,
    *,
    expert_id: int | None,
    values: dict[str, Any],
    accept_warnings: bool = False,
    expected_version: int | None = None,
) -> Changes:
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        checked = RecordChecker("experts", load_vocab(s)).check(values)
        raise_for(checked, accept_warnings)
        if checked.values.get("expertise") is None:
            checked.values["expertise"] = []
        row = save_row(
            ws,
            s,
            model=Expert,
            entity="expert",
            noun="专家",
            row_id=expert_id,
            checked=checked,
            columns=_COLUMNS,
            key="code",
            expected_version=expected_version,
        )
        name = row.name
    return Changes.of("experts", message=f"已保存：{name}")


def set_expert_status(ws: Workspace, expert_id: int, *, active: bool, reason: str = "") -> Changes:
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        changed = set_status(
            ws,
            s,
            model=Expert,
            entity="expert",
            noun="专家",
            row_id=expert_id,
            status="在岗" if active else "失效",
            reason=reason,
        )
    return Changes.of("experts") if changed else Changes.of()


def expert_history(ws: Workspace, expert_id: int) -> list[HistoryEntry]:
    return entity_history(ws, "expert", expert_id, labels=LABELS)


def export_rows(ws: Workspace, query: ExpertQuery) -> Iterator[list[Any]]:
    ids = expert_ids(ws, query)
    by_id = _load(ws, ids)
    for i in ids:
        r = by_id[i]
        yield [
            "，".join(getattr(r, f.key) or []) if f.type == "multi" else getattr(r, f.key)
            for f in SPEC.fields
        ]


def upsert_experts(
    session: Any, *, actor: str, records: list[tuple[dict[str, Any], str]]
) -> UpsertResult:
    result = UpsertResult()
    existing = {r.code: r for r in session.scalars(select(Expert))}
    for values, _warnings in records:
        cols = [c for c in _COLUMNS if c in values]
        data = dict(values)
        if data.get("expertise") is None and "expertise" in data:
            data["expertise"] = []
        row = existing.get(data["code"])
        if row is None:
            row = Expert(**{c: data[c] for c in cols if data[c] is not None})
            session.add(row)
            existing[row.code] = row
            result.inserted += 1
            continue
        before = {c: getattr(row, c) for c in cols}
        after = {c: data[c] if data[c] is not None or c != "status" else before[c] for c in cols}
        changes = diff(before, after)
        if not changes:
            result.unchanged += 1
            continue
        for c in cols:
            setattr(row, c, after[c])
        session.flush()
        record_change(
            session,
            entity="expert",
            entity_id=row.id,
            actor=actor,
            action="导入更新",
            changes=changes,
        )
        result.updated += 1
    session.flush()
    return result
