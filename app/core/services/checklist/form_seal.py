"""A completed form's keyed seal: its content hash bound to the visit, the inspector and the
form version, signed with the completing installation's Ed25519 key.

The content hash alone (SHA-256 of the form as printed) can be recomputed by anyone who edits
the database; the seal cannot without the installation's private key, which never leaves its
data folder. A form copied to another visit, renumbered, edited and re-hashed, or sealed by a
key this office does not trust fails `check_seal`; the sheet prints the verdict. Forms
completed before seals existed carry none and are shown as such (unkeyed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.canonical import canonical_json, content_hash
from app.core.domain.errors import AppError
from app.core.domain.roles import Actor
from app.core.domain.states import FormState
from app.core.services.kernel import keys
from app.core.storage.models import Attachment, Inspection, Inspector, Signature, TrustedKey, Visit

SEAL_VERSION = 1
SEAL_ALG = "Ed25519"
SIGNED_FIELDS = ("v", "form", "visit", "version_no", "inspector", "completed_by", "content_hash")


def hashed_content(s: Session, insp: Inspection) -> dict[str, Any]:
    """What the content hash covers: the form as printed, its signatures and attachments."""
    sigs = s.scalars(
        select(Signature).where(Signature.inspection_id == insp.id).order_by(Signature.id)
    )
    atts = s.scalars(
        select(Attachment).where(Attachment.inspection_id == insp.id).order_by(Attachment.id)
    )
    return {
        "form": insp.uid,
        "visit": insp.header.get("visit_uid"),
        "version_no": insp.version_no,
        "header": insp.header,
        "templates": insp.templates,
        "data": insp.data,
        "started_at": insp.started_at,
        "ended_at": insp.ended_at,
        "place": insp.place,
        "correction_reason": insp.correction_reason,
        "signatures": [
            {
                "role": g.role,
                "name": g.signer_name,
                "id_number": g.signer_id_number,
                "inspector_id": g.inspector_id,
                "image": g.image_sha256,
                "strokes": content_hash(g.strokes),
                "refused": g.refused,
                "reason": g.refusal_reason,
                "signed_at": g.signed_at,
                # Only when set, so forms completed before seals existed keep their hash.
                **({"seal": True} if g.is_seal else {}),
                **({"no_id_reason": g.no_id_reason} if g.no_id_reason else {}),
            }
            for g in sigs
        ],
        "attachments": [
            {
                "sha256": a.sha256,
                "filename": a.filename,
                "kind": a.kind,
                "item": a.item_code,
                "row": a.row_no,
            }
            for a in atts
        ],
    }


def _payload(seal: dict[str, Any]) -> bytes:
    """The exact bytes signed: the bound fields and the key id, canonical JSON."""
    bound = {k: seal.get(k) for k in SIGNED_FIELDS}
    return canonical_json({"seal": "shuangsuiji-form", **bound, "key_id": seal.get("key_id")})


def make_seal(session: Session, insp: Inspection, actor: Actor) -> dict[str, Any] | None:
    """The seal of a form being completed (content_hash already set), or None when this
    workstation lacks the installation's private key file (the form is then unkeyed)."""

    inst = keys.ensure_installation_in(session)
    try:
        private = keys.private_keys(inst).signing
    except AppError:
        return None
    visit_uid = session.scalar(select(Visit.uid).where(Visit.id == insp.visit_id))
    inspector_uid = (
        session.scalar(select(Inspector.uid).where(Inspector.id == actor.inspector_id))
        if actor.inspector_id is not None
        else None
    )
    seal: dict[str, Any] = {
        "v": SEAL_VERSION,
        "alg": SEAL_ALG,
        "key_id": inst.key_id,
        "form": insp.uid,
        "visit": visit_uid,
        "version_no": insp.version_no,
        "inspector": inspector_uid,
        "completed_by": insp.completed_by,
        "content_hash": insp.content_hash,
    }
    seal["signature"] = private.sign(_payload(seal)).hex()
    return seal


@dataclass(frozen=True)
class SealCheck:
    """The verdict on a form's seal: state ok / unkeyed / invalid / draft, in words."""

    state: str
    text: str
    signer: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def _public_key(session: Session, key_id: str) -> tuple[bytes, str, bool] | None:
    inst = keys.ensure_installation_in(session)
    if key_id == inst.key_id:
        return bytes.fromhex(inst.signing_key), "本机", False
    row = session.scalar(select(TrustedKey).where(TrustedKey.key_id == key_id))
    if row is None:
        return None
    return bytes.fromhex(row.signing_key), row.name, bool(row.revoked)


def seal_signature_valid(seal: Any, public_key: bytes) -> bool:
    """True when `seal` is well-formed and its signature verifies with `public_key`."""
    if not isinstance(seal, dict) or seal.get("alg") != SEAL_ALG or seal.get("v") != SEAL_VERSION:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(
            bytes.fromhex(str(seal.get("signature"))), _payload(seal)
        )
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def bound_mismatch(
    seal: dict[str, Any],
    *,
    form: str,
    visit: str | None,
    version_no: int,
    completed_by: str | None,
    digest: str | None,
) -> list[str]:
    """What of the form no longer matches what the seal binds (empty: all matches)."""
    wrong = []
    if seal.get("form") != form:
        wrong.append("检查表编号")
    if seal.get("visit") != visit:
        wrong.append("所属检查（被检查对象）")
    if seal.get("version_no") != version_no:
        wrong.append("版本")
    if seal.get("completed_by") != completed_by:
        wrong.append("完成人")
    if seal.get("content_hash") != digest:
        wrong.append("内容哈希")
    return wrong


def check_seal(session: Session, insp: Inspection) -> SealCheck:
    """Verifies a completed form: its content against its hash, and the seal against the
    key that made it, the visit, the form version and the inspector it binds."""

    if insp.status == FormState.DRAFT:
        return SealCheck("draft", "草稿：尚未完成，没有封记")
    actual = content_hash(hashed_content(session, insp))
    if insp.content_hash != actual:
        return SealCheck("invalid", "内容与完成时的内容哈希不符：检查表在完成后被改动")
    seal = insp.seal
    if not seal:
        return SealCheck("unkeyed", "旧版检查表：没有密钥封记，只有内容哈希")
    visit_uid = session.scalar(select(Visit.uid).where(Visit.id == insp.visit_id))
    key = _public_key(session, str(seal.get("key_id") or ""))
    if key is None:
        return SealCheck("invalid", f"封记的密钥 {seal.get('key_id')} 不是本机或受信任的密钥")
    public, name, revoked = key
    if not seal_signature_valid(seal, public):
        return SealCheck("invalid", "封记的签名无法验证：检查表或封记被改动", name)
    wrong = bound_mismatch(
        seal,
        form=insp.uid,
        visit=visit_uid,
        version_no=insp.version_no,
        completed_by=insp.completed_by,
        digest=actual,
    )
    if wrong:
        return SealCheck(
            "invalid", f"封记与检查表不符（{'、'.join(wrong)}），检查表被复制或改动", name
        )
    note = "（该密钥已吊销）" if revoked else ""
    short = name if len(name) <= 16 else name[:15] + "…"
    return SealCheck("ok", f"密钥封记有效（“{short}”的密钥）{note}", name)
