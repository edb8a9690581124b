"""Helpers the CLI commands share: the workspace one command works in.

No business rules and no output formats here; like every command, only services and domain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.services.kernel.workspace import Workspace, open_workspace


@contextmanager
def workspace(db: str | Path | None, *, backup: bool = True) -> Iterator[Workspace]:
    """Opens `--db` (None: the default database) for one command; disposes it at the end,
    whether the command finished or raised."""
    ws = open_workspace(db, backup=backup)
    try:
        yield ws
    finally:
        ws.db.dispose()
