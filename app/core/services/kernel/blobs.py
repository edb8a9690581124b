"""Content-addressed blobs: photos, signatures, seals and reports stored once by their SHA-256.

Used by the checklist's attachments and signatures and by third parties' reports; a blob is
never stored twice and never changes (its name is its content's hash).
"""

from __future__ import annotations

import hashlib
import mimetypes

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import NotFoundError
from app.core.services.kernel.workspace import Workspace
from app.core.storage.models import AttachmentBlob

MAX_BYTES = 30 * 1024 * 1024
_MAGIC = (
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"%PDF", "application/pdf"),
    (b"BM", "image/bmp"),
    (b"PK\x03\x04", "application/zip"),
)


def sniff_mime(data: bytes, filename: str = "") -> str:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def store_blob(session: Session, data: bytes, *, mime: str) -> str:
    """Stores bytes once; returns their SHA-256 (the same bytes are never stored twice)."""
    digest = hashlib.sha256(data).hexdigest()
    if session.get(AttachmentBlob, digest) is None:
        session.add(AttachmentBlob(sha256=digest, size=len(data), mime=mime, data=data))
        session.flush()
    return digest


def blob_bytes(ws: Workspace, sha256: str) -> bytes:
    with ws.db.read_session() as s:
        blob = s.get(AttachmentBlob, sha256)
        if blob is None:
            raise NotFoundError(f"找不到附件内容 {sha256[:12]}…。 / No blob {sha256[:12]}.")
        return bytes(blob.data)


def blobs(ws: Workspace, sha256s: list[str]) -> dict[str, bytes]:
    """Several blobs at once (signature images for a batch of sheets)."""
    out: dict[str, bytes] = {}
    with ws.db.read_session() as s:
        for i in range(0, len(sha256s), 500):
            for b in s.scalars(
                select(AttachmentBlob).where(AttachmentBlob.sha256.in_(sha256s[i : i + 500]))
            ):
                out[b.sha256] = bytes(b.data)
    return out
