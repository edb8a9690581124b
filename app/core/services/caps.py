"""一般-item ratio caps (大足 二(二), 五原 第八条, 丰台 三(二)) held against a task's pool.

A visit checks every item of its task, so each 一般 item's cap holds for the whole draw of
the task — whether the task also holds 重点 items or not, whether a stratum is given as a
ratio or as a count. The ratio a task sets for an item (task_items.ratio_permille) is the
cap used for that item in that task; without it, the item's own cap. Mandatory targets
(重点/问题对象) are drawn because the rules say so and do not count against a cap.

Checked at task save (services.tasks) and again at the lock (services.draws); a violation is
refused naming item, cap and figure unless a supervisor recorded an exception with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.services.pools import CATCH_ALL, StratumSize
from app.core.storage.models import InspectionItem


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
