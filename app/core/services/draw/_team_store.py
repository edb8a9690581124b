"""Session helpers the two kinds of team change share (services/draw/team_changes.py, the
replacement draw, and services/draw/assignments.py, 指定): the visit with its task and
business, the refusal once the check is done, a member of the team, the open drafts' header.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.states import FormState
from app.core.services.checklist.form_header import build_header, visit_items
from app.core.services.kernel.concurrency import check_version
from app.core.storage.models import (
    Inspection,
    Inspector,
    Signature,
    Target,
    Task,
    Visit,
    VisitMember,
)


def visit_of(s: Session, visit_id: int) -> tuple[Visit, Task, Target]:
    visit = s.get(Visit, visit_id)
    if visit is None or visit.is_cancelled:
        raise NotFoundError(f"没有编号为{visit_id}的检查对象（走访）。 / No visit {visit_id}.")
    task = s.get(Task, visit.task_id)
    target = s.get(Target, visit.target_id)
    assert task is not None and target is not None
    return visit, task, target


def refuse_when_checked(s: Session, visit: Visit) -> list[Inspection]:
    forms = list(s.scalars(select(Inspection).where(Inspection.visit_id == visit.id)))
    if any(f.status != FormState.DRAFT for f in forms):
        raise ConflictError(
            "该对象已完成检查，不能再更换检查人员（如需更正请走更正流程）。"
            " / The check is completed; the team can no longer change."
        )
    return forms


def member_of(s: Session, visit: Visit, cert_no: str) -> tuple[Inspector, VisitMember]:
    person = s.scalars(select(Inspector).where(Inspector.cert_no == cert_no.strip())).first()
    if person is None:
        raise NotFoundError(
            f"名录库中没有执法证号为“{cert_no}”的检查人员。 / No inspector {cert_no}."
        )
    row = s.scalars(
        select(VisitMember).where(
            VisitMember.visit_id == visit.id, VisitMember.inspector_id == person.id
        )
    ).first()
    if row is None:
        raise ValidationError(f"{person.name}（{cert_no}）不是该检查组成员。 / Not on this team.")
    return person, row


def refresh_drafts(
    s: Session, visit: Visit, forms: list[Inspection], removed_id: int | None
) -> None:
    """An open draft's header names the team as it now is; the leaver's signature goes."""

    for form in forms:
        check_version(s, form, None, what=f"检查表（走访 {visit.id}）")
        header = dict(form.header)
        header["inspectors"] = build_header(s, visit, visit_items(s, visit))["inspectors"]
        form.header = header
        if removed_id is not None:
            for sig in s.scalars(
                select(Signature).where(
                    Signature.inspection_id == form.id, Signature.inspector_id == removed_id
                )
            ):
                s.delete(sig)
