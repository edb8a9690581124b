"""执法检查人员名录: query, edit, deactivate, import upsert, and who may be drawn on a given day.

Eligibility (domain.md §8, rules.md #7): status 在岗 and a certificate not expired on the
day; an ineligible inspector is listed, marked, and never offered to the draw.
"""

from __future__ import annotations

from array import array
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, or_, select

from app.core.domain.errors import NotFoundError
from app.core.domain.ids import DepartmentId, InspectorId
from app.core.domain.localtime import local_today
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.bulk import fetch_ids
from app.core.storage.models import Department, EnforcementUnit, Inspector

from .departments import department_names
from .editing import check_record, save_record, set_status, update_from_import
from .fields import SPECS, display
from .history import HistoryEntry, entity_history
from .records import Checked
from .targets import TableRow, UpsertResult

SPEC = SPECS["inspectors"]
LABELS = {f.key: f.header for f in SPEC.fields}
_COLUMNS = [("department_id" if f.key == "department" else f.key) for f in SPEC.fields]
TABLE_COLUMNS = (
    ("cert_no", "执法证号"),
    ("name", "姓名"),
    ("sex", "性别"),
    ("department", "所属部门"),
    ("unit", "工作单位"),
    ("position", "职务"),
    ("cert_expires_on", "执法证有效期至"),
    ("qualifications", "执法资格"),
    ("is_expert", "专家"),
    ("is_leader", "组长"),
    ("status", "人员状态"),
    ("eligible", "抽取资格"),
)
_SORT = {
    "cert_no": Inspector.cert_no,
    "name": Inspector.name,
    "sex": Inspector.sex,
    "department": Inspector.department_id,
    "unit": Inspector.unit,
    "position": Inspector.position,
    "cert_expires_on": Inspector.cert_expires_on,
    "status": Inspector.status,
}


def eligible_on(on: date) -> Any:
    """The one rule of who may be drawn on day `on`, as a WHERE clause: 在岗 and the 执法证 valid
    that day (rules.md #7). The draw's pool (services/plan/pools.py), the eligible-only list and
    eligible_inspectors all filter with it; ineligibility() says the same in words, and
    tests/core/plan/test_inspector_eligibility.py checks the two agree."""
    return and_(
        Inspector.status == "在岗",
        or_(Inspector.cert_expires_on.is_(None), Inspector.cert_expires_on >= on),
    )


def ineligibility(status: str, expires: date | None, on: date) -> str:
    """Why an inspector cannot be drawn on `on` ("" when eligible): eligible_on() in words."""
    if status == "日常监管":
        return "日常监管人员（无执法证），不参与执法检查人员抽取"
    if status != "在岗":
        return f"人员状态为{status}"
    if expires is not None and expires < on:
        return f"执法证已于{expires.isoformat()}过期"
    return ""


SORT_KEYS = frozenset(_SORT)


@dataclass(frozen=True)
class InspectorQuery:
    text: str = ""
    department_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    qualification: str = ""
    eligible_only: bool = False
    on: date | None = None  # the day eligibility is judged on (default today)
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True)
class EligibleInspector:
    """An inspector the draw may pick on the given day (read model for the draw engine)."""

    id: InspectorId
    uid: str
    cert_no: str
    name: str
    department_id: DepartmentId
    department: str
    unit: str
    qualifications: tuple[str, ...]
    expertise: tuple[str, ...]
    is_expert: bool
    is_leader: bool
    cert_expires_on: date | None


def _filtered(q: InspectorQuery, stmt: Select) -> Select:
    if q.text.strip():
        like = f"%{q.text.strip()}%"
        stmt = stmt.where(
            or_(Inspector.name.like(like), Inspector.cert_no.like(like), Inspector.unit.like(like))
        )
    if q.department_ids:
        stmt = stmt.where(Inspector.department_id.in_(q.department_ids))
    if q.statuses:
        stmt = stmt.where(Inspector.status.in_(q.statuses))
    if q.eligible_only:
        stmt = stmt.where(eligible_on(q.on or local_today()))
    return stmt


def inspector_ids(ws: Workspace, query: InspectorQuery = InspectorQuery()) -> array:  # noqa: B008
    col = _SORT.get(query.sort, Inspector.name)
    stmt = _filtered(query, select(Inspector.id)).order_by(
        col.desc() if query.descending else col.asc(), Inspector.id
    )
    with ws.db.engine.connect() as conn:
        ids = fetch_ids(conn, stmt)
    if query.qualification:  # JSON lists: filter in Python (hundreds of rows at most)
        keep = {d.id for d in _load(ws, ids) if query.qualification in (d.qualifications or [])}
        ids = array("q", [i for i in ids if i in keep])
    return ids


def _load(ws: Workspace, ids: Sequence[int]) -> list[Inspector]:
    with ws.db.read_session() as s:
        return list(s.scalars(select(Inspector).where(Inspector.id.in_(list(ids)))))


def inspector_rows(ws: Workspace, ids: Sequence[int], *, on: date | None = None) -> list[TableRow]:
    on = on or local_today()
    names = department_names(ws)
    by_id = {r.id: r for r in _load(ws, ids)}
    rows = []
    for i in ids:
        r = by_id.get(i)
        if r is None:
            continue
        why = ineligibility(r.status, r.cert_expires_on, on)
        cells = (
            r.cert_no,
            r.name,
            r.sex or "",
            names.get(r.department_id, ""),
            r.unit or "",
            r.position or "",
            display(r.cert_expires_on) or "长期",
            "，".join(r.qualifications or []),
            display(r.is_expert),
            display(r.is_leader),
            r.status,
            why or "可抽取",
        )
        rows.append(TableRow(r.id, cells, r.status == "在岗", bool(why)))
    return rows


def eligible_inspectors(
    ws: Workspace, *, on: date, department_ids: Sequence[int] = (), qualification: str = ""
) -> list[EligibleInspector]:
    """Inspectors the draw may pick on day `on`: 在岗 and certificate valid that day.

    Optionally only some departments, or only holders of a qualification (e.g. 食品).
    Sorted by certificate number (a stable order for a reproducible draw).
    """
    names = department_names(ws)
    with ws.db.read_session() as s:
        stmt = select(Inspector).where(eligible_on(on)).order_by(Inspector.cert_no)
        if department_ids:
            stmt = stmt.where(Inspector.department_id.in_(list(department_ids)))
        rows = s.scalars(stmt).all()
    return [
        EligibleInspector(
            InspectorId(r.id),
            r.uid,
            r.cert_no,
            r.name,
            DepartmentId(r.department_id),
            names.get(r.department_id, ""),
            r.unit or "",
            tuple(r.qualifications or ()),
            tuple(r.expertise or ()),
            r.is_expert,
            r.is_leader,
            r.cert_expires_on,
        )
        for r in rows
        if not qualification or qualification in (r.qualifications or [])
    ]


@dataclass(frozen=True)
class InspectorDetail:
    id: InspectorId
    uid: str
    version: int
    values: dict[str, Any]


def get_inspector(ws: Workspace, inspector_id: InspectorId) -> InspectorDetail:

    with ws.db.read_session() as s:
        r = s.get(Inspector, inspector_id)
        if r is None:
            raise NotFoundError(f"检查人员 #{inspector_id} 不存在")
        values = {
            f.key: getattr(r, "department_id" if f.key == "department" else f.key)
            for f in SPEC.fields
        }
        return InspectorDetail(InspectorId(r.id), r.uid, r.version, values)


def check_inspector(ws: Workspace, raw: dict[str, Any]) -> Checked:
    return check_record(ws, "inspectors", raw)


def _db_values(clean: dict[str, Any]) -> dict[str, Any]:
    out = dict(clean)
    if "department" in out:
        out["department_id"] = out.pop("department")
    for k in ("qualifications", "expertise"):
        if k in out and out[k] is None:
            out[k] = []
    for k in ("is_expert", "is_leader"):
        if k in out and out[k] is None:
            out[k] = False
    return out


def _prepare(values: dict[str, Any]) -> None:
    values.update(_db_values(values))
    values.pop("department", None)


def save_inspector(
    ws: Workspace,
    *,
    inspector_id: InspectorId | None,
    values: dict[str, Any],
    accept_warnings: bool = False,
    expected_version: int | None = None,
) -> Changes:
    return save_record(
        ws,
        kind="inspectors",
        model=Inspector,
        entity="inspector",
        noun="检查人员",
        key="cert_no",
        columns=_COLUMNS,
        row_id=inspector_id,
        values=values,
        accept_warnings=accept_warnings,
        expected_version=expected_version,
        prepare=_prepare,
    )


def set_inspector_status(
    ws: Workspace, inspector_id: InspectorId, *, active: bool, reason: str = ""
) -> Changes:
    return set_status(
        ws,
        model=Inspector,
        entity="inspector",
        noun="检查人员",
        area=Area.INSPECTORS,
        row_id=inspector_id,
        active=active,
        reason=reason,
    )


def inspector_history(ws: Workspace, inspector_id: InspectorId) -> list[HistoryEntry]:
    return entity_history(
        ws, "inspector", inspector_id, labels={**LABELS, "department_id": "所属部门"}
    )


def export_rows(ws: Workspace, query: InspectorQuery) -> Generator[list[Any], None, None]:
    names = department_names(ws)
    ids = inspector_ids(ws, query)
    by_id = {r.id: r for r in _load(ws, ids)}
    for i in ids:
        r = by_id[i]
        yield [
            names.get(r.department_id, "")
            if f.key == "department"
            else "，".join(getattr(r, f.key) or [])
            if f.type == "multi"
            else display(getattr(r, f.key))
            if f.type == "expiry"
            else getattr(r, f.key)
            for f in SPEC.fields
        ]


# The provincial platform's roster template (randomscagentsyn.xls, sheet 1), in its order.
PLATFORM_COLUMNS = (
    "单位工号", "姓名", "性别", "身份证号", "手机号", "学历", "学历专业", "岗位大类", "从事本岗起始日期",
    "岗位资质资格", "执法事项范围", "地区", "层级", "担任职务", "具体职务", "所在业务部门（机构）",
    "是否专家", "执法证编号", "执法证有效期", "执法证发证机关", "执法人员状态",
)  # fmt: skip
_PLATFORM_STATUS = {"在岗": "有效", "失效": "失效", "日常监管": "有效"}


def platform_rows(ws: Workspace, query: InspectorQuery) -> Generator[list[Any], None, None]:
    """The roster in the platform's 21 columns: 所在业务部门（机构） is the person's 执法单位
    when one is registered, else the department; 是否专家 the expert types, else 是/否;
    columns the app does not keep (单位工号, 学历…) are left blank."""

    names = department_names(ws)
    with ws.db.read_session() as s:
        units = set(s.scalars(select(EnforcementUnit.name)))
    ids = inspector_ids(ws, query)
    by_id = {r.id: r for r in _load(ws, ids)}
    for i in ids:
        r = by_id[i]
        place = r.unit if r.unit in units else names.get(r.department_id, "")
        expert = "，".join(r.expert_types or []) or ("是" if r.is_expert else "否")
        yield [
            "", r.name, r.sex or "", r.id_number or "", r.phone or "", "", "", "", "",
            "，".join(r.qualifications or []), "，".join(r.item_scope or []), "", "",
            r.position or "", r.duty or "", place, expert, r.cert_no,
            display(r.cert_expires_on), r.cert_issuer or "", _PLATFORM_STATUS.get(r.status, r.status),
        ]  # fmt: skip


def upsert_inspectors(
    session: Any, *, actor: str, records: list[tuple[dict[str, Any], str]]
) -> UpsertResult:
    result = UpsertResult()
    existing = {r.cert_no: r for r in session.scalars(select(Inspector))}
    for values, warnings in records:
        data = _db_values(values)
        cols = [c for c in _COLUMNS if c in data]
        row = existing.get(data["cert_no"])
        if row is None:
            row = Inspector(
                **{c: data[c] for c in cols if data[c] is not None},
                accepted_warnings=warnings or None,
            )
            session.add(row)
            existing[row.cert_no] = row
            result.inserted += 1
            continue
        if not update_from_import(
            session,
            row,
            data=data,
            columns=cols,
            entity="inspector",
            actor=actor,
            also={"accepted_warnings": warnings or row.accepted_warnings},
        ):
            result.unchanged += 1
            continue
        result.updated += 1
    session.flush()
    return result


def department_exists(session: Any) -> bool:
    return session.scalar(select(Department.id).limit(1)) is not None
