"""Verifying a DRAW-v1 record (§9) from inside the app: verify_record(record) -> failures.

Re-exported from verifier.py, the plain verifier observers run on their own: the app verifies
with the very same file. Add no check here, add it there.
"""

from __future__ import annotations

from .verifier import loads_strict, record_digest, verify_record

__all__ = ["loads_strict", "record_digest", "verify_record"]
