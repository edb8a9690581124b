"""Fast paths for large reads that the ORM would make slow (a million ids for a table view).

Engine-specific tricks are confined here: on SQLite `group_concat` over an ordered subquery
returns a million ids as one string ~3× faster than fetching a million rows.
"""

from __future__ import annotations

from array import array

from sqlalchemy import Connection, Select, func, select


def fetch_ids(conn: Connection, stmt: Select) -> array:
    """The first column of `stmt` (integer ids, in the statement's order) as array('q')."""
    if conn.dialect.name == "sqlite":
        sub = stmt.subquery()
        joined = conn.execute(select(func.group_concat(sub.c[0]))).scalar()
        return array("q", map(int, joined.split(","))) if joined else array("q")
    return array("q", conn.execute(stmt).scalars())


def tune_for_bulk_write(conn: Connection) -> None:
    """A bigger page cache for one large write on SQLite (index pages stay in memory instead
    of spilling to the WAL mid-transaction); a no-op elsewhere. Lasts for the connection."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size=-131072")  # 128 MiB
