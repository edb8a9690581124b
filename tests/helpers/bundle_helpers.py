"""Test helpers for the bundle tests: field work in a sample county, an office and a laptop.

Builds visits, teams, checklist templates and forms directly in the store (the draw and
checklist services belong to other issues), then trusts keys both ways like an admin would.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.core.domain.roles import SYSTEM_ACTOR
from app.core.services.kernel import audit, keys
from app.core.services.kernel.workspace import Workspace, open_workspace
from app.core.storage.models import (
    AttachmentBlob,
    ChecklistTemplate,
    Inspection,
    InspectionItem,
    Inspector,
    Signature,
    Target,
    Task,
    TaskItem,
    Visit,
    VisitMember,
    utcnow,
)

# A tiny real PNG (1×1), varied per signature by appending a tEXt-like tail.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@dataclass(frozen=True)
class FieldWork:
    task_no: str
    inspector_cert: str
    other_cert: str
    visit_uids: tuple[str, ...]
    other_visit_uids: tuple[str, ...]


def make_field_work(ws: Workspace, *, visits: int = 12) -> FieldWork:
    """Visits of task 1号 for two teams; templates for the task's items."""
    with ws.db.session() as s:
        task = s.scalars(select(Task).order_by(Task.id)).first()
        assert task is not None
        inspectors = s.scalars(select(Inspector).order_by(Inspector.id).limit(4)).all()
        targets = s.scalars(select(Target).order_by(Target.id).limit(visits * 2)).all()
        codes = {
            c
            for c in s.scalars(
                select(InspectionItem.template_code)
                .join(TaskItem, TaskItem.item_id == InspectionItem.id)
                .where(TaskItem.task_id == task.id)
            )
            if c
        }
        for code in sorted(codes):
            if s.scalar(select(ChecklistTemplate.id).where(ChecklistTemplate.code == code)) is None:
                s.add(
                    ChecklistTemplate(
                        code=code,
                        name=f"{code} 检查表",
                        rows=[{"no": 1, "content": "亮证经营", "answer": "yesno"}],
                    )
                )
        s.add(ChecklistTemplate(code="UNRELATED", name="无关模板", rows=[]))
        mine, others = [], []
        for i, target in enumerate(targets):
            v = Visit(task_id=task.id, target_id=target.id, stratum="A", status="待检查")
            s.add(v)
            s.flush()
            team = inspectors[:2] if i < visits else inspectors[2:4]
            for pos, insp in enumerate(team):
                s.add(
                    VisitMember(
                        visit_id=v.id,
                        inspector_id=insp.id,
                        role="组长" if pos == 0 else "成员",
                        position=pos,
                    )
                )
            (mine if i < visits else others).append(v.uid)
        return FieldWork(
            task.task_no, inspectors[0].cert_no, inspectors[2].cert_no, tuple(mine), tuple(others)
        )


def add_inspection(
    ws: Workspace,
    visit_uid: str,
    *,
    status: str = "draft",
    answer: str = "是",
    signer: str = "王店主",
) -> str:
    """A form for a visit (with one signature image when completed), logged in the audit chain."""
    with ws.db.session() as s:
        visit = s.scalar(select(Visit).where(Visit.uid == visit_uid))
        assert visit is not None
        n = len(s.scalars(select(Inspection.id).where(Inspection.visit_id == visit.id)).all())
        insp = Inspection(
            visit_id=visit.id,
            version_no=n + 1,
            status=status,
            header={"target": visit_uid},
            data={"1": answer},
            started_at=utcnow(),
        )
        s.add(insp)
        s.flush()
        if status == "completed":
            insp.completed_at = utcnow()
            png = PNG + f"sig:{insp.uid}".encode()
            sha = hashlib.sha256(png).hexdigest()
            if s.get(AttachmentBlob, sha) is None:
                s.add(AttachmentBlob(sha256=sha, size=len(png), mime="image/png", data=png))
            s.add(
                Signature(
                    inspection_id=insp.id,
                    role="party",
                    signer_name=signer,
                    image_sha256=sha,
                    strokes=[[[0, 0, 1, 0], [3, 4, 1, 20]]],
                )
            )
            visit.status = "已完成"
        audit.log_event(
            s,
            SYSTEM_ACTOR,
            "inspection.save",
            entity="inspection",
            entity_uid=insp.uid,
            summary="填写检查表",
            after={"data": insp.data},
        )
        return insp.uid


def edit_inspection(ws: Workspace, uid: str, answer: str) -> None:
    with ws.db.session() as s:
        insp = s.scalar(select(Inspection).where(Inspection.uid == uid))
        assert insp is not None
        insp.data = {"1": answer}


def inspection_answer(ws: Workspace, uid: str) -> str | None:
    with ws.db.read_session() as s:
        insp = s.scalar(select(Inspection).where(Inspection.uid == uid))
        return None if insp is None else insp.data.get("1")


def count(ws: Workspace, model: type) -> int:
    with ws.db.read_session() as s:
        return len(s.scalars(select(model.id)).all())  # type: ignore[attr-defined]


def pair(
    office: Workspace,
    laptop_db: str | Path,
    tmp_path: Path,
    *,
    inspectors: tuple[str, ...] | None = None,
) -> Workspace:
    """Opens the laptop's database and exchanges public keys with the office both ways.

    The office trusts the laptop key as issued for `inspectors` (执法证号; default: the first
    inspector of the registry, make_field_work's `inspector_cert`)."""
    laptop = open_workspace(laptop_db)
    keys.export_public_key(office, tmp_path / "office.pub")
    keys.export_public_key(laptop, tmp_path / "laptop.pub")
    if inspectors is None:
        with office.db.read_session() as s:
            first = s.scalars(select(Inspector.cert_no).order_by(Inspector.id)).first()
        inspectors = (first,) if first else ()
    keys.trust_key(office, tmp_path / "laptop.pub", role="laptop", inspectors=inspectors)
    keys.trust_key(laptop, tmp_path / "office.pub", role="office")
    return laptop


def make_office(url: str | Path, *, targets: int = 60) -> Workspace:
    """A sample county with registries and plans only (the draw/forms demo steps are not ours)."""
    import random

    from app.core.demo import SampleSpec, registry_data

    ws = open_workspace(url)
    spec = SampleSpec(targets=targets)
    rng = random.Random(spec.seed)
    registry_data.populate(ws, rng, spec)
    registry_data.populate_plan(ws, rng, spec)
    return ws
