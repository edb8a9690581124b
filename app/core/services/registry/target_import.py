"""Writing an import's rows into the 检查对象名录.

Into an empty registry (`first_import`) the rows go in batches while the file is still
being read and checked, a column at a time, with the search index made on a thread and the
secondary indexes built at the end; otherwise (`upsert_targets`) each row is matched to an
existing target by its code (uscc, else 注册号, else kind and name for non-entities) and
updated, or inserted. One transaction, the caller's; the audit seal covers every row.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date
from types import TracebackType
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from app.core.domain.localtime import local_today
from app.core.services.kernel.audit import mark_changed, seal_inserted
from app.core.services.registry.ledger import latest_of
from app.core.storage.bulk import Background, deferred_indexes, run_alongside, tune_for_bulk_write
from app.core.storage.models import Target, TargetClaim, TargetTag, table_of, utcnow
from app.core.storage.row_states import inserted_rows_sealer, untracked_inserts
from app.core.storage.search import bulk_indexing, ensure_target_index, search_key, search_keys

from .columns import AcceptedRows
from .history import diff, record_change
from .targets import VALUE_COLUMNS, UpsertResult

_CHUNK = 500  # keys per IN (...) lookup
# Columns every new row gets from the importer rather than the file.
_FIXED = ("uid", "version", "created_at", "updated_at", "is_active", "kind", "status")
_DATES = ("established_on", "last_inspected_on")


def upsert_targets(session: Session, *, actor: str, rows: AcceptedRows) -> UpsertResult:
    """Inserts or updates targets by code (uscc, else 注册号, else kind+name for non-entities).

    `rows` are an import's clean values with their accepted warning texts. Core statements,
    one transaction (the caller's); one RegistryChange per updated row.
    """
    with first_import(session, rows) as writer:
        pass  # into an empty registry every row is new (the importer refused repeated codes)
    if writer is not None:
        return writer.result
    conn = session.connection()
    if len(rows) > 1000:
        tune_for_bulk_write(conn)
    now = utcnow()
    file_cols = [k for k in VALUE_COLUMNS if k in rows.columns]
    records = rows.records()
    result = UpsertResult()
    existing: dict[tuple[str, str], Any] = {}
    usccs = [v["uscc"] for v, _ in records if v.get("uscc")]
    regnos = [v["reg_no"] for v, _ in records if v.get("reg_no")]
    names = [v["name"] for v, _ in records if not v.get("uscc") and not v.get("reg_no")]
    for col, keys, tag in (
        (Target.uscc, usccs, "u"),
        (Target.reg_no, regnos, "r"),
        (Target.name, names, "n"),
    ):
        for i in range(0, len(keys), _CHUNK):
            cond: ColumnElement[bool] = col.in_(keys[i : i + _CHUNK])
            if tag == "n":
                cond = and_(cond, Target.uscc.is_(None), Target.reg_no.is_(None))
            for found in conn.execute(select(Target).where(cond)):
                if found.uscc:
                    existing[("u", found.uscc)] = found
                if found.reg_no:
                    existing[("r", found.reg_no)] = found
                if not found.uscc and not found.reg_no:
                    existing[("n", f"{found.kind}|{found.name}")] = found
    fresh: list[int] = []  # the rows that are new targets
    updates: list[dict[str, Any]] = []
    links: list[tuple[Any, dict[str, Any]]] = []  # (key or id, values) for tags/claims
    for i, (values, warnings) in enumerate(records):
        row = None
        if existing:
            if values.get("uscc"):
                row = existing.get(("u", values["uscc"]))
            if row is None and values.get("reg_no"):
                row = existing.get(("r", values["reg_no"]))
            if row is None and not values.get("uscc") and not values.get("reg_no"):
                row = existing.get(("n", f"{values.get('kind')}|{values['name']}"))
        if row is None:
            fresh.append(i)
            if values.get("tags") or values.get("claims"):
                links.append((_link_key(values, values.get("kind") or "企业"), values))
            continue
        before = {k: getattr(row, k) for k in file_cols}
        after = {
            k: values.get(k)
            if values.get(k) is not None or k not in ("kind", "status")
            else before[k]
            for k in file_cols
        }
        if "last_inspected_on" in after:
            # 上次检查日期 is derived from the ledger of checks (services.registry.ledger): a file may
            # bring an earlier system's later date, but never clears or moves it back.
            after["last_inspected_on"] = latest_of(
                before["last_inspected_on"], after["last_inspected_on"]
            )
        changes = diff(before, after)
        if "tags" in values or "claims" in values:
            links.append((row.id, values))
        if not changes:
            result.unchanged += 1
            continue
        upd = {f"v_{k}": after[k] for k in file_cols}
        upd.update(
            b_id=row.id,
            v_search_text=search_key(after.get("name", row.name)),
            v_accepted_warnings=warnings or row.accepted_warnings,
            v_updated_at=now,
        )
        updates.append(upd)
        record_change(
            session,
            entity="target",
            entity_id=row.id,
            actor=actor,
            action="导入更新",
            changes=changes,
        )
    uids: list[str] = []
    if fresh:
        with _BulkInsert(session, _ALL_INSERT_COLS, expected=len(fresh)) as bulk:
            columns, uids, _kinds = _new_columns(rows.take(fresh), 0, bulk)
            bulk.insert(columns)
        result.inserted = len(fresh)
    if updates:
        cols = [*file_cols, "search_text", "accepted_warnings", "updated_at"]
        stmt = (
            update(table_of(Target))
            .where(Target.__table__.c.id == bindparam("b_id"))
            .values(
                {c: bindparam(f"v_{c}") for c in cols} | {"version": Target.__table__.c.version + 1}
            )
        )
        conn.execute(stmt, updates)
        result.updated = len(updates)
    if links:
        _bulk_links(session, conn, links)
    if conn.dialect.name != "sqlite":  # SQLite's audit triggers see Core writes by themselves
        _mark_for_audit(session, conn, uids, [u["b_id"] for u in updates])
    return result


@contextmanager
def first_import(session: Session, rows: AcceptedRows) -> Iterator[NewTargets | None]:
    """For an import into an empty target registry: a writer that inserts `rows` as they
    grow (call `write_pending()` after adding some), so the inserts overlap with reading
    and checking the rest of the file; the block's end writes what is left and finishes
    (indexes, tags and claims, the seal) into `.result`. None when the registry has targets
    already (then `upsert_targets` matches the rows to them). An exception inside the block
    leaves the transaction to be rolled back."""
    conn = session.connection()
    ensure_target_index(conn)
    if conn.execute(select(Target.id).limit(1)).first() is not None:
        yield None
        return
    tune_for_bulk_write(conn)
    with ExitStack() as stack:
        writer = NewTargets(session, rows, stack)
        yield writer
        writer.write_pending()
    writer.finish(session, conn)


_ALL_INSERT_COLS = [
    *[k for k in VALUE_COLUMNS if k not in _FIXED],
    *_FIXED,
    "accepted_warnings",
    "search_text",
]


class NewTargets:
    """Writes an import's rows as new targets, a column at a time (see `first_import`)."""

    def __init__(self, session: Session, rows: AcceptedRows, stack: ExitStack) -> None:
        self.rows = rows
        self.result = UpsertResult()
        self._session = session
        self._stack = stack  # closing it finishes the insert
        self._bulk: _BulkInsert | None = None  # started by the first rows
        self._done = 0  # rows written so far
        self._uids: list[str] = []
        self._kinds: list[str] = []

    def write_pending(self) -> None:
        """Inserts the rows added since the last call."""
        rows, start = self.rows, self._done
        if len(rows) <= start:
            return
        if self._bulk is None:
            self._bulk = self._stack.enter_context(_BulkInsert(self._session, _ALL_INSERT_COLS))
        columns, uids, kinds = _new_columns(rows, start, self._bulk)
        self._bulk.insert(columns)
        self._uids += uids
        self._kinds += kinds
        self._done = len(rows)
        self.result.inserted = self._done

    def finish(self, session: Session, conn: Connection) -> None:
        """Tags and claims of the new rows, and (PostgreSQL) their audit tracking."""
        rows = self.rows
        if "tags" in rows.columns or "claims" in rows.columns:
            absent = rows.ABSENT
            links = []
            for i in range(len(rows)):
                values = {k: col[i] for k, col in rows.columns.items() if col[i] is not absent}
                if values.get("tags") or values.get("claims"):
                    links.append((_link_key(values, self._kinds[i]), values))
            if links:
                _bulk_links(session, conn, links)
        if conn.dialect.name != "sqlite":  # SQLite's audit triggers see Core writes themselves
            _mark_for_audit(session, conn, self._uids, [])


def _new_columns(
    rows: AcceptedRows, start: int, bulk: _BulkInsert
) -> tuple[list[list[Any]], list[str], list[str]]:
    """The values of `_ALL_INSERT_COLS` for rows `start`… as new targets, a list per column;
    and their uids and kinds. Every column, those the file lacks too (NULL, one literal for
    a batch): the statement stays the same whatever keys the rules give a later batch."""
    n = len(rows) - start
    columns: list[list[Any]] = []
    for key in _ALL_INSERT_COLS[: -len(_FIXED) - 2]:
        col = rows.column(key, start)
        if bulk.sqlite and key in _DATES:  # stored as ISO text on SQLite
            col = [v.isoformat() if isinstance(v, date) else v for v in col]
        columns.append(col)
    uids = _new_uids(n, first=start)
    kinds = [k or "企业" for k in rows.column("kind", start)]
    columns += [
        uids,
        [1] * n,  # version
        [bulk.stamp] * n,  # created_at
        [bulk.stamp] * n,  # updated_at
        [bulk.active] * n,
        kinds,
        [s or "存续" for s in rows.column("status", start)],
        [w or None for w in rows.warnings[start:]],
        search_keys(rows.column("name", start)),
    ]
    return columns, uids, kinds


def _link_key(values: dict[str, Any], kind: str) -> tuple[str, str]:
    """How a new target's tags and claims find its id: by code, else by kind and name."""
    if values.get("uscc"):
        return ("u", values["uscc"])
    if values.get("reg_no"):
        return ("r", values["reg_no"])
    return ("n", f"{kind}|{values['name']}")


def _new_uids(count: int, *, first: int = 0) -> list[str]:
    """`count` UUIDs in the version 7 layout (RFC 9562): Unix milliseconds, a counter (12
    bits of rand_a and 18 of rand_b, RFC 9562 §6.2 method 1; from `first`, so the batches of
    one import go on counting), then 44 random bits. Unique like version 4, and ascending,
    so a bulk insert appends to the uid index instead of writing all over it."""
    head = (int(time.time() * 1000) << 80) | (0x7 << 76) | (0b10 << 62)
    rand = os.urandom(8 * count)
    low = (1 << 44) - 1
    out = []
    for i in range(first, first + count):
        k = 8 * (i - first)
        r = int.from_bytes(rand[k : k + 8], "big") & low
        h = f"{head | ((i >> 18) & 0xFFF) << 64 | (i & 0x3FFFF) << 44 | r:032x}"
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


class _BulkInsert:
    """Driver-level executemany of new targets, in one or more batches (no per-row
    SQLAlchemy parameter processing).

    On SQLite the search index and the audit tracking skip their per-row triggers for it:
    the new rows are indexed by one statement at the end and sealed from the values written,
    by their ids (above the largest before; the transaction holds the write lock). A first
    import, or one at least doubling the registry, also builds the secondary indexes at the
    end instead of row by row (unique ones stay: a repeated code is refused at its row). Leaving the block with an exception leaves all of it to the
    caller's rollback.
    """

    def __init__(self, session: Session, cols: list[str], *, expected: int | None = None) -> None:
        """`expected`: how many rows will come (None: not known yet, a first import)."""
        self.session = session
        self.conn = conn = session.connection()
        self.cols = cols
        self.sqlite = conn.dialect.name == "sqlite"
        self._expected = expected
        # Values as SQLAlchemy would store them: on SQLite a DateTime is this text and a flag
        # is 1 (what the seal of the insert hashes); PostgreSQL takes the typed values.
        now = utcnow()
        self.stamp: Any = now.isoformat(" ", "microseconds") if self.sqlite else now
        self.active: Any = 1 if self.sqlite else True
        self._written: list[list[Any]] = [[] for _ in cols]
        self._stack = ExitStack()
        # Each batch's search-index entries are made on a thread while the importer checks
        # the next batch; the connection is not used meanwhile.
        self._indexing = Background()

    def __enter__(self) -> _BulkInsert:
        if not self.sqlite:
            return self
        conn, stack = self.conn, self._stack
        count = conn.exec_driver_sql("SELECT count(*) FROM targets").scalar() or 0
        more = self._expected
        rebuild = count == 0 or (more is not None and more >= 1000 and more >= count)
        self._index_new = stack.enter_context(bulk_indexing(conn))
        stack.enter_context(untracked_inserts(self.session, Target))
        self._build_indexes = stack.enter_context(
            deferred_indexes(conn, "targets", enabled=rebuild)
        )
        self._before = self._top()
        return self

    def _top(self) -> int:
        return self.conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM targets").scalar() or 0

    def insert(self, columns: list[list[Any]]) -> None:
        """Writes one batch: the values of `cols`, a list per column."""
        mark = "?" if self.conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"INSERT INTO targets ({', '.join(self.cols)}) VALUES ({', '.join([mark] * len(self.cols))})"
        params = list(zip(*columns, strict=True))
        self._indexing.wait()
        self.conn.exec_driver_sql(sql, params)
        if self.sqlite:
            for acc, col in zip(self._written, columns, strict=True):
                acc.extend(col)
            last = self._before + len(self._written[0])  # ids follow on (checked at the end)
            self._indexing.start(lambda: self._index_new(last))

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is not None or not self.sqlite:
            self._indexing.wait(raise_errors=False)  # the connection is free again
            self._stack.__exit__(kind, exc, tb)
            return
        with self._stack:
            self._indexing.wait()
            written = self._written
            ids = range(self._before + 1, self._top() + 1)
            if len(ids) != len(written[0]):  # the transaction holds the write lock
                raise RuntimeError(
                    f"inserted {len(written[0])} targets but ids moved by {len(ids)}"
                )
            sealer = inserted_rows_sealer(self.session, Target, self.cols)

            def finish_indexes() -> None:
                self._build_indexes()
                self._index_new()

            # While SQLite builds the indexes, Python works out the rows' sealed states.
            hashes = run_alongside(
                finish_indexes, lambda: sealer(written, ids) if sealer is not None else None
            )
        if hashes is None:
            mark_changed(self.session, Target, ids)
        else:
            seal_inserted(self.session, Target, ids, hashes)


def _mark_for_audit(
    session: Session, conn: Connection, uids: list[str], updated: list[int]
) -> None:
    ids = set(updated)
    for i in range(0, len(uids), _CHUNK):
        ids.update(
            conn.execute(select(Target.id).where(Target.uid.in_(uids[i : i + _CHUNK]))).scalars()
        )
    mark_changed(session, Target, ids)
    id_list = sorted(ids)
    for i in range(0, len(id_list), _CHUNK):
        part = id_list[i : i + _CHUNK]
        mark_changed(
            session,
            TargetTag,
            conn.execute(select(TargetTag.id).where(TargetTag.target_id.in_(part))).scalars(),
        )
        mark_changed(
            session,
            TargetClaim,
            conn.execute(select(TargetClaim.id).where(TargetClaim.target_id.in_(part))).scalars(),
        )


def _bulk_links(
    session: Session, conn: Connection, links: list[tuple[Any, dict[str, Any]]]
) -> None:
    keyed = [k for k, _ in links if isinstance(k, tuple)]
    ids: dict[tuple[str, str], int] = {}
    for tag, col in (("u", Target.uscc), ("r", Target.reg_no)):
        codes = [k[1] for k in keyed if k[0] == tag]
        for i in range(0, len(codes), _CHUNK):
            for found_id, code in conn.execute(
                select(Target.id, col).where(col.in_(codes[i : i + _CHUNK]))
            ):
                if code is not None:  # (the query asks for these codes)
                    ids[(tag, code)] = found_id
    for kind_name in [k[1] for k in keyed if k[0] == "n"]:
        kind, name = kind_name.split("|", 1)
        by_name = conn.execute(
            select(Target.id).where(
                Target.name == name,
                Target.kind == kind,
                Target.uscc.is_(None),
                Target.reg_no.is_(None),
            )
        ).scalar()
        if by_name is not None:
            ids[("n", kind_name)] = by_name
    today = local_today()
    for key, values in links:
        tid: int | None = ids.get(key) if isinstance(key, tuple) else key
        if tid is None:
            continue
        if "tags" in values:
            wanted: set[tuple[str, str]] = {(t, s) for t, s in values["tags"] or []}
            have = {
                (t, s or "")
                for t, s in conn.execute(
                    select(TargetTag.tag, TargetTag.source).where(TargetTag.target_id == tid)
                )
            }
            for tag, source in have - wanted:
                conn.execute(
                    delete(TargetTag).where(
                        TargetTag.target_id == tid, TargetTag.tag == tag, TargetTag.source == source
                    )
                )
            if wanted - have:
                conn.execute(
                    insert(TargetTag),
                    [
                        {"target_id": tid, "tag": t, "source": s, "since": today}
                        for t, s in wanted - have
                    ],
                )
        if "claims" in values:
            wanted_d = set(values["claims"] or [])
            have_d = set(
                conn.execute(
                    select(TargetClaim.department_id).where(TargetClaim.target_id == tid)
                ).scalars()
            )
            if have_d - wanted_d:
                conn.execute(
                    delete(TargetClaim).where(
                        TargetClaim.target_id == tid,
                        TargetClaim.department_id.in_(have_d - wanted_d),
                    )
                )
            if wanted_d - have_d:
                conn.execute(
                    insert(TargetClaim),
                    [
                        {"target_id": tid, "department_id": d, "claimed_at": utcnow()}
                        for d in wanted_d - have_d
                    ],
                )
    del session
