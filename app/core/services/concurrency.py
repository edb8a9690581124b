"""Optimistic versioning between workstations: a stale save becomes a ConflictError to show.

Every synced row carries `version` (SQLAlchemy's version_id_col); an UPDATE made from a stale
copy matches no row and raises StaleDataError. Services wrap their unit of work in
`saving()` so the user reads what happened instead of a traceback; nothing is lost or merged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.core.domain.errors import ConflictError
from app.core.services.workspace import Workspace

STALE_MESSAGE = "此记录已被其他工作站修改，请刷新后重试。 / This record was changed elsewhere; refresh and try again."


@contextmanager
def stale_is_conflict() -> Iterator[None]:
    """Translates StaleDataError raised inside the block into ConflictError (the transaction rolls back)."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(STALE_MESSAGE) from exc


@contextmanager
def saving(ws: Workspace) -> Iterator[Session]:
    """`ws.db.session()` whose stale saves surface as ConflictError (use for edits of loaded rows)."""
    with stale_is_conflict(), ws.db.session() as session:
        yield session
