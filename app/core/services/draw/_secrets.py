"""The office secrets of the draw attempts this process locked, held in memory until the
reveal (DRAW-v1.1): never in the database, on disk or in a log, so whoever reads the database
before the reveal cannot precompute the outcome. Losing one (the program closed or killed)
makes that attempt impossible to compute: it is aborted and a new one locked.
"""

from __future__ import annotations

import threading


class HeldSecrets:
    """Office secrets of the attempts this process locked, by draw-session uid, until the reveal.

    Deliberately in memory only: not in the database, not on disk, not in a log. Losing it (the
    program closed or killed) makes the attempt impossible to compute — it is then aborted and a
    new attempt locked with a new secret, both staying in the trail."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: dict[str, bytes] = {}

    def hold(self, uid: str, secret: bytes) -> None:
        with self._lock:
            self._secrets[uid] = secret

    def peek(self, uid: str) -> bytes | None:
        with self._lock:
            return self._secrets.get(uid)

    def forget(self, uid: str) -> None:
        with self._lock:
            self._secrets.pop(uid, None)


held_secrets = HeldSecrets()
