"""部门: the departments taking part, as read models for filters, dropdowns and imports."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.core.services.workspace import Workspace
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
