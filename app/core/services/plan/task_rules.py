"""抽查任务 rules: what a task is made of (the draft the editor hands in) and every check a draft
must pass before it is saved: fields, strata, items against the current list and their target
kinds, and the 一般 items' caps (a cap exceeded passes only with a supervisor's reason).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.ids import PlanId
from app.core.domain.localtime import local_today
from app.core.domain.normalize import check_visible
from app.core.domain.roles import Permission
from app.core.services.kernel.workspace import Workspace
from app.core.services.plan import caps as caps_rules
from app.core.services.plan.pools import CATCH_ALL, UNSTRATIFIED, freeze_targets
from app.core.storage.models import Department, InspectionItem, Plan, Task, utcnow

POOL_FILTER_KEYS = (
    "townships", "supervising_units", "registration_authorities", "industry_prefixes",
    "statuses", "tags", "credit_grades", "risk_classes", "special_pools",
)  # fmt: skip
METHODS = ("现场检查", "书面检查", "网络监测", "检验检测", "委托专业机构")


@dataclass(frozen=True)
class StratumRule:
    """One stratum (分层) of a task: whom it holds (credit / risk) and how many are drawn."""

    code: str
    label: str = ""
    credit_grades: tuple[str, ...] = ()
    risk_classes: tuple[str, ...] = ()
    ratio_permille: int | None = None
    count: int | None = None
    qualification: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "label": self.label or self.code}
        if self.credit_grades:
            out["credit_grades"] = list(self.credit_grades)
        if self.risk_classes:
            out["risk_classes"] = list(self.risk_classes)
        if self.count is not None:
            out["count"] = self.count
        else:
            out["ratio_permille"] = self.ratio_permille
        if self.qualification:
            out["qualification"] = self.qualification
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> StratumRule:
        return cls(
            code=str(d.get("code", "")),
            label=str(d.get("label") or ""),
            credit_grades=tuple(d.get("credit_grades") or ()),
            risk_classes=tuple(d.get("risk_classes") or ()),
            ratio_permille=d.get("ratio_permille"),
            count=d.get("count"),
            qualification=str(d.get("qualification") or ""),
        )


@dataclass(frozen=True)
class TaskItemRule:
    """An inspection item of the task by code, with the ratio used for it (‰, None = none)."""

    code: str
    ratio_permille: int | None = None


@dataclass(frozen=True)
class TaskDraft:
    """What the task editor (or a script) hands in; validated as a whole by `check_task_draft`."""

    name: str
    initiating_department: str  # department code
    plan_id: PlanId | None = None
    year: int | None = None
    participating_departments: tuple[str, ...] = ()
    target_kinds: tuple[str, ...] = ()
    pool_filter: dict[str, Any] = field(default_factory=dict)
    strata: tuple[StratumRule, ...] = ()
    mandatory_tags: tuple[str, ...] = ()
    mandatory_ids: tuple[str, ...] = ()
    excluded_statuses: tuple[str, ...] = ("注销", "吊销")
    inspected_within_months: int = 0
    excluded_ids: tuple[str, ...] = ()
    items: tuple[TaskItemRule, ...] = ()
    inspectors_per_target: int = 2
    max_load: int | None = None
    expert_count: int = 0
    expert_expertise: str = ""
    start_on: date | None = None
    end_on: date | None = None
    method: str = "现场检查"
    notes: str = ""
    # A supervisor's reason to keep a 一般 item's cap exceeded (recorded, audited, on the notice).
    cap_exception_reason: str = ""
    # May the draw take officers borrowed from a neighbouring area (外借, 大足 三(三))?
    allow_external: bool = False

    def rules(self) -> dict[str, Any]:
        """The Task columns the pool freezer reads (and the items, whose target kinds limit it)."""
        return {
            "items": [it.code for it in self.items],
            "target_kinds": list(self.target_kinds),
            "pool_filter": {k: list(v) for k, v in self.pool_filter.items() if v},
            "strata": [s.as_json() for s in self.strata],
            "mandatory": _mandatory_json(self),
            "exclusions": _exclusions_json(self),
        }


def _mandatory_json(d: TaskDraft) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.mandatory_tags:
        out["tags"] = list(d.mandatory_tags)
    if d.mandatory_ids:
        out["target_ids"] = sorted(set(d.mandatory_ids))
    return out


def _exclusions_json(d: TaskDraft) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if d.excluded_statuses:
        out["statuses"] = list(d.excluded_statuses)
    if d.inspected_within_months:
        out["inspected_within_months"] = int(d.inspected_within_months)
    if d.excluded_ids:
        out["target_ids"] = sorted(set(d.excluded_ids))
    return out


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _invisible(text: str, what: str) -> str | None:
    try:
        check_visible(text, what)
    except ValidationError as exc:
        return exc.message
    return None


def check_task_draft(
    session: Session, draft: TaskDraft, *, task_id: int | None = None
) -> list[str]:
    """Every problem of a draft, each naming the field and the reason (empty when fine)."""
    errors: list[str] = []
    name = draft.name.strip()
    if not name:
        errors.append("任务名称：不能为空 / name: required")
    elif (bad := _invisible(name, "任务名称")) is not None:
        errors.append(bad)
    else:
        q = select(Task.id).where(Task.name == name)
        if task_id is not None:
            q = q.where(Task.id != task_id)
        if session.scalar(q) is not None:
            errors.append(
                f"任务名称：“{name}”已被其他任务使用，任务名称不能重复 / name: already used"
            )
    depts = {d.code: d for d in session.scalars(select(Department))}
    if draft.initiating_department not in depts:
        errors.append(
            f"发起部门：未知部门“{draft.initiating_department}” / initiating department: unknown"
        )
    for code in draft.participating_departments:
        if code not in depts:
            errors.append(f"参与部门：未知部门“{code}” / participating department: unknown")
    if draft.plan_id is not None and session.get(Plan, draft.plan_id) is None:
        errors.append(f"所属计划：计划 {draft.plan_id} 不存在 / plan: not found")
    for key in draft.pool_filter:
        if key not in POOL_FILTER_KEYS:
            errors.append(f"对象库筛选：不支持的条件“{key}” / pool filter: unknown key")
    if not _is_int(draft.inspectors_per_target) or draft.inspectors_per_target < 2:
        errors.append(
            "每户检查人员数：至少 2 人（两人以上执法） / inspectors per target: at least 2"
        )
    if draft.max_load is not None and (not _is_int(draft.max_load) or draft.max_load < 1):
        errors.append("每人最多检查户数：须为正整数或留空 / max load: a positive integer or empty")
    if draft.expert_count < 0 or (draft.expert_count and not draft.expert_expertise.strip()):
        errors.append("专家：抽取专家时须写明专业领域 / experts: give the expertise")
    if draft.start_on and draft.end_on and draft.start_on > draft.end_on:
        errors.append("检查期限：开始日期晚于结束日期 / dates: start after end")
    if draft.inspected_within_months < 0:
        errors.append("无事不扰：月数不能为负 / months: negative")
    both = set(draft.mandatory_ids) & set(draft.excluded_ids)
    if both:
        errors.append(
            f"必查/排除：{sorted(both)[0]} 不能同时必查又排除 / both mandatory and excluded"
        )

    if not draft.strata:
        errors.append("分层：至少一个分层 / strata: at least one")
    seen: set[str] = set()
    for i, s in enumerate(draft.strata, start=1):
        where = f"分层第{i}行（{s.code or '无代码'}）"
        if not s.code.strip() or s.code.strip() in (UNSTRATIFIED, CATCH_ALL):
            errors.append(
                f"{where}：代码不能为空或为“{UNSTRATIFIED}”“{CATCH_ALL}” / stratum code required"
            )
        elif s.code in seen:
            errors.append(f"{where}：代码重复 / duplicate stratum code")
        seen.add(s.code)
        if (s.ratio_permille is None) == (s.count is None):
            errors.append(
                f"{where}：比例（‰）和户数须且只能填一项 / give a ratio or a count, not both"
            )
        elif s.ratio_permille is not None and (
            not _is_int(s.ratio_permille) or not 0 <= s.ratio_permille <= 1000
        ):
            errors.append(f"{where}：比例须为 0–1000 的整数（‰） / ratio: integer 0..1000")
        elif s.count is not None and (not _is_int(s.count) or s.count < 0):
            errors.append(f"{where}：户数须为非负整数 / count: integer ≥ 0")

    if not draft.items:
        errors.append("抽查事项：至少选择一项 / items: at least one")
    current = {
        i.code: i for i in session.scalars(select(InspectionItem).where(InspectionItem.is_current))
    }
    for it in draft.items:
        item = current.get(it.code)
        if item is None:
            errors.append(f"抽查事项 {it.code}：不在现行事项清单中 / item not in the current list")
            continue
        cap = item.ratio_cap_permille if item.kind == "一般" else None
        if cap is not None and it.ratio_permille is not None and it.ratio_permille > cap:
            errors.append(
                f"抽查事项 {it.code}：一般事项抽查比例 {it.ratio_permille}‰ 超过上限 {cap}‰ / ratio above the cap"
            )
        limited = list(item.target_kinds or [])
        if limited:
            outside = [k for k in draft.target_kinds if k not in limited]
            if outside:
                errors.append(
                    f"抽查事项 {it.code}：只适用于{'、'.join(limited)}，任务的对象类型含{'、'.join(outside)}"
                    " / the item does not concern these target kinds"
                )
    return errors


def cap_problems(
    session: Session, draft: TaskDraft, *, on: date | None = None, task_id: int | None = None
) -> list[str]:
    """Every 一般 item's cap against the draft's strata and, for count strata, its pool today."""
    caps = caps_rules.item_caps(session, [(it.code, it.ratio_permille) for it in draft.items])
    strata = [s.as_json() for s in draft.strata]
    problems = caps_rules.static_violations(caps, strata)
    by_item, by_dept = caps_rules.year_ratios(session)
    if caps_rules.needs_pool(caps, strata) or by_item or by_dept:
        try:
            _t, _s, sizes, _i, _r, _w = freeze_targets(
                session, task_rules=draft.rules(), on=on or local_today()
            )
        except ValidationError:
            return problems  # the pool's own problem is reported by the draw's checks
        counted = [s for s in strata if s.get("count") is not None]
        problems += [v.text() for v in caps_rules.pool_violations(caps, counted, sizes)]
        problems += caps_rules.year_violations(
            session,
            year=draft.year or (draft.start_on.year if draft.start_on else local_today().year),
            department=draft.initiating_department,
            items=[(it.code, it.ratio_permille) for it in draft.items],
            planned=caps_rules.planned_draw(strata, sizes),
            task_id=task_id,
        )
    return problems


def check_or_except(
    session: Session,
    ws: Workspace,
    draft: TaskDraft,
    *,
    task_id: int | None = None,
    also: str | None = None,
) -> dict[str, Any] | None:
    """Refuse a draft with problems; a cap exceeded passes only with a supervisor's reason.
    `also`: one more problem found by the caller (a published plan's missing reason), reported
    with the draft's so the person sees every one at the first 保存.

    Returns the exception to store on the task (None when no cap is exceeded)."""
    errors = check_task_draft(session, draft, task_id=task_id)
    exception = None
    if not errors:
        over = cap_problems(session, draft, task_id=task_id)
        if over:
            reason = draft.cap_exception_reason.strip()
            if not reason:
                errors += [f"{p}（须由监管人员登记例外及理由） / above the 一般 cap" for p in over]
            elif not ws.actor.can(Permission.REVIEW):
                errors.append(
                    "一般事项比例上限的例外只能由监管人员登记。 / Only a supervisor may record an exception."
                )
            else:
                exception = {
                    "reason": reason,
                    "by": ws.actor.display_name or ws.actor.username,
                    "at": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "violations": over,
                }
    _raise_if(errors + ([also] if also else []))
    return exception


def _raise_if(errors: list[str]) -> None:
    if errors:
        raise ValidationError(
            f"任务有 {len(errors)} 处问题，未保存：{errors[0]} / The task was not saved.",
            details=errors,
        )
