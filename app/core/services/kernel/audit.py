"""全程留痕: the hash-chained audit trail, the seal of every audited row, verification.

Events are chained by hash; at commit every audited row the transaction touched gets its
state hash sealed into that transaction's last event, so a hand edit of any row is caught by
`verify_chain`. Never writes outside the caller's transaction. Design: docs/security.md.
How a row's state is computed and which rows a transaction wrote is storage's business
(storage/row_states.py); this module hooks it into sessions and chains the events.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Table, event, inspect, select, text
from sqlalchemy.orm import Session, SessionTransaction

from app.core.domain.canonical import canonical_json, content_hash, sha256_hex
from app.core.domain.roles import SYSTEM_ACTOR, Actor
from app.core.storage.models import AuditEvent, AuditRowState, Base, Setting, utcnow
from app.core.storage.row_states import (
    HEAD_KEY,
    SKIPPED_KEYS,
    audited_tables,
    current_states,
    earlier_states,
    is_cache_table,
    pk_name,
    rows_digest,
    select_rows,
    state_rows,
    state_text,
    text_digest,
    track_pg,
    track_sqlite,
    tracked_keys,
)

GENESIS = "0" * 64
UNLOGGED_ACTION = "data.unlogged"
# Tables sealed from this version on; rows they already held are sealed once, as found, under
# an `audit.cover` event (whose presence in the chain means it is never done again).
NEWLY_AUDITED = ("remote_audit_events", "sync_states")
COVER_ACTION = "audit.cover"

_PENDING = "audit.pending"  # session.info: events logged in the current transaction
_TOUCHED = "audit.touched"  # session.info: (table, key) changed through the ORM
_PRESEALED = "audit.presealed"  # session.info: table → {key text: state hash} of bulk inserts


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"sha256": hashlib.sha256(bytes(value)).hexdigest()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row_state(values: Mapping[str, Any]) -> dict[str, Any]:
    """A row's values as plain data, NULLs left out (for before/after states of events)."""
    return {k: _plain(v) for k, v in values.items() if v is not None}


def state_hash(state: Any) -> str | None:
    """Hash of a before/after state (a dict of plain values), None when there is no state."""
    return None if state is None else content_hash(state)


def row_snapshot(session: Session, row: object) -> dict[str, Any]:
    """The stored values of an ORM row (after flushing; NULLs left out); pass it as `before=`
    to `log_row_change` before changing the row (its hash is the row's sealed state)."""
    session.flush()
    table: Table = row.__table__  # type: ignore[attr-defined]
    key = inspect(row).mapper.primary_key_from_instance(row)[0]
    rows = list(select_rows(session.connection(), table, [key]))
    return {k: v for k, v in rows[0].items() if v is not None} if rows else {}


def _sealed_hash(session: Session, row: object) -> str | None:
    """The state hash the seal will record for an ORM row as stored now (after flushing)."""
    session.flush()
    table: Table = row.__table__  # type: ignore[attr-defined]
    key = inspect(row).mapper.primary_key_from_instance(row)[0]
    return next((h for _, h in state_rows(session.connection(), table, [key])), None)


@event.listens_for(Session, "after_begin")
def _on_after_begin(session: Session, _tx: SessionTransaction, conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        track_sqlite(conn)
    elif conn.dialect.name == "postgresql":
        track_pg(conn)


@event.listens_for(Session, "after_flush")
def _on_after_flush(session: Session, _ctx: object) -> None:
    tables = audited_tables()
    touched: set[tuple[str, Any]] | None = None
    for obj in chain(session.new, session.dirty, session.deleted):
        table = getattr(obj, "__table__", None)
        if table is None or table.name not in tables:
            continue
        key = inspect(obj).mapper.primary_key_from_instance(obj)[0]
        if key is None or str(key) in SKIPPED_KEYS.get(table.name, ()):
            continue
        if touched is None:
            touched = session.info.setdefault(_TOUCHED, set())
        touched.add((table.name, key))


@event.listens_for(Session, "after_soft_rollback")
def _on_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_TOUCHED, None)
        session.info.pop(_PRESEALED, None)


@event.listens_for(Session, "before_commit")
def _on_before_commit(session: Session) -> None:
    _seal(session)


def mark_changed(session: Session, table: str | type, keys: Iterable[Any]) -> None:
    """Records rows written by Core statements that the tracking cannot see (a write inside
    `untracked_inserts`, or a server database opened without `install_server_tracking`) so
    the transaction's last event seals them; keys are the primary keys. Other Core writes are
    tracked by the database itself (SQLite temp triggers, PostgreSQL row triggers)."""
    name = table if isinstance(table, str) else table.__tablename__  # type: ignore[attr-defined]
    session.info.setdefault(_TOUCHED, set()).update((name, k) for k in keys)


def seal_inserted(
    session: Session, table: str | type, ids: Sequence[int], hashes: Sequence[str]
) -> None:
    """Records the state hashes of rows just bulk-inserted (from `inserted_rows_sealer`);
    the transaction's seal uses them unless the rows are written again before it."""
    name = table if isinstance(table, str) else table.__tablename__  # type: ignore[attr-defined]
    known = session.info.setdefault(_PRESEALED, {}).setdefault(name, {})
    known.update(zip(map(str, ids), hashes, strict=True))


def _seal(session: Session) -> None:
    if not session.in_transaction() or session.in_nested_transaction():
        return  # a SAVEPOINT release: the outermost commit seals everything
    _lock_chain(session)  # before the flush that may give an event its id
    session.flush()
    touched: set[tuple[str, Any]] = session.info.get(_TOUCHED, set())
    conn = session.connection()
    if conn.dialect.name in ("sqlite", "postgresql"):
        touched = touched | tracked_keys(conn)
    session.info.pop(_TOUCHED, None)
    pending = session.info.pop(_PENDING, [])
    known = session.info.pop(_PRESEALED, None)
    if not touched and not pending and not known:
        return
    states = current_states(conn, touched, known)
    if not pending:
        # A write without a logged event (a service bug, or reference data at start-up):
        # still sealed, under an event that says so, so the trail stays whole.
        tables = sorted({s[0] for s in states})
        pending = [
            _new_event(
                session,
                SYSTEM_ACTOR,
                UNLOGGED_ACTION,
                summary="未记录事件的数据写入：" + "、".join(tables),
                detail={"tables": tables},
            )
        ]
    session.flush()
    last = pending[-1]
    if states:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        conn.exec_driver_sql(
            "INSERT INTO audit_row_states (event_id, entity, row_key, state_hash)"
            f" VALUES ({mark}, {mark}, {mark}, {mark})",
            [(last.id, e, k, h) for e, k, h in states],
        )
        last.rows_hash = rows_digest(states)
        last.row_count = len(states)
    head = session.get(Setting, HEAD_KEY, with_for_update=True, populate_existing=True)
    prev = head.value if head is not None and isinstance(head.value, str) else GENESIS
    for ev in pending:
        ev.prev_hash = prev
        ev.hash = _event_hash(ev)
        prev = ev.hash
    if head is None:
        session.add(Setting(key=HEAD_KEY, value=prev))
    else:
        head.value = prev
    session.flush()


# -- logging events ---------------------------------------------------------------------------


def _hashed_fields(ev: AuditEvent) -> dict[str, Any]:
    return {
        "prev": ev.prev_hash,
        "at": ev.at.isoformat(timespec="microseconds"),
        "actor": ev.actor,
        "action": ev.action,
        "entity": ev.entity,
        "entity_uid": ev.entity_uid,
        "summary": ev.summary,
        "before": ev.before_hash,
        "after": ev.after_hash,
        "detail": ev.detail,
        "rows": ev.rows_hash,
        "row_count": ev.row_count or 0,
    }


def _event_hash(ev: AuditEvent) -> str:
    return sha256_hex(canonical_json(_hashed_fields(ev)))


def _new_event(
    session: Session,
    actor: Actor,
    action: str,
    *,
    entity: str | None = None,
    entity_uid: str | None = None,
    summary: str | None = None,
    before_hash: str | None = None,
    after_hash: str | None = None,
    detail: Any = None,
) -> AuditEvent:
    placeholder = "pending-" + uuid.uuid4().hex  # replaced when the transaction commits
    ev = AuditEvent(
        at=utcnow(),
        actor=actor.username,
        action=action,
        entity=entity,
        entity_uid=None if entity_uid is None else str(entity_uid)[:36],
        summary=summary,
        before_hash=before_hash,
        after_hash=after_hash,
        detail=detail,
        rows_hash=None,
        row_count=0,
        prev_hash=placeholder,
        hash=placeholder,
    )
    if _PENDING not in session.info:
        _lock_chain(session)
    session.add(ev)
    session.info.setdefault(_PENDING, []).append(ev)
    return ev


def _lock_chain(session: Session) -> None:
    """On PostgreSQL, one transaction at a time appends to the chain from its first event to
    its commit: event ids (from a sequence, taken at flush) then follow chain order. Without
    it two workstations' events interleave and the chain forks (found by the load test,
    tests/core/storage/test_pg_load.py). SQLite serialises writers already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext('shuangsuiji.audit_chain'))"))


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
    """Appends an event to the trail in the caller's transaction (`noun.verb` actions).

    The event is chained and the rows this transaction wrote are sealed into it when the
    transaction commits; the returned object's `hash` is final only after the commit.
    """
    return _new_event(
        session,
        actor,
        action,
        entity=entity,
        entity_uid=entity_uid,
        summary=summary,
        before_hash=state_hash(before),
        after_hash=state_hash(after),
        detail=detail,
    )


def log_row_change(
    session: Session,
    actor: Actor,
    action: str,
    row: object,
    *,
    before: Mapping[str, Any] | None = None,
    deleted: bool = False,
    summary: str | None = None,
    detail: Any = None,
    entity: str | None = None,
) -> AuditEvent:
    """Logs a change of one ORM row: entity and uid from the row, after = its stored state.

    `before` is `row_snapshot(session, row)` taken before the change (None for a new row);
    `deleted=True` after `session.delete(row)`. The after hash equals the row's sealed state.
    """
    table: Table = row.__table__  # type: ignore[attr-defined]
    uid = getattr(row, "uid", None)
    if uid is None:
        uid = inspect(row).mapper.primary_key_from_instance(row)[0]
    return _new_event(
        session,
        actor,
        action,
        entity=entity or table.name,
        entity_uid=None if uid is None else str(uid),
        summary=summary,
        before_hash=None if before is None else text_digest(state_text(before)),
        after_hash=None if deleted else _sealed_hash(session, row),
        detail=detail,
    )


def chain_head(session: Session) -> str:
    """The hash of the last event (GENESIS when empty): put it in every outgoing bundle."""
    head = session.get(Setting, HEAD_KEY)
    return head.value if head is not None and isinstance(head.value, str) else GENESIS


SHORT_HEAD = 16  # hex digits of the head printed on notices (64 bits: enough to compare by eye)


def short_head(session: Session) -> str:
    """The chain head's short form, printed on every published notice and 公告: the first
    SHORT_HEAD hex digits of the hash of the last event committed before the notice was made.
    `audit verify` prints the whole head; a notice's short head must be a prefix of a head the
    trail passed through (the event written for the notice itself follows it)."""
    return chain_head(session)[:SHORT_HEAD]


# -- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """Result of `verify_chain`: ok, or the first broken event with the reason."""

    ok: bool
    events: int
    first_broken_id: int | None = None
    reason: str = ""
    action: str | None = None
    rows: int = 0  # audited rows compared with their sealed state
    problems: tuple[str, ...] = field(default_factory=tuple)
    head: str = GENESIS  # the chain head as stored (the hash of the last event)


@dataclass(frozen=True)
class _Problem:
    order: tuple[int, int]
    event_id: int | None
    action: str | None
    reason: str


MAX_PROBLEMS = 50


def verify_chain(
    session: Session,
    *,
    rows: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
) -> ChainCheck:
    """Checks every event's hash and link, the sealed row states of each event, and (rows=True)
    that every audited row is exactly as its latest event sealed it."""
    conn = session.connection()
    problems: list[_Problem] = []
    _verify_schema(conn, problems)
    if problems and not {"audit_events", "audit_row_states", "settings"} <= set(
        inspect(conn).get_table_names()
    ):  # the trail itself is gone: nothing more can be checked
        head = chain_head(session) if "settings" in inspect(conn).get_table_names() else GENESIS
        return ChainCheck(
            False,
            0,
            None,
            problems[0].reason,
            head=head,
            problems=tuple(p.reason for p in problems[:MAX_PROBLEMS]),
        )
    actions: dict[int, str] = {}
    latest: dict[tuple[str, str], tuple[str | None, int]] = {}
    states = conn.execute(
        select(
            AuditRowState.id,
            AuditRowState.event_id,
            AuditRowState.entity,
            AuditRowState.row_key,
            AuditRowState.state_hash,
        ).order_by(AuditRowState.event_id, AuditRowState.id)
    ).all()
    si = 0
    prev = GENESIS
    count = 0
    chain_broken = False
    for ev in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(2000):
        count += 1
        actions[ev.id] = ev.action
        own: list[tuple[str, str, str | None]] = []
        while si < len(states) and states[si].event_id <= ev.id:
            st = states[si]
            si += 1
            if st.event_id < ev.id:
                problems.append(
                    _Problem(
                        (0, st.event_id),
                        st.event_id,
                        None,
                        f"行状态记录 #{st.id} 指向不存在的事件 #{st.event_id}（事件被删除）",
                    )
                )
                continue
            own.append((st.entity, st.row_key, st.state_hash))
            latest[(st.entity, st.row_key)] = (st.state_hash, ev.id)
        if chain_broken:
            continue
        if ev.prev_hash != prev:
            problems.append(
                _Problem(
                    (0, ev.id),
                    ev.id,
                    ev.action,
                    f"事件 #{ev.id} 的前序哈希与上一事件不符（链条断裂或有事件被删除）",
                )
            )
            chain_broken = True
            continue
        if (rows_digest(own) if own else None) != ev.rows_hash or len(own) != (ev.row_count or 0):
            problems.append(
                _Problem(
                    (0, ev.id),
                    ev.id,
                    ev.action,
                    f"事件 #{ev.id} 记录的数据行状态被改动（行状态哈希不符）",
                )
            )
            chain_broken = True
            continue
        if _event_hash(ev) != ev.hash:
            problems.append(
                _Problem((0, ev.id), ev.id, ev.action, f"事件 #{ev.id} 的内容被改动（哈希不符）")
            )
            chain_broken = True
            continue
        prev = ev.hash
    for st in states[si:]:
        problems.append(
            _Problem(
                (0, st.event_id),
                st.event_id,
                None,
                f"行状态记录 #{st.id} 指向不存在的事件 #{st.event_id}",
            )
        )
    if not chain_broken:
        head_row = session.get(Setting, HEAD_KEY)
        head_value = head_row.value if head_row is not None else None
        if (count or head_value not in (None, GENESIS)) and head_value != prev:
            problems.append(
                _Problem((1, 0), None, None, "链头与最后一个事件不符（末尾事件被删除或链头被改动）")
            )
    checked = _verify_rows(conn, latest, actions, problems, progress) if rows else 0
    problems.sort(key=lambda p: p.order)
    head = chain_head(session)
    if not problems:
        return ChainCheck(True, count, rows=checked, head=head)
    first = problems[0]
    return ChainCheck(
        False,
        count,
        first.event_id,
        first.reason,
        action=first.action,
        rows=checked,
        problems=tuple(p.reason for p in problems[:MAX_PROBLEMS]),
        head=head,
    )


def _verify_schema(conn: Connection, problems: list[_Problem]) -> None:
    """The stored schema is exactly the app's: every table (audited or the trail's own) and
    every column present, nothing added except cache tables. A dropped table takes its rows
    and their history with it, which a row-by-row check alone cannot see."""
    insp = inspect(conn)
    existing = set(insp.get_table_names())
    expected: dict[str, set[str]] = {
        name: {c.name for c in table.columns} for name, table in Base.metadata.tables.items()
    }
    expected["alembic_version"] = {"version_num"}
    for name in sorted(expected):
        if name not in existing:
            problems.append(
                _Problem(
                    (-1, 0),
                    None,
                    None,
                    f"表 {name} 缺失（被删除） / table {name} is missing (dropped)",
                )
            )
            continue
        stored = {c["name"] for c in insp.get_columns(name)}
        for col in sorted(expected[name] - stored):
            problems.append(
                _Problem(
                    (-1, 1),
                    None,
                    None,
                    f"表 {name} 缺少列 {col}（被删除） / table {name}: column {col} is missing",
                )
            )
        for col in sorted(stored - expected[name]):
            problems.append(
                _Problem(
                    (-1, 1),
                    None,
                    None,
                    f"表 {name} 多出列 {col}（在程序之外被添加） / table {name}: column {col} was added",
                )
            )
    for name in sorted(existing - set(expected)):
        if not is_cache_table(name):
            problems.append(
                _Problem(
                    (-1, 2),
                    None,
                    None,
                    f"表 {name} 不属于本程序的数据结构（在程序之外被添加） / table {name} was added",
                )
            )


def cover_newly_audited_tables(session: Session) -> int:
    """Once per database: seal, as found, the rows of the tables audited from this version on
    (NEWLY_AUDITED) under one `audit.cover` event; returns how many rows were sealed. Runs at
    open in the start-up transaction. "Once" is decided by the trail itself (an `audit.cover`
    event exists), so rows slipped in later are never adopted: removing that event breaks the
    chain."""
    tables = [name for name in NEWLY_AUDITED if name in audited_tables()]
    existing = set(inspect(session.connection()).get_table_names())
    if not {"audit_events", "audit_row_states", *tables} <= existing:
        return 0  # a damaged file: `audit verify` names what is missing; adopt nothing
    done = session.scalar(select(AuditEvent.id).where(AuditEvent.action == COVER_ACTION).limit(1))
    if done is not None or not tables:
        return 0
    conn = session.connection()
    sealed = {
        (r.entity, r.row_key)
        for r in conn.execute(
            select(AuditRowState.entity, AuditRowState.row_key).where(
                AuditRowState.entity.in_(tables)
            )
        )
    }
    counts: dict[str, int] = {}
    for name in tables:
        table = audited_tables()[name]
        pk = table.c[pk_name(table)]
        keys = [k for (k,) in conn.execute(select(pk)) if (name, str(k)) not in sealed]
        if keys:
            mark_changed(session, name, keys)
        counts[name] = len(keys)
    log_event(
        session,
        SYSTEM_ACTOR,
        COVER_ACTION,
        summary="开始审计表：" + "、".join(f"{n}（已有 {counts[n]} 行按现状封存）" for n in tables),
        detail={"tables": counts},
    )
    return sum(counts.values())


def _verify_rows(
    conn: Connection,
    latest: dict[tuple[str, str], tuple[str | None, int]],
    actions: dict[int, str],
    problems: list[_Problem],
    progress: Callable[[int, int, str], None] | None,
) -> int:
    existing = set(inspect(conn).get_table_names())
    tables = [t for name, t in sorted(audited_tables().items()) if name in existing]
    checked = 0
    for n, table in enumerate(tables):
        if progress is not None:
            progress(n, len(tables), table.name)
        skip = SKIPPED_KEYS.get(table.name, frozenset())
        differ: dict[Any, tuple[str | None, int]] = {}  # key -> (hash sealed, sealing event)
        for pk_value, digest in state_rows(conn, table, None):
            key = str(pk_value)
            if key in skip:
                continue
            checked += 1
            sealed = latest.pop((table.name, key), None)
            if sealed is None:
                problems.append(
                    _Problem(
                        (2, 0),
                        None,
                        None,
                        f"表 {table.name} 的第 {key} 行没有任何审计事件记录（在程序之外被插入）",
                    )
                )
            elif sealed[0] != digest:
                differ[pk_value] = sealed
        earlier = earlier_states(conn, table, [k for k, (h, _) in differ.items() if h is not None])
        for pk_value, (sealed_hash, ev_id) in differ.items():
            if sealed_hash is not None and earlier.get(str(pk_value)) == sealed_hash:
                continue  # sealed by an earlier release's reading, unchanged since
            key = str(pk_value)
            what = (
                "在程序之外被改动"
                if sealed_hash is not None
                else "已删除却又出现（在程序之外被插入）"
            )
            problems.append(
                _Problem(
                    (1, ev_id),
                    ev_id,
                    actions.get(ev_id),
                    f"表 {table.name} 的第 {key} 行{what}：与事件 #{ev_id}（{actions.get(ev_id, '?')}）"
                    "记录的状态不符",
                )
            )
    for (name, key), (last_digest, ev_id) in sorted(latest.items()):
        if last_digest is not None and name in existing and key not in SKIPPED_KEYS.get(name, ()):
            problems.append(
                _Problem(
                    (1, ev_id),
                    ev_id,
                    actions.get(ev_id),
                    f"表 {name} 的第 {key} 行在程序之外被删除（最后记录于事件 #{ev_id}，{actions.get(ev_id, '?')}）",
                )
            )
    if progress is not None:
        progress(len(tables), len(tables), "")
    return checked
