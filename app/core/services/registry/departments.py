"""部门: the departments taking part — read models for filters and dropdowns, and their upkeep."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Department


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    code: str
    name: str
    short_name: str
    is_active: bool


def list_departments(ws: Workspace) -> list[DepartmentInfo]:
    with ws.db.read_session() as s:
        return [
            DepartmentInfo(d.id, d.code, d.name, d.short_name, d.is_active)
            for d in s.scalars(select(Department).order_by(Department.sort_order, Department.id))
        ]


def department_names(ws: Workspace) -> dict[int, str]:
    return {d.id: d.name for d in list_departments(ws)}


def save_department(
    ws: Workspace, *, code: str, name: str, short_name: str, is_active: bool = True
) -> Changes:
    """Adds a department or updates the one with this code (名称, 文号简称 for task numbers)."""
    ws.require(Permission.ADMINISTER)
    code, name, short_name = code.strip(), name.strip(), short_name.strip()
    if not code or not name or not short_name:
        raise ValidationError(
            "部门代码、名称和简称都不能为空。 / Code, name and short name are required."
        )
    with ws.db.session() as s:
        row = s.scalars(select(Department).where(Department.code == code)).one_or_none()
        before = None if row is None else _state(row)
        if row is None:
            order = (s.scalar(select(func.max(Department.sort_order))) or 0) + 1
            row = Department(code=code, name=name, short_name=short_name, sort_order=order)
            s.add(row)
        row.name, row.short_name, row.is_active = name, short_name, is_active
        s.flush()
        log_event(
            s,
            ws.actor,
            "department.save",
            entity="department",
            entity_uid=row.uid,
            summary=f"{code}：{name}（{short_name}）",
            before=before,
            after=_state(row),
        )
    return Changes.of(Area.DEPARTMENTS, message=f"部门“{name}”已保存")


# What refers to a department, in words, for the refusal to remove one that is in use.
_USED_BY = {
    "users": "个用户账号",
    "inspectors": "名检查人员",
    "enforcement_units": "个执法单位",
    "inspection_items": "个检查事项",
    "plans": "个抽查计划",
    "tasks": "个抽查任务",
    "results": "项检查结果",
    "penalty_cases": "个处罚案件",
    "check_records": "条检查记录",
    "target_claims": "户检查对象的管辖",
}


def remove_department(ws: Workspace, *, code: str) -> Changes:
    """Removes a department nothing refers to yet (one added by mistake). One in use is refused,
    naming what uses it; nothing is written then."""
    ws.require(Permission.ADMINISTER)
    with ws.db.session() as s:
        row = s.scalars(select(Department).where(Department.code == code.strip())).one_or_none()
        if row is None:
            raise ValidationError(f"没有代码为“{code}”的部门。")
        used = []
        for table in Department.metadata.sorted_tables:
            for column in table.columns:
                if any(fk.column.table is Department.__table__ for fk in column.foreign_keys):
                    n = s.scalar(select(func.count()).select_from(table).where(column == row.id))
                    if n:
                        used.append(f"{n}{_USED_BY.get(table.name, '行' + table.name)}")
        if used:
            raise ValidationError(f"部门“{row.name}”已被使用（{'、'.join(used)}），不能删除。")
        before = _state(row)
        s.delete(row)
        log_event(
            s,
            ws.actor,
            "department.remove",
            entity="department",
            entity_uid=row.uid,
            summary=f"删除部门 {row.code}：{row.name}",
            before=before,
        )
    return Changes.of(Area.DEPARTMENTS, message=f"部门“{before['name']}”已删除")


def _state(row: Department) -> dict[str, object]:
    return {
        "code": row.code,
        "name": row.name,
        "short_name": row.short_name,
        "is_active": row.is_active,
    }
