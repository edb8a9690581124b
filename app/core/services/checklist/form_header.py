"""The header of a visit's 检查表: the task, the business, the team and the items, taken from
the registry and the draw when the form starts and kept with it (printed on every sheet).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.services.kernel.reference import get_setting
from app.core.storage.models import (
    Department,
    Expert,
    InspectionItem,
    Inspector,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitMember,
    VisitTask,
)


def visit_items(s: Session, visit: Visit) -> list[tuple[InspectionItem, Department]]:
    task_ids = [
        visit.task_id,
        *s.scalars(select(VisitTask.task_id).where(VisitTask.visit_id == visit.id)),
    ]
    rows = s.execute(
        select(InspectionItem, Department)
        .join(TaskItem, TaskItem.item_id == InspectionItem.id)
        .join(Department, Department.id == InspectionItem.department_id)
        .where(TaskItem.task_id.in_(task_ids))
        .order_by(Department.sort_order, InspectionItem.code)
    ).all()
    seen: dict[str, tuple[InspectionItem, Department]] = {}
    for item, dept in rows:
        seen.setdefault(item.code, (item, dept))
    return list(seen.values())


def build_header(
    s: Session, visit: Visit, items: list[tuple[InspectionItem, Department]]
) -> dict[str, Any]:
    """The snapshot printed on the sheet: task, business, team, items (registry + draw)."""
    task = s.get(Task, visit.task_id)
    assert task is not None
    extra = list(
        s.scalars(
            select(Task)
            .join(VisitTask, VisitTask.task_id == Task.id)
            .where(VisitTask.visit_id == visit.id)
        )
    )
    target = s.get(Target, visit.target_id)
    assert target is not None
    team: list[dict[str, Any]] = []
    experts: list[dict[str, Any]] = []
    for m in s.scalars(
        select(VisitMember)
        .where(VisitMember.visit_id == visit.id)
        .order_by(VisitMember.position, VisitMember.id)
    ):
        if m.inspector_id:
            insp = s.get(Inspector, m.inspector_id)
            dept = s.get(Department, insp.department_id) if insp else None
            if insp:
                team.append(
                    {
                        "inspector_id": insp.id,
                        "name": insp.name,
                        "cert_no": insp.cert_no,
                        "department": dept.name if dept else "",
                        "unit": insp.unit or "",
                        "role": m.role,
                        # 指定 (direct assignment) is said on every output; only then the key.
                        **({"assigned": True} if m.source == "assigned" else {}),
                        # 外借: borrowed from a neighbouring area, said on every output too.
                        **({"external": insp.external_area} if insp.external_area else {}),
                    }
                )
        elif m.expert_id:
            ex = s.get(Expert, m.expert_id)
            if ex:
                experts.append(
                    {"expert_id": ex.id, "name": ex.name, "code": ex.code, "unit": ex.unit or ""}
                )
    departments = list(dict.fromkeys(d.name for _, d in items))
    office = str(get_setting(s, "office.name", "") or "")
    return {
        "task_no": task.task_no,
        "task_name": task.name,
        "tasks": [{"task_no": t.task_no, "name": t.name} for t in [task, *extra]],
        "office": office,
        "departments": departments,
        "business": {
            "name": target.name,
            "code": target.uscc or target.reg_no or "",
            "code_kind": "统一社会信用代码" if target.uscc else "注册号",
            "address": target.address or "",
            "legal_rep": target.legal_rep or "",
            "phone": target.phone or "",
            "liaison": target.liaison or "",
            "liaison_phone": target.liaison_phone or "",
            "kind": target.kind,
        },
        "inspectors": team,
        "experts": experts,
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "department": d.name,
                "department_code": d.code,
                "department_id": d.id,
                "legal_basis": i.legal_basis or "",
            }
            for i, d in items
        ],
        "visit_uid": visit.uid,
        "target_uid": target.uid,
    }
