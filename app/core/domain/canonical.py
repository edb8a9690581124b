"""Canonical JSON and hashing shared by the audit chain, bundles and content hashes.

Standard library only. (The draw protocol keeps its own copy in core.draw so its verifier
stays a single file anyone can run.)
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    return sha256_hex(canonical_json(value))


def check_code(digest: str | None) -> str:
    """The short code a person reads back (screen, sheet): the hash's first 8 hex, "3F2A-91BC".

    The full hash stays in the record and the sheet's QR code; "" for no hash (a draft)."""
    code = (digest or "").upper()[:8]
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else ""
