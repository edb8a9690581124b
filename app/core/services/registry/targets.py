"""检查对象名录: query (ids then pages), edit, deactivate (imports write through
target_import.py).

Sorting and filtering happen in SQL so a million rows stay fast; nothing here returns an
ORM object to a front end.
"""

from __future__ import annotations

from array import array
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.ids import TargetId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.services.kernel import undo
from app.core.services.kernel.audit import (
    log_event,
)
from app.core.services.kernel.concurrency import check_version
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.bulk import (
    fetch_ids,
)
from app.core.storage.models import Licence, Target, TargetClaim, TargetTag
from app.core.storage.search import (
    ensure_target_index,
    prepare_search,
    search_key,
    target_match,
)

from .departments import department_names, list_departments
from .editing import check_record, plain, raise_for, restore_row
from .fields import SPECS, display, format_tags
from .history import HistoryEntry, diff, entity_history, record_change
from .records import Checked, RecordChecker
from .vocab import load_vocab

SPEC = SPECS["targets"]
LABELS = {f.key: f.header for f in SPEC.fields}
# The columns of `targets` a record sets: every field but tags and claims (own tables).
VALUE_COLUMNS = [f.key for f in SPEC.fields if f.key not in ("tags", "claims")]

# Columns of the registry table view: (key, header, sortable).
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "统一社会信用代码/注册号"), ("name", "名称"), ("kind", "类型"), ("legal_rep", "法定代表人"),
    ("township", "属地"), ("supervising_unit", "管辖单位"), ("industry_code", "行业"),
    ("credit_grade", "信用"), ("risk_class", "风险"), ("status", "存续状态"), ("tags", "标签"),
    ("last_inspected_on", "上次检查"), ("is_active", "名录状态"),
)  # fmt: skip
_SORT = {
    "code": (Target.uscc, Target.reg_no), "name": (Target.name,), "kind": (Target.kind,),
    "legal_rep": (Target.legal_rep,), "township": (Target.township,),
    "supervising_unit": (Target.supervising_unit,), "industry_code": (Target.industry_code,),
    "credit_grade": (Target.credit_grade,), "risk_class": (Target.risk_class,), "status": (Target.status,),
    "last_inspected_on": (Target.last_inspected_on,), "is_active": (Target.is_active,),
}  # fmt: skip

SORT_KEYS = frozenset(_SORT)


@dataclass(frozen=True)
class TargetQuery:
    """Filters of the target table; empty tuples mean "any"."""

    text: str = ""
    kinds: tuple[str, ...] = ()
    townships: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    industry_prefixes: tuple[str, ...] = ()
    credit_grades: tuple[str, ...] = ()
    risk_classes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    department_ids: tuple[int, ...] = ()
    special_pools: tuple[str, ...] = ()  # 专项库 the business has an entry in (any expiry)
    include_inactive: bool = False
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class TableRow:
    """One row of a registry table view: display strings in TABLE_COLUMNS order."""

    id: int
    cells: tuple[str, ...]
    active: bool = True
    flagged: bool = False  # e.g. an expired certificate, an accepted check-digit warning


@dataclass(frozen=True)
class TargetDetail:
    id: TargetId
    uid: str
    version: int
    values: dict[str, Any]  # field key → clean value (tags: [(tag, source)], claims: [dept ids])
    is_active: bool
    accepted_warnings: str


@dataclass(frozen=True)
class FilterOptions:
    townships: tuple[str, ...]
    units: tuple[str, ...]
    kinds: tuple[str, ...]
    credit_grades: tuple[str, ...]
    risk_classes: tuple[str, ...]
    statuses: tuple[str, ...]
    tags: tuple[str, ...] = ("重点对象", "问题对象")
    departments: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    special_pools: tuple[str, ...] = ()


def _filtered(conn: Connection, q: TargetQuery, stmt: Select) -> Select:
    if not q.include_inactive:
        stmt = stmt.where(Target.is_active.is_(True))
    if q.text.strip():
        stmt = stmt.where(target_match(conn, q.text))
    for values, col in (
        (q.kinds, Target.kind),
        (q.townships, Target.township),
        (q.units, Target.supervising_unit),
        (q.credit_grades, Target.credit_grade),
        (q.risk_classes, Target.risk_class),
        (q.statuses, Target.status),
    ):
        if values:
            stmt = stmt.where(col.in_(values))
    if q.industry_prefixes:
        stmt = stmt.where(or_(*(Target.industry_code.startswith(p) for p in q.industry_prefixes)))
    if q.tags:
        stmt = stmt.where(
            exists().where(TargetTag.target_id == Target.id, TargetTag.tag.in_(q.tags))
        )
    if q.special_pools:
        stmt = stmt.where(
            exists().where(Licence.target_id == Target.id, Licence.pool.in_(q.special_pools))
        )
    if q.department_ids:
        stmt = stmt.where(
            exists().where(
                TargetClaim.target_id == Target.id, TargetClaim.department_id.in_(q.department_ids)
            )
        )
    return stmt


def _ordered(q: TargetQuery, stmt: Select) -> Select:
    cols = _SORT.get(q.sort, (Target.name,))
    keys = [c.desc() if q.descending else c.asc() for c in cols]
    return stmt.order_by(*keys, Target.id.desc() if q.descending else Target.id.asc())


def target_ids(ws: Workspace, query: TargetQuery = TargetQuery()) -> array:  # noqa: B008
    """Ids of the targets matching `query`, in its sort order (for the lazy table model)."""
    prepare_search(ws.db.engine)
    with ws.db.engine.connect() as conn:
        stmt = _ordered(query, _filtered(conn, query, select(Target.id)))
        return fetch_ids(conn, stmt)


def count_targets(ws: Workspace, query: TargetQuery = TargetQuery()) -> int:  # noqa: B008
    prepare_search(ws.db.engine)
    with ws.db.engine.connect() as conn:
        return int(
            conn.execute(_filtered(conn, query, select(func.count()).select_from(Target))).scalar()
            or 0
        )


def _tags_by_target(
    session: Session | Connection, ids: Sequence[int]
) -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    for tid, tag, source in session.execute(
        select(TargetTag.target_id, TargetTag.tag, TargetTag.source)
        .where(TargetTag.target_id.in_(ids))
        .order_by(TargetTag.tag, TargetTag.source)
    ):
        out.setdefault(tid, []).append((tag, source or ""))
    return out


def target_rows(ws: Workspace, ids: Sequence[int]) -> list[TableRow]:
    """Display rows for these ids, in the same order (a page of the table view)."""
    if not ids:
        return []
    with ws.db.engine.connect() as conn:
        by_id = {r.id: r for r in conn.execute(select(Target).where(Target.id.in_(list(ids))))}
        tags = _tags_by_target(conn, list(ids))
    rows = []
    for tid in ids:
        r = by_id.get(tid)
        if r is None:
            continue
        cells = (
            r.uscc or r.reg_no or "",
            r.name,
            r.kind,
            r.legal_rep or "",
            r.township or "",
            r.supervising_unit or "",
            r.industry_code or "",
            r.credit_grade or "",
            r.risk_class or "",
            r.status,
            format_tags(tags.get(tid, [])),
            display(r.last_inspected_on),
            "在册" if r.is_active else "已停用",
        )
        rows.append(TableRow(tid, cells, bool(r.is_active), bool(r.accepted_warnings)))
    return rows


def filter_options(ws: Workspace) -> FilterOptions:
    with ws.db.read_session() as s:

        def distinct(col) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
            return tuple(
                v
                for (v,) in s.execute(select(col).where(col.is_not(None)).distinct().order_by(col))
            )

        vocab = load_vocab(s)
        return FilterOptions(
            townships=distinct(Target.township),
            units=distinct(Target.supervising_unit),
            kinds=tuple(vocab.values("target_kind")),
            credit_grades=tuple(vocab.values("credit")),
            risk_classes=tuple(vocab.values("risk")),
            statuses=tuple(vocab.values("survival")),
            departments=tuple((d.id, d.name) for d in list_departments(ws)),
            special_pools=distinct(Licence.pool),
        )


def _values_of(s: Session, t: Target) -> dict[str, Any]:
    values = {k: getattr(t, k) for k in VALUE_COLUMNS}
    values["tags"] = _tags_by_target(s, [t.id]).get(t.id, [])
    values["claims"] = sorted(
        s.scalars(select(TargetClaim.department_id).where(TargetClaim.target_id == t.id))
    )
    return values


def get_target(ws: Workspace, target_id: TargetId) -> TargetDetail:
    with ws.db.read_session() as s:
        t = s.get(Target, target_id)
        if t is None:
            raise NotFoundError(f"检查对象 #{target_id} 不存在 / target not found")
        return TargetDetail(
            TargetId(t.id),
            t.uid,
            t.version,
            _values_of(s, t),
            t.is_active,
            t.accepted_warnings or "",
        )


def check_target(ws: Workspace, raw: dict[str, Any]) -> Checked:
    """Validates an edit dialog's values without saving (for inline messages)."""
    return check_record(ws, "targets", raw)


def _duplicate(s: Session, values: dict[str, Any], own_id: int | None) -> str | None:
    for key, col in (("uscc", Target.uscc), ("reg_no", Target.reg_no)):
        if values.get(key):
            other = s.execute(
                select(Target.id, Target.name).where(col == values[key], Target.id != (own_id or 0))
            ).first()
            if other is not None:
                return f"{LABELS[key] if key == 'reg_no' else '统一社会信用代码'} {values[key]} 已属于“{other.name}”"
    return None


def _apply_links(s: Session, target_id: int, values: dict[str, Any]) -> None:
    if "tags" in values:
        wanted = set(map(tuple, values["tags"] or []))
        have = {
            (t.tag, t.source or ""): t
            for t in s.scalars(select(TargetTag).where(TargetTag.target_id == target_id))
        }
        for key, row in have.items():
            if key not in wanted:
                s.delete(row)
        for tag, source in wanted - set(have):
            s.add(TargetTag(target_id=target_id, tag=tag, source=source, since=local_today()))
    if "claims" in values:
        wanted_d = set(values["claims"] or [])
        have_d = {
            c.department_id: c
            for c in s.scalars(select(TargetClaim).where(TargetClaim.target_id == target_id))
        }
        for dept, claim in have_d.items():
            if dept not in wanted_d:
                s.delete(claim)
        for dept in wanted_d - set(have_d):
            s.add(TargetClaim(target_id=target_id, department_id=dept))


def save_target(
    ws: Workspace,
    *,
    target_id: TargetId | None,
    values: dict[str, Any],
    accept_warnings: bool = False,
    expected_version: int | None = None,
) -> Changes:
    """Creates (target_id None) or updates a target from raw form values.

    Errors refuse the save; warnings (a wrong check digit…) refuse it unless accepted, and
    accepted warnings are kept on the row.
    """
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        checked = RecordChecker("targets", load_vocab(s)).check(values)
        raise_for(checked, accept_warnings)
        clean = checked.values
        problem = _duplicate(s, clean, target_id)
        if problem:
            raise ValidationError(f"{problem}，不能重复登记。")
        ensure_target_index(s.connection())
        if target_id is None:
            t = Target(**{k: clean.get(k) for k in VALUE_COLUMNS if k in clean})
            before: dict[str, Any] = {}
            s.add(t)
            action = "新增"
        else:
            found = s.get(Target, target_id)
            if found is None:
                raise NotFoundError(f"检查对象 #{target_id} 不存在")
            t = found
            check_version(s, t, expected_version, what=f"检查对象“{t.name}”")
            before = _values_of(s, t)
            for k in VALUE_COLUMNS:
                if k in clean:
                    setattr(t, k, clean[k])
            action = "修改"
        t.accepted_warnings = checked.warning_text() or None  # only accepted warnings get here
        t.search_text = search_key(t.name)
        s.flush()
        _apply_links(s, t.id, clean)
        after = _values_of(s, t)
        changes = diff(before, after)
        record_change(
            s,
            entity="target",
            entity_id=t.id,
            actor=ws.actor.username,
            action=action,
            changes=changes,
            note=checked.warning_text() or None,
        )
        log_event(
            s,
            ws.actor,
            "target.create" if target_id is None else "target.update",
            entity="target",
            entity_uid=t.uid,
            summary=f"{action}检查对象：{t.name}",
            before=plain(before) or None,
            after=plain(after),
            detail={"before": plain(before), "after": plain(after)},
        )
        name, row_id, version = t.name, t.id, t.version
    if target_id is not None:
        _record_undo(ws, f"修改检查对象“{name}”", row_id, version, before)
    return Changes.of(Area.TARGETS, message=f"已保存：{name}")


def _record_undo(
    ws: Workspace, label: str, row_id: int, version: int, before: dict[str, Any]
) -> None:
    """编辑 → 撤销: the target's values and links as they were before this save."""
    values = {k: before[k] for k in VALUE_COLUMNS}
    links = {"tags": before.get("tags") or [], "claims": before.get("claims") or []}

    def also(s: Session, row: Any) -> None:
        row.search_text = search_key(row.name)
        _apply_links(s, row.id, links)

    def take_back(ws2: Workspace, step: str) -> Changes:
        return restore_row(
            ws2,
            step,
            model=Target,
            row_id=row_id,
            version=version,
            values=values,
            what=f"检查对象“{before.get('name')}”",
            entity="target",
            areas=(Area.TARGETS,),
            also=also,
        )

    undo.record(ws, label, take_back)


def set_target_active(
    ws: Workspace, target_id: TargetId, *, active: bool, reason: str = ""
) -> Changes:
    """停用 / 启用: an inactive target stays on record (history, past tasks) but leaves pools."""
    ws.require(Permission.EDIT_REGISTRY)
    with ws.db.session() as s:
        t = s.get(Target, target_id)
        if t is None:
            raise NotFoundError(f"检查对象 #{target_id} 不存在")
        if t.is_active == active:
            return Changes.of()
        t.is_active = active
        action = "启用" if active else "停用"
        record_change(
            s,
            entity="target",
            entity_id=t.id,
            actor=ws.actor.username,
            action=action,
            changes={
                "is_active": ["在册" if not active else "已停用", "在册" if active else "已停用"]
            },
            note=reason or None,
        )
        log_event(
            s,
            ws.actor,
            "target.activate" if active else "target.deactivate",
            entity="target",
            entity_uid=t.uid,
            summary=f"{action}检查对象：{t.name}" + (f"（{reason}）" if reason else ""),
            before={"is_active": not active},
            after={"is_active": active},
            detail={
                "before": {"is_active": not active},
                "after": {"is_active": active},
                "reason": reason,
            },
        )
    return Changes.of(Area.TARGETS)


def target_history(ws: Workspace, target_id: TargetId) -> list[HistoryEntry]:
    return entity_history(ws, "target", target_id, labels={**LABELS, "is_active": "名录状态"})


def export_rows(ws: Workspace, query: TargetQuery) -> Generator[list[Any], None, None]:
    """Rows for an xlsx export of a filtered view, in template column order (re-importable)."""
    keys = [f.key for f in SPEC.fields]
    prepare_search(ws.db.engine)
    with ws.db.engine.connect() as conn:
        stmt = _ordered(query, _filtered(conn, query, select(Target)))

        names = department_names(ws)
        result = conn.execution_options(yield_per=5000).execute(stmt)
        for part in result.partitions():
            ids = [r.id for r in part]
            tags = _tags_by_target(conn, ids)
            claims: dict[int, list[str]] = {}
            for tid, dept in conn.execute(
                select(TargetClaim.target_id, TargetClaim.department_id).where(
                    TargetClaim.target_id.in_(ids)
                )
            ):
                claims.setdefault(tid, []).append(names.get(dept, str(dept)))
            for r in part:
                row = []
                for k in keys:
                    if k == "tags":
                        row.append(format_tags(tags.get(r.id, [])))
                    elif k == "claims":
                        row.append("，".join(claims.get(r.id, [])))
                    elif k == "uscc":
                        row.append(r.uscc or r.reg_no or "")
                    elif k == "reg_no":
                        row.append(r.reg_no if r.uscc else "")
                    else:
                        row.append(getattr(r, k))
                yield row


# --- the result of an import's writes (shared by the registries) -------------------------


@dataclass
class UpsertResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def targets_by_code(s: Session, codes: Iterable[str]) -> dict[str, tuple[int, str]]:
    """code → (target id, name) for the businesses whose 统一社会信用代码, 注册号 or (a business
    without either, as a draw names it) uid is one of `codes`; codes not found are left out."""
    wanted = sorted({c for c in codes if c})
    found: dict[str, tuple[int, str]] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i : i + 500]
        asked = set(part)
        for tid, name, *keys in s.execute(
            select(Target.id, Target.name, Target.uscc, Target.reg_no, Target.uid).where(
                or_(Target.uscc.in_(part), Target.reg_no.in_(part), Target.uid.in_(part))
            )
        ):
            for key in keys:
                if key in asked:
                    found[key] = (tid, name)
    return found


def target_by_code(s: Session, target_code: str) -> Target:
    """The business whose USCC or 注册号 is `target_code` (trimmed, upper case), for the
    services that name a business by code (回避, cases); NotFoundError when none is."""
    code = target_code.strip().upper()
    target = s.scalar(select(Target).where((Target.uscc == code) | (Target.reg_no == code)))
    if target is None:
        raise NotFoundError(f"代码 {target_code} 不在检查对象名录中")
    return target
