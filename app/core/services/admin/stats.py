"""Dashboard read models for the joint-meeting office: per department and task, codes, coverage.

The rules demand 100% entry and publication (五原县办法 第二十三条): every rate is shown so
a gap is visible. Reads only; the annual workbook is written by reports.stats_xlsx.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.checklist import FormData
from app.core.domain.errors import ValidationError
from app.core.domain.localtime import local_today
from app.core.domain.states import RESULT_DONE, ResultState
from app.core.services.draw.team_changes import team_change_counts
from app.core.services.kernel.audit_trail import log_export
from app.core.services.kernel.reference import get_setting
from app.core.services.kernel.workspace import Workspace
from app.core.services.results.results import code_texts
from app.core.services.results.third_parties import commission_counts
from app.core.storage.models import (
    CheckRecord,
    Department,
    FollowUp,
    Inspection,
    InspectionItem,
    Result,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitTask,
)

__all__ = [
    "CodeCount",
    "Dashboard",
    "FlowCounts",
    "ItemCoverage",
    "dashboard",
    "export_annual_summary",
]

DONE = RESULT_DONE


@dataclass(frozen=True)
class FlowCounts:
    """One row of the dashboard: a department or a task."""

    key: str  # department code or task number
    name: str
    drawn: int
    inspected: int
    entered: int
    published: int
    overdue: int
    outside: int = 0  # checks outside the draw (投诉举报、转办交办、专项、日常) in the ledger
    adopted: int = 0  # results adopted from another department (结果互认): not a second check

    @property
    def entry_rate(self) -> float | None:
        return self.entered / self.inspected if self.inspected else None

    @property
    def publication_rate(self) -> float | None:
        return self.published / self.inspected if self.inspected else None


@dataclass(frozen=True)
class CodeCount:
    code: str
    text: str
    count: int


@dataclass(frozen=True)
class ItemCoverage:
    """How much of the registry an item's checks reached (检查对象名录库覆盖率)."""

    code: str
    name: str
    department: str
    eligible: int
    inspected: int

    @property
    def rate(self) -> float | None:
        return self.inspected / self.eligible if self.eligible else None


@dataclass(frozen=True)
class Dashboard:
    year: int | None
    today: date
    office: str
    total: FlowCounts
    departments: tuple[FlowCounts, ...]
    tasks: tuple[FlowCounts, ...]
    results_by_code: tuple[CodeCount, ...]
    dispositions: tuple[CodeCount, ...]
    follow_ups: tuple[CodeCount, ...]  # by kind and state: "移送（未完结）"
    coverage: tuple[ItemCoverage, ...]
    # Team changes after the draw: 指定 (direct assignment), 重新抽取 (replacement draw).
    team_changes: tuple[CodeCount, ...] = ()
    commissions: tuple[CodeCount, ...] = ()  # 委托第三方 per body


def _flow(key: str, name: str, rows: list[tuple], today: date, *, drawn: int = 0) -> FlowCounts:
    inspected = [r for r in rows if r[1] in DONE]
    return FlowCounts(
        key,
        name,
        max(drawn, len(rows)),
        len(inspected),
        sum(1 for r in inspected if r[2]),
        sum(1 for r in rows if r[1] == ResultState.PUBLISHED),
        sum(1 for r in rows if r[1] != ResultState.PUBLISHED and r[3] is not None and r[3] < today),
    )


def _drawn(s: Session, year: int | None) -> tuple[Counter[int], Counter[int], int]:
    """Drawn (visit, department) pairs per department and per task, whether or not a form was
    started: a result row exists only once inspection begins, but a drawn business counts
    from the draw on (抽取户数)."""
    visits = (
        select(Visit.id, Visit.task_id)
        .join(Task, Task.id == Visit.task_id)
        .where(~Visit.is_cancelled)
    )
    if year is not None:
        visits = visits.where(Task.year == year)
    tasks_of: dict[int, set[int]] = defaultdict(set)
    primary: dict[int, int] = {}  # results are grouped by the visit's own task, so drawn is too
    for vid, tid in s.execute(visits):
        tasks_of[vid].add(tid)
        primary[vid] = tid
    if not tasks_of:
        return Counter(), Counter(), 0
    for vid, tid in s.execute(select(VisitTask.visit_id, VisitTask.task_id)):
        if vid in tasks_of:
            tasks_of[vid].add(tid)
    depts_of_task: dict[int, set[int]] = defaultdict(set)
    for tid, dep in s.execute(
        select(TaskItem.task_id, InspectionItem.department_id).join(
            InspectionItem, InspectionItem.id == TaskItem.item_id
        )
    ):
        depts_of_task[tid].add(dep)
    for tid, dep in s.execute(select(Task.id, Task.initiating_department_id)):
        depts_of_task.setdefault(tid, {dep})
    pairs = {
        (vid, dep) for vid, tids in tasks_of.items() for tid in tids for dep in depts_of_task[tid]
    }
    pairs |= {
        (vid, dep)
        for vid, dep in s.execute(
            select(Result.visit_id, Result.department_id).where(Result.visit_id.in_(tasks_of))
        )
    }
    by_dept: Counter[int] = Counter(dep for _vid, dep in pairs)
    by_task: Counter[int] = Counter(primary[vid] for vid, _dep in pairs)
    return by_dept, by_task, len(pairs)


def dashboard(ws: Workspace, *, year: int | None = None, today: date | None = None) -> Dashboard:
    """Everything the dashboard and the annual summary show, for one year (tasks of that year)."""
    today = today or local_today()
    with ws.db.read_session() as s:
        stmt = (
            select(
                Result.id,
                Result.status,
                Result.result_codes,
                Result.publish_due_on,
                Result.department_id,
                Visit.task_id,
                Visit.target_id,
                Result.item_results,
                Result.inspection_id,
                Result.adopted_from_id,
            )
            .join(Visit, Visit.id == Result.visit_id)
            .join(Task, Task.id == Visit.task_id)
            .where(~Visit.is_cancelled)
        )
        if year is not None:
            stmt = stmt.where(Task.year == year)
        rows = s.execute(stmt).all()
        depts = list(s.scalars(select(Department).order_by(Department.sort_order)))
        task_stmt = select(Task).order_by(Task.year.desc(), Task.short_name, Task.seq_no)
        if year is not None:
            task_stmt = task_stmt.where(Task.year == year)
        tasks = list(s.scalars(task_stmt))
        result_texts = code_texts(s, "result")
        disposal_texts = code_texts(s, "disposal")
        office = str(get_setting(s, "office.name", "") or "")
        fu_stmt = (
            select(FollowUp.kind, FollowUp.status, func.count())
            .join(Result, Result.id == FollowUp.result_id)
            .join(Visit, Visit.id == Result.visit_id)
            .join(Task, Task.id == Visit.task_id)
            .group_by(FollowUp.kind, FollowUp.status)
        )
        if year is not None:
            fu_stmt = fu_stmt.where(Task.year == year)
        follow = s.execute(fu_stmt).all()
        coverage = _coverage(s, rows, year)
        drawn_by_dept, drawn_by_task, drawn_total = _drawn(s, year)
        outside_by_dept = _outside(s, year)
        team_changes = _team_changes(s, year)
        commissions = _commissions(s, [t.id for t in tasks])
        form_ids = {r.inspection_id for r in rows if r.inspection_id and r.status in DONE}
        form_disposals = (
            {
                fid: list(FormData.of(data).disposals)
                for fid, data in s.execute(
                    select(Inspection.id, Inspection.data).where(Inspection.id.in_(form_ids))
                )
            }
            if form_ids
            else {}
        )
    flow_rows = [(r.id, r.status, bool(r.result_codes), r.publish_due_on) for r in rows]
    by_dept: dict[int, list] = defaultdict(list)
    by_task: dict[int, list] = defaultdict(list)
    for r, f in zip(rows, flow_rows, strict=True):
        by_dept[r.department_id].append(f)
        by_task[r.task_id].append(f)
    # 结果互认: an adopted result repeats its source's check — once in the county's figures.
    once = [f for r, f in zip(rows, flow_rows, strict=True) if r.adopted_from_id is None]
    adopted_by_dept: Counter[int] = Counter(
        r.department_id for r in rows if r.adopted_from_id is not None
    )
    codes: Counter[str] = Counter()
    disposals: Counter[str] = Counter()
    for r in rows:
        if r.status in DONE and r.adopted_from_id is None:
            codes.update(str(c) for c in (r.result_codes or []))
            if r.inspection_id in form_disposals:  # 后续处置措施 chosen on the form
                disposals.update(str(c) for c in form_disposals[r.inspection_id])
                continue
            for item in r.item_results or []:
                raw = item.get("disposal")
                disposals.update(
                    str(c)
                    for c in (raw if isinstance(raw, list) else [raw])
                    if str(c) in disposal_texts
                )
    return Dashboard(
        year=year,
        today=today,
        office=office,
        total=replace(
            _flow("", "合计", once, today, drawn=drawn_total),
            outside=sum(outside_by_dept.values()),
            adopted=sum(adopted_by_dept.values()),
        ),
        departments=tuple(
            replace(
                _flow(d.code, d.name, by_dept.get(d.id, []), today, drawn=drawn_by_dept[d.id]),
                outside=outside_by_dept[d.id],
                adopted=adopted_by_dept[d.id],
            )
            for d in depts
            if d.id in by_dept or drawn_by_dept[d.id] or outside_by_dept[d.id]
        ),
        tasks=tuple(
            _flow(t.task_no, t.name, by_task.get(t.id, []), today, drawn=drawn_by_task[t.id])
            for t in tasks
            if t.id in by_task or drawn_by_task[t.id]
        ),
        results_by_code=_counted(codes, result_texts),
        dispositions=_counted(disposals, disposal_texts),
        follow_ups=tuple(
            CodeCount(kind, f"{kind}（{status}）", n) for kind, status, n in sorted(follow)
        ),
        coverage=coverage,
        team_changes=team_changes,
        commissions=commissions,
    )


def _outside(s: Session, year: int | None) -> Counter[int]:
    """Checks outside the draw per department (the ledger's check_records), in the year."""
    q = select(CheckRecord.department_id, func.count()).group_by(CheckRecord.department_id)
    if year is not None:
        q = q.where(CheckRecord.checked_on.between(date(year, 1, 1), date(year, 12, 31)))
    return Counter(dict(s.execute(q).all()))


def _commissions(s: Session, task_ids: list[int]) -> tuple[CodeCount, ...]:
    return tuple(
        CodeCount("", f"委托第三方：{name}（次）", n)
        for name, n in sorted(commission_counts(s, task_ids).items())
    )


def _team_changes(s: Session, year: int | None) -> tuple[CodeCount, ...]:
    visits = select(Visit.id).join(Task, Task.id == Visit.task_id).where(~Visit.is_cancelled)
    if year is not None:
        visits = visits.where(Task.year == year)
    counts = team_change_counts(s, [v for (v,) in s.execute(visits)])
    return tuple(CodeCount(k, f"检查人员{k}（人次）", n) for k, n in counts.items())


def _counted(counter: Counter[str], texts: dict[str, tuple[str, str]]) -> tuple[CodeCount, ...]:
    order = list(texts)
    return tuple(
        CodeCount(code, texts.get(code, (code, code))[0], n)
        for code, n in sorted(
            counter.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
        )
    )


def _coverage(s, rows, year: int | None) -> tuple[ItemCoverage, ...]:  # type: ignore[no-untyped-def]
    """Per current item: eligible live businesses of its kinds vs. those checked for it."""
    items = list(
        s.scalars(
            select(InspectionItem)
            .where(InspectionItem.is_current)
            .order_by(InspectionItem.department_id, InspectionItem.code)
        )
    )
    depts = {d.id: d.name for d in s.scalars(select(Department))}
    alive = Counter(
        k
        for (k,) in s.execute(select(Target.kind).where(Target.is_active, Target.status == "存续"))
    )
    task_items: dict[int, set[int]] = defaultdict(set)
    for task_id, item_id in s.execute(select(TaskItem.task_id, TaskItem.item_id)):
        task_items[task_id].add(item_id)
    by_code = {i.code: i.id for i in items}
    checked: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        if r.status not in DONE:
            continue
        for item_id in task_items.get(r.task_id, ()):
            checked[item_id].add(r.target_id)
        for it in r.item_results or []:
            item_id = by_code.get(str(it.get("item_code")))
            if item_id is not None:
                checked[item_id].add(r.target_id)
    # A business of a kind the item does not concern (a 个体工商户 for an item limited to
    # 企业/农专社) is not coverage of that item (issue 16): counted only within the item's kinds.
    seen = sorted({t for ids in checked.values() for t in ids})
    kind_of: dict[int, str] = {}
    for chunk in range(0, len(seen), 500):
        part = seen[chunk : chunk + 500]
        kind_of.update(
            dict(s.execute(select(Target.id, Target.kind).where(Target.id.in_(part))).all())
        )
    out = []
    for item in items:
        kinds = item.target_kinds or list(alive)
        eligible = sum(alive.get(k, 0) for k in kinds)
        reached = [
            t for t in checked.get(item.id, ()) if not item.target_kinds or kind_of.get(t) in kinds
        ]
        out.append(
            ItemCoverage(
                item.code,
                item.name,
                depts.get(item.department_id, ""),
                eligible,
                len(reached),
            )
        )
    return tuple(out)


def export_annual_summary(
    ws: Workspace, path: Path | str, *, year: int | None = None, today: date | None = None
) -> Path:
    """The annual summary workbook for the joint-meeting office (年度汇总)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError(f"统计文件应以 .xlsx 结尾：{path.name}")
    data = dashboard(ws, year=year, today=today)
    from app.core.reports.stats_xlsx import write_stats_xlsx  # openpyxl on use

    written = write_stats_xlsx(data, path)
    log_export(
        ws,
        "stats.export",
        path,
        what=f"{data.year or '全部'}年度汇总（份）",
        count=1,
        detail={"year": data.year},
    )
    return written
