"""随机抽查事项清单: versioned items — an adjustment is a new version with an effective date.

rules.md #4: items are adjusted when laws change and no item exists without a legal basis;
the old version stays on record (tasks keep pointing at the version they used).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, or_, select

from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.ids import ItemId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.bulk import fetch_ids
from app.core.storage.models import InspectionItem

from .departments import department_names
from .editing import check_record, plain, raise_for
from .fields import SPECS, Issue, display, format_permille
from .history import HistoryEntry, diff, entity_history, record_change
from .records import Checked, RecordChecker
from .targets import TableRow, UpsertResult
from .vocab import load_vocab

SPEC = SPECS["items"]
LABELS = {f.key: f.header for f in SPEC.fields}
_COLUMNS = [("department_id" if f.key == "department" else f.key) for f in SPEC.fields]
_CONTENT = [c for c in _COLUMNS if c not in ("effective_from", "change_reason")]
TABLE_COLUMNS = (
    ("code", "事项编码"),
    ("name", "抽查事项名称"),
    ("department", "职能部门"),
    ("category", "事项类别"),
    ("kind", "类型"),
    ("ratio", "比例上限"),
    ("target_kinds", "抽查对象"),
    ("method", "抽查方式"),
    ("version_no", "版本"),
    ("effective_from", "生效日期"),
    ("is_current", "状态"),
)
_SORT = {
    "code": InspectionItem.code,
    "name": InspectionItem.name,
    "department": InspectionItem.department_id,
    "category": InspectionItem.category,
    "kind": InspectionItem.kind,
    "version_no": InspectionItem.version_no,
    "effective_from": InspectionItem.effective_from,
}

SORT_KEYS = frozenset(_SORT)


@dataclass(frozen=True)
class ItemQuery:
    text: str = ""
    department_ids: tuple[int, ...] = ()
    kinds: tuple[str, ...] = ()
    include_old_versions: bool = False
    sort: str = "code"
    descending: bool = False


@dataclass(frozen=True)
class ItemDetail:
    id: ItemId
    uid: str
    version: int
    version_no: int
    is_current: bool
    values: dict[str, Any]


def _filtered(q: ItemQuery, stmt: Select) -> Select:
    if not q.include_old_versions:
        stmt = stmt.where(InspectionItem.is_current.is_(True))
    if q.text.strip():
        like = f"%{q.text.strip()}%"
        stmt = stmt.where(
            or_(
                InspectionItem.name.like(like),
                InspectionItem.code.like(like),
                InspectionItem.category.like(like),
            )
        )
    if q.department_ids:
        stmt = stmt.where(InspectionItem.department_id.in_(q.department_ids))
    if q.kinds:
        stmt = stmt.where(InspectionItem.kind.in_(q.kinds))
    return stmt


def item_ids(ws: Workspace, query: ItemQuery = ItemQuery()) -> array:  # noqa: B008
    col = _SORT.get(query.sort, InspectionItem.code)
    stmt = _filtered(query, select(InspectionItem.id)).order_by(
        col.desc() if query.descending else col.asc(),
        InspectionItem.code,
        InspectionItem.version_no.desc(),
    )
    with ws.db.engine.connect() as conn:
        return fetch_ids(conn, stmt)


def _load(ws: Workspace, ids: Sequence[int]) -> dict[int, InspectionItem]:
    with ws.db.read_session() as s:
        return {
            r.id: r
            for r in s.scalars(select(InspectionItem).where(InspectionItem.id.in_(list(ids))))
        }


def item_rows(ws: Workspace, ids: Sequence[int]) -> list[TableRow]:
    names = department_names(ws)
    by_id = _load(ws, ids)
    rows = []
    for i in ids:
        r = by_id.get(i)
        if r is None:
            continue
        rows.append(
            TableRow(
                r.id,
                (
                    r.code,
                    r.name,
                    names.get(r.department_id, ""),
                    r.category or "",
                    r.kind,
                    format_permille(r.ratio_cap_permille)
                    or ("不设上限" if r.kind == "重点" else ""),
                    "，".join(r.target_kinds or []),
                    r.method or "",
                    f"第{r.version_no}版",
                    display(r.effective_from),
                    "现行" if r.is_current else "已调整/停用",
                ),
                r.is_current,
                not r.is_current,
            )
        )
    return rows


def _values(r: InspectionItem) -> dict[str, Any]:
    return {
        f.key: getattr(r, "department_id" if f.key == "department" else f.key) for f in SPEC.fields
    }


def get_item(ws: Workspace, item_id: ItemId) -> ItemDetail:
    with ws.db.read_session() as s:
        r = s.get(InspectionItem, item_id)
        if r is None:
            raise NotFoundError(f"抽查事项 #{item_id} 不存在")
        return ItemDetail(ItemId(r.id), r.uid, r.version, r.version_no, r.is_current, _values(r))


def current_items(ws: Workspace, *, department_ids: Sequence[int] = ()) -> list[ItemDetail]:
    """The items in force (one version per code), by code."""
    with ws.db.read_session() as s:
        stmt = (
            select(InspectionItem)
            .where(InspectionItem.is_current.is_(True))
            .order_by(InspectionItem.code)
        )
        if department_ids:
            stmt = stmt.where(InspectionItem.department_id.in_(list(department_ids)))
        return [
            ItemDetail(ItemId(r.id), r.uid, r.version, r.version_no, True, _values(r))
            for r in s.scalars(stmt)
        ]


def check_item(ws: Workspace, raw: dict[str, Any]) -> Checked:
    return check_record(ws, "items", raw)


def _db(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "department" in out:
        out["department_id"] = out.pop("department")
    if out.get("target_kinds") is None and "target_kinds" in out:
        out["target_kinds"] = []
    return out


def _content_changes(current: InspectionItem, data: dict[str, Any]) -> dict[str, list[str]]:
    """What `data` would change in an item's content ({field: [before, after]}): a change makes
    a new version and needs 调整原因."""
    before = {c: getattr(current, c) for c in _CONTENT if c in data}
    return diff(before, {c: data[c] for c in before})


def _write_version(
    s: Any,
    *,
    actor: Any,
    data: dict[str, Any],
    current: InspectionItem | None,
    note: str,
    audit: bool = True,
) -> tuple[InspectionItem, bool]:
    """Adds version 1 or, when the content changed, the next version; (row, changed)."""
    if current is not None:
        changes = _content_changes(current, data)
        if not changes:
            return current, False
        if not data.get("change_reason"):
            raise ValidationError(f"调整事项 {current.code} 须填写“调整原因”（事项调整应有依据）。")
        last = (
            s.scalar(
                select(func.max(InspectionItem.version_no)).where(
                    InspectionItem.code == current.code
                )
            )
            or 0
        )
        current.is_current = False
        merged = {c: getattr(current, c) for c in _COLUMNS} | {
            k: v for k, v in data.items() if k in _COLUMNS
        }
        merged["effective_from"] = data.get("effective_from") or local_today()
        row = InspectionItem(**merged, version_no=last + 1, is_current=True)
    else:
        changes = diff({}, {c: data.get(c) for c in _CONTENT if c in data})
        row = InspectionItem(
            **{k: v for k, v in data.items() if k in _COLUMNS}, version_no=1, is_current=True
        )
    s.add(row)
    s.flush()
    record_change(
        s,
        entity="item",
        entity_id=row.id,
        actor=actor.username if audit else actor,
        action="新增" if current is None else f"调整为第{row.version_no}版",
        changes=changes,
        note=data.get("change_reason") or note or None,
    )
    if current is not None:
        record_change(
            s,
            entity="item",
            entity_id=current.id,
            actor=actor.username if audit else actor,
            action=f"被第{row.version_no}版取代",
            changes=changes,
            note=data.get("change_reason"),
        )
    if audit:
        log_event(
            s,
            actor,
            "item.create" if current is None else "item.revise",
            entity="item",
            entity_uid=row.uid,
            summary=f"{'新增' if current is None else '调整'}抽查事项 {row.code} {row.name}（第{row.version_no}版）",
            before=plain({c: getattr(current, c) for c in _COLUMNS})
            if current is not None
            else None,
            after=plain({c: getattr(row, c) for c in _COLUMNS}),
            detail={"changes": changes, "reason": data.get("change_reason")},
        )
    return row, True


def save_item(
    ws: Workspace,
    *,
    item_id: ItemId | None,
    values: dict[str, Any],
    accept_warnings: bool = False,
    expected_version: int | None = None,
) -> Changes:
    """New item (item_id None) or an adjustment of the current version (a new version);
    `expected_version`: the row version the editor loaded (a stale one is refused)."""
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        checked = RecordChecker("items", load_vocab(s)).check(values)
        raise_for(checked, accept_warnings)
        data = _db(checked.values)
        current = None
        if item_id is not None:
            current = s.get(InspectionItem, item_id)
            if current is None:
                raise NotFoundError(f"抽查事项 #{item_id} 不存在")
            check_version(s, current, expected_version, what=f"抽查事项“{current.name}”")
            if not current.is_current:
                raise ValidationError("只能调整现行版本的事项。")
            if data.get("code") and data["code"] != current.code:
                raise ValidationError("事项编码不能修改；如需新事项请新增。")
        else:
            clash = s.scalar(
                select(InspectionItem.id).where(
                    InspectionItem.code == data.get("code"), InspectionItem.is_current.is_(True)
                )
            )
            if clash is not None:
                raise ValidationError(f"事项编码 {data.get('code')} 已存在；调整请编辑该事项。")
        _write_version(s, actor=ws.actor, data=data, current=current, note=checked.warning_text())
    return Changes.of(Area.ITEMS, message="已保存抽查事项")


def retire_item(ws: Workspace, item_id: ItemId, *, reason: str) -> Changes:
    """停用 an item (no new version): it leaves the current list; plans keep their versions."""
    ws.require(Permission.EDIT_REGISTRY)
    if not reason.strip():
        raise ValidationError("停用抽查事项须填写原因。")
    with ws.db.session() as s:
        r = s.get(InspectionItem, item_id)
        if r is None:
            raise NotFoundError(f"抽查事项 #{item_id} 不存在")
        if not r.is_current:
            return Changes.of()
        r.is_current = False
        r.change_reason = reason
        record_change(
            s,
            entity="item",
            entity_id=r.id,
            actor=ws.actor.username,
            action="停用",
            changes={"is_current": ["现行", "已停用"]},
            note=reason,
        )
        log_event(
            s,
            ws.actor,
            "item.retire",
            entity="item",
            entity_uid=r.uid,
            summary=f"停用抽查事项 {r.code} {r.name}",
            before={"is_current": True},
            after={"is_current": False},
            detail={
                "before": {"is_current": True},
                "after": {"is_current": False},
                "reason": reason,
            },
        )
    return Changes.of(Area.ITEMS)


def item_history(ws: Workspace, item_id: ItemId) -> list[HistoryEntry]:
    with ws.db.read_session() as s:
        code = s.scalar(select(InspectionItem.code).where(InspectionItem.id == item_id))
        ids = list(s.scalars(select(InspectionItem.id).where(InspectionItem.code == code)))
    out: list[HistoryEntry] = []
    for i in ids:
        out.extend(
            entity_history(
                ws, "item", i, labels={**LABELS, "department_id": "职能部门", "is_current": "状态"}
            )
        )
    return sorted(out, key=lambda h: h.at, reverse=True)


def export_rows(ws: Workspace, query: ItemQuery) -> Generator[list[Any], None, None]:
    names = department_names(ws)
    ids = item_ids(ws, query)
    by_id = _load(ws, ids)
    for i in ids:
        r = by_id[i]
        row = []
        for f in SPEC.fields:
            if f.key == "department":
                row.append(names.get(r.department_id, ""))
            elif f.type == "multi":
                row.append("，".join(getattr(r, f.key) or []))
            elif f.type in ("permille", "ratio"):
                row.append(format_permille(r.ratio_cap_permille))
            else:
                row.append(getattr(r, f.key))
        yield row


def reference_issues(
    s: Any, values: dict[str, list[Any]], rows: Sequence[int]
) -> list[tuple[int, Issue]]:
    """(row index, issue) for rows that would change an item in force without 调整原因: found
    while the file is checked, so the preview and the report name the row and cell and the
    other rows can still be imported (the write refuses such a change too). A code repeated
    in the file (one 抽查事项 over several 抽查子项 rows) is judged at the write, once folded."""
    codes: list[Any] = values.get("code") or []
    seen = Counter(codes)
    current = {
        r.code: r
        for r in s.scalars(
            select(InspectionItem).where(
                InspectionItem.is_current.is_(True),
                InspectionItem.code.in_({c for c in codes if c}),
            )
        )
    }
    where = "change_reason" if "change_reason" in values else "code"
    out: list[tuple[int, Issue]] = []
    for i, code in enumerate(codes):
        row = current.get(code)
        if row is None or seen[code] > 1:
            continue
        data = _db({key: column[i] for key, column in values.items()})
        if data.get("change_reason"):
            continue
        changed = _content_changes(row, data)
        if changed:
            words = "、".join(
                SPEC.field("department" if c == "department_id" else c).header for c in changed
            )
            out.append(
                (
                    i,
                    Issue(rows[i], SPEC.field(where).header, "" if where == "change_reason" else str(code),
                          "error", f"将调整已有事项 {code}（{words}），须填写调整原因（事项调整应有依据）",
                          key=where),
                )
            )  # fmt: skip
    return out


def upsert_items(
    session: Any, *, actor: str, records: list[tuple[dict[str, Any], str]]
) -> UpsertResult:
    result = UpsertResult()
    current = {
        r.code: r
        for r in session.scalars(select(InspectionItem).where(InspectionItem.is_current.is_(True)))
    }
    for values, warnings in records:
        data = _db(values)
        row, changed = _write_version(
            session,
            actor=actor,
            data=data,
            current=current.get(data["code"]),
            note=warnings,
            audit=False,
        )
        if row is not current.get(data["code"]):
            if data["code"] in current:
                result.updated += 1
            else:
                result.inserted += 1
            current[data["code"]] = row
        elif not changed:
            result.unchanged += 1
    return result
