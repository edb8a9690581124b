"""The year's timetable and the item list's publication.

Milestones (configurable per county, setting `timetable.milestones`; defaults from the seeds):
五原 第十三、十四条 — 抽查重点 by the end of December before the year, department plans by the
end of January, the joint plan by the end of March; 贵阳 五(四) — item list and plan by the end
of October, targets by early November, joint plan by mid-December, summary by 5 December.
Department and joint plans are recognised as done when published; the others are reminders
a person closes (`mark_done`).

The item list (清单) is published as such (`publish_item_list`, setting `items.published_on`);
every item version entered after the last publication has a 10-working-day deadline
(五原 第七条), shown with the other deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.localtime import local_today, to_local
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import InspectionItem, Plan, utcnow

MILESTONES_KEY = "timetable.milestones"
DONE_KEY = "timetable.done"  # {"2026": ["focus", …]}
ITEMS_PUBLISHED_KEY = "items.published_on"

# (key, label, month, day, year offset, what closes it, source)
PRESETS: dict[str, list[dict[str, Any]]] = {
    "五原": [
        {
            "key": "focus",
            "label": "确定年度抽查重点",
            "month": 12,
            "day": 31,
            "offset": -1,
            "done_by": "",
            "source": "五原 第十四条",
        },
        {
            "key": "dept_plans",
            "label": "各部门年度抽查工作计划制定并公示",
            "month": 1,
            "day": 31,
            "offset": 0,
            "done_by": "annual_plan",
            "source": "五原 第十三条",
        },
        {
            "key": "joint_plan",
            "label": "县级部门联合抽查计划制定并公示",
            "month": 3,
            "day": 31,
            "offset": 0,
            "done_by": "joint_plan",
            "source": "五原 第十三条",
        },
    ],
    "贵阳": [
        {
            "key": "list_and_plan",
            "label": "抽查事项清单和抽查计划",
            "month": 10,
            "day": 31,
            "offset": -1,
            "done_by": "annual_plan",
            "source": "贵阳 五(四)",
        },
        {
            "key": "targets",
            "label": "确定抽查对象",
            "month": 11,
            "day": 10,
            "offset": -1,
            "done_by": "",
            "source": "贵阳 五(四)",
        },
        {
            "key": "joint_plan",
            "label": "部门联合抽查计划",
            "month": 12,
            "day": 15,
            "offset": -1,
            "done_by": "joint_plan",
            "source": "贵阳 五(四)",
        },
        {
            "key": "summary",
            "label": "年度工作总结",
            "month": 12,
            "day": 5,
            "offset": 0,
            "done_by": "",
            "source": "贵阳 五(四)",
        },
    ],
}
DEFAULT_PRESET = "五原"
SOON_DAYS = 15  # calendar days: a milestone this close is 即将到期


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    due: date
    source: str
    done: bool
    done_note: str
    state: str  # 已完成 / 已逾期 / 即将到期 / 未到期


def _rules(session: Session) -> list[dict[str, Any]]:
    value = get_setting(session, MILESTONES_KEY, None)
    return list(value) if isinstance(value, list) and value else list(PRESETS[DEFAULT_PRESET])


def _due(rule: dict[str, Any], year: int) -> date:
    y = year + int(rule.get("offset") or 0)
    return date(y, int(rule["month"]), int(rule["day"]))


def _auto_done(session: Session, rule: dict[str, Any], year: int, due: date) -> str:
    kind = {"annual_plan": "annual", "joint_plan": "joint"}.get(str(rule.get("done_by") or ""))
    if kind is None:
        return ""
    published = [
        day
        for day in session.scalars(
            select(Plan.published_on).where(
                Plan.year == year, Plan.kind == kind, Plan.published_on.is_not(None)
            )
        )
        if day is not None
    ]
    if not published:
        return ""
    first = min(published)
    late = "（逾期）" if first > due else ""
    return f"{first.isoformat()} 已公示{late}"


def milestones(session: Session, year: int, *, today: date) -> list[Milestone]:
    """The year's milestones with their state on `today`."""
    manual = (get_setting(session, DONE_KEY, {}) or {}).get(str(year), [])
    out = []
    for rule in _rules(session):
        due = _due(rule, year)
        note = _auto_done(session, rule, year, due) or (
            "已标记完成" if rule["key"] in manual else ""
        )
        if note:
            state = "已完成"
        elif due < today:
            state = "已逾期"
        elif (due - today).days <= SOON_DAYS:
            state = "即将到期"
        else:
            state = "未到期"
        out.append(
            Milestone(
                rule["key"],
                str(rule["label"]),
                due,
                str(rule.get("source") or ""),
                bool(note),
                note,
                state,
            )
        )
    return sorted(out, key=lambda m: m.due)


def year_timetable(
    ws: Workspace, year: int | None = None, *, today: date | None = None
) -> list[Milestone]:
    day = today or local_today()
    with ws.db.read_session() as s:
        return milestones(s, year or day.year, today=day)


def use_preset(ws: Workspace, name: str) -> Changes:
    """Replace the county's milestones by a seed document's timetable (五原 / 贵阳)."""
    ws.require(Permission.ADMINISTER)
    if name not in PRESETS:
        raise ValidationError(f"时间表：没有“{name}”，可选 {'、'.join(PRESETS)}。 / unknown preset")
    with ws.db.session() as s:
        set_setting(s, MILESTONES_KEY, PRESETS[name])
        log_event(
            s,
            ws.actor,
            "settings.timetable",
            summary=f"年度时间表采用{name}的安排",
            after={"preset": name},
        )
    return Changes.of(Area.DEADLINES, message=f"年度时间表：{name}")


def set_milestone(
    ws: Workspace, key: str, *, month: int, day: int, offset: int = 0, label: str = ""
) -> Changes:
    """Move (or add) one milestone of the county's timetable."""
    ws.require(Permission.ADMINISTER)
    try:
        date(2000 + (1 if offset else 0), month, day)  # a leap year: 2-29 is allowed
    except ValueError:
        raise ValidationError(f"时间表：{month}月{day}日不是有效日期。 / not a date") from None
    with ws.db.session() as s:
        rules = _rules(s)
        found = next((r for r in rules if r["key"] == key), None)
        if found is None:
            if not label.strip():
                raise ValidationError(f"时间表：新增节点“{key}”须写明名称。 / label required")
            found = {"key": key, "label": label.strip(), "done_by": "", "source": "本县设定"}
            rules.append(found)
        before = dict(found)
        found.update(month=month, day=day, offset=offset)
        if label.strip():
            found["label"] = label.strip()
        set_setting(s, MILESTONES_KEY, rules)
        log_event(
            s,
            ws.actor,
            "settings.timetable",
            summary=f"时间表节点 {found['label']}：{month}月{day}日",
            before=before,
            after=found,
        )
    return Changes.of(Area.DEADLINES, message=f"{found['label']}：{month}月{day}日")


def mark_done(ws: Workspace, key: str, year: int) -> Changes:
    """A person closes a milestone the app cannot see (抽查重点 decided, summary written)."""
    ws.require(Permission.EDIT_PLANS)
    with ws.db.session() as s:
        if key not in {r["key"] for r in _rules(s)}:
            raise ValidationError(f"时间表：没有节点“{key}”。 / unknown milestone")
        done = dict(get_setting(s, DONE_KEY, {}) or {})
        done[str(year)] = sorted({*done.get(str(year), []), key})
        set_setting(s, DONE_KEY, done)
        log_event(
            s,
            ws.actor,
            "timetable.done",
            summary=f"{year}年 {key} 已完成",
            after={"year": year, "key": key},
        )
    return Changes.of(Area.DEADLINES, message="已标记完成")


def item_list_published(session: Session) -> tuple[date, datetime] | None:
    """(day shown, UTC moment) of the list's last publication, or None."""
    value = get_setting(session, ITEMS_PUBLISHED_KEY, None)
    if not isinstance(value, dict) or not value.get("on") or not value.get("at"):
        return None
    return date.fromisoformat(value["on"]), datetime.fromisoformat(value["at"])


def publish_item_list(ws: Workspace, *, on: date | None = None) -> Changes:
    """公示 the current item list (清单): ends the adjustment deadlines of the versions before."""

    ws.require(Permission.EDIT_PLANS)
    day = on or local_today()
    with ws.db.session() as s:
        n = len(list(s.scalars(select(InspectionItem.id).where(InspectionItem.is_current))))
        set_setting(s, ITEMS_PUBLISHED_KEY, {"on": day.isoformat(), "at": utcnow().isoformat()})
        log_event(
            s,
            ws.actor,
            "items.publish",
            summary=f"抽查事项清单公示（{n} 项，{day.isoformat()}）",
            after={"published_on": day.isoformat(), "items": n},
        )
    return Changes.of(Area.ITEMS, Area.DEADLINES, message=f"抽查事项清单已公示（{n} 项）")


def pending_item_adjustments(session: Session) -> list[tuple[str, str, int, date, str]]:
    """(code, name, version, entered on, reason) of item versions entered after the list's last
    publication — each must be published within 10 working days (五原 第七条)."""
    published = item_list_published(session)
    if published is None:
        return []  # a list never published has no adjustment to publish yet: the list itself is due
    since = published[1]
    out = []
    q = select(InspectionItem).where(InspectionItem.created_at > since)
    for item in session.scalars(q.order_by(InspectionItem.code, InspectionItem.version_no)):
        local = to_local(item.created_at)
        if local is not None:
            out.append(
                (item.code, item.name, item.version_no, local.date(), item.change_reason or "")
            )
    return out
