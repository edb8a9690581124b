"""全程留痕: append audit events to a hash chain, and verify the chain.

Every mutation service calls `log_event` inside its own transaction, so a change and its
event land together or not at all. The chain head lives in `settings['audit.head']`; on
PostgreSQL updating that row serialises concurrent writers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.domain.canonical import canonical_json, content_hash, sha256_hex
from app.core.domain.roles import Actor
from app.core.storage.models import AuditEvent, Setting, utcnow

GENESIS = "0" * 64
HEAD_KEY = "audit.head"


def _event_hash(fields: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(fields))


def _hashed_fields(
    *,
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str | None,
    entity_uid: str | None,
    summary: str | None,
    before_hash: str | None,
    after_hash: str | None,
    detail: Any,
) -> dict[str, Any]:
    return {
        "prev": prev_hash,
        "at": at.isoformat(timespec="microseconds"),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_uid": entity_uid,
        "summary": summary,
        "before": before_hash,
        "after": after_hash,
        "detail": detail,
    }


def state_hash(state: Any) -> str | None:
    """Hash of a before/after state (a dict of plain values), None when there is no state."""
    return None if state is None else content_hash(state)


def log_event(
    session: Session,
    actor: Actor,
    action: str,
    *,
    entity: str | None = None,
    entity_uid: str | None = None,
    summary: str | None = None,
    before: Any = None,
    after: Any = None,
    detail: Any = None,
) -> AuditEvent:
    head = session.get(Setting, HEAD_KEY, with_for_update=True)
    prev_hash = head.value if head is not None and isinstance(head.value, str) else GENESIS
    at = utcnow()
    before_hash, after_hash = state_hash(before), state_hash(after)
    digest = _event_hash(
        _hashed_fields(
            prev_hash=prev_hash,
            at=at,
            actor=actor.username,
            action=action,
            entity=entity,
            entity_uid=entity_uid,
            summary=summary,
            before_hash=before_hash,
            after_hash=after_hash,
            detail=detail,
        )
    )
    event = AuditEvent(
        at=at,
        actor=actor.username,
        action=action,
        entity=entity,
        entity_uid=entity_uid,
        summary=summary,
        before_hash=before_hash,
        after_hash=after_hash,
        detail=detail,
        prev_hash=prev_hash,
        hash=digest,
    )
    session.add(event)
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=digest))
    else:
        head.value = digest
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    events: int
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain(session: Session) -> ChainCheck:
    prev = GENESIS
    count = 0
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(2000):
        count += 1
        if ev.prev_hash != prev:
            return ChainCheck(
                False,
                count,
                ev.id,
                f"事件 #{ev.id} 的前序哈希与上一事件不符（链条断裂或有事件被删除）",
            )
        expected = _event_hash(
            _hashed_fields(
                prev_hash=ev.prev_hash,
                at=ev.at,
                actor=ev.actor,
                action=ev.action,
                entity=ev.entity,
                entity_uid=ev.entity_uid,
                summary=ev.summary,
                before_hash=ev.before_hash,
                after_hash=ev.after_hash,
                detail=ev.detail,
            )
        )
        if expected != ev.hash:
            return ChainCheck(False, count, ev.id, f"事件 #{ev.id} 的内容被改动（哈希不符）")
        prev = ev.hash
    head = session.get(Setting, HEAD_KEY)
    if count and (head is None or head.value != prev):
        return ChainCheck(False, count, None, "链头与最后一个事件不符（末尾事件被删除）")
    return ChainCheck(True, count)
