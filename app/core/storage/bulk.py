"""Fast paths for large reads and writes that the ORM would make slow.

Engine-specific tricks are confined here: `group_concat` (SQLite) and `array_agg`
(PostgreSQL) over an ordered subquery return a million ids as one value ~3× faster than
fetching a million rows; a bulk insert
into a small table builds its secondary indexes afterwards; and statements that run long
inside SQLite (index builds, INSERT … SELECT) can run while Python computes something else.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Select, func, select

from .database import CHECKPOINT_LATER

T = TypeVar("T")


def fetch_ids(conn: Connection, stmt: Select) -> array:
    """The first column of `stmt` (integer ids, in the statement's order) as array('q'):
    aggregated over the ordered subquery into one value, which both engines keep in the
    subquery's order (1M ids on PostgreSQL: 0.65 s as rows, 0.2 s as one array)."""
    sub = stmt.subquery()
    if conn.dialect.name == "sqlite":
        joined = conn.execute(select(func.group_concat(sub.c[0]))).scalar()
        return array("q", map(int, joined.split(","))) if joined else array("q")
    return array("q", conn.execute(select(func.array_agg(sub.c[0]))).scalar() or ())


def tune_for_bulk_write(conn: Connection) -> None:
    """For one large write on SQLite: a bigger page cache (index pages stay in memory
    instead of spilling to the WAL mid-transaction; lasts for the connection), and the
    copy of the WAL into the database file left out of the commit and done on a thread
    once the connection is back in the pool (database.CHECKPOINT_LATER). A no-op elsewhere."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-131072")  # 128 MiB
        if CHECKPOINT_LATER not in conn.info:
            previous = conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
            conn.exec_driver_sql("PRAGMA wal_autocheckpoint=0")
            conn.info[CHECKPOINT_LATER] = previous


@contextmanager
def deferred_indexes(
    conn: Connection, table: str, *, enabled: bool
) -> Iterator[Callable[[], None]]:
    """For a bulk insert that at least doubles `table` (SQLite): its secondary, non-unique
    indexes are dropped for the block and built again afterwards — one sort per index
    instead of a B-tree insert per row and index (100k targets: ~0.3 s instead of ~0.7 s).

    Yields `build()`, which rebuilds them now (the block's end does it otherwise). All of it
    is inside the caller's transaction: a rollback brings the indexes back as they were.
    Unique indexes stay, so duplicates are still refused row by row. Elsewhere a no-op.
    """
    if not enabled or conn.dialect.name != "sqlite":
        yield lambda: None
        return
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL AND upper(sql) NOT LIKE 'CREATE UNIQUE%'",
        (table,),
    ).all()
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX main."{name}"')
    pending = list(indexes)

    def build() -> None:
        while pending:
            conn.exec_driver_sql(pending.pop(0)[1])

    yield build  # on an exception the caller rolls back, which restores them
    build()


def run_alongside(background: Callable[[], None], foreground: Callable[[], T]) -> T:
    """Runs `background` (database statements that run long inside SQLite, which releases
    Python's lock meanwhile) in a thread while `foreground` (Python work that must not touch
    that connection) runs here; returns the foreground's result once both are done and
    raises the first error of either."""
    behind = Background()
    behind.start(background)
    try:
        result = foreground()
    except BaseException:
        behind.wait(raise_errors=False)
        raise
    behind.wait()
    return result


class Background:
    """One piece of database work at a time on a thread (a statement that runs long inside
    SQLite, which releases Python's lock meanwhile), while the caller goes on with Python
    work. The caller must not use that connection until `wait()` has returned."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def start(self, work: Callable[[], None]) -> None:
        """Waits for the previous piece, then starts `work`."""
        self.wait()

        def run() -> None:
            try:
                work()
            except BaseException as exc:  # re-raised in the caller's thread by wait()
                self._failure = exc

        self._thread = threading.Thread(target=run, name="bulk-write", daemon=True)
        self._thread.start()

    def wait(self, *, raise_errors: bool = True) -> None:
        """Returns once the work started last has ended; raises its error, if any (once)."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        failure, self._failure = self._failure, None
        if failure is not None and raise_errors:
            raise failure
