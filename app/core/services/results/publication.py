"""Publishing a task's results: the 抽查结果公告 files and the 通过 → 已公示 move, per department.

谁检查、谁公示: a department publishes only its own results (the task's initiating
department unless another is named; a user with a department publishes only that
department's, refused in the core). The notice carries the check only — penalties are
published separately and nothing private goes in (五原县办法 第二十三条).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.localtime import local_today
from app.core.domain.platform import platform_codes
from app.core.domain.roles import Permission
from app.core.domain.states import ResultState
from app.core.reports.publication import (
    NoticeItemRow,
    NoticeRow,
    PublicationNotice,
    write_platform_results,
    write_publication_pdf,
    write_publication_xlsx,
)
from app.core.services.kernel.accountability import refuse_other_departments
from app.core.services.kernel.audit import log_event, short_head
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.registry.ledger import touch_last_inspected
from app.core.services.results.form_results import refuse_contradictions
from app.core.services.results.results import (
    code_texts,
    describe_codes,
    move_result,
    task_by_no,
    task_visit_ids,
)
from app.core.storage.models import (
    Department,
    InspectionItem,
    Plan,
    Result,
    Target,
    Task,
    TaskItem,
    Visit,
)

__all__ = ["PublicationReport", "PublicationTask", "publication_tasks", "publish_task"]

PUBLISHED_CHANGES = Changes.of(Area.RESULTS, Area.DEADLINES, Area.STATS)  # for the front ends

NOTICE_FOOTER = (
    "本公告仅公示随机抽查检查结果；行政处罚等信息依法另行公示。"
    "对抽查结果有异议的，可自公告之日起向检查机关提出。"
)


@dataclass(frozen=True)
class PublicationReport:
    task_no: str
    department: str
    published_on: date
    rows: int  # rows in the notice
    newly_published: int  # results moved 通过 → 已公示 now
    not_ready: int  # this department's results on the task not yet approved
    xlsx: Path
    pdf: Path | None


@dataclass(frozen=True)
class PublicationTask:
    """One task × department with results: what can be published now."""

    task_no: str
    task_name: str
    department_code: str
    department_name: str
    total: int
    approved: int  # 通过, ready to publish
    published: int
    not_ready: int


def publication_tasks(ws: Workspace) -> tuple[PublicationTask, ...]:
    """Every task and department with results, for the publication list."""
    with ws.db.read_session() as s:
        tasks = list(
            s.scalars(select(Task).order_by(Task.year.desc(), Task.short_name, Task.seq_no))
        )
        depts = {d.id: d for d in s.scalars(select(Department))}
        out = []
        own = ws.actor.department_id if ws.actor.can(Permission.PUBLISH) else None
        for task in tasks:
            counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for dept_id, status, n in s.execute(
                select(Result.department_id, Result.status, func.count())
                .join(Visit, Visit.id == Result.visit_id)
                .where(Visit.id.in_(task_visit_ids(task.id)), ~Visit.is_cancelled)
                .group_by(Result.department_id, Result.status)
            ):
                counts[dept_id][status] += n
            for dept_id, by_status in sorted(
                counts.items(), key=lambda kv: depts[kv[0]].sort_order
            ):
                if own is not None and dept_id != own:
                    continue  # 谁检查、谁公示: another department's list is not this user's
                total = sum(by_status.values())
                out.append(
                    PublicationTask(
                        task.task_no,
                        task.name,
                        depts[dept_id].code,
                        depts[dept_id].name,
                        total,
                        by_status[ResultState.APPROVED],
                        by_status[ResultState.PUBLISHED],
                        total - by_status[ResultState.APPROVED] - by_status[ResultState.PUBLISHED],
                    )
                )
        return tuple(out)


def _department(session: Session, task: Task, code: str | None) -> Department:
    if code is None:
        dept = session.get(Department, task.initiating_department_id)
        assert dept is not None
        return dept
    dept = session.scalars(
        select(Department).where(
            (Department.code == code) | (Department.short_name == code) | (Department.name == code)
        )
    ).first()
    if dept is None:
        raise NotFoundError(f"没有部门“{code}” / unknown department")
    return dept


def _build_notice(
    s: Session, task: Task, dept: Department, results: list[Result], published_on: date
) -> PublicationNotice:
    texts = code_texts(s)
    visits = {
        v.id: v for v in s.scalars(select(Visit).where(Visit.id.in_({r.visit_id for r in results})))
    }
    targets = {
        t.id: t
        for t in s.scalars(
            select(Target).where(Target.id.in_({v.target_id for v in visits.values()}))
        )
    }
    # Other departments on the same visits → a joint visit (部门联合检查), said in 备注.
    partners: dict[int, set[str]] = defaultdict(set)
    for visit_id, short in s.execute(
        select(Result.visit_id, Department.short_name)
        .join(Department, Department.id == Result.department_id)
        .where(Result.visit_id.in_(visits), Result.department_id != dept.id)
    ):
        partners[visit_id].add(short)
    items = {
        i.code: i.name for i in s.scalars(select(InspectionItem).where(InspectionItem.is_current))
    }
    task_items = [
        name
        for (name,) in s.execute(
            select(InspectionItem.name)
            .join(TaskItem, TaskItem.item_id == InspectionItem.id)
            .where(TaskItem.task_id == task.id)
            .order_by(InspectionItem.code)
        )
    ]
    ordered = sorted(
        results,
        key=lambda r: (r.completed_on or date.max, targets[visits[r.visit_id].target_id].name),
    )
    rows, item_rows = [], []
    for seq, r in enumerate(ordered, start=1):
        target = targets[visits[r.visit_id].target_id]
        remark = ""
        if partners.get(r.visit_id):
            remark = f"部门联合检查（会同{'、'.join(sorted(partners[r.visit_id]))}）"
        rows.append(
            NoticeRow(
                seq,
                target.name,
                target.uscc or target.reg_no or "",
                r.completed_on,
                describe_codes(r.result_codes or [], texts, public=True),
                remark,
            )
        )
        for it in r.item_results or []:
            code = str(it.get("item_code", ""))
            raw = it.get("result")
            wording = (
                describe_codes(raw if isinstance(raw, list) else [raw], texts, public=True)
                if raw
                else ""
            )
            item_rows.append(
                NoticeItemRow(
                    seq, target.name, it.get("item_name") or items.get(code, code), wording
                )
            )
    plan = s.get(Plan, task.plan_id) if task.plan_id else None
    period = "至".join(d.isoformat() for d in (task.start_on, task.end_on) if d)
    header = [
        ("抽查任务编号", task.task_no),
        ("抽查任务名称", task.name),
        *([("抽查计划", plan.name)] if plan else []),
        ("抽查事项", "、".join(task_items)),
        ("检查日期", period),
        ("检查机关", dept.name),
        ("抽查市场主体数量", str(len(rows))),
        ("公示日期", published_on.isoformat()),
        ("审计链头（留痕校验）", short_head(s)),
    ]
    return PublicationNotice(
        title=f"{dept.name}抽查结果公告（{task.task_no}）",
        header=tuple(header),
        rows=tuple(rows),
        items=tuple(item_rows),
        footer=NOTICE_FOOTER,
    )


def _platform_rows(
    s: Session, task: Task, dept: Department, results: list[Result]
) -> list[tuple[object, ...]]:
    """One row per result in the platform's columns (domain/platform.py)."""
    texts = {code: public for code, (_text, public) in code_texts(s).items()}
    visits = {
        v.id: v for v in s.scalars(select(Visit).where(Visit.id.in_({r.visit_id for r in results})))
    }
    targets = {
        t.id: t
        for t in s.scalars(
            select(Target).where(Target.id.in_({v.target_id for v in visits.values()}))
        )
    }
    plan = s.get(Plan, task.plan_id) if task.plan_id else None
    plan_no = f"{plan.year}-{plan.id:03d}" if plan else ""
    directed = bool(task.target_kinds or task.pool_filter or task.strata)
    kind = "定向抽查" if directed else "不定向抽查"
    ordered = sorted(
        results,
        key=lambda r: (r.completed_on or date.max, targets[visits[r.visit_id].target_id].name),
    )
    rows: list[tuple[object, ...]] = []
    for seq, r in enumerate(ordered, start=1):
        target = targets[visits[r.visit_id].target_id]
        codes, remark = platform_codes(r.result_codes or [], texts)
        rows.append(
            (
                seq,
                plan_no,
                plan.name if plan else "",
                task.task_no,
                task.name,
                kind,
                dept.name,
                target.name,
                target.uscc or target.reg_no or "",
                r.completed_on.isoformat() if r.completed_on else "",
                codes,
                remark,
            )
        )
    return rows


def _publishable(
    s: Session, ws: Workspace, task_no: str, department_code: str | None, published_on: date
) -> tuple[Task, Department, list[Result], int]:
    """The task, department, the results a notice lists, and how many are not ready yet;
    the same checks for the preview and the publication."""
    task = task_by_no(s, task_no)
    if department_code is None and ws.actor.department_id is not None:
        own = s.get(Department, ws.actor.department_id)
        department_code = own.code if own else None
    dept = _department(s, task, department_code)
    refuse_other_departments(s, ws.actor, [dept.id], "公示")
    results = list(
        s.scalars(
            select(Result)
            .join(Visit, Visit.id == Result.visit_id)
            .where(
                Visit.id.in_(task_visit_ids(task.id)),
                ~Visit.is_cancelled,
                Result.department_id == dept.id,
            )
        )
    )
    ready = [
        r
        for r in results
        if r.status in (ResultState.APPROVED, ResultState.PUBLISHED) and not r.withheld_reason
    ]
    if not ready:
        raise ValidationError(
            f"{task.task_no}没有{dept.name}审核通过的检查结果可公示"
            f"（该部门共{len(results)}项结果，均未审核通过） / nothing approved to publish"
        )
    refuse_contradictions(s, ready, "公示")
    early = [r for r in ready if r.completed_on and r.completed_on > published_on]
    if early:
        raise ValidationError(f"公示日期{published_on}早于检查完成日期{early[0].completed_on}")
    return task, dept, ready, len(results) - len(ready)


@dataclass(frozen=True)
class NoticePreview:
    """A 公告 written for reading before publishing: nothing is marked 已公示 by it."""

    pdf: Path
    rows: int  # results the notice lists
    new: int  # of them, approved and not yet published: these become public by publishing


def preview_notice(
    ws: Workspace,
    task_no: str,
    pdf_path: Path | str,
    *,
    department_code: str | None = None,
    published_on: date | None = None,
) -> NoticePreview:
    """生成公告（预览）: the notice PDF as publishing would write it, with the same checks,
    changing nothing; the user reads it, then publishes in a separate, confirmed step."""
    ws.require(Permission.PUBLISH)
    published_on = published_on or local_today()
    pdf = Path(pdf_path)
    with ws.db.read_session() as s:
        task, dept, ready, _not_ready = _publishable(s, ws, task_no, department_code, published_on)
        write_publication_pdf(_build_notice(s, task, dept, ready, published_on), pdf)
        return NoticePreview(
            pdf, len(ready), sum(1 for r in ready if r.status == ResultState.APPROVED)
        )


def publish_task(
    ws: Workspace,
    task_no: str,
    *,
    xlsx_path: Path | str,
    pdf_path: Path | str | None = None,
    department_code: str | None = None,
    published_on: date | None = None,
    layout: str = "notice",
) -> PublicationReport:
    """Writes the 抽查结果公告 (xlsx + PDF) and marks the department's approved results 已公示.

    The notice lists every approved (通过) and already published result of the
    department on the task; results still under way are counted in `not_ready`. With no
    approved or published result nothing is written and ValidationError says why.

    `layout="platform"` writes, instead of the document-style notice and its PDF, the flat
    list a provincial platform imports (one header row, one row per result, the platform's
    result codes: domain/platform.py); the publishing itself is the same.
    """
    if layout not in ("notice", "platform"):
        raise ValidationError(f"未知的格式：{layout}（可选：notice、platform）")
    ws.require(Permission.PUBLISH)
    published_on = published_on or local_today()
    xlsx_path = Path(xlsx_path)
    if xlsx_path.suffix.lower() != ".xlsx":
        raise ValidationError(f"公告文件应以 .xlsx 结尾：{xlsx_path.name}")
    notice_pdf = Path(pdf_path) if pdf_path is not None else xlsx_path.with_suffix(".pdf")
    pdf: Path | None = notice_pdf  # none for the platform's list
    with ws.db.session() as s:
        task, dept, ready, not_ready = _publishable(s, ws, task_no, department_code, published_on)
        if layout == "platform":
            write_platform_results(_platform_rows(s, task, dept, ready), xlsx_path)
            pdf = None
        else:
            notice = _build_notice(s, task, dept, ready, published_on)
            write_publication_xlsx(notice, xlsx_path)
            write_publication_pdf(notice, notice_pdf)
        newly = 0
        for r in ready:
            if r.status == ResultState.APPROVED:
                move_result(s, ws.actor, r, ResultState.PUBLISHED, note=f"公示：{xlsx_path.name}")
                r.published_on = published_on
                newly += 1
            visit = s.get(Visit, r.visit_id)
            if visit is not None and r.completed_on:
                touch_last_inspected(s, visit.target_id, r.completed_on)
        log_event(
            s,
            ws.actor,
            "result.publish",
            entity="task",
            entity_uid=task.uid,
            summary=f"公示{task.task_no}（{dept.short_name}）检查结果{len(ready)}户，新公示{newly}户",
            detail={
                "department": dept.code,
                "published_on": published_on.isoformat(),
                "rows": len(ready),
                "new": newly,
                "file": xlsx_path.name,
                "layout": layout,
            },
        )
    return PublicationReport(
        task.task_no, dept.name, published_on, len(ready), newly, not_ready, xlsx_path, pdf
    )
