"""How synced rows become bundle records and back: uid references, typed fields, content hashes.

A record's `data` is the row without local ids, versions or timestamps; references are by
uid. Serialising a row that was written from `data` gives back the same `data` (and hash).
No merge decisions here (see bundle_merge.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Table, Text, select
from sqlalchemy.orm import Session

from app.core.bundles.format import BundleError
from app.core.domain.canonical import content_hash
from app.core.storage.models import (
    Attachment,
    ChecklistTemplate,
    Department,
    Expert,
    Inspection,
    InspectionItem,
    Inspector,
    Result,
    Signature,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitMember,
)

LOCAL_COLUMNS = frozenset({"id", "uid", "version", "created_at", "updated_at"})
HISTORY_LIMIT = 64
_COLUMNS: dict[str, list[str]] = {}
# Child rows without a uid of their own travel inside their parent's record (sorted, hashed).
CHILDREN = {"visit": "members", "task": "items"}


@dataclass(frozen=True)
class EntitySpec:
    """One kind of record: its model, its references (column → kind) and local-only columns."""

    kind: str
    model: type
    refs: dict[str, str] = field(default_factory=dict)
    local_only: frozenset[str] = frozenset()
    natural_key: tuple[str, ...] = ()  # unique columns another installation may share

    @property
    def table(self) -> Table:
        return self.model.__table__  # type: ignore[attr-defined,no-any-return]

    def columns(self) -> list[str]:
        cols = _COLUMNS.get(self.kind)
        if cols is None:
            cols = _COLUMNS[self.kind] = [
                c.name for c in self.table.columns if c.name not in LOCAL_COLUMNS | self.local_only
            ]
        return cols

    def key_for(self, column: str) -> str:
        return column[:-3] + "_uid" if column in self.refs else column


SPECS: dict[str, EntitySpec] = {
    s.kind: s
    for s in (
        EntitySpec("department", Department, natural_key=("code",)),
        EntitySpec(
            "inspector", Inspector, {"department_id": "department"}, natural_key=("cert_no",)
        ),
        EntitySpec("expert", Expert, natural_key=("code",)),
        EntitySpec("target", Target, natural_key=("uscc",)),
        EntitySpec("checklist_template", ChecklistTemplate, natural_key=("code", "version_no")),
        EntitySpec(
            "inspection_item",
            InspectionItem,
            {"department_id": "department"},
            natural_key=("code", "version_no"),
        ),
        EntitySpec(
            "task",
            Task,
            {"initiating_department_id": "department"},
            local_only=frozenset({"plan_id"}),
            natural_key=("task_no",),
        ),
        EntitySpec(
            "visit",
            Visit,
            {"task_id": "task", "target_id": "target", "replaces_visit_id": "visit"},
            local_only=frozenset({"draw_session_id"}),
        ),
        EntitySpec(
            "inspection",
            Inspection,
            {"visit_id": "visit", "previous_id": "inspection"},
            natural_key=("visit_id", "version_no"),
        ),
        EntitySpec(
            "signature", Signature, {"inspection_id": "inspection", "inspector_id": "inspector"}
        ),
        EntitySpec("attachment", Attachment, {"inspection_id": "inspection"}),
        EntitySpec(
            "result",
            Result,
            {"visit_id": "visit", "department_id": "department", "inspection_id": "inspection"},
            # 结果互认 is the office's decision on its own rows: the link stays at the office.
            local_only=frozenset({"adopted_from_id"}),
            natural_key=("visit_id", "department_id"),
        ),
    )
}
ORDER = tuple(SPECS)  # parents before children: the import order


class IdMaps:
    """id ↔ uid per kind, loaded on first use and extended as rows are inserted."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self._to_uid: dict[str, dict[int, str]] = {}
        self._to_id: dict[str, dict[str, int]] = {}

    def _load(self, kind: str) -> None:
        if kind in self._to_uid:
            return
        t = SPECS[kind].table
        rows = self._s.execute(select(t.c.id, t.c.uid)).all()
        self._to_uid[kind] = {r[0]: r[1] for r in rows}
        self._to_id[kind] = {r[1]: r[0] for r in rows}

    def uid(self, kind: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        self._load(kind)
        return self._to_uid[kind].get(row_id)

    def id(self, kind: str, uid: str | None) -> int | None:
        if uid is None:
            return None
        self._load(kind)
        return self._to_id[kind].get(uid)

    def add(self, kind: str, row_id: int, uid: str) -> None:
        self._load(kind)
        self._to_uid[kind][row_id] = uid
        self._to_id[kind][uid] = row_id

    def alias(self, kind: str, uid: str, row_id: int) -> None:
        """An incoming uid that names an existing local row (matched by its natural key)."""
        self._load(kind)
        self._to_id[kind][uid] = row_id


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def serialize_row(
    spec: EntitySpec, row: Any, maps: IdMaps, members: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """A row mapping (Core) → record data with uid references."""
    data: dict[str, Any] = {}
    for col in spec.columns():
        value = row[col]
        if col in spec.refs:
            data[spec.key_for(col)] = maps.uid(spec.refs[col], value)
        else:
            data[col] = _plain(value)
    if spec.kind in CHILDREN:
        data[CHILDREN[spec.kind]] = members or []
    return data


def record_hash(data: dict[str, Any]) -> str:
    return content_hash(data)


def load_members(
    session: Session, visit_ids: Iterable[int], maps: IdMaps
) -> dict[int, list[dict[str, Any]]]:
    """A visit's team as plain data, part of the visit record (sorted for a stable hash)."""
    out: dict[int, list[dict[str, Any]]] = {}
    ids = list(visit_ids)
    t = VisitMember.__table__
    for i in range(0, len(ids), 500):
        for m in session.execute(select(t).where(t.c.visit_id.in_(ids[i : i + 500]))).mappings():
            out.setdefault(m["visit_id"], []).append(
                {
                    "inspector_uid": maps.uid("inspector", m["inspector_id"]),
                    "expert_uid": maps.uid("expert", m["expert_id"]),
                    "role": m["role"],
                    "position": m["position"],
                    "source": m["source"],
                    "reason": m["reason"],
                }
            )
    for members in out.values():
        members.sort(key=lambda m: (m["position"], m["inspector_uid"] or "", m["expert_uid"] or ""))
    return out


def load_task_items(
    session: Session, task_ids: Iterable[int], maps: IdMaps
) -> dict[int, list[dict[str, Any]]]:
    """A task's inspection items (task_items) as plain data, part of the task record."""
    out: dict[int, list[dict[str, Any]]] = {}
    ids = list(task_ids)
    t = TaskItem.__table__
    for i in range(0, len(ids), 500):
        for m in session.execute(select(t).where(t.c.task_id.in_(ids[i : i + 500]))).mappings():
            out.setdefault(m["task_id"], []).append(
                {
                    "item_uid": maps.uid("inspection_item", m["item_id"]),
                    "ratio_permille": m["ratio_permille"],
                }
            )
    for items in out.values():
        items.sort(key=lambda m: m["item_uid"] or "")
    return out


def load_children(
    session: Session, kind: str, ids: Iterable[int], maps: IdMaps
) -> dict[int, list[dict[str, Any]]]:
    """The embedded child rows (CHILDREN) of rows of `kind`, by row id; {} for other kinds."""
    if kind == "visit":
        return load_members(session, ids, maps)
    if kind == "task":
        return load_task_items(session, ids, maps)
    return {}


def _bad(kind: str, uid: str, field_name: str, reason: str) -> BundleError:
    return BundleError(
        f"数据包记录 {kind} {uid} 的字段 {field_name} 不正确：{reason}。 / Bad field {field_name} of {kind} {uid}: {reason}"
    )


def expected_keys(spec: EntitySpec) -> set[str]:
    """The keys a record of this kind carries in this version's bundles."""
    return {spec.key_for(c) for c in spec.columns()} | (
        {CHILDREN[spec.kind]} if spec.kind in CHILDREN else set()
    )


def deserialize(spec: EntitySpec, uid: str, data: dict[str, Any], maps: IdMaps) -> dict[str, Any]:
    """Record data → column values for an INSERT/UPDATE; refuses a wrong shape or type."""
    expected = expected_keys(spec)
    if set(data) != expected:
        missing, extra = sorted(expected - set(data)), sorted(set(data) - expected)
        raise _bad(spec.kind, uid, ",".join(missing + extra) or "?", f"缺少 {missing} 多余 {extra}")
    values: dict[str, Any] = {}
    for col in spec.columns():
        column = spec.table.c[col]
        key = spec.key_for(col)
        value = data[key]
        if col in spec.refs:
            if value is None:
                if not column.nullable:
                    raise _bad(spec.kind, uid, key, "不能为空")
                values[col] = None
                continue
            ref_id = maps.id(spec.refs[col], value) if isinstance(value, str) else None
            if ref_id is None:
                raise _bad(
                    spec.kind, uid, key, f"引用的{spec.refs[col]} {value} 在本机和数据包中都不存在"
                )
            values[col] = ref_id
            continue
        if value is None:
            if not column.nullable and column.default is None:
                raise _bad(spec.kind, uid, key, "不能为空")
            values[col] = None
            continue
        ctype = column.type
        try:
            if isinstance(ctype, DateTime):
                values[col] = datetime.fromisoformat(value)
            elif isinstance(ctype, Date):
                values[col] = date.fromisoformat(value)
            elif isinstance(ctype, Boolean):
                if not isinstance(value, bool):
                    raise TypeError("应为 true/false")
                values[col] = value
            elif isinstance(ctype, Integer):
                if not isinstance(value, int) or isinstance(value, bool):
                    raise TypeError("应为整数")
                if not -(2**63) <= value < 2**63:
                    raise TypeError("整数超出范围")
                values[col] = value
            elif isinstance(ctype, String | Text):
                if not isinstance(value, str):
                    raise TypeError("应为文本")
                length = getattr(ctype, "length", None)
                if length and len(value) > length:
                    raise TypeError(f"超过 {length} 个字符")
                values[col] = value
            else:
                values[col] = value
        except (TypeError, ValueError) as exc:
            raise _bad(spec.kind, uid, key, str(exc)) from exc
    return values


def merge_history(*histories: Iterable[str]) -> list[str]:
    """Union of hash histories, oldest first, bounded (the newest kept)."""
    seen: dict[str, None] = {}
    for h in histories:
        for x in h:
            if isinstance(x, str):
                seen.pop(x, None)
                seen[x] = None
    out = list(seen)
    return out[-HISTORY_LIMIT:]
