"""Photos and documents of a form, stored once by their SHA-256 (content-addressed blobs).

A photo may answer a photo row of the checklist (`item_code` + `row_no`): the row's answer
then lists the photos' hashes. Thumbnails are the front end's job. Only drafts change.
"""

from __future__ import annotations

from pathlib import Path

from app.core.domain.checklist import FormData
from app.core.domain.errors import NotFoundError, ValidationError
from app.core.domain.ids import InspectionId
from app.core.domain.roles import Permission
from app.core.services.checklist.inspection_views import (
    AttachmentView,
    attachment_views,
    check_access,
    editable_draft,
)
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.blobs import MAX_BYTES, sniff_mime, store_blob
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Attachment, Inspection


def add_attachment(
    ws: Workspace,
    inspection_id: InspectionId,
    *,
    filename: str,
    data: bytes,
    kind: str | None = None,
    caption: str | None = None,
    item_code: str | None = None,
    row_no: str | None = None,
) -> AttachmentView:
    """Attaches a photo or document to a draft form (and to a photo row when given)."""
    ws.require(Permission.FILL_FORMS)
    if not data:
        raise ValidationError(f"文件“{filename}”是空的。 / The file is empty.")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"文件“{filename}”超过{MAX_BYTES // 1024 // 1024}MB。 / The file is too large."
        )
    mime = sniff_mime(data, filename)
    kind = kind or ("photo" if mime.startswith("image/") else "document")
    if kind not in ("photo", "document"):
        raise ValidationError(f"附件类型“{kind}”无效。 / Unknown attachment kind.")
    if (item_code is None) != (row_no is None):
        raise ValidationError(
            "照片所属的检查事项和行号须同时给出。 / item_code and row_no go together."
        )
    with ws.db.session() as s:
        insp = editable_draft(s, ws.actor, inspection_id)
        if item_code is not None and item_code not in {p["item_code"] for p in insp.templates}:
            raise ValidationError(
                f"检查表中没有检查事项 {item_code}。 / No item {item_code} on the form."
            )
        digest = store_blob(s, data, mime=mime)
        att = Attachment(
            inspection_id=insp.id,
            sha256=digest,
            filename=Path(filename).name[:260],
            kind=kind,
            caption=caption,
            item_code=item_code,
            row_no=row_no,
        )
        s.add(att)
        if item_code is not None and row_no is not None:  # a photo row: the photo answers it
            form = FormData.of(insp.data)
            current = (form.answers.get(item_code) or {}).get(row_no)
            photos = list(current) if isinstance(current, list) else []
            if digest not in photos:
                photos.append(digest)
            insp.data = form.with_answer(item_code, row_no, photos).stored()
        s.flush()
        log_event(
            s,
            ws.actor,
            "inspection.attach",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"添加附件：{att.filename}",
            after={"sha256": digest, "item": item_code, "row": row_no},
        )
        return next(a for a in attachment_views(s, insp.id) if a.id == att.id)


def remove_attachment(ws: Workspace, attachment_id: int) -> Changes:
    ws.require(Permission.FILL_FORMS)
    with ws.db.session() as s:
        att = s.get(Attachment, attachment_id)
        if att is None:
            raise NotFoundError(
                f"没有编号为 {attachment_id} 的附件。 / No attachment {attachment_id}."
            )
        insp = editable_draft(s, ws.actor, att.inspection_id)
        if att.item_code and att.row_no:
            form = FormData.of(insp.data)
            current = (form.answers.get(att.item_code) or {}).get(att.row_no)
            photos = [p for p in current if p != att.sha256] if isinstance(current, list) else []
            insp.data = form.with_answer(att.item_code, att.row_no, photos or None).stored()
        s.delete(att)
        log_event(
            s,
            ws.actor,
            "inspection.detach",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"删除附件：{att.filename}",
            before={"sha256": att.sha256},
        )
    return Changes.of(Area.INSPECTIONS)


def list_attachments(ws: Workspace, inspection_id: InspectionId) -> tuple[AttachmentView, ...]:
    with ws.db.read_session() as s:
        insp = s.get(Inspection, inspection_id)
        if insp is None:
            raise NotFoundError(
                f"没有编号为 {inspection_id} 的检查表。 / No inspection {inspection_id}."
            )
        check_access(s, ws.actor, insp.visit_id)
        return attachment_views(s, inspection_id)
