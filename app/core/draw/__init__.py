"""DRAW-v1, the publicly verifiable draw of inspection targets and inspectors (docs/draw-v1.md).

verifier.py holds the whole computation and the §9 verifier in one standard-library-only file
that observers can run alone; engine, verify and canonical are thin views on it. Stdlib only.

Interactive session: `lock_draw(...)` (secret made now; show `manifest_digest`) →
`reveal_draw(locked, observer_inputs=..., public_value=...)` → `draw_record(locked, reveal)`.
"""

from __future__ import annotations

from .canonical import WHITE_SPACE, cj, digest, norm, sha256hex
from .engine import (
    DrawRefused,
    LockedDraw,
    Reveal,
    assign_inspectors,
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
from .verifier import PROTOCOL, Lock, commitment_of, compute_record
from .verify import loads_strict, record_digest, verify_record

__all__ = [
    "PROTOCOL",
    "WHITE_SPACE",
    "DrawRefused",
    "Lock",
    "LockedDraw",
    "Reveal",
    "assign_inspectors",
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
    "replay",
    "restore_lock",
    "reveal_draw",
    "select_targets",
    "sha256hex",
    "ticket",
    "verify_record",
]
