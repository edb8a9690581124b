"""Departments that answer for their own work (谁检查、谁审核、谁公示).

One source for three rules: which department's results an actor may act on (the scope check
every review and publication service calls), the review levels a department configures
(组长审核 → 分管领导审批 → 公示; each level one recorded decision), and the liaison officers
of each member unit (丰台 附件2) kept with the office settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import PermissionDenied, ValidationError
from app.core.domain.normalize import check_visible
from app.core.domain.roles import Actor, Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.users import department_by_code
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Department, Result

__all__ = [
    "DEFAULT_LEVELS",
    "Liaison",
    "department_list",
    "liaisons",
    "refuse_other_departments",
    "review_levels",
    "set_liaisons",
    "set_review_levels",
]

# One level when a department configures none: the 组长审核 box of the sheet.
DEFAULT_LEVELS: tuple[str, ...] = ("审核",)
MAX_LEVELS = 5
LIAISON_KEY = "office.liaisons"


def refuse_other_departments(
    s: Session, actor: Actor, department_ids: Iterable[int], action: str, what: str = "的检查结果"
) -> None:
    """Raises PermissionDenied when `actor` belongs to a department and any of the given
    departments is another one (checked in the core, whatever the front end showed)."""
    foreign = sorted({d for d in department_ids if not actor.answers_for(d)})
    if not foreign:
        return
    names = [d.name for d in s.scalars(select(Department).where(Department.id.in_(foreign)))]
    own = s.get(Department, actor.department_id) if actor.department_id else None
    raise PermissionDenied(
        f"{actor.display_name or actor.username}属于{own.name if own else '本部门'}，"
        f"不能{action}{'、'.join(names)}{what}（谁检查、谁审核、谁公示）。"
        f" / Only the department's own staff may {action} its results."
    )


def refuse_foreign_results(
    s: Session, actor: Actor, results: Sequence[Result], action: str
) -> None:
    refuse_other_departments(s, actor, (r.department_id for r in results), action)


def department_list(ws: Workspace) -> list[tuple[str, str]]:
    """(code, name) of the active departments, in their order (pickers)."""
    ws.require(Permission.READ)
    with ws.db.read_session() as s:
        return [
            (d.code, d.name)
            for d in s.scalars(
                select(Department).where(Department.is_active).order_by(Department.sort_order)
            )
        ]


def all_review_levels(ws: Workspace) -> dict[str, tuple[str, ...]]:
    """Department code → its review levels (before 公示)."""
    with ws.db.read_session() as s:
        return {d.code: review_levels(s, d.id) for d in s.scalars(select(Department))}


def review_levels(s: Session, department_id: int) -> tuple[str, ...]:
    dept = s.get(Department, department_id)
    levels = tuple(str(x) for x in (dept.review_levels or [])) if dept else ()
    return levels or DEFAULT_LEVELS


def set_review_levels(ws: Workspace, department: str, levels: Sequence[str]) -> Changes:
    """The review levels of a department, in order (e.g. 组长审核, 分管领导审批). Audited."""
    ws.require(Permission.ADMINISTER)

    clean = [check_visible(str(x).strip(), "审核层级") for x in levels]
    clean = [x for x in clean if x]
    if not clean:
        raise ValidationError("审核层级：至少一级。 / Review levels: at least one.")
    if len(clean) > MAX_LEVELS or len(set(clean)) != len(clean):
        raise ValidationError(
            f"审核层级：最多{MAX_LEVELS}级，名称不能重复。 / Review levels: at most {MAX_LEVELS}, distinct."
        )
    if any(len(x) > 40 for x in clean):
        raise ValidationError(
            "审核层级：每级名称最多40个字。 / Review level names: 40 characters at most."
        )
    with ws.db.session() as s:
        dept = department_by_code(s, department)
        before = list(dept.review_levels or DEFAULT_LEVELS)
        dept.review_levels = clean
        log_event(
            s,
            ws.actor,
            "department.review_levels",
            entity="department",
            entity_uid=dept.uid,
            summary=f"{dept.name}审核层级：{' → '.join(clean)} → 公示",
            before={"levels": before},
            after={"levels": clean},
        )
    return Changes.of(Area.SETTINGS, Area.RESULTS, message="审核层级已保存")


@dataclass(frozen=True)
class Liaison:
    """联络员 of a member unit: who to call about the unit's part of joint checks."""

    department: str  # department code
    name: str
    phone: str
    role: str = ""  # 职务 / 分工


def liaisons(ws: Workspace) -> tuple[Liaison, ...]:
    with ws.db.read_session() as s:
        raw = get_setting(s, LIAISON_KEY, []) or []
    return tuple(
        Liaison(
            str(x.get("department", "")),
            str(x.get("name", "")),
            str(x.get("phone", "")),
            str(x.get("role", "")),
        )
        for x in raw
        if isinstance(x, dict)
    )


def set_liaisons(ws: Workspace, rows: Sequence[Liaison]) -> Changes:
    """Replaces the liaison officers list; each row names a known department, a name and a
    phone number (refused naming the row and field otherwise). Audited with the settings."""
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        codes = {d.code: d for d in s.scalars(select(Department))}
        by_any = {
            **{d.short_name: d for d in codes.values()},
            **{d.name: d for d in codes.values()},
            **codes,
        }
        out = []
        for n, row in enumerate(rows, start=1):
            dept = by_any.get(row.department.strip())
            if dept is None:
                raise ValidationError(
                    f"联络员第{n}行：部门“{row.department}”不存在。 / row {n}: unknown department"
                )
            name = check_visible(row.name.strip(), "姓名")
            phone = row.phone.strip()
            if not name:
                raise ValidationError(f"联络员第{n}行：姓名不能为空。 / row {n}: name is required")
            if not phone or not all(c.isdigit() or c in "-+ ()" for c in phone) or len(phone) > 30:
                raise ValidationError(
                    f"联络员第{n}行：联系电话“{phone}”无效（只能是数字和 -）。 / row {n}: invalid phone"
                )
            out.append(
                {
                    "department": dept.code,
                    "name": name,
                    "phone": phone,
                    "role": check_visible(row.role.strip(), "职务"),
                }
            )
        before = get_setting(s, LIAISON_KEY, []) or []
        set_setting(s, LIAISON_KEY, out)
        log_event(
            s,
            ws.actor,
            "settings.liaisons",
            entity="setting",
            summary=f"成员单位联络员：{len(out)}人",
            before={"liaisons": before},
            after={"liaisons": out},
        )
    return Changes.of(Area.SETTINGS, message="联络员已保存")
