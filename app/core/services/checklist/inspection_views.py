"""Read models of the checklist form and the helpers that build them from rows.

Frozen dataclasses for the front ends and the PDF writers; no mutation lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.checklist import CodeSpec, FormData, RowSpec, SectionSpec, SignatureFacts
from app.core.domain.errors import ConflictError, NotFoundError, PermissionDenied
from app.core.domain.ids import InspectionId, InspectorId, VisitId
from app.core.domain.localtime import to_local
from app.core.domain.roles import Actor, Role
from app.core.domain.states import FormState
from app.core.storage.models import (
    Attachment,
    AttachmentBlob,
    ChecklistTemplate,
    CodeEntry,
    Inspection,
    Signature,
    Visit,
    VisitMember,
)


@dataclass(frozen=True)
class VisitRow:
    """A visit in the inspector's list (待检查 / 草稿 / 已完成)."""

    visit_id: VisitId
    task_no: str
    task_name: str
    business_name: str
    business_code: str
    address: str
    status: str  # the visit's: 待检查 / 检查中 / 已完成
    inspection_id: InspectionId | None
    version_no: int | None
    form_status: str | None  # draft / completed
    team: str
    updated_at: datetime | None


@dataclass(frozen=True)
class FormSection:
    """One inspection item's rows as the form shows them (template version pinned)."""

    item_code: str
    item_name: str
    department: str
    template_code: str
    template_version: int
    template_name: str
    rows: tuple[dict[str, Any], ...]

    def spec(self) -> SectionSpec:
        return SectionSpec(
            self.item_code,
            self.item_name,
            tuple(
                RowSpec(
                    str(r["no"]),
                    str(r.get("content", "")),
                    str(r.get("answer", "yesno")),
                    bool(r.get("na", True)),
                )
                for r in self.rows
            ),
        )


@dataclass(frozen=True)
class SignatureView:
    id: int
    role: str
    signer_name: str
    signer_id_number: str
    inspector_id: InspectorId | None
    image_sha256: str | None
    signed_at: datetime
    refused: bool
    refusal_reason: str
    stroke_count: int
    is_seal: bool = False  # the party sealed: the image is a photo of the seal impression
    no_id_reason: str = ""  # a witness without an ID number: why

    def facts(self) -> SignatureFacts:
        return SignatureFacts(
            self.role,
            self.signer_name,
            bool(self.image_sha256),
            self.refused,
            self.refusal_reason,
            self.signer_id_number,
            self.inspector_id,
            self.no_id_reason,
        )


@dataclass(frozen=True)
class AttachmentView:
    id: int
    sha256: str
    filename: str
    kind: str
    caption: str
    item_code: str
    row_no: str
    size: int
    mime: str


@dataclass(frozen=True)
class FormView:
    """随机抽查检查表 — one version of a visit's form, everything the form and the sheet show."""

    id: InspectionId
    uid: str
    visit_id: VisitId
    version_no: int
    row_version: int  # optimistic-lock counter; pass back as base_version when saving
    status: str  # draft / completed / superseded
    header: dict[str, Any]
    sections: tuple[FormSection, ...]
    data: FormData  # what the inspector filled in
    started_at: datetime | None
    ended_at: datetime | None
    place: str
    completed_at: datetime | None
    completed_by: str
    correction_reason: str
    previous_id: int | None
    content_hash: str | None
    signatures: tuple[SignatureView, ...] = ()
    attachments: tuple[AttachmentView, ...] = ()
    updated_at: datetime | None = None
    unsaved: bool = False  # opened, not yet changed: nothing stored until the first change

    @property
    def locked(self) -> bool:
        return self.status != FormState.DRAFT

    @property
    def team_inspector_ids(self) -> list[int]:
        return [
            m["inspector_id"] for m in self.header.get("inspectors", []) if m.get("inspector_id")
        ]


@dataclass(frozen=True)
class FormCodes:
    """The code tables the form offers: 检查结果 (tree), 核查方式, 后续处置."""

    results: tuple[CodeSpec, ...]
    methods: tuple[tuple[str, str], ...]
    disposals: tuple[tuple[str, str], ...]
    public_results: dict[str, str] = field(default_factory=dict)


def local_time(utc: datetime | None) -> datetime | None:
    """A stored UTC time on the office's wall clock (naive); see app.core.domain.localtime."""
    return to_local(utc)


def form_codes_from_session(session: Session) -> FormCodes:
    rows = list(
        session.scalars(
            select(CodeEntry)
            .where(CodeEntry.is_active)
            .order_by(CodeEntry.table, CodeEntry.sort_order)
        )
    )
    results = tuple(
        CodeSpec(r.code, r.text, r.parent_code, r.exclusive) for r in rows if r.table == "result"
    )
    return FormCodes(
        results=results,
        methods=tuple((r.code, r.text) for r in rows if r.table == "method"),
        disposals=tuple((r.code, r.text) for r in rows if r.table == "disposal"),
        public_results={r.code: r.public_text or r.text for r in rows if r.table == "result"},
    )


def check_access(session: Session, actor: Actor, visit_id: int) -> None:
    """检查人员 see and edit only the visits whose team they are on; others see all."""
    if actor.role != Role.INSPECTOR:
        return
    member = None
    if actor.inspector_id is not None:
        member = session.scalar(
            select(VisitMember.id).where(
                VisitMember.visit_id == visit_id, VisitMember.inspector_id == actor.inspector_id
            )
        )
    if member is None:
        raise PermissionDenied(
            "您不是该检查对象检查组的成员，不能查看或填写其检查表。"
            " / You are not on this visit's team."
        )


def load_inspection(session: Session, inspection_id: int) -> Inspection:
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise NotFoundError(
            f"没有编号为 {inspection_id} 的检查表。 / No inspection {inspection_id}."
        )
    return row


def load_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFoundError(f"没有编号为 {visit_id} 的检查对象（走访）。 / No visit {visit_id}.")
    return visit


def sections_of(session: Session, insp: Inspection) -> tuple[FormSection, ...]:
    """The form's sections with the template versions it pinned when it was started."""
    items = {i["code"]: i for i in insp.header.get("items", [])}
    out: list[FormSection] = []
    cache: dict[tuple[str, int], ChecklistTemplate] = {}
    for pin in insp.templates:
        key = (pin["template_code"], int(pin["version_no"]))
        tpl = cache.get(key)
        if tpl is None:
            tpl = session.scalars(
                select(ChecklistTemplate).where(
                    ChecklistTemplate.code == key[0], ChecklistTemplate.version_no == key[1]
                )
            ).one()
            cache[key] = tpl
        item = items.get(pin["item_code"], {})
        out.append(
            FormSection(
                pin["item_code"],
                item.get("name", pin["item_code"]),
                item.get("department", ""),
                tpl.code,
                tpl.version_no,
                tpl.name,
                tuple(tpl.rows),
            )
        )
    return tuple(out)


def signature_views(session: Session, inspection_id: int) -> tuple[SignatureView, ...]:
    rows = session.scalars(
        select(Signature).where(Signature.inspection_id == inspection_id).order_by(Signature.id)
    )
    return tuple(
        SignatureView(
            s.id,
            s.role,
            s.signer_name,
            s.signer_id_number or "",
            None if s.inspector_id is None else InspectorId(s.inspector_id),
            s.image_sha256,
            s.signed_at,
            s.refused,
            s.refusal_reason or "",
            len(s.strokes or []),
            bool(s.is_seal),
            s.no_id_reason or "",
        )
        for s in rows
    )


def attachment_views(session: Session, inspection_id: int) -> tuple[AttachmentView, ...]:

    rows = session.execute(
        select(Attachment, AttachmentBlob.size, AttachmentBlob.mime)
        .join(AttachmentBlob, AttachmentBlob.sha256 == Attachment.sha256)
        .where(Attachment.inspection_id == inspection_id)
        .order_by(Attachment.id)
    )
    out = []
    for a, size, mime in rows:
        out.append(
            AttachmentView(
                a.id,
                a.sha256,
                a.filename,
                a.kind,
                a.caption or "",
                a.item_code or "",
                a.row_no or "",
                size,
                mime,
            )
        )
    return tuple(out)


def form_view(session: Session, insp: Inspection) -> FormView:
    return FormView(
        id=InspectionId(insp.id),
        uid=insp.uid,
        visit_id=VisitId(insp.visit_id),
        version_no=insp.version_no,
        row_version=insp.version,
        status=insp.status,
        header=dict(insp.header),
        sections=sections_of(session, insp),
        data=FormData.of(insp.data),
        started_at=insp.started_at,
        ended_at=insp.ended_at,
        place=insp.place or "",
        completed_at=insp.completed_at,
        completed_by=insp.completed_by or "",
        correction_reason=insp.correction_reason or "",
        previous_id=insp.previous_id,
        content_hash=insp.content_hash,
        signatures=signature_views(session, insp.id),
        attachments=attachment_views(session, insp.id),
        updated_at=insp.updated_at,
    )


def editable_draft(s: Session, actor: Actor, inspection_id: int) -> Inspection:
    """The form row for a change: must exist, be visible to the actor and still be a draft."""
    insp = load_inspection(s, inspection_id)
    check_access(s, actor, insp.visit_id)
    if insp.status != FormState.DRAFT:
        raise ConflictError(
            "检查表已完成并锁定，不能修改；如需更正请新建更正版本。"
            " / The form is completed and locked; start a correction to change it."
        )
    return insp
