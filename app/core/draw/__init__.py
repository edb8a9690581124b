"""DRAW-v1.1 (DRAW-v1 with the public value's source bound before the lock), the publicly verifiable draw of inspection targets and inspectors (docs/draw-v1.md).

engine.py computes draws for the app (its fast paths live there); verifier.py is the plain,
spec-literal §9 verifier that observers run alone and that the app verifies with (verify.py);
a property test checks that both compute the same records. Stdlib only.

Interactive session: `lock_draw(...)` (secret made now; show `manifest_digest`) →
`reveal_draw(locked, observer_inputs=..., public_value=...)` → `draw_record(locked, reveal)`.
"""

from __future__ import annotations

from .canonical import WHITE_SPACE, cj, digest, norm, sha256hex
from .engine import (
    PROTOCOL,
    PROTOCOL_V1,
    PROTOCOLS,
    DrawRefused,
    Lock,
    LockedDraw,
    Reveal,
    assign_inspectors,
    check_public_value,
    commitment_of,
    compute_record,
    compute_seed,
    draw_record,
    lock,
    lock_draw,
    lock_manifest,
    new_office_secret,
    quota,
    replay,
    restore_lock,
    reveal_draw,
    select_targets,
    ticket,
)
from .verifier import record_notes
from .verify import loads_strict, record_digest, verify_record

__all__ = [
    "PROTOCOL",
    "PROTOCOLS",
    "PROTOCOL_V1",
    "WHITE_SPACE",
    "DrawRefused",
    "Lock",
    "LockedDraw",
    "Reveal",
    "assign_inspectors",
    "check_public_value",
    "cj",
    "commitment_of",
    "compute_record",
    "compute_seed",
    "digest",
    "draw_record",
    "lock",
    "lock_draw",
    "lock_manifest",
    "loads_strict",
    "new_office_secret",
    "norm",
    "quota",
    "record_digest",
    "record_notes",
    "replay",
    "restore_lock",
    "reveal_draw",
    "select_targets",
    "sha256hex",
    "ticket",
    "verify_record",
]
