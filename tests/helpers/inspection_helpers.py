"""Helpers for the checklist tests: a fresh visit with a team, a filled form, signatures."""

from __future__ import annotations

from sqlalchemy import select

from app.core.services.checklist import inspections, signatures
from app.core.storage.models import Inspector, Target, Task, Visit, VisitMember

SIG = [
    [[10, 10, 0.5, 0], [60, 40, 0.7, 20], [120, 15, 0.4, 40]],
    [[30, 60, 0.5, 80], [90, 70, 0.9, 100]],
]


def make_visit(ws, *, members: int = 2, task_seq: int = 1) -> tuple[int, list[int]]:
    """A fresh visit of a task with `members` inspectors of its department."""
    with ws.db.session() as s:
        task = s.scalars(select(Task).where(Task.seq_no == task_seq)).one()
        used = set(s.scalars(select(Visit.target_id)))
        target = s.scalars(
            select(Target).where(Target.status == "存续", Target.id.not_in(used))
        ).first()
        people = list(
            s.scalars(
                select(Inspector).where(
                    Inspector.department_id == task.initiating_department_id,
                    Inspector.status == "在岗",
                )
            ).all()
        )[:members]
        visit = Visit(task_id=task.id, target_id=target.id, source="manual")
        s.add(visit)
        s.flush()
        for pos, p in enumerate(people):
            s.add(
                VisitMember(
                    visit_id=visit.id,
                    inspector_id=p.id,
                    position=pos,
                    source="manual",
                    reason="test",
                )
            )
        return visit.id, [p.id for p in people]


def fill_all(ws, form) -> None:
    answers = {}
    for sec in form.sections:
        answers[sec.item_code] = {
            str(r["no"]): {
                "yesno": "yes",
                "number": 3,
                "date": "2026-05-01",
                "text": "无",
                "photo": "na",
            }[r["answer"]]
            for r in sec.rows
        }
    inspections.save_draft(
        ws,
        form.id,
        data={"answers": answers, "methods": ["1"], "result_codes": ["1"], "disposals": ["1"]},
    )


def sign_all(ws, form, *, refuse: bool = False) -> None:
    for m in form.header["inspectors"]:
        signatures.add_signature(
            ws,
            form.id,
            role="inspector",
            signer_name=m["name"],
            inspector_id=m["inspector_id"],
            strokes=SIG,
        )
    if refuse:
        signatures.record_refusal(
            ws,
            form.id,
            reason="拒绝签字",
            witness_name="王建华",
            witness_id_number="150821198503120317",
            witness_strokes=SIG,
        )
    else:
        signatures.add_signature(ws, form.id, role="party", signer_name="法人", strokes=SIG)
