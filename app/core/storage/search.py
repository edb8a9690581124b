"""Substring search over targets' names and codes — the engine-specific adapter (SQLite / PostgreSQL).

SQLite-ONLY SQL (FTS5, trigram tokenizer, triggers) lives here and nowhere else; PostgreSQL
uses pg_trgm for 3+ characters and a GIN index on each name's characters for 1–2. Callers get a SQLAlchemy condition on `targets.id` and never see which engine
answered. No business rules: what goes into `search_text` is decided by `search_key`.

SQLite design (measured on 1,000,000 targets, docs/toolchain.md, bench/bench_registry.py):
- the FTS5 table `targets_fts` (trigram tokenizer) keeps its own copy of each key plus two
  trailing spaces, so every real character starts at least one indexed trigram;
- 3+ characters: a MATCH on trigrams covering the query, ANDed, then `instr()` on the few
  candidates (the table is `detail=none`: no positions, a third cheaper to fill on import,
  so phrase queries are not available and the substring check is done on the candidates);
- 1–2 characters: the trigram tokenizer cannot match them and SQLite 3.40's 2-character
  LIKE on a trigram table wrongly returns nothing. Instead the trigrams that *start with*
  the query are read from an fts5vocab view (a range scan); when there are few (a rare
  query) the rows are found by MATCHing those trigrams; when there are many the query is
  common, and a streaming `instr()` scan of the FTS content table (rowid + key only) meets
  its first matches almost at once.
Triggers keep the FTS table in step with `targets`; a bulk import indexes its rows in one
statement instead (`bulk_indexing`). Only names are indexed: codes are ASCII
and searched with `instr()` over their unique indexes (about 40 ms per million rows).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Final

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Text,
    and_,
    bindparam,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY as PG_ARRAY
from sqlalchemy.dialects.postgresql import array as pg_array

from .models import Target

__all__ = [
    "bulk_indexing",
    "ensure_target_index",
    "prepare_search",
    "query_key",
    "search_key",
    "search_target_ids",
    "target_match",
]

_FTS: Final = "targets_fts"
# PostgreSQL: trigrams serve 3+ characters; a query of 1–2 characters has no trigram, so the
# characters of each key, as an array, serve it (1M targets, a rare pair: 140 ms → 1 ms).
_PG_CHARS: Final = "string_to_array(search_text, NULL)"
_PG_INDEXES: Final = {
    "ix_targets_search_trgm": "CREATE INDEX IF NOT EXISTS ix_targets_search_trgm ON targets "
    "USING gin (search_text gin_trgm_ops)",
    "ix_targets_search_chars": "CREATE INDEX IF NOT EXISTS ix_targets_search_chars ON targets "
    f"USING gin ({_PG_CHARS})",
}
# Full-width ASCII → half-width, ideographic space → space; then spaces are dropped entirely.
_FOLD: Final = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_DROP: Final = dict.fromkeys(
    [cp for cp in range(0x3001) if chr(cp).isspace()] + [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
)

_SQLITE_DDL: Final = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {_FTS} USING fts5(search_text, tokenize='trigram case_sensitive 1', detail=none, columnsize=0)",
    f"""CREATE TRIGGER IF NOT EXISTS {_FTS}_ai AFTER INSERT ON targets BEGIN
        INSERT INTO {_FTS}(rowid, search_text) VALUES (new.id, new.search_text || '  '); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {_FTS}_ad AFTER DELETE ON targets BEGIN
        DELETE FROM {_FTS} WHERE rowid = old.id; END""",
    f"""CREATE TRIGGER IF NOT EXISTS {_FTS}_au AFTER UPDATE OF search_text ON targets
        WHEN old.search_text IS NOT new.search_text BEGIN
        UPDATE {_FTS} SET search_text = new.search_text || '  ' WHERE rowid = new.id; END""",
)


# Any character `_fold` maps: spaces of any kind (str.isspace up to U+3000), full-width ASCII,
# zero-width marks. Most names have none and only need upper-casing (4× cheaper on imports).
_FOLDED: Final = re.compile("[\\s\uff01-\uff5e\u200b-\u200d\u2060\ufeff]")


def _fold(value: str) -> str:
    if _FOLDED.search(value) is None:
        return value.upper()
    return value.translate(_FOLD).translate(_DROP).upper()


def search_key(name: str | None) -> str:
    """The text stored in `targets.search_text`: the name folded (half-width, no spaces, upper
    case). Codes are searched in their own columns (see `target_match`): their dense ASCII
    trigrams would double the cost of indexing an import."""
    return _fold(name or "")


def search_keys(names: Sequence[str | None]) -> list[str]:
    """`search_key` of each name; for a batch of clean names (the usual import) that is one
    scan and one upper-casing of all of them together instead of one per name."""
    texts = [n or "" for n in names]
    joined = "\x01".join(texts)
    if _FOLDED.search(joined) is None and joined.count("\x01") == len(texts) - 1 and texts:
        return joined.upper().split("\x01")
    return [_fold(t) for t in texts]


def query_key(query: str) -> str:
    """A user's query folded the same way as `search_key` (NFKC also folds compatibility forms)."""
    return _fold(unicodedata.normalize("NFKC", query))


def _is_sqlite(bind: Connection | Engine) -> bool:
    return bind.dialect.name == "sqlite"


def ensure_target_index(conn: Connection) -> bool:
    """Creates the search index if missing (and fills it); True when it was created now."""
    if _is_sqlite(conn):
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (_FTS,)
        ).first()
        if exists:
            return False
        for ddl in _SQLITE_DDL:
            conn.exec_driver_sql(ddl)
        conn.exec_driver_sql(
            f"INSERT INTO {_FTS}(rowid, search_text) SELECT id, search_text || '  ' FROM targets"
        )
        return True
    probe = text("SELECT count(*) FROM pg_indexes WHERE indexname IN :names").bindparams(
        bindparam("names", list(_PG_INDEXES), expanding=True)
    )
    if conn.execute(probe).scalar() == len(_PG_INDEXES):
        return False
    # Several workstations saving at once on a new server all find it missing: one creates it
    # (CREATE EXTENSION IF NOT EXISTS is not safe against a concurrent twin), the others wait
    # for its commit and find it there.
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('shuangsuiji.search_index'))"))
    if conn.execute(probe).scalar() == len(_PG_INDEXES):
        return False
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    for ddl in _PG_INDEXES.values():
        conn.execute(text(ddl))
    # The planner tells a common character (an index scan would read half the table) from a
    # rare one only from statistics on the character index's expression.
    conn.execute(text("ANALYZE targets"))
    return True


def _nothing_to_index(up_to: int | None = None) -> None:
    del up_to


@contextmanager
def bulk_indexing(conn: Connection) -> Iterator[Callable[..., None]]:
    """Wraps a bulk INSERT of targets (in the caller's transaction): on SQLite the per-row
    index trigger is dropped for the block and the new rows (ids above the largest before
    it) are indexed by INSERT … SELECT — 100k rows: ~0.4 s instead of ~5 s of trigger work.
    Yields `index_new(up_to=None)`, which indexes the new rows not indexed yet, up to id
    `up_to` (None: all of them; the block's end does that otherwise). The trigger comes back
    in the same transaction, so a rollback undoes all of it. Updates and deletes inside the
    block still go through their triggers.
    PostgreSQL maintains its trigram index by itself: a no-op there."""
    if not _is_sqlite(conn):
        yield _nothing_to_index
        return
    ensure_target_index(conn)
    done = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM targets").scalar() or 0
    conn.exec_driver_sql(f"DROP TRIGGER {_FTS}_ai")

    def index_new(up_to: int | None = None) -> None:
        nonlocal done
        sql = (
            f"INSERT INTO {_FTS}(rowid, search_text) SELECT id, search_text || '  '"
            " FROM targets WHERE id > ?"
        )
        if up_to is None:
            conn.exec_driver_sql(sql, (done,))
            done = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM targets").scalar() or 0
        elif up_to > done:
            conn.exec_driver_sql(sql + " AND id <= ?", (done, up_to))
            done = up_to

    try:
        yield index_new
    except BaseException:
        with suppress(Exception):  # the caller rolls back, which restores the trigger anyway
            conn.exec_driver_sql(_SQLITE_DDL[1])
        raise
    index_new()
    conn.exec_driver_sql(_SQLITE_DDL[1])


_READY: set[str] = set()


def prepare_search(engine: Engine) -> None:
    """Makes sure the search index exists (once per database per process), in its own commit."""
    key = str(engine.url)
    if key in _READY:
        return
    # IMMEDIATE on SQLite: the check and the build are one writer's, so a second workstation
    # opening the registry at the same moment waits for the first one's build instead of failing
    # with "database is locked" when its read snapshot cannot be upgraded.
    with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
        ensure_target_index(conn)
    _READY.add(key)


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_MAX_TERMS: Final = 300  # beyond this many trigrams a short query is common: scan instead


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _covering(key: str) -> str:
    """Trigrams covering every character of a 3+ character key, ANDed ("abcdefg" → abc, def, efg)."""
    grams = [key[i : i + 3] for i in range(0, len(key) - 2, 3)]
    if len(key) % 3:
        grams.append(key[-3:])
    return " AND ".join(_phrase(g) for g in dict.fromkeys(grams))


def _short_terms(conn: Connection, key: str) -> list[str] | None:
    """Trigrams starting with a 1–2 character key; None when there are too many to OR."""
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_FTS}_vocab USING fts5vocab(main, {_FTS}, 'row')"
    )
    rows = conn.exec_driver_sql(
        f"SELECT term FROM temp.{_FTS}_vocab WHERE term >= ? AND term < ? LIMIT ?",
        (key, key + "\U0010ffff", _MAX_TERMS + 1),
    ).all()
    return None if len(rows) > _MAX_TERMS else [r[0] for r in rows]


def _code_like(key: str) -> bool:
    return key.isascii() and key.isalnum()


def _code_condition(key: str, dialect: str) -> ColumnElement[bool]:
    if dialect == "sqlite":  # instr over the unique indexes' keys: ASCII, one byte a character
        return or_(func.instr(Target.uscc, key) > 0, func.instr(Target.reg_no, key) > 0)
    pattern = literal("%" + _like_escape(key) + "%")
    return or_(Target.uscc.like(pattern, escape="\\"), Target.reg_no.like(pattern, escape="\\"))


def target_match(conn: Connection, query: str) -> ColumnElement[bool]:
    """Condition on `targets`: rows whose name, 统一社会信用代码 or 注册号 contains `query`.

    An empty query matches everything. For SQLite it reads the vocabulary on `conn` first,
    so use the condition on the same connection. Call `prepare_search` once before.
    """
    key = query_key(query)
    if not key:
        return true()
    name = _name_condition(conn, key)
    if _code_like(key):
        return or_(name, _code_condition(key, conn.dialect.name))
    return name


def _name_condition(conn: Connection, key: str) -> ColumnElement[bool]:
    if not _is_sqlite(conn):
        # pg_trgm's GIN index serves LIKE for 3+ characters; for 1–2 the character index finds
        # the rows holding every character of the key, and LIKE keeps those holding it whole.
        contains = Target.search_text.like(literal("%" + _like_escape(key) + "%"), escape="\\")
        if len(key) >= 3:
            return contains
        chars = cast(pg_array(sorted(set(key))), PG_ARRAY(Text))
        return and_(func.string_to_array(Target.search_text, null()).op("@>")(chars), contains)
    if len(key) >= 3:
        return Target.id.in_(
            text(
                f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH :fts_q AND instr(search_text, :fts_k) > 0"
            ).bindparams(fts_q=_covering(key), fts_k=key)
        )
    else:
        terms = _short_terms(conn, key)
        if terms is None:
            return Target.id.in_(
                text(f"SELECT id FROM {_FTS}_content WHERE instr(c0, :short_q) > 0").bindparams(
                    short_q=key
                )
            )
        if not terms:
            return false()
        expr = " OR ".join(map(_phrase, terms))
    return Target.id.in_(
        text(f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH :fts_q").bindparams(fts_q=expr)
    )


def search_target_ids(conn: Connection, query: str, *, limit: int) -> list[int]:
    """Ids of up to `limit` targets whose name or code contains `query` (lowest ids first
    for exact paths; the scan path returns the first it meets). Streams: stops at `limit`."""
    key = query_key(query)
    if not key:
        return []
    if _is_sqlite(conn):
        found: list[int] = []
        if _code_like(key):  # codes first: a code query names one entity
            found = [
                r[0]
                for r in conn.execute(
                    select(Target.id).where(_code_condition(key, "sqlite")).limit(limit)
                ).all()
            ]
        # Names straight from the FTS table, which yields rowids in order and stops at the limit.
        terms = None if len(key) >= 3 else _short_terms(conn, key)
        if len(key) >= 3:
            sql = f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH ? AND instr(search_text, ?) > 0 LIMIT ?"
            args: tuple = (_covering(key), key, limit)
        elif terms is None:
            sql, args = (
                f"SELECT id FROM {_FTS}_content WHERE instr(c0, ?) > 0 LIMIT ?",
                (key, limit),
            )
        elif not terms:
            return found
        else:
            expr = " OR ".join(map(_phrase, terms))
            sql, args = f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH ? LIMIT ?", (expr, limit)
        seen = set(found)
        found += [r[0] for r in conn.exec_driver_sql(sql, args).all() if r[0] not in seen]
        return found[:limit]
    cond = target_match(conn, query)
    rows = conn.execute(select(Target.id).where(cond).order_by(Target.id).limit(limit)).all()
    return [r[0] for r in rows]
