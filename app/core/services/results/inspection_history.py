"""Per-business inspection history across departments: 多头检查 / 重复检查, last inspection dates.

`last_inspection_dates` is what the plan's 无事不扰 exclusion uses. Reads only, except
`touch_last_inspected`, which services call inside their own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError
from app.core.domain.ids import TargetId
from app.core.domain.states import RESULT_DONE
from app.core.services.kernel.workspace import Workspace
from app.core.services.results.results import code_texts, describe_codes
from app.core.storage.models import CheckRecord, Department, Result, Target, Task, Visit

__all__ = [
    "BusinessHistory",
    "FlaggedBusiness",
    "HistoryEntry",
    "business_history",
    "find_businesses",
    "flagged_businesses",
    "last_inspection_dates",
    "last_inspection_dates_in",
]

DEFAULT_WINDOW_DAYS = 365


@dataclass(frozen=True)
class HistoryEntry:
    """One department's inspection of the business on one visit."""

    completed_on: date | None
    task_no: str
    task_name: str
    department: str
    status: str
    result: str
    # A check outside the random draw (登记检查, the ledger) has no visit or result: it carries
    # minus its ledger id here and 0 there, so they stay plain ints.
    visit_id: int
    result_id: int


@dataclass(frozen=True)
class BusinessHistory:
    target_id: TargetId
    name: str
    code: str
    last_inspected_on: date | None
    entries: tuple[HistoryEntry, ...]
    multi_department: bool  # 多头检查: different departments on separate visits in the window
    repeated: bool  # 重复检查: the same department more than once in the window
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FlaggedBusiness:
    target_id: TargetId
    name: str
    code: str
    inspections: int
    departments: str
    multi_department: bool
    repeated: bool


def last_inspection_dates_in(
    session: Session, target_ids: Iterable[int] | None = None
) -> dict[int, date]:
    """target id → the latest inspection date known (recorded results or the registry's date)."""
    ids = None if target_ids is None else list(set(target_ids))
    stmt = (
        select(Visit.target_id, func.max(Result.completed_on))
        .join(Result, Result.visit_id == Visit.id)
        .where(
            Result.completed_on.is_not(None), Result.status.in_(RESULT_DONE), ~Visit.is_cancelled
        )
        .group_by(Visit.target_id)
    )
    reg = select(Target.id, Target.last_inspected_on).where(Target.last_inspected_on.is_not(None))
    if ids is not None:
        stmt = stmt.where(Visit.target_id.in_(ids))
        reg = reg.where(Target.id.in_(ids))
    found: dict[int, date] = {}
    for tid, day in [*session.execute(reg), *session.execute(stmt)]:
        if day is not None and (tid not in found or found[tid] < day):
            found[tid] = day
    return found


def last_inspection_dates(
    ws: Workspace, target_ids: Iterable[int] | None = None
) -> dict[int, date]:
    """For 无事不扰: exclude businesses inspected within N months of the draw."""
    with ws.db.read_session() as s:
        return last_inspection_dates_in(s, target_ids)


def _flags(entries: list[HistoryEntry], window: int) -> tuple[bool, bool, list[str]]:
    dated = sorted((e for e in entries if e.completed_on), key=lambda e: e.completed_on)  # type: ignore[arg-type, return-value]
    multi = repeated = False
    notes: list[str] = []
    span = timedelta(days=window)
    for i, a in enumerate(dated):
        for b in dated[i + 1 :]:
            assert a.completed_on and b.completed_on
            if b.completed_on - a.completed_on > span:
                break
            if a.department == b.department and a.visit_id != b.visit_id:
                if not repeated:
                    notes.append(
                        f"重复检查：{a.department}于{a.completed_on}和{b.completed_on}两次检查"
                    )
                repeated = True
            elif a.department != b.department and a.visit_id != b.visit_id:
                if not multi:
                    notes.append(
                        f"多头检查：{a.department}（{a.completed_on}）和{b.department}"
                        f"（{b.completed_on}）分别上门，可考虑部门联合检查"
                    )
                multi = True
    return multi, repeated, notes


def _entries(session: Session, target_ids: list[int]) -> dict[int, list[HistoryEntry]]:
    texts = code_texts(session)
    rows = session.execute(
        select(
            Visit.target_id,
            Result.completed_on,
            Task.task_no,
            Task.name,
            Department.name,
            Result.status,
            Result.result_codes,
            Visit.id,
            Result.id,
        )
        .join(Result, Result.visit_id == Visit.id)
        .join(Task, Task.id == Visit.task_id)
        .join(Department, Department.id == Result.department_id)
        .where(Visit.target_id.in_(target_ids), ~Visit.is_cancelled)
        .order_by(Result.completed_on.desc(), Result.id)
    ).all()
    found: dict[int, list[HistoryEntry]] = defaultdict(list)
    # Checks outside the draw (services.registry.ledger): the same business history, the same flags.
    outside = session.execute(
        select(
            CheckRecord.target_id,
            CheckRecord.checked_on,
            CheckRecord.kind,
            CheckRecord.ref,
            Department.name,
            CheckRecord.id,
        )
        .join(Department, Department.id == CheckRecord.department_id)
        .where(CheckRecord.target_id.in_(target_ids))
    ).all()
    for tid, day, kind, ref, dept, cid in outside:
        found[tid].append(
            HistoryEntry(day, kind, f"{kind}（随机抽查以外）", dept, "已检查", ref or "", -cid, 0)
        )
    for tid, done, task_no, task_name, dept, status, codes, vid, rid in rows:
        found[tid].append(
            HistoryEntry(
                done,
                task_no,
                task_name,
                dept,
                status,
                describe_codes(codes or [], texts, public=False),
                vid,
                rid,
            )
        )
    for entries in found.values():
        entries.sort(key=lambda e: e.completed_on or date.max, reverse=True)
    return found


def business_history(
    ws: Workspace, target_id: TargetId, *, window_days: int = DEFAULT_WINDOW_DAYS
) -> BusinessHistory:
    """Every inspection of one business by any department, newest first, with the flags."""
    with ws.db.read_session() as s:
        target = s.get(Target, target_id)
        if target is None:
            raise NotFoundError(f"没有编号为{target_id}的检查对象")
        entries = _entries(s, [target_id]).get(target_id, [])
        last = last_inspection_dates_in(s, [target_id]).get(target_id)
    multi, repeated, notes = _flags(entries, window_days)
    return BusinessHistory(
        TargetId(target.id),
        target.name,
        target.uscc or target.reg_no or "",
        last,
        tuple(entries),
        multi,
        repeated,
        tuple(notes),
    )


def find_businesses(
    ws: Workspace, text: str, *, limit: int = 50
) -> tuple[tuple[int, str, str], ...]:
    """(id, name, code) of businesses whose name or code contains the text (history search)."""
    text = text.strip()
    if not text:
        return ()
    pattern = f"%{text}%"
    with ws.db.read_session() as s:
        rows = s.execute(
            select(Target.id, Target.name, Target.uscc, Target.reg_no)
            .where(
                or_(
                    Target.name.like(pattern),
                    Target.uscc.like(pattern),
                    Target.reg_no.like(pattern),
                )
            )
            .order_by(Target.name)
            .limit(limit)
        ).all()
    return tuple((tid, name, uscc or reg or "") for tid, name, uscc, reg in rows)


def flagged_businesses(
    ws: Workspace, *, year: int | None = None, window_days: int = DEFAULT_WINDOW_DAYS
) -> tuple[FlaggedBusiness, ...]:
    """Businesses inspected more than once (by one or several departments), for a supervisor."""
    with ws.db.read_session() as s:
        stmt = (
            select(Visit.target_id, func.count(func.distinct(Visit.id)))
            .join(Result, Result.visit_id == Visit.id)
            .where(Result.completed_on.is_not(None), ~Visit.is_cancelled)
            .group_by(Visit.target_id)
        )
        outside = select(CheckRecord.target_id, func.count(CheckRecord.id)).group_by(
            CheckRecord.target_id
        )
        if year is not None:
            stmt = stmt.where(Result.completed_on.between(date(year, 1, 1), date(year, 12, 31)))
            outside = outside.where(
                CheckRecord.checked_on.between(date(year, 1, 1), date(year, 12, 31))
            )
        counts: dict[int, int] = defaultdict(int)
        for tid, n in [*s.execute(stmt), *s.execute(outside)]:
            counts[tid] += n
        ids = sorted(t for t, n in counts.items() if n > 1)
        if not ids:
            return ()
        entries = _entries(s, ids)
        targets = {t.id: t for t in s.scalars(select(Target).where(Target.id.in_(ids)))}
    out = []
    for tid in ids:
        items = entries.get(tid, [])
        multi, repeated, _ = _flags(items, window_days)
        if not (multi or repeated):
            continue
        t = targets[tid]
        out.append(
            FlaggedBusiness(
                TargetId(tid),
                t.name,
                t.uscc or t.reg_no or "",
                len(items),
                "、".join(sorted({e.department for e in items})),
                multi,
                repeated,
            )
        )
    out.sort(key=lambda f: (-f.inspections, f.name))
    return tuple(out)
