"""Two workstations never overwrite each other silently: the one gate every edit of a loaded row passes.

A screen that edits a record keeps the row `version` it loaded and hands it back with the save
(`base_version` / `expected_version` in the services). `check_version` is called by every
service that saves such a record, inside its unit of work:

- the version stored now differs from the one the user started from → the save is refused
  with `StaleEditError`, naming the record and who changed it when (from the audit trail);
- otherwise the row is marked changed, so the UPDATE carries `WHERE version = <loaded>` (the
  Synced mixin's version_id_col) and bumps the version even when only child rows changed. A
  save that races past the check on the office server (PostgreSQL, another workstation
  commits between our read and our write) matches no row: SQLAlchemy's StaleDataError, which
  `Database.session` turns into the same StaleEditError through the describer set here.

Nothing is merged and nothing is lost: the first save stands, the second user keeps their input
and reloads. The message is the one documented in docs/security.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.errors import StaleEditError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import SYSTEM_ACTOR
from app.core.services.kernel.workspace import Workspace
from app.core.storage.database import STALE_DESCRIBER, STALE_FALLBACK
from app.core.storage.models import AuditEvent, AuditRowState, Base, User, utcnow

STALE_MESSAGE = STALE_FALLBACK  # when the record is not known (a row saved outside the gate)

_EDITS = "stale.edits"  # session.info: [(table, primary key, what, loaded version)]


@dataclass(frozen=True)
class LastChange:
    """Who last changed a row and when, from the audit trail's sealed row states."""

    who: str
    at: str  # the office's local time, as people read it (domain/localtime.fmt_time)


def last_change(session: Session, table: str, key: Any) -> LastChange | None:
    """The audit event that last sealed this row's state: its actor (display name) and time."""
    found = session.execute(
        select(AuditEvent.actor, AuditEvent.at)
        .join(AuditRowState, AuditRowState.event_id == AuditEvent.id)
        .where(AuditRowState.entity == table, AuditRowState.row_key == str(key))
        .order_by(AuditRowState.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    name = session.scalar(select(User.display_name).where(User.username == found.actor))
    if name is None and found.actor == SYSTEM_ACTOR.username:
        name = SYSTEM_ACTOR.display_name
    who = f"{name}（{found.actor}）" if name and name != found.actor else found.actor
    return LastChange(who, fmt_time(found.at))


def stale_message(what: str, change: LastChange | None) -> str:
    """The documented refusal: Chinese first, the record, and who changed it when if known."""
    if change is None:
        zh_by, en_by = "", ""
    else:
        when = change.at
        zh_by, en_by = f"（{change.who}于{when}）", f" (by {change.who} at {when})"
    return (
        f"{what}已被其他工作站修改{zh_by}，您的保存未执行（以免覆盖对方的修改）。"
        "您填写的内容仍保留，请重新载入最新内容后再改。"
        f" / This record was changed on another workstation{en_by}; your save was refused"
        " so nothing is overwritten. Reload and edit again."
    )


def stale_error(session: Session, row: Any, what: str) -> StaleEditError:
    return StaleEditError(stale_message(what, last_change(session, row.__table__.name, row.id)))


def _describe(session: Session) -> StaleEditError:
    """After a rolled-back race: the first edited row whose version moved, named."""
    edits = session.info.get(_EDITS) or []
    try:
        for table, key, what, loaded in edits:
            model = _model_of(table)
            now = session.scalar(select(model.version).where(model.id == key))
            if now != loaded:
                return StaleEditError(stale_message(what, last_change(session, table, key)))
    except Exception:  # noqa: BLE001 — naming the record is a courtesy; the refusal stands
        session.rollback()
    return StaleEditError(STALE_MESSAGE)


def _model_of(table: str) -> Any:

    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    raise LookupError(table)


def check_version(session: Session, row: Any, base_version: int | None, *, what: str) -> None:
    """The gate: refuses the save when `row` moved on since `base_version` was loaded, else
    marks it changed so its UPDATE checks and bumps the version. `what` names the record
    for the user, e.g. 检查对象“某某超市”. `base_version` None: an edit that loads and saves
    in one transaction (CLI, bundle merge), still guarded against a concurrent commit."""
    if base_version is not None and row.version != base_version:
        raise stale_error(session, row, what)
    session.info.setdefault(_EDITS, []).append((row.__table__.name, row.id, what, row.version))
    session.info[STALE_DESCRIBER] = lambda: _describe(session)
    row.updated_at = utcnow()  # an UPDATE … WHERE version = loaded, even if only children change


def check_versions(
    session: Session, rows: list[Any], base_versions: Mapping[Any, int] | None, *, what: Any
) -> None:
    """`check_version` for a batch (review decisions): `base_versions` maps row id → version
    loaded; `what(row)` names a row."""
    for row in rows:
        base = None if base_versions is None else base_versions.get(row.id)
        check_version(session, row, base, what=what(row))


@contextmanager
def saving(ws: Workspace) -> Iterator[Session]:
    """`ws.db.session()` for code that edits loaded rows by hand (every unit of work turns a
    stale save into StaleEditError; this name says why the caller cares)."""
    with ws.db.session() as session:
        yield session
