"""The item list (随机抽查事项清单) as a published document: the notice PDF with its date, and
the items not suited to random checks, each with the reason (丰台 三(二)).

Publishing records the date (services.plan.timetable.publish_item_list: it ends the item-adjustment
deadlines) and writes the notice; the unsuited items are kept in the setting `items.unsuited`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.core.domain.errors import ValidationError
from app.core.domain.localtime import local_today
from app.core.domain.roles import Permission
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.reference import get_setting, set_setting
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.services.plan.timetable import publish_item_list
from app.core.storage.models import Department, InspectionItem

UNSUITED_KEY = "items.unsuited"  # [{"name", "department", "reason"}]


@dataclass(frozen=True)
class UnsuitedItem:
    name: str
    department: str
    reason: str


def list_unsuited(ws: Workspace) -> list[UnsuitedItem]:
    with ws.db.read_session() as s:
        return [
            UnsuitedItem(str(x["name"]), str(x.get("department") or ""), str(x["reason"]))
            for x in get_setting(s, UNSUITED_KEY, []) or []
        ]


def add_unsuited(ws: Workspace, *, name: str, reason: str, department: str = "") -> Changes:
    """An inspection matter not suited to random checks, with its reason (item by item)."""
    ws.require(Permission.EDIT_REGISTRY)
    name, reason = name.strip(), reason.strip()
    if not name or not reason:
        raise ValidationError(
            "不适宜随机抽查的事项：须写明事项名称和理由。 / name and reason required"
        )
    with ws.db.session() as s:
        rows = [x for x in get_setting(s, UNSUITED_KEY, []) or [] if x.get("name") != name]
        rows.append({"name": name, "department": department.strip(), "reason": reason})
        set_setting(s, UNSUITED_KEY, rows)
        log_event(
            s,
            ws.actor,
            "items.unsuited",
            summary=f"不适宜随机抽查：{name}（{reason}）",
            after={"name": name, "reason": reason, "department": department.strip()},
        )
    return Changes.of(Area.ITEMS, message=f"已登记：{name}")


def publish_with_notice(ws: Workspace, path: str | Path, *, on: date | None = None) -> Path:
    """公示 the item list on `on` and write its notice: every current item with kind, cap, target
    kinds and legal basis, then the items not suited to random checks with the reasons."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from app.core.reports.plan_reports import esc, grid_table, styles

    day = on or local_today()
    publish_item_list(ws, on=day)
    with ws.db.read_session() as s:
        office = str(get_setting(s, "office.name", "") or "")
        depts = {d.id: d.name for d in s.scalars(select(Department))}
        items = list(
            s.scalars(
                select(InspectionItem)
                .where(InspectionItem.is_current)
                .order_by(InspectionItem.code)
            )
        )
        rows = [
            (
                i.code,
                i.name,
                depts.get(i.department_id, ""),
                i.kind,
                f"{i.ratio_cap_permille}‰"
                if i.kind == "一般" and i.ratio_cap_permille is not None
                else "—",
                "、".join(i.target_kinds or []) or "全部",
                (i.legal_basis or "")[:200],
            )
            for i in items
        ]
    unsuited = list_unsuited(ws)
    st = styles()
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(out),
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="随机抽查事项清单",
    )
    story: list = [
        Paragraph(esc(f"{office}随机抽查事项清单"), st["title"]),
        Paragraph(esc(f"公示日期：{day.isoformat()} · 共 {len(rows)} 项"), st["sub"]),
        grid_table(
            ("编码", "抽查事项", "职能部门", "类型", "比例上限", "抽查对象", "抽查依据"),
            rows,
            widths=[16 * mm, 50 * mm, 40 * mm, 14 * mm, 18 * mm, 36 * mm, 96 * mm],
            style=st["cell"],
        ),
        Spacer(1, 5 * mm),
        Paragraph(esc("不适宜随机抽查的检查事项及理由"), st["body"]),
    ]
    if unsuited:
        story.append(
            grid_table(
                ("事项", "职能部门", "理由"),
                ((u.name, u.department, u.reason) for u in unsuited),
                widths=[70 * mm, 50 * mm, 150 * mm],
                style=st["cell"],
            )
        )
    else:
        story.append(Paragraph(esc("（无）"), st["body"]))
    doc.build(story)
    with ws.db.session() as s:
        log_event(
            s,
            ws.actor,
            "items.export",
            summary=f"随机抽查事项清单公告 → {out.name}",
            detail={"published_on": day.isoformat(), "items": len(rows), "unsuited": len(unsuited)},
        )
    return out
