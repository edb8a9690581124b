"""Signatures on a form: the party's (法定代表人/负责人), each inspector's, and a refusal with a witness.

A signature is kept as its strokes and as a PNG rendered from them (content-addressed blob).
Signing changes a draft only; a completed form is locked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.core.domain.codes import check_id_number
from app.core.domain.errors import ConflictError, NotFoundError, ValidationError
from app.core.domain.ids import InspectionId, InspectorId
from app.core.domain.roles import Permission
from app.core.services.checklist.inspection_views import (
    SignatureView,
    check_access,
    editable_draft,
    load_inspection,
    signature_views,
)
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.blobs import sniff_mime, store_blob
from app.core.services.kernel.workspace import Area, Changes, Workspace
from app.core.storage.models import Signature, utcnow

ROLES = {"party": "被检查单位法定代表人（负责人）", "inspector": "检查人员", "witness": "见证人"}
MAX_POINTS = 20000


def clean_strokes(strokes: Sequence[Sequence[Sequence[float]]]) -> list[list[list[float]]]:
    """Validates strokes ([[x, y, pressure?, t_ms?], ...] per stroke) and rounds them for storage."""
    out: list[list[list[float]]] = []
    total = 0
    for stroke in strokes or []:
        pts: list[list[float]] = []
        for p in stroke:
            if len(p) < 2 or not all(
                isinstance(v, int | float) and math.isfinite(v) for v in p[:4]
            ):
                raise ValidationError("签名笔迹数据无效。 / Invalid stroke point.")
            x, y = round(float(p[0]), 1), round(float(p[1]), 1)
            pressure = round(min(1.0, max(0.0, float(p[2]))), 3) if len(p) > 2 else 0.5
            t = int(p[3]) if len(p) > 3 else 0
            pts.append([x, y, pressure, t])
        if pts:
            out.append(pts)
            total += len(pts)
    if total < 2:
        raise ValidationError("签名为空，请在签名板上签字。 / The signature is empty.")
    if total > MAX_POINTS:
        raise ValidationError("签名笔迹过长。 / The signature has too many points.")
    return out


def add_signature(
    ws: Workspace,
    inspection_id: InspectionId,
    *,
    role: str,
    signer_name: str,
    strokes: Sequence[Sequence[Sequence[float]]],
    inspector_id: InspectorId | None = None,
    signer_id_number: str | None = None,
    signed_at: datetime | None = None,
) -> SignatureView:
    """Records a signature (replacing the same signer's earlier one on this draft)."""
    ws.require(Permission.FILL_FORMS)
    if role not in ROLES:
        raise ValidationError(f"签名角色“{role}”无效。 / Unknown signer role.")
    name = (signer_name or "").strip()
    if not name:
        raise ValidationError(f"请填写{ROLES[role]}姓名。 / The signer's name is required.")
    id_number = _id_number(signer_id_number, required=role == "witness")
    clean = clean_strokes(strokes)
    from app.core.reports.signature_png import render_signature_png  # Pillow on use

    png = render_signature_png(clean)
    with ws.db.session() as s:
        insp = editable_draft(s, ws.actor, inspection_id)
        if role == "inspector":
            team = {m.get("inspector_id") for m in insp.header.get("inspectors", [])}
            if inspector_id not in team:
                raise ValidationError(
                    f"{name} 不是本检查组成员，不能作为检查人员签名。 / Not on the team."
                )
        if role == "party" and any(g.refused for g in _same_signer(s, insp.id, "party", None)):
            raise ConflictError(
                "已记录当事人拒绝签字（有见证人签名），不能直接签字覆盖；"
                "如当事人改为签字，请先撤销拒绝记录。 / A refusal is recorded; undo it first."
            )
        digest = store_blob(s, png, mime="image/png")
        for old in _same_signer(s, insp.id, role, inspector_id):
            s.delete(old)
        sig = Signature(
            inspection_id=insp.id,
            role=role,
            signer_name=name,
            signer_id_number=id_number,
            inspector_id=inspector_id if role == "inspector" else None,
            strokes=clean,
            image_sha256=digest,
            signed_at=signed_at or utcnow(),
            refused=False,
        )
        s.add(sig)
        s.flush()
        log_event(
            s,
            ws.actor,
            "inspection.sign",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"{ROLES[role]}签名：{name}",
            after={"role": role, "name": name, "image": digest},
        )
        return next(v for v in signature_views(s, insp.id) if v.id == sig.id)


def _id_number(text: str | None, *, required: bool) -> str | None:
    text = (text or "").strip()
    if not text:
        if required:
            raise ValidationError("请填写见证人身份证号码。 / The witness's ID number is required.")
        return None
    check = check_id_number(text)
    if not check.ok:
        # The signer is present: a wrong check character is a typo to correct, not to accept.
        raise ValidationError(f"身份证号码有误：{check.reason} / Invalid ID number.")
    return check.normalized


def _same_signer(
    s: Any, inspection_id: int, role: str, inspector_id: int | None
) -> list[Signature]:
    q = select(Signature).where(Signature.inspection_id == inspection_id)
    if role == "inspector":
        q = q.where(Signature.role == "inspector", Signature.inspector_id == inspector_id)
    else:
        q = q.where(Signature.role == role)
    return list(s.scalars(q))


def record_refusal(
    ws: Workspace,
    inspection_id: InspectionId,
    *,
    reason: str,
    witness_name: str,
    witness_id_number: str,
    witness_strokes: Sequence[Sequence[Sequence[float]]],
    party_name: str | None = None,
    signed_at: datetime | None = None,
    no_id_reason: str | None = None,
) -> Changes:
    """拒绝签字: the party refused; the reason, and a witness's name, signature and ID number
    (or, when the witness gives none, the reason: `no_id_reason`)."""
    ws.require(Permission.FILL_FORMS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写拒绝签字的原因。 / Give the reason of the refusal.")
    if not (witness_name or "").strip():
        raise ValidationError("请填写见证人姓名。 / The witness's name is required.")
    no_id = (no_id_reason or "").strip()
    if not (witness_id_number or "").strip() and not no_id:
        raise ValidationError(
            "请填写见证人身份证号码，或说明未提供的原因。"
            " / The witness's ID number, or the reason there is none, is required."
        )
    id_number = _id_number(witness_id_number, required=False)
    clean = clean_strokes(witness_strokes)
    from app.core.reports.signature_png import render_signature_png  # Pillow on use

    png = render_signature_png(clean)
    with ws.db.session() as s:
        insp = editable_draft(s, ws.actor, inspection_id)
        for old in _same_signer(s, insp.id, "party", None):
            raise ConflictError(
                ("已记录当事人拒绝签字" if old.refused else f"当事人{old.signer_name}已签字")
                + "，不能再记录拒绝签字；如需修改请先撤销原记录。"
                " / The party already signed or refused; undo that first."
            )
        for old in [
            *_same_signer(s, insp.id, "witness", None),
        ]:
            s.delete(old)
        party = (
            party_name or insp.header.get("business", {}).get("legal_rep") or "法定代表人（负责人）"
        )
        s.add(
            Signature(
                inspection_id=insp.id,
                role="party",
                signer_name=party,
                strokes=[],
                image_sha256=None,
                refused=True,
                refusal_reason=reason,
            )
        )
        digest = store_blob(s, png, mime="image/png")
        s.add(
            Signature(
                inspection_id=insp.id,
                role="witness",
                signer_name=witness_name.strip(),
                signer_id_number=id_number,
                strokes=clean,
                image_sha256=digest,
                no_id_reason=None if id_number else no_id,
            )
        )
        log_event(
            s,
            ws.actor,
            "inspection.refusal",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"当事人拒绝签字：{reason}；见证人：{witness_name.strip()}",
            after={"reason": reason, "witness": witness_name.strip(), "image": digest},
        )
    return Changes.of(Area.INSPECTIONS)


MAX_SEAL_BYTES = 8 * 1024 * 1024


def add_party_seal(
    ws: Workspace,
    inspection_id: InspectionId,
    *,
    signer_name: str,
    photo: bytes,
    signed_at: datetime | None = None,
) -> SignatureView:
    """盖章 instead of a signature (五原 第二十二条: 签字或盖章): a photo of the seal impression
    stands for the party's signature and is printed in its box. Replaces an earlier party
    signature on the draft; refused over a recorded refusal, like a signature."""
    ws.require(Permission.FILL_FORMS)
    name = (signer_name or "").strip()
    if not name:
        raise ValidationError(
            "请填写盖章单位或负责人名称。 / The sealing party's name is required."
        )
    if not photo or len(photo) > MAX_SEAL_BYTES:
        raise ValidationError("印章照片为空或超过8 MB。 / The seal photo is empty or above 8 MB.")

    mime = sniff_mime(photo)
    if mime not in ("image/png", "image/jpeg"):
        raise ValidationError(
            "印章照片须为 JPEG 或 PNG 图片。 / The seal photo must be a JPEG or PNG."
        )
    with ws.db.session() as s:
        insp = editable_draft(s, ws.actor, inspection_id)
        old = _same_signer(s, insp.id, "party", None)
        if any(g.refused for g in old):
            raise ConflictError(
                "已记录当事人拒绝签字，不能再盖章；请先撤销拒绝记录。 / A refusal is recorded; undo it first."
            )
        for g in old:
            s.delete(g)
        digest = store_blob(s, photo, mime=mime)
        sig = Signature(
            inspection_id=insp.id,
            role="party",
            signer_name=name,
            strokes=[],
            image_sha256=digest,
            signed_at=signed_at or utcnow(),
            refused=False,
            is_seal=True,
        )
        s.add(sig)
        s.flush()
        log_event(
            s,
            ws.actor,
            "inspection.seal",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"被检查单位盖章（印章照片）：{name}",
            after={"role": "party", "name": name, "image": digest, "seal": True},
        )
        return next(v for v in signature_views(s, insp.id) if v.id == sig.id)


def remove_signature(ws: Workspace, signature_id: int) -> Changes:
    """Clears a signature (or a recorded refusal) on a draft, e.g. to sign again."""
    ws.require(Permission.FILL_FORMS)
    with ws.db.session() as s:
        sig = s.get(Signature, signature_id)
        if sig is None:
            raise NotFoundError(
                f"没有编号为 {signature_id} 的签名。 / No signature {signature_id}."
            )
        insp = editable_draft(s, ws.actor, sig.inspection_id)
        s.delete(sig)
        log_event(
            s,
            ws.actor,
            "inspection.unsign",
            entity="inspection",
            entity_uid=insp.uid,
            summary=f"清除签名：{sig.signer_name}",
            before={"role": sig.role, "image": sig.image_sha256},
        )
    return Changes.of(Area.INSPECTIONS)


def signature_strokes(ws: Workspace, signature_id: int) -> list[list[list[float]]]:
    """The stored strokes of a signature (to redraw it on the pad)."""
    with ws.db.read_session() as s:
        sig = s.get(Signature, signature_id)
        if sig is None:
            raise NotFoundError(
                f"没有编号为 {signature_id} 的签名。 / No signature {signature_id}."
            )

        check_access(s, ws.actor, load_inspection(s, sig.inspection_id).visit_id)
        return [list(map(list, st)) for st in sig.strokes]
