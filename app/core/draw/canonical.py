"""DRAW-v1 §1 encodings for the app: cj(), norm(), sha256hex(), digest().

Re-exported from verifier.py, the single stdlib-only implementation; define nothing here.
"""

from __future__ import annotations

from .verifier import WHITE_SPACE, cj, digest, norm, sha256hex

__all__ = ["WHITE_SPACE", "cj", "digest", "norm", "sha256hex"]
