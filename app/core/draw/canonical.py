"""DRAW-v1 §1 encodings for the app: cj(), norm(), sha256hex(), digest().

Re-exported from engine.py; define nothing here (verifier.py keeps its own plain copy).
"""

from __future__ import annotations

from .engine import WHITE_SPACE, cj, digest, norm, sha256hex

__all__ = ["WHITE_SPACE", "cj", "digest", "norm", "sha256hex"]
