"""Helpers the CLI commands share: the workspace one command works in.

No business rules and no output formats here; like every command, only services and domain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from app.core.domain.errors import ValidationError
from app.core.services.kernel.workspace import Workspace, open_workspace


def day(text: str | None, option: str = "--date") -> date | None:
    """An option's YYYY-MM-DD date (None when not given); a ValidationError naming it else."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{option}：“{text}”不是 YYYY-MM-DD 日期。 / not a date") from None


@contextmanager
def workspace(db: str | Path | None, *, backup: bool = True) -> Iterator[Workspace]:
    """Opens `--db` (None: the default database) for one command; disposes it at the end,
    whether the command finished or raised."""
    ws = open_workspace(db, backup=backup)
    try:
        yield ws
    finally:
        ws.db.dispose()
