"""一般-item ratio caps (大足 二(二), 五原 第八条, 丰台 三(二)) held against a task's pool.

A visit checks every item of its task, so each 一般 item's cap holds for the whole draw of
the task — whether the task also holds 重点 items or not, whether a stratum is given as a
ratio or as a count. The ratio a task sets for an item (task_items.ratio_permille) is the
cap used for that item in that task; without it, the item's own cap. Mandatory targets
(重点/问题对象) are drawn because the rules say so and do not count against a cap.

Checked at task save (services.plan.tasks) and again at the lock (services.draw.draws); a violation is
refused naming item, cap and figure unless a supervisor recorded an exception with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes
from app.core.services.plan.pools import CATCH_ALL, StratumSize
from app.core.storage.models import (
    Department,
    InspectionItem,
    Target,
    TargetClaim,
    Task,
    TaskItem,
    Visit,
)


@dataclass(frozen=True)
class ItemCap:
    code: str
    name: str
    cap: int  # ‰ used for this task
    source: str  # 事项上限 / 任务设定


@dataclass(frozen=True)
class CapViolation:
    item: str
    item_name: str
    cap: int
    stratum: str
    drawn: int
    eligible: int
    rule: str = ""  # the stratum's own rule: "500 户" / "100‰"

    @property
    def allowed(self) -> int:
        return (self.cap * self.eligible + 999) // 1000

    def text(self) -> str:
        share = self.drawn * 1000 // self.eligible if self.eligible else 0
        return (
            f"一般事项 {self.item}（{self.item_name}）抽查比例上限 {self.cap}‰：分层 {self.stratum}（{self.rule}）"
            f"可抽 {self.eligible} 户中将抽 {self.drawn} 户（约 {share}‰），上限允许 {self.allowed} 户"
        )


def item_caps(session: Session, items: Sequence[tuple[str, int | None]]) -> list[ItemCap]:
    """The caps of a task's 一般 items (code, ratio set by the task or None)."""
    wanted = {str(c): r for c, r in items}
    out = []
    for item in session.scalars(
        select(InspectionItem).where(
            InspectionItem.is_current, InspectionItem.code.in_(list(wanted))
        )
    ):
        if item.kind != "一般":
            continue
        own = wanted[item.code]
        caps = [c for c in (item.ratio_cap_permille, own) if c is not None]
        if not caps:
            continue
        cap = min(caps)
        source = "任务设定" if own is not None and own == cap else "事项上限"
        out.append(ItemCap(item.code, item.name, cap, source))
    return sorted(out, key=lambda c: (c.cap, c.code))


def stratum_draws(rule: Mapping[str, Any], eligible: int) -> int:
    """How many a stratum's own rule draws (mandatory uplift not counted)."""
    if rule.get("count") is not None:
        return min(int(rule["count"]), eligible)
    return min(eligible, (int(rule.get("ratio_permille") or 0) * eligible + 999) // 1000)


def static_violations(caps: Sequence[ItemCap], strata: Sequence[Mapping[str, Any]]) -> list[str]:
    """Ratio strata above a cap: wrong whatever the pool (no registry needed)."""
    out = []
    for cap in caps:
        for s in strata:
            r = s.get("ratio_permille")
            if s.get("count") is None and isinstance(r, int) and r > cap.cap:
                out.append(
                    f"一般事项 {cap.code}（{cap.name}）抽查比例上限 {cap.cap}‰：分层 {s.get('code')} 的比例 {r}‰ 超过上限"
                )
    return out


def pool_violations(
    caps: Sequence[ItemCap], strata: Sequence[Mapping[str, Any]], sizes: Sequence[StratumSize]
) -> list[CapViolation]:
    """Every stratum whose draw (ratio or count) exceeds an item's cap on its eligible pool."""
    rules = {str(s.get("code")): s for s in strata}
    out = []
    for cap in caps:
        for size in sizes:
            if size.code == CATCH_ALL or size.code not in rules:
                continue
            drawn = stratum_draws(rules[size.code], size.eligible)
            if drawn > (cap.cap * size.eligible + 999) // 1000:
                out.append(
                    CapViolation(
                        cap.code, cap.name, cap.cap, size.code, drawn, size.eligible, size.rule
                    )
                )
    return out


def needs_pool(caps: Sequence[ItemCap], strata: Sequence[Mapping[str, Any]]) -> bool:
    """Only a count stratum under a capped item needs the pool's size to be judged."""
    return bool(caps) and any(s.get("count") is not None for s in strata)


YEAR_ITEMS_KEY = "rules.year_ratio_permille.items"  # {"A07": 30, "*": 50}: 一般 items
YEAR_DEPTS_KEY = "rules.year_ratio_permille.departments"  # {"市场监管": 50, "*": 50}


def year_ratios(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """The configured national/provincial yearly ratios (‰): per item code and per department."""

    def clean(value: Any) -> dict[str, int]:
        return {
            str(k): int(v)
            for k, v in (value or {}).items()
            if isinstance(v, int) and not isinstance(v, bool)
        }

    return clean(get_setting(session, YEAR_ITEMS_KEY, {})), clean(
        get_setting(session, YEAR_DEPTS_KEY, {})
    )


def year_violations(
    session: Session,
    *,
    year: int,
    department: str,
    items: Sequence[tuple[str, int | None]],
    planned: int,
    task_id: int | None = None,
) -> list[str]:
    """The year's totals with this task's `planned` draw added, against the configured ratios
    (贵阳 四(五): the national/provincial ratio holds for the year, not only for one task).
    Every business drawn counts, mandatory targets included: each is a check of the year.

    Item: businesses drawn this year by tasks holding the 一般 item, over the registry's active
    存续 businesses of the item's kinds. Department: businesses its tasks drew this year, over
    the businesses it claimed (all active 存续 businesses when it claimed none)."""

    by_item, by_dept = year_ratios(session)
    if not by_item and not by_dept:
        return []
    out = []
    live = (Target.is_active, Target.status == "存续")

    def drawn(q):  # type: ignore[no-untyped-def]
        q = q.where(Task.year == year, ~Visit.is_cancelled)
        if task_id is not None:
            q = q.where(Task.id != task_id)
        return int(session.scalar(q) or 0)

    codes = [str(c) for c, _r in items]
    for item in session.scalars(
        select(InspectionItem).where(InspectionItem.is_current, InspectionItem.code.in_(codes))
    ):
        ratio = by_item.get(item.code, by_item.get("*")) if item.kind == "一般" else None
        if ratio is None:
            continue
        base_q = select(func.count()).select_from(Target).where(*live)
        if item.target_kinds:
            base_q = base_q.where(Target.kind.in_(list(item.target_kinds)))
        base = int(session.scalar(base_q) or 0)
        same_item = (
            select(TaskItem.task_id)
            .join(InspectionItem, InspectionItem.id == TaskItem.item_id)
            .where(InspectionItem.code == item.code)
        )
        before = drawn(
            select(func.count(Visit.id))
            .join(Task, Task.id == Visit.task_id)
            .where(Task.id.in_(same_item))
        )
        allowed = (ratio * base + 999) // 1000
        if before + planned > allowed:
            out.append(
                f"一般事项 {item.code}（{item.name}）{year}年度抽查比例 {ratio}‰：全年已抽 {before} 户，本任务将抽 {planned} 户，"
                f"合计 {before + planned} 户，超过 {base} 户的 {ratio}‰（{allowed} 户）"
            )
    dept = session.scalar(select(Department).where(Department.code == department))
    ratio = by_dept.get(department, by_dept.get("*")) if dept is not None else None
    if dept is not None and ratio is not None:
        claimed = int(
            session.scalar(
                select(func.count())
                .select_from(TargetClaim)
                .join(Target, Target.id == TargetClaim.target_id)
                .where(TargetClaim.department_id == dept.id, *live)
            )
            or 0
        )
        base = claimed or int(
            session.scalar(select(func.count()).select_from(Target).where(*live)) or 0
        )
        before = drawn(
            select(func.count(Visit.id))
            .join(Task, Task.id == Visit.task_id)
            .where(Task.initiating_department_id == dept.id)
        )
        allowed = (ratio * base + 999) // 1000
        if before + planned > allowed:
            out.append(
                f"部门 {dept.name} {year}年度抽查比例 {ratio}‰：全年已抽 {before} 户，本任务将抽 {planned} 户，"
                f"合计 {before + planned} 户，超过 {base} 户的 {ratio}‰（{allowed} 户）"
            )
    return out


def planned_draw(strata: Sequence[Mapping[str, Any]], sizes: Sequence[StratumSize]) -> int:
    """How many the task would draw on these pool sizes (each stratum's quota, which holds its
    mandatory targets; the catch-all stratum's too): what the year's total adds."""
    del strata
    return sum(z.quota for z in sizes)


def set_year_ratio(ws: Any, *, permille: int | None, item: str = "", department: str = "") -> Any:
    """Configure the yearly ratio (‰) of a 一般 item or a department ("*" for all); None removes it."""

    ws.require(Permission.ADMINISTER)
    if bool(item) == bool(department):
        raise ValidationError("年度比例：须指定一个事项或一个部门。 / give --item or --department")
    if permille is not None and not 0 <= permille <= 1000:
        raise ValidationError(f"年度比例：{permille}‰ 须在 0–1000 之间。 / ratio 0..1000")
    key, name = (YEAR_ITEMS_KEY, item) if item else (YEAR_DEPTS_KEY, department)
    with ws.db.session() as s:
        values = dict(get_setting(s, key, {}) or {})
        before = values.get(name)
        if permille is None:
            values.pop(name, None)
        else:
            values[name] = permille
        set_setting(s, key, values)
        what = f"事项 {name}" if item else f"部门 {name}"
        log_event(
            s,
            ws.actor,
            "settings.year_ratio",
            summary=f"{what}年度抽查比例：{before} → {permille}",
            before={name: before},
            after={name: permille},
        )
    return Changes.of(
        Area.SETTINGS,
        message=f"{what}年度抽查比例：{'不设' if permille is None else f'{permille}‰'}",
    )
