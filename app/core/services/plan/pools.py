"""Freezing a task's pool from the registries into a DRAW-v1 population, strata and team rules.

Reads only; never draws and never writes. Used by draws (lock) and by the task editor (preview).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.draw.engine import quota as draw_quota
from app.core.services.registry import ledger, licences
from app.core.services.registry.inspectors import eligible_on
from app.core.storage.models import (
    Conflict,
    Department,
    Expert,
    ExpertConflict,
    InspectionItem,
    Inspector,
    Target,
    TargetTag,
    TaskItem,
)

UNSTRATIFIED = "-"  # stratum code of a pool target that no stratum rule matches: never drawn
# 必查对象 (重点/问题对象) that fit no stratum of the task are put in this stratum instead of
# being dropped (贵阳 四(五)): count 0, so the draw selects exactly its mandatory targets.
CATCH_ALL = "必查兜底"
ACTIVE_INSPECTOR = "在岗"


@dataclass(frozen=True)
class StratumSize:
    """How one stratum looks on the draw date: the live preview and the projector's rules."""

    code: str
    label: str
    rule: str  # "30‰" / "10 户"
    pool: int
    excluded: int
    mandatory: int
    eligible: int
    quota: int
    qualification: str = ""


@dataclass(frozen=True)
class FrozenPool:
    """A task's population and rules as DRAW-v1 takes them, plus the registry ids behind them."""

    population: dict[str, Any]
    strata: list[dict[str, Any]]
    team: dict[str, Any] | None
    sizes: tuple[StratumSize, ...]
    target_ids: Mapping[str, int]  # draw id → targets.id
    member_ids: Mapping[str, int]  # draw id → inspectors.id (or experts.id for an expert pool)
    excluded_reasons: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def eligible_inspectors(self) -> int:
        return len(self.population["inspectors"])


def target_draw_id(uscc: str | None, reg_no: str | None, uid: str) -> str:
    """USCC where there is one, else 注册号, else the registry's stable uid (spec §1)."""
    return uscc or reg_no or uid


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (clamped to the month's end)."""
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m, min(d, day.day))
        except ValueError:
            continue
    return date(y, m, 28)


def quota_for(rule: Mapping[str, Any], eligible: int, mandatory: int) -> int:
    """DRAW-v1 §6.3 for a plan's stratum rule: the draw engine's quota() itself (integer ‰
    rounded up, "不低于"; capped by N; at least the mandatory ones), so the preview and the
    draw cannot disagree. tests/core/draw/test_draw_verifier_property.py: engine = public verifier."""
    if rule.get("count") is not None:
        stratum: dict[str, Any] = {"count": int(rule["count"])}
    else:
        stratum = {"ratio_permille": int(rule.get("ratio_permille") or 0)}
    return draw_quota({**stratum, "mandatory": [None] * mandatory}, eligible=eligible)


def rule_text(rule: Mapping[str, Any]) -> str:
    if rule.get("count") is not None:
        return f"{rule['count']} 户"
    return f"{rule.get('ratio_permille', 0)}‰"


def _stratum_of(strata: Sequence[Mapping[str, Any]], credit: str | None, risk: str | None) -> str:
    for s in strata:
        grades = s.get("credit_grades") or []
        risks = s.get("risk_classes") or []
        if grades and credit not in grades:
            continue
        if risks and risk not in risks:
            continue
        return str(s["code"])
    return UNSTRATIFIED


def _pool_query(
    session: Session, *, target_kinds: Sequence[str], pool_filter: Mapping[str, Any], on: date
):  # type: ignore[no-untyped-def]
    q = select(
        Target.id,
        Target.uid,
        Target.uscc,
        Target.reg_no,
        Target.name,
        Target.status,
        Target.credit_grade,
        Target.risk_class,
        Target.last_inspected_on,
    ).where(Target.is_active)
    if target_kinds:
        q = q.where(Target.kind.in_(list(target_kinds)))
    for key, column in (
        ("townships", Target.township),
        ("supervising_units", Target.supervising_unit),
        ("registration_authorities", Target.registration_authority),
        ("statuses", Target.status),
        ("credit_grades", Target.credit_grade),
        ("risk_classes", Target.risk_class),
    ):
        values = pool_filter.get(key) or []
        if values:
            q = q.where(column.in_(list(values)))
    prefixes = pool_filter.get("industry_prefixes") or []
    if prefixes:
        q = q.where(or_(*[Target.industry_code.startswith(str(p)) for p in prefixes]))
    tags = pool_filter.get("tags") or []
    if tags:
        q = q.where(Target.id.in_(select(TargetTag.target_id).where(TargetTag.tag.in_(list(tags)))))
    special = pool_filter.get("special_pools") or []
    if special:  # 专项库: the businesses whose licence in one of them is valid on the draw day
        q = q.where(Target.id.in_(licences.pool_members(list(special), on)))
    # In draw-id order (spec §2 sorts by id): the lock's sort then has nothing to move, which
    # keeps a 1,000,000-target draw within its 3 s (bench/bench_draw.py, "already in id order").
    return q.order_by(func.coalesce(Target.uscc, Target.reg_no, Target.uid))


_FILTER_WORDS = (
    ("special_pools", "专项库"),
    ("townships", "乡镇"),
    ("supervising_units", "管辖单位"),
    ("registration_authorities", "登记机关"),
    ("industry_prefixes", "行业代码"),
    ("statuses", "登记状态"),
    ("tags", "标签"),
    ("credit_grades", "信用等级"),
    ("risk_classes", "风险等级"),
)


def scope_words(
    target_kinds: Sequence[str], pool_filter: Mapping[str, Any], exclusions: Mapping[str, Any]
) -> str:
    """A task's pool in words, as the public plan notice prints it: whom, every filter it
    applies (专项库, 乡镇, 行业 …) and the 无事不扰 exclusion."""
    text = "、".join(target_kinds) or "全部对象"
    parts = [
        f"{word}：{'、'.join(str(v) for v in pool_filter[key])}"
        for key, word in _FILTER_WORDS
        if pool_filter.get(key)
    ]
    months = int(exclusions.get("inspected_within_months") or 0)
    if months:
        parts.append(f"{months}个月内已检查的不抽")
    return text + ("（" + "；".join(parts) + "）" if parts else "")


def _tagged(session: Session, tags: Iterable[str]) -> set[int]:
    tags = list(tags)
    if not tags:
        return set()
    return set(session.scalars(select(TargetTag.target_id).where(TargetTag.tag.in_(tags))))


def allowed_kinds(
    session: Session, task_kinds: Sequence[str], item_codes: Sequence[str]
) -> list[str]:
    """The target kinds a task's pool may hold: the task's, within every item's own kinds.

    An item limited to 企业/农专社 never pools a 个体工商户 (丰台 三(二): the list says whom an
    item concerns). Empty = no limit. A task whose kinds and items share no kind gets a kind
    no target has, so its pool is empty rather than unlimited."""

    kinds = [str(k) for k in task_kinds]
    if item_codes:
        for item_kinds in session.scalars(
            select(InspectionItem.target_kinds).where(
                InspectionItem.is_current, InspectionItem.code.in_([str(c) for c in item_codes])
            )
        ):
            if item_kinds:
                kinds = [k for k in kinds if k in item_kinds] if kinds else list(item_kinds)
                if not kinds:
                    return ["（无共同对象类型）"]
    return kinds


def department_codes(session: Session) -> dict[int, str]:
    return {d.id: d.code for d in session.scalars(select(Department))}


def freeze_targets(
    session: Session,
    *,
    task_rules: Mapping[str, Any],
    on: date,
) -> tuple[
    list[dict[str, str]],
    list[dict[str, Any]],
    tuple[StratumSize, ...],
    dict[str, int],
    dict[str, str],
    list[str],
]:
    """Targets, manifest strata, sizes, id map, exclusion reasons and warnings for a task's rules.

    `task_rules` carries target_kinds, pool_filter, strata, mandatory, exclusions (Task columns).
    Mandatory (重点对象 / 问题对象) wins over 无事不扰 — a complaint is checked even if the
    business was visited recently — but a deregistered or closed business cannot be visited.
    """

    strata_rules: list[Mapping[str, Any]] = list(task_rules.get("strata") or [])
    mandatory_rule: Mapping[str, Any] = task_rules.get("mandatory") or {}
    exclusion_rule: Mapping[str, Any] = task_rules.get("exclusions") or {}
    kinds = allowed_kinds(
        session, task_rules.get("target_kinds") or [], task_rules.get("items") or []
    )
    rows = session.execute(
        _pool_query(
            session, target_kinds=kinds, pool_filter=task_rules.get("pool_filter") or {}, on=on
        )
    ).all()
    mandatory_tagged = _tagged(session, mandatory_rule.get("tags") or [])
    mandatory_explicit = {str(x) for x in mandatory_rule.get("target_ids") or []}
    excluded_explicit = {str(x) for x in exclusion_rule.get("target_ids") or []}
    both = mandatory_explicit & excluded_explicit
    if both:
        raise ValidationError(
            f"检查对象 {sorted(both)[0]} 同时列为必查对象和排除对象。 / A target is both mandatory and excluded."
        )
    excluded_statuses = set(exclusion_rule.get("statuses") or [])
    months = int(exclusion_rule.get("inspected_within_months") or 0)
    recent_since = months_before(on, months) if months > 0 else None
    # The ledger, not the registry column: drawn-but-not-visited and outside checks count.
    last_checked = (
        ledger.latest_check_dates(session, on=on, with_registry=False)
        if recent_since is not None
        else {}
    )
    max_checks = ledger.ceiling(session)
    year_checks = ledger.checks_in_year(session, on.year) if max_checks else {}

    targets: list[dict[str, str]] = []
    ids: dict[str, int] = {}
    per_stratum: dict[str, dict[str, list[str]]] = {
        str(s["code"]): {"pool": [], "mandatory": [], "excluded": []} for s in strata_rules
    }
    reasons: dict[str, str] = {}
    warnings: list[str] = []
    found_explicit: set[str] = set()
    for r in rows:
        draw_id = target_draw_id(r.uscc, r.reg_no, r.uid)
        stratum = _stratum_of(strata_rules, r.credit_grade, r.risk_class)
        is_mandatory = r.id in mandatory_tagged or draw_id in mandatory_explicit
        if stratum == UNSTRATIFIED and is_mandatory:
            stratum = CATCH_ALL
            if CATCH_ALL not in per_stratum:
                per_stratum[CATCH_ALL] = {"pool": [], "mandatory": [], "excluded": []}
        targets.append({"id": draw_id, "name": r.name, "stratum": stratum})
        ids[draw_id] = r.id
        if stratum == UNSTRATIFIED:
            continue
        bucket = per_stratum[stratum]
        bucket["pool"].append(draw_id)
        if draw_id in mandatory_explicit or draw_id in excluded_explicit:
            found_explicit.add(draw_id)
        reason = ""
        if r.status in excluded_statuses:
            reason = f"登记状态：{r.status}"
        elif draw_id in excluded_explicit:
            reason = "任务指定排除"
        elif (
            recent_since is not None
            and (last := ledger.latest_of(r.last_inspected_on, last_checked.get(r.id))) is not None
            and last > recent_since
            and not is_mandatory
        ):
            reason = f"无事不扰：{last.isoformat()} 已检查（{months} 个月内）"
        elif max_checks and year_checks.get(r.id, 0) >= max_checks and not is_mandatory:
            reason = (
                f"年度检查上限：{on.year}年已检查 {year_checks[r.id]} 次（上限 {max_checks} 次）"
            )
        if reason:
            bucket["excluded"].append(draw_id)
            reasons[draw_id] = reason
            if is_mandatory:
                warnings.append(f"必查对象 {r.name}（{draw_id}）因“{reason}”不能检查，已排除。")
        elif is_mandatory:
            bucket["mandatory"].append(draw_id)
    missing = (mandatory_explicit | excluded_explicit) - found_explicit
    if missing:
        first = sorted(missing)[0]
        raise ValidationError(
            f"指定的检查对象 {first} 不在本任务的对象库或任何分层中。 / Target {first} is not in this task's pool."
        )

    manifest_strata: list[dict[str, Any]] = []
    sizes: list[StratumSize] = []
    if CATCH_ALL in per_stratum:
        strata_rules = [
            *strata_rules,
            {"code": CATCH_ALL, "label": "必查对象（不属于任何分层）", "count": 0},
        ]
        caught = per_stratum[CATCH_ALL]["mandatory"] + per_stratum[CATCH_ALL]["excluded"]
        warnings.append(
            f"{len(caught)} 户必查对象不属于任何分层，已列入“{CATCH_ALL}”分层，全部抽中。"
        )
    for s in strata_rules:
        code = str(s["code"])
        bucket = per_stratum[code]
        entry: dict[str, Any] = {
            "code": code,
            "mandatory": sorted(bucket["mandatory"]),
            "excluded": sorted(bucket["excluded"]),
        }
        if s.get("count") is not None:
            entry["count"] = int(s["count"])
        else:
            entry["ratio_permille"] = int(s.get("ratio_permille") or 0)
        manifest_strata.append(entry)
        eligible = len(bucket["pool"]) - len(bucket["excluded"])
        sizes.append(
            StratumSize(
                code=code,
                label=str(s.get("label") or code),
                rule=rule_text(s),
                pool=len(bucket["pool"]),
                excluded=len(bucket["excluded"]),
                mandatory=len(bucket["mandatory"]),
                eligible=eligible,
                quota=quota_for(s, eligible, len(bucket["mandatory"])),
                qualification=str(s.get("qualification") or ""),
            )
        )
    return targets, manifest_strata, tuple(sizes), ids, reasons, warnings


def scope_codes(scope: Iterable[str] | None) -> set[str]:
    """The item codes of a 执法事项范围 ("A01.直销违法行为检查", "B01" → A01, B01)."""
    out = set()
    for entry in scope or ():
        code = re.split(r"[.．、\s:：]", str(entry).strip(), maxsplit=1)[0].upper()
        if code:
            out.add(code)
    return out


def in_scope(scope: Iterable[str] | None, items: Iterable[str] | None) -> bool:
    """True when a person may check a task of these items: no 执法事项范围 (no limit), no items
    known, or an item whose code is (or starts with) a code of the scope."""
    codes = scope_codes(scope)
    wanted = [str(i).upper() for i in items or ()]
    if not codes or not wanted:
        return True
    return any(i == c or i.startswith(c) for i in wanted for c in codes)


def borrowing_refusal(person: Inspector, *, allow_external: bool, on: date) -> str | None:
    """Why an officer borrowed from a neighbouring area (外借) may not serve on a task on `on`
    (the words follow the person's name), or None: own staff, or borrowed where the task allows
    external members and the borrowing has not ended. The draw and 指定 both ask here."""
    if not person.external_area:
        return None
    if not allow_external:
        return (
            f"是外借人员（{person.external_area}），本任务未允许外借人员参加；"
            "需要时在任务中勾选“可抽取外借人员”"
        )
    if person.external_until is not None and person.external_until < on:
        return f"的外借期已于{person.external_until}结束"
    return None


def eligible_inspectors(
    session: Session,
    *,
    departments: Sequence[str],
    on: date,
    items: Sequence[str] | None = None,
    allow_external: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """执法检查人员 who may be drawn on `on`: 在岗, certificate valid that day, of these departments.
    An officer borrowed from a neighbouring area (外借, `external_area`) only when the task
    allows external members, and only until the borrowing ends (`external_until`).
    Their qualifications for the draw are their 执法资格 and their expert types (保化组长,
    药品GSP … from the roster's 是否专家), so a stratum requiring one draws only such people.
    With the task's `items`, a person whose 执法事项范围 names none of them is left out."""
    codes = department_codes(session)
    wanted = {c for c in departments}
    people: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    q = select(Inspector).where(eligible_on(on)).order_by(Inspector.id)  # the registry's rule
    for insp in session.scalars(q):
        dept = codes.get(insp.department_id, "")
        if wanted and dept not in wanted:
            continue
        if not in_scope(insp.item_scope, items):
            continue  # the roster's 执法事项范围 names none of the task's items
        if borrowing_refusal(insp, allow_external=allow_external, on=on) is not None:
            continue
        people.append(
            {
                "id": insp.cert_no,
                "name": insp.name,
                "department": dept,
                "qualifications": sorted(
                    {*(insp.qualifications or []), *(insp.expert_types or [])}
                ),
            }
        )
        ids[insp.cert_no] = insp.id
    return people, ids


def eligible_experts(session: Session) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """专家名录库 as its own pool: id = 专家编号, department 专家, qualifications = expertise."""
    people: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    for ex in session.scalars(
        select(Expert).where(Expert.status == ACTIVE_INSPECTOR).order_by(Expert.id)
    ):
        people.append(
            {
                "id": ex.code,
                "name": ex.name,
                "department": "专家",
                "qualifications": sorted(set(ex.expertise or [])),
            }
        )
        ids[ex.code] = ex.id
    return people, ids


def conflict_pairs(
    session: Session, *, inspector_ids: Mapping[str, int], target_ids: Mapping[str, int]
) -> list[list[str]]:
    """回避 pairs [inspector id, target id] among the frozen people and targets."""
    by_insp = {v: k for k, v in inspector_ids.items()}
    by_target = {v: k for k, v in target_ids.items()}
    pairs = []
    for c in session.scalars(select(Conflict).where(Conflict.is_active)):
        if c.inspector_id in by_insp and c.target_id in by_target:
            pairs.append([by_insp[c.inspector_id], by_target[c.target_id]])
    return sorted(pairs)


def expert_conflict_pairs(
    session: Session, *, expert_ids: Mapping[str, int], target_ids: Mapping[str, int]
) -> list[list[str]]:
    """An expert's 回避 pairs [专家编号, target id] among the frozen experts and targets."""
    by_expert = {v: k for k, v in expert_ids.items()}
    by_target = {v: k for k, v in target_ids.items()}
    pairs = []
    for c in session.scalars(select(ExpertConflict).where(ExpertConflict.is_active)):
        if c.expert_id in by_expert and c.target_id in by_target:
            pairs.append([by_expert[c.expert_id], by_target[c.target_id]])
    return sorted(pairs)


def team_rules(
    *,
    size: int,
    departments: Sequence[str],
    strata: Sequence[Mapping[str, Any]],
    max_load: int | None,
) -> dict[str, Any]:
    """DRAW-v1 team object: one member per participating department when there are several."""
    qualification = {
        str(s["code"]): str(s["qualification"]) for s in strata if s.get("qualification")
    }
    return {
        "size": size,
        "departments": sorted(set(departments)),
        "qualification": qualification,
        "max_load": max_load,
    }


def task_item_codes(session: Session, task_id: int) -> list[str]:
    """The codes of a task's inspection items."""

    return list(
        session.scalars(
            select(InspectionItem.code)
            .join(TaskItem, TaskItem.item_id == InspectionItem.id)
            .where(TaskItem.task_id == task_id)
        )
    )
