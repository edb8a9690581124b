"""Undo, the way Anki does it: the last user operations, each a named step that can be taken back.

A service that makes an undoable change (a registry record edited, a task created, edited or
deleted while its plan is a draft, a review decision, a 指定) calls `record` after its transaction committed, with the
step's name in words (修改检查对象“某某超市”) and a function that takes it back. The front end
shows the newest step of the current user (`last_step`) as 编辑 → 撤销“…” and calls
`undo_last`.

Taking a step back is an ordinary audited change: it passes the stale-save gate
(services/kernel/concurrency.py) with the row version the step left behind, so undoing over another
workstation's later change is refused with the documented message and the step is dropped;
it writes its own audit event (`undo`, summary 撤销：…) beside the one of the step itself.

Steps live in memory per open database (like Anki's, they end with the session) and per user:
one workstation's steps are never offered to another account. What cannot be undone
(publication, a signed form, a draw) is never recorded here; the front end asks before those.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.core.domain.errors import AppError, ConflictError
from app.core.services.kernel.audit import log_event
from app.core.services.kernel.workspace import Changes, Workspace

DEPTH = 30  # steps kept per user; older ones fall off

UndoFn = Callable[[Workspace, str], Changes]


@dataclass(frozen=True)
class Step:
    """One undoable operation: its name in words, who did it, and how to take it back."""

    label: str
    actor: str
    undo: UndoFn


_lock = threading.Lock()
_logs: weakref.WeakKeyDictionary[Any, list[Step]] = weakref.WeakKeyDictionary()


def record(ws: Workspace, label: str, undo: UndoFn) -> None:
    """Adds a step for the current user (call after the change committed)."""
    with _lock:
        steps = _logs.setdefault(ws.db, [])
        steps.append(Step(label, ws.actor.username, undo))
        mine = [s for s in steps if s.actor == ws.actor.username]
        if len(mine) > DEPTH:
            steps.remove(mine[0])


def last_step(ws: Workspace) -> Step | None:
    """The newest step of the current user, or None when there is nothing to undo."""
    with _lock:
        for step in reversed(_logs.get(ws.db, [])):
            if step.actor == ws.actor.username:
                return step
    return None


def undo_last(ws: Workspace) -> Changes:
    """Takes back the current user's newest step. A refused undo (the record changed since,
    or is gone) drops the step and raises the refusal."""
    step = last_step(ws)
    if step is None:
        raise ConflictError("没有可以撤销的操作。")
    with _lock:
        steps = _logs.get(ws.db, [])
        if step in steps:
            steps.remove(step)
    try:
        changes = step.undo(ws, step.label)
    except AppError:
        raise
    return Changes(changes.areas, changes.message or f"已撤销：{step.label}")


def forget(ws: Workspace) -> None:
    """Drops every step of this database (a restore from backup replaced it)."""
    with _lock:
        _logs.pop(ws.db, None)


def log_undo(
    session: Session,
    ws: Workspace,
    label: str,
    *,
    entity: str,
    entity_uid: str | None,
    before: Any = None,
    after: Any = None,
) -> None:
    """The undo's own audit event, in the undoing transaction."""
    log_event(
        session,
        ws.actor,
        "undo",
        entity=entity,
        entity_uid=entity_uid,
        summary=f"撤销：{label}",
        before=before,
        after=after,
        detail={"step": label},
    )
