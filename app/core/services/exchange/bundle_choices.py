"""What the bundle export dialog offers: tasks and inspectors that have visits, recipient keys.

Read-only; the export itself (and every check of the choices) is `bundle_export.export_bundle`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.core.domain.states import VisitState
from app.core.services.kernel import keys
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import Inspector, Task, Visit, VisitMember


@dataclass(frozen=True)
class TaskChoice:
    task_no: str
    name: str
    visits: int  # visits not cancelled


@dataclass(frozen=True)
class InspectorChoice:
    """检查人员 with visits on their team (an 执法证号 is what the export scopes by)."""

    cert_no: str
    name: str
    visits: int
    open_visits: int  # not yet 已完成


@dataclass(frozen=True)
class RecipientChoice:
    key_id: str
    name: str
    role: str
    role_label: str


@dataclass(frozen=True)
class ExportChoices:
    tasks: tuple[TaskChoice, ...]
    inspectors: tuple[InspectorChoice, ...]
    recipients: tuple[RecipientChoice, ...]  # trusted, not revoked, able to receive encrypted
    own_key_id: str


def export_choices(ws: Workspace) -> ExportChoices:
    """Tasks and inspectors that have (not cancelled) visits, and keys a bundle can be encrypted to."""
    key_list = keys.list_keys(ws)  # makes the installation key on first use
    with ws.db.read_session() as s:
        live = ~Visit.is_cancelled
        task_rows = s.execute(
            select(Task.task_no, Task.name, func.count(Visit.id))
            .join(Visit, Visit.task_id == Task.id)
            .where(live)
            .group_by(Task.id, Task.task_no, Task.name)
            .order_by(Task.task_no)
        ).all()
        open_count = func.sum(case((Visit.status != VisitState.DONE, 1), else_=0))
        insp_rows = s.execute(
            select(Inspector.cert_no, Inspector.name, func.count(Visit.id), open_count)
            .join(VisitMember, VisitMember.inspector_id == Inspector.id)
            .join(Visit, Visit.id == VisitMember.visit_id)
            .where(live)
            .group_by(Inspector.id, Inspector.cert_no, Inspector.name)
            .order_by(Inspector.name, Inspector.cert_no)
        ).all()
    recipients = tuple(
        RecipientChoice(k.key_id, k.name, k.role, k.role_label)
        for k in key_list
        if k.role != "self" and not k.revoked and k.encryption_key
    )
    return ExportChoices(
        tasks=tuple(TaskChoice(no, name, int(n)) for no, name, n in task_rows),
        inspectors=tuple(
            InspectorChoice(cert, name, int(n), int(o or 0)) for cert, name, n, o in insp_rows
        ),
        recipients=recipients,
        own_key_id=key_list[0].key_id,
    )
