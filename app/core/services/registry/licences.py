"""专项库: businesses' entries in special pools (食品生产企业库, 特种设备使用单位库 …) with the
licence that puts them there — import upsert, export, the list of pools, and which businesses
a pool holds on a day (the draw's pool when a task names one).

A pool is its name (the platforms' 对应专项库监管标签); an entry names its business by code and
must find it in the registry. An entry whose licence has expired stays listed (the clerk sees
it) but is not drawn: the expiry is checked on the draw day, 长期 never expires.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from app.core.domain.errors import ValidationError
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import Licence, Target

from .editing import update_from_import
from .fields import SPECS, Issue, display
from .targets import UpsertResult, targets_by_code

SPEC = SPECS["licences"]
# What an entry stores (the file's 名称 is only checked against the registry).
STORED = ("pool", "licence_name", "licence_no", "issued_on", "expires_on", "authority")
_CHUNK = 500  # keys per IN (...)


@dataclass(frozen=True)
class LicenceQuery:
    text: str = ""
    pools: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pool:
    """One 专项库 as lists show it: its name, its entries, and those valid on the day asked."""

    name: str
    entries: int
    valid: int


def reference_issues(
    s: Session, values: dict[str, list[Any]], rows: Sequence[int]
) -> list[tuple[int, Issue]]:
    """(row index, issue) for entries whose business is not in the registry (an error: the
    entry has nowhere to go) or is named otherwise there (a warning, to be accepted)."""
    codes = values.get("code", [None] * len(rows))
    names = values.get("name", [None] * len(rows))
    known = targets_by_code(s, (c for c in codes if isinstance(c, str)))
    code_header, name_header = SPEC.field("code").header, SPEC.field("name").header
    out: list[tuple[int, Issue]] = []
    for i, code in enumerate(codes):
        if not code:
            continue
        if code not in known:
            out.append(
                (
                    i,
                    Issue(rows[i], code_header, str(code), "error",
                          "名录库中没有该检查对象，请先导入检查对象名录", key="code"),
                )
            )  # fmt: skip
        elif names[i] and names[i] != known[code][1]:
            out.append(
                (
                    i,
                    Issue(rows[i], name_header, str(names[i]), "warning",
                          f"与名录库中的名称“{known[code][1]}”不一致（以名录库为准）", key="name"),
                )
            )  # fmt: skip
    return out


def upsert_licences(
    session: Any, *, actor: str, records: list[tuple[dict[str, Any], str]]
) -> UpsertResult:
    """Adds or updates one entry per (business, pool); the rest of a pool stays as it was."""
    result = UpsertResult()
    targets = targets_by_code(session, (values["code"] for values, _w in records))
    entries = _entries(session, [tid for tid, _name in targets.values()])
    for values, _warnings in records:
        found = targets.get(values["code"])
        if found is None:  # checked before the write; a business removed since
            raise ValidationError(f"名录库中没有检查对象 {values['code']}，未导入专项库信息")
        target_id = found[0]
        data = {c: values.get(c) for c in STORED}
        row = entries.get((target_id, values["pool"]))
        if row is None:
            session.add(Licence(target_id=target_id, **data))
            result.inserted += 1
        elif update_from_import(
            session, row, data=data, columns=list(STORED), entity="licence", actor=actor
        ):
            result.updated += 1
        else:
            result.unchanged += 1
    session.flush()
    return result


def _entries(s: Session, target_ids: Sequence[int]) -> dict[tuple[int, str], Licence]:
    """The entries these businesses have, by (business, pool)."""
    ids = sorted(set(target_ids))
    out: dict[tuple[int, str], Licence] = {}
    for i in range(0, len(ids), _CHUNK):
        for row in s.scalars(select(Licence).where(Licence.target_id.in_(ids[i : i + _CHUNK]))):
            out[(row.target_id, row.pool)] = row
    return out


def existing_keys(s: Session, codes: Sequence[str], pools: Sequence[str]) -> int:
    """How many of these (code, pool) entries exist already (the preview's 更新 count)."""
    targets = targets_by_code(s, codes)
    have = _entries(s, [tid for tid, _name in targets.values()])
    return sum(
        1
        for code, pool in zip(codes, pools, strict=True)
        if code in targets and (targets[code][0], pool) in have
    )


def _is_valid(on: date) -> ColumnElement[bool]:
    """A licence without an expiry, 长期 (9999-12-31), or not expired on `on`."""
    return or_(Licence.expires_on.is_(None), Licence.expires_on >= on)


def pools(ws: Workspace, *, on: date) -> list[Pool]:
    """Every 专项库 with its entries and those whose licence is valid on `on`, by name."""
    with ws.db.read_session() as s:
        totals: dict[str, int] = {
            pool: n
            for pool, n in s.execute(select(Licence.pool, func.count()).group_by(Licence.pool))
        }
        valid: dict[str, int] = {
            pool: n
            for pool, n in s.execute(
                select(Licence.pool, func.count()).where(_is_valid(on)).group_by(Licence.pool)
            )
        }
    return [Pool(name, totals[name], valid.get(name, 0)) for name in sorted(totals)]


def pool_members(pools: Sequence[str], on: date) -> Select[int]:
    """The businesses these 专项库 hold with a licence valid on `on` (a task's pool filter)."""
    return select(Licence.target_id).where(Licence.pool.in_(list(pools)), _is_valid(on))


def export_rows(ws: Workspace, query: LicenceQuery) -> Generator[list[Any], None, None]:
    """Entries in template columns, by pool and code."""
    with ws.db.read_session() as s:
        stmt = (
            select(Licence, Target)
            .join(Target, Target.id == Licence.target_id)
            .order_by(Licence.pool, Target.uscc, Target.reg_no, Licence.id)
        )
        if query.pools:
            stmt = stmt.where(Licence.pool.in_(query.pools))
        if query.text.strip():
            like = f"%{query.text.strip()}%"
            stmt = stmt.where(
                or_(Target.name.like(like), Target.uscc.like(like), Licence.licence_no.like(like))
            )
        rows = s.execute(stmt).all()
    for lic, target in rows:
        yield [
            target.uscc or target.reg_no,
            target.name,
            lic.pool,
            lic.licence_name,
            lic.licence_no,
            lic.issued_on,
            display(lic.expires_on),  # 长期 as 长期
            lic.authority,
        ]
