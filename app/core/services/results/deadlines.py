"""Working-day deadlines: the configured limits and what is due soon or overdue today.

Limits (working days, the start date not counted) come from settings `deadline.*`; the
calendar is the database's (services.results.calendar). Never guesses a year: an item whose due
date falls in a year without data is listed as 日历缺失, naming the year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.calendar import DEADLINE_RULE_LABELS, WorkCalendar
from app.core.domain.errors import CalendarGapError, MissingCalendarYearError, ValidationError
from app.core.domain.ids import PlanId, ResultId, TaskId
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.domain.states import DrawState, PlanState, ResultState
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan.timetable import milestones, pending_item_adjustments
from app.core.services.results.calendar import calendar_from_session
from app.core.services.results.due_dates import (
    DUE_SOON_KEY,
    SETTING_KEYS,
    DeadlineSettings,
    recompute_due_dates,
    settings_from_session,
)
from app.core.storage.models import (
    Department,
    DrawSession,
    Plan,
    PlanRevision,
    Result,
    Target,
    Task,
    Visit,
    VisitMember,
)

__all__ = [
    "DeadlineItem",
    "DeadlineList",
    "DeadlineSettings",
    "DeadlineSummary",
    "deadline_settings",
    "deadline_summary",
    "list_deadlines",
    "update_deadline_settings",
]

OPEN_RESULT_STATES = (
    ResultState.DONE,
    ResultState.IN_REVIEW,
    ResultState.RETURNED,
    ResultState.APPROVED,
)

OVERDUE = "已逾期"
DUE_SOON = "即将到期"
PENDING = "未到期"
GAP = "日历缺失"


@dataclass(frozen=True)
class DeadlineItem:
    """One thing with a deadline: a result to publish, a list to dispatch, a team to choose."""

    rule: str  # publication / dispatch / inspector_choice / plan_adjustment
    rule_label: str
    subject: str  # the business, task or plan concerned
    task_no: str
    department: str
    start: date
    due: date | None  # None when the calendar lacks the year
    remaining: int | None  # working days left (negative: overdue by that many)
    state: str  # 已逾期 / 即将到期 / 未到期 / 日历缺失
    note: str = ""
    result_id: ResultId | None = None
    task_id: TaskId | None = None
    plan_id: PlanId | None = None


@dataclass(frozen=True)
class DeadlineList:
    today: date
    items: tuple[DeadlineItem, ...]
    missing_years: tuple[int, ...]

    @property
    def overdue(self) -> tuple[DeadlineItem, ...]:
        return tuple(i for i in self.items if i.state == OVERDUE)

    @property
    def due_soon(self) -> tuple[DeadlineItem, ...]:
        return tuple(i for i in self.items if i.state == DUE_SOON)


@dataclass(frozen=True)
class DeadlineSummary:
    """The status bar's line: N 项即将到期 / M 项已逾期 (+ years the calendar lacks)."""

    due_soon: int
    overdue: int
    missing_years: tuple[int, ...]


def deadline_settings(ws: Workspace) -> DeadlineSettings:
    with ws.db.read_session() as s:
        return settings_from_session(s)


def update_deadline_settings(ws: Workspace, new: DeadlineSettings) -> Changes:
    """Changes the limits (an office whose rules differ); open results get new due dates."""
    ws.require(Permission.ADMINISTER)
    problems = []
    for rule in (*SETTING_KEYS, "due_soon"):
        value = new.days(rule)
        if not 0 <= value <= 120:
            label = DEADLINE_RULE_LABELS.get(rule, "即将到期提醒")
            problems.append(f"{label}：{value}个工作日不合理（应为0–120）")
    if new.publication < 1:
        problems.append("检查结果公示期限至少1个工作日")
    if problems:
        raise ValidationError(problems[0], details=problems)
    with ws.db.session() as s:
        before = settings_from_session(s)
        for rule, key in SETTING_KEYS.items():
            set_setting(s, key, new.days(rule))
        set_setting(s, DUE_SOON_KEY, new.due_soon)
        log_event(
            s,
            ws.actor,
            "deadline.update_settings",
            entity="settings",
            summary="修改期限设置",
            before=asdict(before),
            after=asdict(new),
        )
        s.flush()

        recompute_due_dates(s, calendar_from_session(s), new.publication)
    return Changes.of(Area.DEADLINES, Area.RESULTS, message="期限设置已保存")


def _judge(
    cal: WorkCalendar, today: date, due: date, soon: int
) -> tuple[int | None, str, int | None]:
    """(remaining working days, state, missing year)."""
    try:
        remaining = cal.working_days_between(today, due)
    except MissingCalendarYearError as exc:
        # Today is in a year without data (e.g. January before the notice is added):
        # we still know whether the date has passed.
        state = OVERDUE if due < today else GAP
        return None, state, exc.year
    if remaining < 0 or (remaining == 0 and due < today):
        return remaining, OVERDUE, None
    return remaining, DUE_SOON if remaining <= soon else PENDING, None


def _item(
    cal: WorkCalendar,
    today: date,
    settings: DeadlineSettings,
    missing: set[int],
    *,
    rule: str,
    start: date,
    **fields: object,
) -> DeadlineItem:
    try:
        due: date | None = cal.add_working_days(start, settings.days(rule))
    except MissingCalendarYearError as exc:
        missing.add(exc.year)
        return DeadlineItem(
            rule=rule,
            rule_label=DEADLINE_RULE_LABELS[rule],
            start=start,
            due=None,
            remaining=None,
            state=GAP,
            note=f"日历中没有{exc.year}年的放假安排，无法计算期限；{fields.pop('note', '')}",
            **fields,  # type: ignore[arg-type]
        )
    assert due is not None
    remaining, state, gap = _judge(cal, today, due, settings.due_soon)
    if gap is not None:
        missing.add(gap)
    return DeadlineItem(
        rule=rule,
        rule_label=DEADLINE_RULE_LABELS[rule],
        start=start,
        due=due,
        remaining=remaining,
        state=state,
        **fields,  # type: ignore[arg-type]
    )


def list_deadlines(
    ws: Workspace, *, today: date | None = None, include_pending: bool = True
) -> DeadlineList:
    """Everything open with a working-day deadline, most urgent first."""
    today = today or local_today()
    with ws.db.read_session() as s:
        cal = calendar_from_session(s)
        settings = settings_from_session(s)
        missing: set[int] = set()
        items = [
            *_publication_items(s, cal, today, settings, missing),
            *_task_items(s, cal, today, settings, missing),
            *_plan_items(s, cal, today, settings, missing),
            *_item_list_items(s, cal, today, settings, missing),
            *_timetable_items(s, cal, today, settings),
        ]
    if not include_pending:
        items = [i for i in items if i.state != PENDING]
    order = {OVERDUE: 0, GAP: 1, DUE_SOON: 2, PENDING: 3}
    items.sort(key=lambda i: (order[i.state], i.due or date.max, i.subject))
    return DeadlineList(today, tuple(items), tuple(sorted(missing)))


def deadline_summary(ws: Workspace, *, today: date | None = None) -> DeadlineSummary:
    found = list_deadlines(ws, today=today, include_pending=False)
    return DeadlineSummary(len(found.due_soon), len(found.overdue), found.missing_years)


def _publication_items(
    s: Session, cal: WorkCalendar, today: date, settings: DeadlineSettings, missing: set[int]
) -> list[DeadlineItem]:
    # 五原县办法 第二十三条: results entered and published within 20 working days of completion.
    rows = s.execute(
        select(
            Result.id,
            Result.completed_on,
            Result.status,
            Target.name,
            Task.task_no,
            Task.id,
            Department.name,
        )
        .join(Visit, Visit.id == Result.visit_id)
        .join(Target, Target.id == Visit.target_id)
        .join(Task, Task.id == Visit.task_id)
        .join(Department, Department.id == Result.department_id)
        .where(
            Result.status.in_(OPEN_RESULT_STATES),
            Result.completed_on.is_not(None),
            ~Visit.is_cancelled,
        )
    ).all()
    return [
        _item(
            cal,
            today,
            settings,
            missing,
            rule="publication",
            start=completed,
            subject=target,
            task_no=task_no,
            department=dept,
            result_id=rid,
            task_id=task_id,
            note=f"结果状态：{status}",
        )
        for rid, completed, status, target, task_no, task_id, dept in rows
        if completed is not None  # (the query asks for completed ones)
    ]


def _task_items(
    s: Session, cal: WorkCalendar, today: date, settings: DeadlineSettings, missing: set[int]
) -> list[DeadlineItem]:
    """Dispatch (五原县办法 第十八条) and inspector choice (第十九条) after a target draw.

    The app records no separate 'received' date, so the inspector-choice clock starts at
    the dispatch deadline (the latest the list may arrive). Dispatch counts as done once
    any team member is chosen for the task; inspector choice once every visit has one.
    """
    draws = s.execute(
        select(DrawSession.task_id, func.max(DrawSession.finished_at))
        .where(
            DrawSession.kind == "targets",
            DrawSession.status == DrawState.OK,
            DrawSession.finished_at.is_not(None),
        )
        .group_by(DrawSession.task_id)
    ).all()
    items: list[DeadlineItem] = []
    for task_id, finished in draws:
        task = s.get(Task, task_id)
        if task is None or finished is None:  # (the query asks for finished draws)
            continue
        dept = s.get(Department, task.initiating_department_id)
        visits = (
            s.scalar(
                select(func.count())
                .select_from(Visit)
                .where(Visit.task_id == task_id, ~Visit.is_cancelled)
            )
            or 0
        )
        staffed = (
            s.scalar(
                select(func.count(func.distinct(VisitMember.visit_id)))
                .join(Visit, Visit.id == VisitMember.visit_id)
                .where(
                    Visit.task_id == task_id,
                    ~Visit.is_cancelled,
                    VisitMember.inspector_id.is_not(None),
                )
            )
            or 0
        )
        common = {
            "subject": task.name,
            "task_no": task.task_no,
            "department": dept.name if dept else "",
            "task_id": task_id,
        }
        start = finished.date()
        if staffed == 0:
            items.append(
                _item(
                    cal,
                    today,
                    settings,
                    missing,
                    rule="dispatch",
                    start=start,
                    note="抽取名单尚未推送至检查部门",
                    **common,
                )
            )
        if staffed < visits:
            try:
                received = cal.add_working_days(start, settings.dispatch)
            except MissingCalendarYearError as exc:
                missing.add(exc.year)
                continue
            items.append(
                _item(
                    cal,
                    today,
                    settings,
                    missing,
                    rule="inspector_choice",
                    start=received,
                    note=f"{visits - staffed}户尚未选派检查人员",
                    **common,
                )
            )
    return items


def _plan_items(
    s: Session, cal: WorkCalendar, today: date, settings: DeadlineSettings, missing: set[int]
) -> list[DeadlineItem]:
    """Plan adjustments not yet published (五原 第十五条: entered and published within 10
    working days). A withdrawal to 草拟 is not an adjustment to publish: the whole plan is."""
    rows = s.execute(
        select(
            PlanRevision.created_at,
            PlanRevision.revision,
            PlanRevision.reason,
            Plan.id,
            Plan.name,
            Plan.revision,
        )
        .join(Plan, Plan.id == PlanRevision.plan_id)
        .where(
            PlanRevision.published_on.is_(None),
            Plan.status.in_((PlanState.ANNOUNCED, PlanState.RUNNING)),
        )
    ).all()
    return [
        _item(
            cal,
            today,
            settings,
            missing,
            rule="plan_adjustment",
            start=created.date(),
            subject=f"{name}（第{rev}次调整）",
            task_no="",
            department="",
            plan_id=pid,
            note=reason or "",
        )
        for created, rev, reason, pid, name, _published in rows
    ]


def _item_list_items(
    s: Session, cal: WorkCalendar, today: date, settings: DeadlineSettings, missing: set[int]
) -> list[DeadlineItem]:
    """Item versions entered after the list's last publication (五原 第七条: 10 working days)."""

    return [
        _item(
            cal,
            today,
            settings,
            missing,
            rule="item_list_adjustment",
            start=entered,
            subject=f"{code} {name}（第{version}版）",
            task_no="",
            department="",
            note=reason,
        )
        for code, name, version, entered, reason in pending_item_adjustments(s)
    ]


def _timetable_items(
    s: Session, cal: WorkCalendar, today: date, settings: DeadlineSettings
) -> list[DeadlineItem]:
    """The year's milestones not done yet (configurable per county; services.plan.timetable)."""

    out = []
    for m in milestones(s, today.year, today=today) + milestones(s, today.year + 1, today=today):
        if m.done or (m.due - today).days > 120:
            continue
        remaining, state, _gap = _judge(cal, today, m.due, settings.due_soon)
        if m.due < today:
            state = OVERDUE
        elif remaining is None:
            state = PENDING  # the calendar lacks the year: the date itself is still known
        out.append(
            DeadlineItem(
                rule="timetable",
                rule_label=f"年度时间表（{m.source}）",
                subject=m.label,
                task_no="",
                department="",
                start=m.due,
                due=m.due,
                remaining=remaining,
                state=state,
            )
        )
    return out


def working_days_left(cal: WorkCalendar, today: date, due: date) -> int | None:
    """Working days from today to due; None when the calendar lacks a year in between."""
    try:
        return cal.working_days_between(today, due)
    except CalendarGapError:
        return None
