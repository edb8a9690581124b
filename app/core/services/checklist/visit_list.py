"""The inspector's visit list: 待检查, 草稿, 已完成, searched, with the counts on its tabs.

An inspector sees only the visits whose team they are on; supervisors see every visit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Actor, Role
from app.core.domain.states import FormState, VisitState
from app.core.services.checklist.inspection_views import VisitRow
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import (
    Inspection,
    Inspector,
    Target,
    Task,
    Visit,
    VisitMember,
    VisitTask,
)

TABS = ("todo", "drafts", "done")
# A visit's status as its list shows it: what its newest form says, else its own.
_SHOWN_STATUS: dict[str, str] = {
    FormState.DRAFT: VisitState.CHECKING,
    FormState.COMPLETED: VisitState.DONE,
}


def _current_inspections():  # type: ignore[no-untyped-def]
    """Subquery: the newest version of each visit's form."""
    newest = (
        select(Inspection.visit_id, func.max(Inspection.version_no).label("v"))
        .group_by(Inspection.visit_id)
        .subquery()
    )
    return (
        select(
            Inspection.id,
            Inspection.visit_id,
            Inspection.version_no,
            Inspection.status,
            Inspection.updated_at,
        )
        .join(
            newest,
            (newest.c.visit_id == Inspection.visit_id) & (newest.c.v == Inspection.version_no),
        )
        .subquery()
    )


def _visible_visits(actor: Actor):  # type: ignore[no-untyped-def]
    q = select(Visit.id).where(~Visit.is_cancelled)
    if actor.role == Role.INSPECTOR:
        q = q.join(VisitMember, VisitMember.visit_id == Visit.id).where(
            VisitMember.inspector_id == (actor.inspector_id or -1)
        )
    return q


def _visits_query(actor: Actor, *, tab: str | None, search: str, task_no: str | None):  # type: ignore[no-untyped-def]
    """The rows of the actor's visit list (one filter for the list and for its counts)."""
    if tab is not None and tab not in TABS:
        raise ValidationError(f"未知的列表“{tab}”。 / Unknown tab.")
    cur = _current_inspections()
    q = (
        select(
            Visit,
            Task.task_no,
            Task.name,
            Target,
            cur.c.id,
            cur.c.version_no,
            cur.c.status,
            cur.c.updated_at,
        )
        .join(Task, Task.id == Visit.task_id)
        .join(Target, Target.id == Visit.target_id)
        .outerjoin(cur, cur.c.visit_id == Visit.id)
        .where(Visit.id.in_(_visible_visits(actor)))
    )
    if tab == "todo":
        q = q.where(cur.c.id.is_(None))
    elif tab == "drafts":
        q = q.where(cur.c.status == FormState.DRAFT)
    elif tab == "done":
        q = q.where(cur.c.status == FormState.COMPLETED)
    if task_no:
        q = q.where(
            or_(
                Task.task_no == task_no.strip(),
                Visit.id.in_(
                    select(VisitTask.visit_id)
                    .join(Task, Task.id == VisitTask.task_id)
                    .where(Task.task_no == task_no.strip())
                ),
            )
        )
    for word in search.split():
        pattern = f"%{word}%"
        q = q.where(
            or_(
                Target.name.like(pattern),
                Target.uscc.like(pattern),
                Target.reg_no.like(pattern),
                Target.address.like(pattern),
                Task.task_no.like(pattern),
                Target.legal_rep.like(pattern),
            )
        )
    return q


def list_visits(
    ws: Workspace,
    *,
    tab: str | None = None,
    search: str = "",
    task_no: str | None = None,
    limit: int = 5000,
) -> list[VisitRow]:
    """The current user's visits: 待检查 (`todo`), 草稿 (`drafts`), 已完成 (`done`) or all.

    `search` matches business name, code, address, task number (substring).
    """
    q = _visits_query(ws.actor, tab=tab, search=search, task_no=task_no)
    with ws.db.read_session() as s:
        q = q.order_by(Task.task_no, Visit.id).limit(limit)
        rows = s.execute(q).all()
        teams = _team_names(s, [r[0].id for r in rows])
        return [
            VisitRow(
                visit_id=v.id,
                task_no=tno,
                task_name=tname,
                business_name=t.name,
                business_code=t.uscc or t.reg_no or "",
                address=t.address or "",
                status=_SHOWN_STATUS.get(st or "", v.status),
                inspection_id=iid,
                version_no=ver,
                form_status=st,
                team=teams.get(v.id, ""),
                updated_at=upd,
            )
            for v, tno, tname, t, iid, ver, st, upd in rows
        ]


def _team_names(s: Session, visit_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, list[str]] = {}
    for chunk in range(0, len(visit_ids), 500):
        ids = visit_ids[chunk : chunk + 500]
        for vid, name, source, area in s.execute(
            select(
                VisitMember.visit_id, Inspector.name, VisitMember.source, Inspector.external_area
            )
            .join(Inspector, Inspector.id == VisitMember.inspector_id)
            .where(VisitMember.visit_id.in_(ids))
            .order_by(VisitMember.visit_id, VisitMember.position)
        ):
            marks = ("（指定）" if source == "assigned" else "") + (
                f"（外借：{area}）" if area else ""
            )
            out.setdefault(vid, []).append(name + marks)
    return {k: "、".join(v) for k, v in out.items()}


def visit_counts(ws: Workspace, *, search: str = "") -> dict[str, int]:
    """How many of the current user's visits each tab holds (the tab labels, the status bar)."""
    with ws.db.read_session() as s:
        return {
            tab: int(
                s.scalar(
                    select(func.count()).select_from(
                        _visits_query(ws.actor, tab=tab, search=search, task_no=None).subquery()
                    )
                )
                or 0
            )
            for tab in TABS
        }
