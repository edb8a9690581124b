"""专家名录: query, edit, deactivate, import upsert, and the experts available to a draw."""

from __future__ import annotations

from array import array
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select

from app.core.domain.errors import NotFoundError
from app.core.domain.ids import ExpertId
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.bulk import fetch_ids
from app.core.storage.models import Expert

from .editing import check_record, save_record, set_status, update_from_import
from .fields import SPECS
from .history import HistoryEntry, entity_history
from .records import Checked
from .targets import TableRow, UpsertResult

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


def get_expert(ws: Workspace, expert_id: ExpertId) -> ExpertDetail:
    with ws.db.read_session() as s:
        r = s.get(Expert, expert_id)
        if r is None:
            raise NotFoundError(f"专家 #{expert_id} 不存在")
        return ExpertDetail(ExpertId(r.id), r.uid, r.version, {k: getattr(r, k) for k in _COLUMNS})


def check_expert(ws: Workspace, raw: dict[str, Any]) -> Checked:
    return check_record(ws, "experts", raw)


def _prepare(values: dict[str, Any]) -> None:
    if values.get("expertise") is None:
        values["expertise"] = []


def save_expert(
    ws: Workspace,
    *,
    expert_id: ExpertId | None,
    values: dict[str, Any],
    accept_warnings: bool = False,
    expected_version: int | None = None,
) -> Changes:
    return save_record(
        ws,
        kind="experts",
        model=Expert,
        entity="expert",
        noun="专家",
        key="code",
        columns=_COLUMNS,
        row_id=expert_id,
        values=values,
        accept_warnings=accept_warnings,
        expected_version=expected_version,
        prepare=_prepare,
    )


def set_expert_status(
    ws: Workspace, expert_id: ExpertId, *, active: bool, reason: str = ""
) -> Changes:
    return set_status(
        ws,
        model=Expert,
        entity="expert",
        noun="专家",
        area=Area.EXPERTS,
        row_id=expert_id,
        active=active,
        reason=reason,
    )


def expert_history(ws: Workspace, expert_id: ExpertId) -> list[HistoryEntry]:
    return entity_history(ws, "expert", expert_id, labels=LABELS)


def export_rows(ws: Workspace, query: ExpertQuery) -> Generator[list[Any], None, None]:
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
        if not update_from_import(
            session, row, data=data, columns=cols, entity="expert", actor=actor
        ):
            result.unchanged += 1
            continue
        result.updated += 1
    session.flush()
    return result
