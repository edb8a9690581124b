"""The one ledger of checks a business receives: drawn, joint and outside the draw.

A row is a drawn or joint visit (table visits: counted from the draw, even before anyone has
gone) or a check outside the random scheme (table check_records: 投诉举报, 转办交办, 专项检查,
日常检查 — 五原 第二条, 贵阳 四(八)2, 丰台 三(六)), plus the registry's earlier check date
(上次检查日期 from an import or a completed result, which no import may clear). 无事不扰, the
yearly ceiling of checks per business across departments and statistics read this module,
never a spreadsheet column.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import TargetId
from app.core.domain.localtime import local_today, to_local
from app.core.domain.roles import Permission
from app.core.domain.states import RESULT_DONE
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import (
    CheckRecord,
    Department,
    DrawSession,
    Result,
    Target,
    Task,
    Visit,
)

OUTSIDE_KINDS = ("投诉举报", "转办交办", "专项检查", "日常检查")
DRAWN_KIND = "随机抽查"
JOINT_KIND = "联合抽查"
REGISTRY_KIND = "登记的上次检查"
CEILING_KEY = "rules.max_checks_per_business_year"  # 0 / absent: no ceiling


@dataclass(frozen=True)
class LedgerRow:
    """One check of one business, whatever its origin."""

    target_id: TargetId
    on: date
    kind: str  # 随机抽查 / 联合抽查 / 投诉举报 / 转办交办 / 专项检查 / 日常检查 / 登记的上次检查
    department: str
    ref: str  # task number or the outside check's reference
    pending: bool = False  # drawn, not yet visited


@dataclass(frozen=True)
class RecordedCheck:
    id: int
    target: str
    code: str
    department: str
    on: date
    kind: str
    ref: str
    message: str


def latest_of(kept: date | None, given: date | None) -> date | None:
    """The later of the stored and a newly given 上次检查日期: an import or an edit may bring a
    later date from an earlier system, but never clears the stored one or moves it back."""
    if given is None:
        return kept
    if kept is None:
        return given
    return max(kept, given)


def _visit_rows(session: Session, ids: list[int] | None) -> list[LedgerRow]:
    """Drawn and joint visits, dated by the completed result, else by the draw's day.

    A merged joint visit (several tasks, one joint_key) is one check."""

    q = (
        select(
            Visit.id,
            Visit.target_id,
            Visit.joint_key,
            Task.task_no,
            Department.name,
            DrawSession.finished_at,
            Visit.created_at,
        )
        .join(Task, Task.id == Visit.task_id)
        .join(Department, Department.id == Task.initiating_department_id)
        .outerjoin(DrawSession, DrawSession.id == Visit.draw_session_id)
        .where(~Visit.is_cancelled)
    )
    if ids is not None:
        q = q.where(Visit.target_id.in_(ids))
    rows = session.execute(q).all()
    done_q = (
        select(Result.visit_id, func.max(Result.completed_on))
        .where(Result.completed_on.is_not(None), Result.status.in_(RESULT_DONE))
        .group_by(Result.visit_id)
    )
    done = {vid: day for vid, day in session.execute(done_q)}
    out: list[LedgerRow] = []
    seen_joint: set[str] = set()
    for vid, tid, joint_key, task_no, dept, drawn_at, created in rows:
        if joint_key:
            if joint_key in seen_joint:
                continue
            seen_joint.add(joint_key)
        day = done.get(vid)
        pending = day is None
        if day is None:
            local = to_local(drawn_at or created)
            if local is None:
                continue
            day = local.date()
        out.append(
            LedgerRow(
                TargetId(tid), day, JOINT_KIND if joint_key else DRAWN_KIND, dept, task_no, pending
            )
        )
    return out


def _outside_rows(session: Session, ids: list[int] | None) -> list[LedgerRow]:
    q = select(
        CheckRecord.target_id,
        CheckRecord.checked_on,
        CheckRecord.kind,
        Department.name,
        CheckRecord.ref,
    ).join(Department, Department.id == CheckRecord.department_id)
    if ids is not None:
        q = q.where(CheckRecord.target_id.in_(ids))
    return [
        LedgerRow(TargetId(t), d, k, dept, ref or "") for t, d, k, dept, ref in session.execute(q)
    ]


def ledger_rows(session: Session, target_ids: Iterable[int] | None = None) -> list[LedgerRow]:
    """Every check in the ledger (of these businesses when given), oldest first."""
    ids = None if target_ids is None else sorted(set(target_ids))
    rows = [*_visit_rows(session, ids), *_outside_rows(session, ids)]
    rows.sort(key=lambda r: (r.on, r.target_id, r.kind))
    return rows


def latest_check_dates(
    session: Session, *, on: date, with_registry: bool = True
) -> dict[int, date]:
    """target id → the latest check on or before `on` the ledger knows (for 无事不扰).

    The registry's own date counts too (an imported earlier check, a completed result) unless
    `with_registry` is False — the pool query already reads that column for every row, so the
    draw asks only for the ledger's rows (a few thousand) and keeps a 1,000,000-target lock fast."""
    found: dict[int, date] = {}
    if with_registry:
        reg = select(Target.id, Target.last_inspected_on).where(
            Target.last_inspected_on.is_not(None)
        )
        for tid, day in session.execute(reg):
            if day is not None:  # (the query asks for dated ones)
                found[tid] = day
    for r in ledger_rows(session):
        if r.on <= on and (r.target_id not in found or found[r.target_id] < r.on):
            found[r.target_id] = r.on
    return found


def checks_in_year(session: Session, year: int) -> dict[int, int]:
    """target id → checks the ledger holds for the calendar year (drawn, joint, outside)."""
    counts: dict[int, int] = defaultdict(int)
    for r in ledger_rows(session):
        if r.on.year == year:
            counts[r.target_id] += 1
    return dict(counts)


def ceiling(session: Session) -> int:
    """The configured ceiling of checks per business per year (0: none)."""
    try:
        return max(0, int(get_setting(session, CEILING_KEY, 0) or 0))
    except (TypeError, ValueError):
        return 0


def set_ceiling(ws: Workspace, value: int) -> Changes:
    """Set the yearly ceiling of checks per business across departments (0 removes it)."""
    ws.require(Permission.ADMINISTER)
    if not isinstance(value, int) or value < 0:
        raise ValidationError(
            "每户年度检查上限：须为非负整数（0 表示不设上限）。 / ceiling: integer ≥ 0"
        )
    with ws.db.session() as s:
        before = ceiling(s)
        set_setting(s, CEILING_KEY, value)
        log_event(
            s,
            ws.actor,
            "settings.check_ceiling",
            entity="setting",
            summary=f"每户年度检查上限 {before} → {value}",
            before={"value": before},
            after={"value": value},
        )
    return Changes.of(Area.SETTINGS, message=f"每户年度检查上限：{value or '不设'}")


def _find_target(session: Session, code: str) -> Target:
    code = code.strip().upper()
    t = session.scalar(
        select(Target).where(
            (Target.uscc == code) | (Target.reg_no == code) | (Target.uid == code.lower())
        )
    )
    if t is None:
        raise NotFoundError(
            f"检查对象：名录中没有代码为“{code}”的对象。 / --target: no such business."
        )
    return t


def _find_department(session: Session, text: str) -> Department:
    text = text.strip()
    d = session.scalar(
        select(Department).where(
            (Department.code == text) | (Department.short_name == text) | (Department.name == text)
        )
    )
    if d is None:
        raise ValidationError(
            f"部门：未知部门“{text}”（填写部门代码、简称或全称）。 / --department: unknown"
        )
    return d


# A check recorded: the business's 上次检查日期 and history, and the year's counts.
CHECK_CHANGES = Changes.of(Area.TARGETS, Area.STATS)


def record_check(
    ws: Workspace,
    *,
    target: str,
    department: str,
    on: date,
    kind: str,
    ref: str = "",
    notes: str = "",
) -> RecordedCheck:
    """Enter a check made outside the draw; the business's 上次检查日期 follows (never back)."""
    ws.require(Permission.FILL_FORMS)
    if kind not in OUTSIDE_KINDS:
        raise ValidationError(
            f"检查类别：“{kind}”无效，应为{'、'.join(OUTSIDE_KINDS)}之一。 / --kind: unknown"
        )
    if on > local_today():
        raise ValidationError(
            f"检查日期：{on.isoformat()} 晚于今天，不能登记未发生的检查。 / --date: in the future"
        )
    with ws.db.session() as s:
        t = _find_target(s, target)
        d = _find_department(s, department)
        same = s.scalar(
            select(CheckRecord.id).where(
                CheckRecord.target_id == t.id,
                CheckRecord.department_id == d.id,
                CheckRecord.checked_on == on,
                CheckRecord.kind == kind,
                func.coalesce(CheckRecord.ref, "") == ref.strip(),
            )
        )
        if same is not None:
            raise ConflictError(
                f"{t.name} {on.isoformat()} {kind}（{d.name}）已登记过，未重复登记。 / Already recorded."
            )
        row = CheckRecord(
            target_id=t.id,
            department_id=d.id,
            checked_on=on,
            kind=kind,
            ref=ref.strip() or None,
            notes=notes.strip() or None,
            recorded_by=ws.actor.username,
        )
        s.add(row)
        touch_last_inspected(s, t.id, on)
        s.flush()
        code = t.uscc or t.reg_no or t.uid
        log_event(
            s,
            ws.actor,
            "check.record",
            entity="check_record",
            entity_uid=row.uid,
            summary=f"{t.name} {on.isoformat()} {kind}（{d.name}）{ref}".strip(),
            after={
                "target": t.uid,
                "department": d.code,
                "on": on.isoformat(),
                "kind": kind,
                "ref": ref,
            },
        )
        return RecordedCheck(
            row.id,
            t.name,
            code,
            d.name,
            on,
            kind,
            ref.strip(),
            f"已登记：{t.name} {on.isoformat()} {kind}（{d.name}）",
        )


def business_ledger(ws: Workspace, target: str) -> tuple[str, list[LedgerRow]]:
    """A business's name and every check of it in the ledger."""
    with ws.db.read_session() as s:
        t = _find_target(s, target)
        rows = ledger_rows(s, [t.id])
        if t.last_inspected_on and not any(r.on == t.last_inspected_on for r in rows):
            rows.insert(0, LedgerRow(TargetId(t.id), t.last_inspected_on, REGISTRY_KIND, "", ""))
        return t.name, rows


def touch_last_inspected(session: Session, target_id: int, day: date) -> None:
    """Keeps Target.last_inspected_on at the latest inspection date (never moves it back)."""
    target = session.get(Target, target_id)
    if target is not None and (target.last_inspected_on is None or target.last_inspected_on < day):
        target.last_inspected_on = day
