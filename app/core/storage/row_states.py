"""The sealed state of a row, as each engine stores it, and which rows a transaction wrote.

The storage half of 全程留痕 (the hash chain of events is services/kernel/audit.py):
- what is audited (every table but the trail itself and pure caches);
- a row's state text and its hash: computed by SQLite itself (json_object), or in Python from
  the row's values on PostgreSQL; read back in bulk for a commit's seal and for verification;
- the database's own record of the rows a transaction wrote (SQLite temp triggers, PostgreSQL
  row triggers), so Core bulk writes are sealed without remembering to say so;
- for a bulk INSERT on SQLite, the state hashes computed from the values written (SQLite's
  type affinity in Python), so the seal need not read 100k rows back.
No business rules, no events: docs/security.md has the design.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from sqlalchemy import Connection, Table, bindparam, inspect, text
from sqlalchemy.orm import Session

from app.core.domain.canonical import canonical_json

from .models import Base

HEAD_KEY = "audit.head"
# Tables whose rows are not sealed: the trail itself (covered by the chain) and Alembic's.
UNAUDITED_TABLES = frozenset({"audit_events", "audit_row_states", "alembic_version"})
# Rows of audited tables that change with every commit and are checked another way.
SKIPPED_KEYS: dict[str, frozenset[str]] = {"settings": frozenset({HEAD_KEY})}
# Tables that are pure caches: rebuilt from audited tables, so neither sealed nor part of the
# expected schema (docs/security.md lists them with the reason). A name matches by prefix, so
# an FTS5 table's shadow tables (targets_fts_data, _idx, _config, _docsize) are covered too.
CACHE_TABLES: dict[str, str] = {
    "targets_fts": "the full-text search index of targets (storage/search.py), rebuilt from targets",
}
TRACK_TABLE = "audit_touched"  # SQLite temp table filled by temp triggers
CHUNK = 5000  # keys per IN (...) query; SQLite ≥ 3.32 allows 32766 parameters


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


def pk_name(table: Table) -> str:
    cols = list(table.primary_key.columns)
    if len(cols) != 1:
        raise TypeError(f"audited table {table.name} needs a single-column primary key")
    return cols[0].name


# The sealed state of a row ("state text", docs/security.md): a compact JSON object of the
# row's stored columns in code-point order of their names, NULLs left out (so adding a
# nullable column does not change any row's state), text as a JSON string, integers in
# decimal, a blob as ["HEX"]; its hash is the SHA-256 of its UTF-8. On SQLite the database
# computes the text itself (json_object in C: ~5× cheaper than canonical JSON in Python), so
# sealing and verification read one short string per row; `state_text` is the same
# encoding in Python, used on other servers (where reals and dates come back as Python
# objects: reals as repr, dates as ISO text). A JSON column is read as the text stored, on
# both engines, so it is a JSON string in the state text.


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


def state_text(values: Mapping[str, Any]) -> str:
    return (
        "{"
        + ",".join(
            f"{json.dumps(k)}:{_json_value(values[k])}"
            for k in sorted(values)
            if values[k] is not None
        )
        + "}"
    )


def text_digest(text_value: str) -> str:
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


def state_rows(conn: Connection, table: Table, keys: list[Any] | None) -> Iterator[tuple[Any, str]]:
    """(primary key, state hash) of the rows of `table` with these keys (None: all rows)."""
    pk = pk_name(table)
    if conn.dialect.name == "sqlite":
        base = _sqlite_state_sql(conn, table.name, pk)
        if keys is None:
            for key, state in conn.exec_driver_sql(base):
                yield key, text_digest(state)
            return
        runs, single = _int_runs(keys)
        for lo, hi in runs:  # a bulk insert's ids: one range scan instead of IN lists
            for key, state in conn.exec_driver_sql(
                f'{base} WHERE "{pk}" BETWEEN ? AND ?', (lo, hi)
            ):
                yield key, text_digest(state)
        for start in range(0, len(single), CHUNK):
            part = single[start : start + CHUNK]
            sql = f'{base} WHERE "{pk}" IN ({",".join("?" * len(part))})'
            for key, state in conn.exec_driver_sql(sql, tuple(part)):
                yield key, text_digest(state)
        return
    rows = _all_rows(conn, table) if keys is None else select_rows(conn, table, keys)
    for row in rows:
        yield row[pk], text_digest(state_text(row))


def _columns(conn: Connection, table: Table, *, parsed_json: bool) -> str:
    """The select list of a row as stored: every column, JSON ones as their stored text (on
    PostgreSQL, where the driver would parse them), as SQLite gives them; `parsed_json` keeps
    the earlier reading (the value parsed, then canonical JSON), for seals made before it."""
    if parsed_json or conn.dialect.name != "postgresql":
        return "*"
    q = conn.dialect.identifier_preparer.quote
    names = conn.execute(
        text(
            "SELECT attname, atttypid IN ('json'::regtype, 'jsonb'::regtype) FROM pg_attribute"
            " WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped"
            " ORDER BY attnum"
        ),
        {"t": q(table.name)},
    ).all()
    return ", ".join(f"{q(n)}::text AS {q(n)}" if is_json else q(n) for n, is_json in names)


def select_rows(
    conn: Connection, table: Table, keys: list[Any], *, parsed_json: bool = False
) -> Iterator[dict[str, Any]]:
    q = conn.dialect.identifier_preparer.quote
    pk = pk_name(table)
    cols = _columns(conn, table, parsed_json=parsed_json)
    stmt = text(f"SELECT {cols} FROM {q(table.name)} WHERE {q(pk)} IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    for start in range(0, len(keys), CHUNK):
        for row in conn.execute(stmt, {"keys": keys[start : start + CHUNK]}):
            yield dict(row._mapping)


def _all_rows(conn: Connection, table: Table) -> Iterator[dict[str, Any]]:
    q = conn.dialect.identifier_preparer.quote
    cols = _columns(conn, table, parsed_json=False)
    result = conn.execution_options(stream_results=True).execute(
        text(f"SELECT {cols} FROM {q(table.name)}")
    )
    for row in result:
        yield dict(row._mapping)


def earlier_states(conn: Connection, table: Table, keys: list[Any]) -> dict[str, str]:
    """{key as text: state hash} of these rows under the reading of releases before JSON
    columns were read as their stored text on PostgreSQL (parsed, then canonical JSON); empty
    on SQLite, which always read the stored text. Verification accepts a row sealed either way.
    """
    if conn.dialect.name != "postgresql" or not keys:
        return {}
    pk = pk_name(table)
    rows = select_rows(conn, table, keys, parsed_json=True)
    return {str(row[pk]): text_digest(state_text(row)) for row in rows}


def current_states(
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
        found = {str(k): h for k, h in state_rows(conn, tables[name], list(wanted.values()))}
        states: dict[str, str | None] = dict((known or {}).get(name, {}))
        states.update((key, found.get(key)) for key in wanted)
        out.extend((name, key, states[key]) for key in sorted(states))
    return out


def rows_digest(states: Iterable[tuple[str, str, str | None]]) -> str:
    """Digest of an event's row states in order: one line `table TAB len:key TAB hash` each
    (the key length-prefixed, so the lines are unambiguous; "-" for a deleted row)."""
    h = hashlib.sha256()
    h.update("".join(f"{e}\t{len(k)}:{k}\t{d or '-'}\n" for e, k, d in states).encode("utf-8"))
    return h.hexdigest()


# -- change tracking --------------------------------------------------------------------------


def track_sqlite(conn: Connection) -> None:
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
        f"CREATE TEMP TABLE IF NOT EXISTS {TRACK_TABLE} (tbl TEXT NOT NULL, rid NOT NULL,"
        " PRIMARY KEY (tbl, rid))"
    )
    for name in names:
        pk = pk_name(tables[name])
        skip = SKIPPED_KEYS.get(name, frozenset())

        def when(alias: str, pk: str = pk, skip: frozenset[str] = skip) -> str:
            if not skip:
                return ""
            quoted = ", ".join("'" + k.replace("'", "''") + "'" for k in sorted(skip))
            return f' WHEN {alias}."{pk}" NOT IN ({quoted})'

        ins = f"INSERT OR IGNORE INTO {TRACK_TABLE} (tbl, rid) VALUES ('{name}', "
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


def _pg_track_body(keys: Iterable[str]) -> str:
    """The body of the PostgreSQL trigger function `audit_track(key column)`.

    Each audited table's key column is read by name (`NEW."id"`), which reads that column
    alone. `to_jsonb(NEW) ->> 'id'` gives the same text but converts the whole row first: a
    draw session's row holds its population and record (about 150 MB of JSON at 1,000,000
    targets), and every UPDATE of it took about 3 s in the trigger. A key column not in
    `keys` still works that way."""
    known = (
        "".join(
            f"""
  {"ELSIF" if n else "IF"} TG_ARGV[0] = '{key}' THEN
    IF TG_OP <> 'INSERT' THEN old_key := OLD."{key}"; END IF;
    IF TG_OP <> 'DELETE' THEN new_key := NEW."{key}"; END IF;"""
            for n, key in enumerate(sorted(set(keys)))
        )
        or "\n  IF false THEN NULL;"
    )
    return f"""
DECLARE
  old_key text;
  new_key text;
BEGIN
  -- only sessions of the app (which made the temp table) track; psql's edits stay unsealed
  IF to_regclass('pg_temp.{TRACK_TABLE}') IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' AND TG_TABLE_NAME = current_setting('app.untracked_inserts', true) THEN
    RETURN NULL;  -- untracked_inserts: the caller marks the rows itself
  END IF;
{known}
  ELSE
    IF TG_OP <> 'INSERT' THEN old_key := to_jsonb(OLD) ->> TG_ARGV[0]; END IF;
    IF TG_OP <> 'DELETE' THEN new_key := to_jsonb(NEW) ->> TG_ARGV[0]; END IF;
  END IF;
  IF old_key IS NOT NULL THEN
    INSERT INTO pg_temp.{TRACK_TABLE} VALUES (TG_TABLE_NAME, old_key) ON CONFLICT DO NOTHING;
  END IF;
  IF new_key IS NOT NULL AND new_key IS DISTINCT FROM old_key THEN
    INSERT INTO pg_temp.{TRACK_TABLE} VALUES (TG_TABLE_NAME, new_key) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END """


def install_server_tracking(conn: Connection) -> None:
    """PostgreSQL adapter, the server's twin of `track_sqlite`: an AFTER row trigger on every
    audited table records the keys the app's sessions write (ORM or Core, bulk included) in
    each session's temp table, which the commit's seal reads. Installed by the app when it
    opens the database (services/workspace.open_workspace): a no-op when the triggers are
    all there and the function is this version's, otherwise done under a lock so that two
    workstations opening at once do not both write it."""
    if conn.dialect.name != "postgresql":
        return
    tables = audited_tables()
    existing = set(inspect(conn).get_table_names())
    names = [n for n in tables if n in existing]
    body = _pg_track_body(pk_name(tables[n]) for n in names)

    def state() -> tuple[bool, bool]:  # (the triggers are all there, the function is current)
        have = conn.execute(
            text(
                "SELECT count(*) FROM pg_trigger"
                " WHERE tgname LIKE 'audit_trk_%' AND NOT tgisinternal"
            )
        ).scalar()
        source = conn.execute(
            text("SELECT prosrc FROM pg_proc WHERE proname = 'audit_track'")
        ).scalar()
        return have == len(names), source == body

    if state() == (True, True):
        return
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(hashtext('audit_track'))")
    triggers, function = state()  # again: another workstation may have done it meanwhile
    if not function:
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION audit_track() RETURNS trigger LANGUAGE plpgsql"
            f" AS $audit_track${body}$audit_track$"
        )
    if not triggers:
        for name in names:
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "audit_trk_{name}" ON "{name}"')
            conn.exec_driver_sql(
                f'CREATE TRIGGER "audit_trk_{name}" AFTER INSERT OR UPDATE OR DELETE'
                f" ON \"{name}\" FOR EACH ROW EXECUTE FUNCTION audit_track('{pk_name(tables[name])}')"
            )


def track_pg(conn: Connection) -> None:
    """Per transaction on PostgreSQL: the session's temp table the triggers fill (made once
    per connection; re-made if the transaction that made it rolled back)."""
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {TRACK_TABLE} (tbl text NOT NULL, rid text NOT NULL,"
        " PRIMARY KEY (tbl, rid))"
    )


def tracked_keys(conn: Connection) -> set[tuple[str, Any]]:
    """Keys the triggers recorded in this transaction (emptied); on PostgreSQL the key text
    is turned back into the primary key's type, and SKIPPED_KEYS are left out."""
    rows = conn.exec_driver_sql(f"SELECT tbl, rid FROM {TRACK_TABLE}").fetchall()
    if not rows:
        return set()
    conn.exec_driver_sql(f"DELETE FROM {TRACK_TABLE}")
    if conn.dialect.name == "sqlite":
        return {(r[0], r[1]) for r in rows}
    tables = audited_tables()
    out: set[tuple[str, Any]] = set()
    for tbl, rid in rows:
        table = tables.get(tbl)
        if table is None or rid in SKIPPED_KEYS.get(tbl, ()):
            continue
        kind = table.c[pk_name(table)].type.python_type
        out.add((tbl, kind(rid) if kind is int else rid))
    return out


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
            track_sqlite(conn)
        raise
    track_sqlite(conn)


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
    pk = pk_name(audited_tables()[name])
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
