"""全程留痕: the hash-chained audit trail, the sealed state of every audited row, verification.

Events are chained by hash; at commit every audited row the transaction touched gets its
state hash sealed into that transaction's last event, so a hand edit of any row is caught by
`verify_chain`. Never writes outside the caller's transaction. Design: docs/security.md.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Table, bindparam, event, inspect, select, text
from sqlalchemy.orm import Session, SessionTransaction

from app.core.domain.canonical import canonical_json, content_hash, sha256_hex
from app.core.domain.roles import SYSTEM_ACTOR, Actor
from app.core.storage.models import AuditEvent, AuditRowState, Base, Setting, utcnow

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
# Tables whose rows are not sealed: the trail itself (covered by the chain) and Alembic's.
UNAUDITED_TABLES = frozenset({"audit_events", "audit_row_states", "alembic_version"})
# Rows of audited tables that change with every commit and are checked another way.
SKIPPED_KEYS: dict[str, frozenset[str]] = {"settings": frozenset({HEAD_KEY})}
UNLOGGED_ACTION = "data.unlogged"
# Tables that are pure caches: rebuilt from audited tables, so neither sealed nor part of the
# expected schema (docs/security.md lists them with the reason). A name matches by prefix, so
# an FTS5 table's shadow tables (targets_fts_data, _idx, _config, _docsize) are covered too.
CACHE_TABLES: dict[str, str] = {
    "targets_fts": "the full-text search index of targets (storage/search.py), rebuilt from targets",
}
# Tables sealed from this version on; rows they already held are sealed once, as found, under
# an `audit.cover` event (whose presence in the chain means it is never done again).
NEWLY_AUDITED = ("remote_audit_events", "sync_states")
COVER_ACTION = "audit.cover"

_PENDING = "audit.pending"  # session.info: events logged in the current transaction
_TOUCHED = "audit.touched"  # session.info: (table, key) changed through the ORM
_PRESEALED = "audit.presealed"  # session.info: table → {key text: state hash} of bulk inserts
_TRACK_TABLE = "audit_touched"  # SQLite temp table filled by temp triggers
_CHUNK = 5000  # keys per IN (...) query; SQLite ≥ 3.32 allows 32766 parameters


# -- what is audited and how a row's state is hashed ----------------------------------------


def audited_tables() -> dict[str, Table]:
    """Every table of the schema except the trail itself; a model opts out with
    `__table_args__ = {"info": {"audited": False}}` (caches and search indexes only)."""
    return {
        name: table
        for name, table in Base.metadata.tables.items()
        if name not in UNAUDITED_TABLES and table.info.get("audited", True)
    }


def is_cache_table(name: str) -> bool:
    """True for a pure cache table (CACHE_TABLES, by prefix): not audited, may come and go."""
    return any(name == c or name.startswith(c + "_") for c in CACHE_TABLES)


def _pk_name(table: Table) -> str:
    cols = list(table.primary_key.columns)
    if len(cols) != 1:
        raise TypeError(f"audited table {table.name} needs a single-column primary key")
    return cols[0].name


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


# The sealed state of a row ("state text", docs/security.md): a compact JSON object of the
# row's stored columns in code-point order of their names, NULLs left out (so adding a
# nullable column does not change any row's state), text as a JSON string, integers in
# decimal, a blob as ["HEX"]; its hash is the SHA-256 of its UTF-8. On SQLite the database
# computes the text itself (json_object in C: ~5× cheaper than canonical JSON in Python), so
# sealing and verification read one short string per row; `_state_text` is the same
# encoding in Python, used on other servers (where reals, dates and JSON columns come back
# as Python objects: reals as repr, dates as ISO text, JSON values as canonical JSON).


def _json_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return '["' + bytes(value).hex().upper() + '"]'
    if isinstance(value, datetime | date):
        return json.dumps(value.isoformat())
    if isinstance(value, Decimal | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    return canonical_json(value).decode("utf-8")


def _state_text(values: Mapping[str, Any]) -> str:
    return (
        "{"
        + ",".join(
            f"{json.dumps(k)}:{_json_value(values[k])}"
            for k in sorted(values)
            if values[k] is not None
        )
        + "}"
    )


def _digest(text_value: str) -> str:
    return hashlib.sha256(text_value.encode("utf-8")).hexdigest()


def _sqlite_state_sql(conn: Connection, name: str, pk: str) -> str:
    """SQLite adapter: `SELECT pk, <state text> FROM table`, from its columns as stored."""
    cols = sorted(r[1] for r in conn.exec_driver_sql(f'PRAGMA main.table_info("{name}")'))
    pairs = ",".join(
        f'\'{c}\',iif(typeof("{c}")=\'blob\',json_array(hex("{c}")),"{c}")' for c in cols
    )
    # json_patch onto {} drops the NULL members and keeps the others in order.
    return f'SELECT "{pk}", json_patch(\'{{}}\', json_object({pairs})) FROM main."{name}"'


_MIN_RUN = 64  # consecutive integer keys worth a range scan


def _int_runs(keys: list[Any]) -> tuple[list[tuple[int, int]], list[Any]]:
    """Long runs of consecutive integer keys as (first, last), and the remaining keys."""
    ints = sorted({k for k in keys if type(k) is int})
    runs: list[tuple[int, int]] = []
    rest: list[Any] = [k for k in keys if type(k) is not int]
    i = 0
    while i < len(ints):
        j = i
        while j + 1 < len(ints) and ints[j + 1] == ints[j] + 1:
            j += 1
        if j - i + 1 >= _MIN_RUN:
            runs.append((ints[i], ints[j]))
        else:
            rest.extend(ints[i : j + 1])
        i = j + 1
    return runs, rest


def _state_rows(
    conn: Connection, table: Table, keys: list[Any] | None
) -> Iterator[tuple[Any, str]]:
    """(primary key, state hash) of the rows of `table` with these keys (None: all rows)."""
    pk = _pk_name(table)
    if conn.dialect.name == "sqlite":
        base = _sqlite_state_sql(conn, table.name, pk)
        if keys is None:
            for key, state in conn.exec_driver_sql(base):
                yield key, _digest(state)
            return
        runs, single = _int_runs(keys)
        for lo, hi in runs:  # a bulk insert's ids: one range scan instead of IN lists
            for key, state in conn.exec_driver_sql(
                f'{base} WHERE "{pk}" BETWEEN ? AND ?', (lo, hi)
            ):
                yield key, _digest(state)
        for start in range(0, len(single), _CHUNK):
            part = single[start : start + _CHUNK]
            sql = f'{base} WHERE "{pk}" IN ({",".join("?" * len(part))})'
            for key, state in conn.exec_driver_sql(sql, tuple(part)):
                yield key, _digest(state)
        return
    rows = _all_rows(conn, table) if keys is None else _select_rows(conn, table, keys)
    for row in rows:
        yield row[pk], _digest(_state_text(row))


def _select_rows(conn: Connection, table: Table, keys: list[Any]) -> Iterator[dict[str, Any]]:
    q = conn.dialect.identifier_preparer.quote
    pk = _pk_name(table)
    stmt = text(f"SELECT * FROM {q(table.name)} WHERE {q(pk)} IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    for start in range(0, len(keys), _CHUNK):
        for row in conn.execute(stmt, {"keys": keys[start : start + _CHUNK]}):
            yield dict(row._mapping)


def _all_rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    q = conn.dialect.identifier_preparer.quote
    result = conn.execution_options(stream_results=True).execute(
        text(f"SELECT * FROM {q(table.name)}")
    )
    for row in result:
        yield dict(row._mapping)


def _current_states(
    conn: Connection,
    touched: Iterable[tuple[str, Any]],
    known: Mapping[str, Mapping[str, str]] | None = None,
) -> list[tuple[str, str, str | None]]:
    """(table, key, state hash or None when the row is gone) for each touched row, sorted.

    `known` gives hashes computed when the rows were bulk-inserted (`seal_inserted`); a row
    the transaction touched again afterwards is read back instead."""
    tables = audited_tables()
    by_table: dict[str, dict[str, Any]] = {}
    for name, key in touched:
        if name in tables and str(key) not in SKIPPED_KEYS.get(name, ()):
            by_table.setdefault(name, {})[str(key)] = key
    out: list[tuple[str, str, str | None]] = []
    for name in sorted(set(by_table) | set(known or {})):
        wanted = by_table.get(name, {})
        found = {str(k): h for k, h in _state_rows(conn, tables[name], list(wanted.values()))}
        states: dict[str, str | None] = dict((known or {}).get(name, {}))
        states.update((key, found.get(key)) for key in wanted)
        out.extend((name, key, states[key]) for key in sorted(states))
    return out


def _rows_digest(states: Iterable[tuple[str, str, str | None]]) -> str:
    """Digest of an event's row states in order: one line `table TAB len:key TAB hash` each
    (the key length-prefixed, so the lines are unambiguous; "-" for a deleted row)."""
    h = hashlib.sha256()
    h.update("".join(f"{e}\t{len(k)}:{k}\t{d or '-'}\n" for e, k, d in states).encode("utf-8"))
    return h.hexdigest()


def row_snapshot(session: Session, row: object) -> dict[str, Any]:
    """The stored values of an ORM row (after flushing; NULLs left out); pass it as `before=`
    to `log_row_change` before changing the row (its hash is the row's sealed state)."""
    session.flush()
    table: Table = row.__table__  # type: ignore[attr-defined]
    key = inspect(row).mapper.primary_key_from_instance(row)[0]
    rows = list(_select_rows(session.connection(), table, [key]))
    return {k: v for k, v in rows[0].items() if v is not None} if rows else {}


def _sealed_hash(session: Session, row: object) -> str | None:
    """The state hash the seal will record for an ORM row as stored now (after flushing)."""
    session.flush()
    table: Table = row.__table__  # type: ignore[attr-defined]
    key = inspect(row).mapper.primary_key_from_instance(row)[0]
    return next((h for _, h in _state_rows(session.connection(), table, [key])), None)


# -- change tracking --------------------------------------------------------------------------


def _sqlite_track(conn: Connection) -> None:
    """SQLite adapter: per-connection TEMP triggers record every row the app writes (ORM or
    Core). A sqlite3 shell has no such triggers, so its edits are never sealed."""
    tables = audited_tables()
    names = [
        r[0]
        for r in conn.exec_driver_sql("SELECT name FROM main.sqlite_master WHERE type='table'")
        if r[0] in tables
    ]
    have = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_temp_master WHERE type='trigger' AND name LIKE 'audit_trk_%'"
    ).scalar()
    if have == 3 * len(names):
        return
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {_TRACK_TABLE} (tbl TEXT NOT NULL, rid NOT NULL,"
        " PRIMARY KEY (tbl, rid))"
    )
    for name in names:
        pk = _pk_name(tables[name])
        skip = SKIPPED_KEYS.get(name, frozenset())

        def when(alias: str, pk: str = pk, skip: frozenset[str] = skip) -> str:
            if not skip:
                return ""
            quoted = ", ".join("'" + k.replace("'", "''") + "'" for k in sorted(skip))
            return f' WHEN {alias}."{pk}" NOT IN ({quoted})'

        ins = f"INSERT OR IGNORE INTO {_TRACK_TABLE} (tbl, rid) VALUES ('{name}', "
        conn.exec_driver_sql(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "audit_trk_{name}_i" AFTER INSERT ON main."{name}"'
            f'{when("NEW")} BEGIN {ins}NEW."{pk}"); END'
        )
        conn.exec_driver_sql(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "audit_trk_{name}_u" AFTER UPDATE ON main."{name}"'
            f'{when("NEW")} BEGIN {ins}OLD."{pk}"); {ins}NEW."{pk}"); END'
        )
        conn.exec_driver_sql(
            f'CREATE TEMP TRIGGER IF NOT EXISTS "audit_trk_{name}_d" AFTER DELETE ON main."{name}"'
            f'{when("OLD")} BEGIN {ins}OLD."{pk}"); END'
        )


_PG_TRACK_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- only sessions of the app (which made the temp table) track; psql's edits stay unsealed
  IF to_regclass('pg_temp.{_TRACK_TABLE}') IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME = current_setting('app.untracked_inserts', true) THEN
    RETURN NULL;  -- untracked_inserts: the caller marks the rows itself
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO pg_temp.{_TRACK_TABLE} VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0])
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO pg_temp.{_TRACK_TABLE} VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0])
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$"""


def install_server_tracking(conn: Connection) -> None:
    """PostgreSQL adapter, the server's twin of `_sqlite_track`: an AFTER row trigger on every
    audited table records the keys the app's sessions write (ORM or Core, bulk included) in
    each session's temp table, which the commit's seal reads. Installed once by the app when
    it opens the database (services/workspace.open_workspace); a no-op when all are there."""
    if conn.dialect.name != "postgresql":
        return
    tables = audited_tables()
    existing = set(inspect(conn).get_table_names())
    names = [n for n in tables if n in existing]
    have = conn.execute(
        text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'audit_trk_%' AND NOT tgisinternal")
    ).scalar()
    if have == len(names):
        return
    conn.exec_driver_sql(_PG_TRACK_FUNCTION)
    for name in names:
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "audit_trk_{name}" ON "{name}"')
        conn.exec_driver_sql(
            f'CREATE TRIGGER "audit_trk_{name}" AFTER INSERT OR UPDATE OR DELETE ON "{name}"'
            f" FOR EACH ROW EXECUTE FUNCTION audit_track('{_pk_name(tables[name])}')"
        )


def _pg_track(conn: Connection) -> None:
    """Per transaction on PostgreSQL: the session's temp table the triggers fill (made once
    per connection; re-made if the transaction that made it rolled back)."""
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {_TRACK_TABLE} (tbl text NOT NULL, rid text NOT NULL,"
        " PRIMARY KEY (tbl, rid))"
    )


def _tracked_keys(conn: Connection) -> set[tuple[str, Any]]:
    """Keys the triggers recorded in this transaction (emptied); on PostgreSQL the key text
    is turned back into the primary key's type, and SKIPPED_KEYS are left out."""
    rows = conn.exec_driver_sql(f"SELECT tbl, rid FROM {_TRACK_TABLE}").fetchall()
    if not rows:
        return set()
    conn.exec_driver_sql(f"DELETE FROM {_TRACK_TABLE}")
    if conn.dialect.name == "sqlite":
        return {(r[0], r[1]) for r in rows}
    tables = audited_tables()
    out: set[tuple[str, Any]] = set()
    for tbl, rid in rows:
        table = tables.get(tbl)
        if table is None or rid in SKIPPED_KEYS.get(tbl, ()):
            continue
        kind = table.c[_pk_name(table)].type.python_type
        out.add((tbl, kind(rid) if kind is int else rid))
    return out


@event.listens_for(Session, "after_begin")
def _on_after_begin(session: Session, _tx: SessionTransaction, conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        _sqlite_track(conn)
    elif conn.dialect.name == "postgresql":
        _pg_track(conn)


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


@contextmanager
def untracked_inserts(session: Session, table: str | type) -> Iterator[None]:
    """A bulk INSERT into `table` without per-row tracking; the caller MUST `mark_changed`
    every row it inserted inside the block (e.g. a 100k-row import knows its id range).

    On SQLite this suspends the table's TEMP insert trigger for the block (it costs ~10 µs a
    row) and restores it afterwards; on PostgreSQL the trigger skips the table's inserts
    for the block (a transaction-local setting); updates and deletes stay tracked.
    """
    name = table if isinstance(table, str) else table.__tablename__  # type: ignore[attr-defined]
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT set_config('app.untracked_inserts', :t, true)"), {"t": name})
        try:
            yield
        finally:
            conn.exec_driver_sql("SELECT set_config('app.untracked_inserts', '', true)")
        return
    if conn.dialect.name != "sqlite":
        yield
        return
    conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS temp."audit_trk_{name}_i"')
    try:
        yield
    except BaseException:
        with suppress(Exception):  # the caller rolls back, which restores the trigger anyway
            _sqlite_track(conn)
        raise
    _sqlite_track(conn)


# -- bulk inserts sealed from the values written --------------------------------------------

_JSON_SPECIAL = re.compile(r'["\\\x00-\x1f]')
# Text SQLite would store as a number in a column of numeric affinity (then it is not text).
_NUMERIC_TEXT = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")
# (the inserted values a column at a time, in the order of the INSERT's columns; row ids)
InsertSealer = Callable[[Sequence[Sequence[Any]], Sequence[int]], "list[str] | None"]


def _affinity(declared: str) -> str:
    """SQLite's column affinity for a declared type (sqlite.org/datatype3.html §3.1)."""
    t = declared.upper()
    if "INT" in t:
        return "INTEGER"
    if "CHAR" in t or "CLOB" in t or "TEXT" in t:
        return "TEXT"
    if not t or "BLOB" in t:
        return "BLOB"
    if "REAL" in t or "FLOA" in t or "DOUB" in t:
        return "REAL"
    return "NUMERIC"


def _state_piece(
    prefix: str, affinity: str, values: list[Any]
) -> tuple[str, list[Any] | None] | None:
    """How one column appears in the rows' state texts: a %-template piece and the values
    it takes (None when the piece is the same for every row). Each row's piece is
    `,"name":value`, or nothing for NULL. None when a value is not one whose stored form is
    certain here (then the seal reads the rows back)."""
    kinds = set(map(type, values))
    nulls = type(None) in kinds
    kinds.discard(type(None))
    first = values[0]  # most columns differ at the middle or the end already: no count
    same = values[-1] == first == values[len(values) // 2] and values.count(first) == len(values)
    if not kinds:
        return "", None
    if kinds == {str}:
        if affinity != "TEXT" and (
            affinity != "NUMERIC"
            or any(_NUMERIC_TEXT.fullmatch(v) for v in set(values) if v is not None)
        ):
            return None  # SQLite may store such text as a number
        present = [v for v in values if v is not None] if nulls else values
        plain = _plain_json("".join(present))  # nothing to escape: usual
        if plain and not nulls:
            if same:
                return _literal(f'{prefix}"{values[0]}"'), None
            return _literal(prefix) + '"%s"', values
        quote = (lambda v: f'"{v}"') if plain else partial(json.dumps, ensure_ascii=False)
        return "%s", ["" if v is None else prefix + quote(v) for v in values]
    if kinds <= {int, bool} and affinity in ("INTEGER", "NUMERIC"):
        ints = values if kinds == {int} else [None if v is None else int(v) for v in values]
        if not nulls:
            return (
                (_literal(prefix + str(ints[0])), None) if same else (_literal(prefix) + "%d", ints)
            )
        return "%s", ["" if v is None else prefix + str(v) for v in ints]
    return None


def _plain_json(text_: str) -> bool:
    """True when JSON would quote `text_` as it is: no quote, backslash or control character
    (a printable text has no control character; the regex decides the rest)."""
    if '"' in text_ or "\\" in text_:
        return False
    return text_.isprintable() or _JSON_SPECIAL.search(text_) is None


def _literal(text_: str) -> str:
    return text_.replace("%", "%%")


def inserted_rows_sealer(
    session: Session, table: str | type, columns: Sequence[str]
) -> InsertSealer | None:
    """SQLite adapter: a function giving, from the values of a bulk INSERT of `columns` into
    `table` and the ids SQLite gave the rows, the state hashes `_seal` would read back (the
    same text as `_sqlite_state_sql`, built a column at a time in Python: ~0.3 s per 100k
    rows, and it needs no database, so it can run while the database works on something
    else). None when that cannot be exact: another engine, or an unwritten column with a
    default. The function returns None when a value is not one it can encode exactly."""
    name = table if isinstance(table, str) else table.__tablename__  # type: ignore[attr-defined]
    conn = session.connection()
    if conn.dialect.name != "sqlite" or name not in audited_tables():
        return None
    info = conn.exec_driver_sql(f'PRAGMA main.table_info("{name}")').all()
    pk = _pk_name(audited_tables()[name])
    declared = {r[1]: r[2] for r in info}
    if any(r[1] not in columns and r[1] != pk and r[4] is not None for r in info):
        return None
    if _affinity(declared.get(pk, "")) != "INTEGER" or pk in columns:
        return None
    order = sorted(declared)

    def hashes(values: Sequence[Sequence[Any]], ids: Sequence[int]) -> list[str] | None:
        if not ids:
            return []
        template: list[str] = []
        args: list[Sequence[Any]] = []
        for col in order:
            prefix = "," + json.dumps(col) + ":"
            if col == pk:
                template.append(_literal(prefix) + "%d")
                args.append(ids)
            elif col in columns:
                j = columns.index(col)
                piece = _state_piece(prefix, _affinity(declared[col]), list(values[j]))
                if piece is None:
                    return None
                template.append(piece[0])
                if piece[1] is not None:
                    args.append(piece[1])
        fmt = "".join(template)  # every row has its id, so the text starts with ","
        sha = hashlib.sha256
        rows = zip(*args, strict=True)
        if next(filter(None, template))[:1] == ",":  # the first column is in every row
            whole = "{" + fmt[1:] + "}"
            return [sha(t.encode("utf-8")).hexdigest() for t in map(whole.__mod__, rows)]
        return [
            sha(("{" + t[1:] + "}").encode("utf-8")).hexdigest() for t in map(fmt.__mod__, rows)
        ]

    return hashes


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
        touched = touched | _tracked_keys(conn)
    session.info.pop(_TOUCHED, None)
    pending = session.info.pop(_PENDING, [])
    known = session.info.pop(_PRESEALED, None)
    if not touched and not pending and not known:
        return
    states = _current_states(conn, touched, known)
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
        last.rows_hash = _rows_digest(states)
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
        before_hash=None if before is None else _digest(_state_text(before)),
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
        if (_rows_digest(own) if own else None) != ev.rows_hash or len(own) != (ev.row_count or 0):
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
        head = session.get(Setting, HEAD_KEY)
        head_value = head.value if head is not None else None
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
        pk = table.c[_pk_name(table)]
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
        for pk_value, digest in _state_rows(conn, table, None):
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
                ev_id = sealed[1]
                what = (
                    "在程序之外被改动"
                    if sealed[0] is not None
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
    for (name, key), (digest, ev_id) in sorted(latest.items()):
        if digest is not None and name in existing and key not in SKIPPED_KEYS.get(name, ()):
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
