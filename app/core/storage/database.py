"""The one `Database` object: engine, connection settings, units of work, and migrations.

SQLite (the default, a file) and PostgreSQL (office-server mode) share everything here;
the SQLite-only settings are confined to the `_sqlite_on_*` hooks and the WAL checkpoint
a bulk write leaves to a thread.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.core.appdirs import backup_dir_for
from app.core.domain.errors import StaleEditError, StorageError
from app.core.domain.localtime import local_now

from .migrate import current_revision, head_revision, known_revisions, upgrade_to_head

# Half-written files: a backup copy (`.part`), a backup being checked (`.check`), a restore
# being staged (`.restore`), each with SQLite's journal/WAL beside it.
_LEFTOVER_SUFFIXES = (".part", ".check", ".restore")
_SIDECARS = ("", "-journal", "-wal", "-shm")
LEFTOVER_AGE = 600.0  # seconds: younger ones may belong to a copy another process is making


def _unlink_with_sidecars(path: Path) -> None:
    for side in _SIDECARS:
        Path(str(path) + side).unlink(missing_ok=True)


def remove_leftovers(db_path: Path, *, older_than: float = LEFTOVER_AGE) -> list[Path]:
    """Deletes the half-written backup, check and restore files a kill left beside the
    database and in its backup folder, when untouched for `older_than` seconds (a younger
    one may be a copy another process is writing right now). Returns what was deleted."""
    now = time.time()
    candidates: list[Path] = []
    folder = backup_dir_for(db_path)
    if folder.is_dir():
        candidates += [f for f in folder.iterdir() if f.name.startswith(f"{db_path.stem}-")]
    if db_path.parent.is_dir():
        candidates += list(db_path.parent.glob(f"{db_path.name}.restore*"))
    removed: list[Path] = []
    for file in candidates:
        base = file.name
        for side in _SIDECARS[1:]:
            base = base.removesuffix(side)
        if not base.endswith(_LEFTOVER_SUFFIXES):
            continue
        try:
            if now - file.stat().st_mtime < older_than:
                continue
            file.unlink()
        except OSError:
            continue
        removed.append(file)
    return removed


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening: the revision found, and the backup made before upgrading."""

    url: str
    revision_before: str | None
    revision_after: str
    backup_path: Path | None


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level; SQLAlchemy issues BEGIN itself (see _sqlite_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
    # FULL in WAL mode: a committed draft survives a power cut, not only a crash.
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
    del mode


# Connection.info key: a bulk write turned the connection's automatic WAL checkpoint off;
# the value is the setting to put back when the connection returns to the pool.
CHECKPOINT_LATER = "wal.checkpoint_later"


def _sqlite_on_checkin(dbapi_conn: sqlite3.Connection, record: object, db: Database) -> None:
    previous = record.info.pop(CHECKPOINT_LATER, None)  # type: ignore[attr-defined]
    if previous is not None and dbapi_conn is not None:
        dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={int(previous)}")
        db.checkpoint_in_background()


def _sqlite_begin(conn: Connection) -> None:
    # A unit of work that writes begins IMMEDIATE: it takes the write lock up front, so two
    # writers queue on busy_timeout instead of failing half-way after reading stale data.
    # Reads begin DEFERRED and, in WAL mode, never wait for a writer.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def url_for(path_or_url: str | Path) -> str:
    text_value = str(path_or_url)
    if "://" in text_value:
        if text_value.startswith("postgresql://"):
            return "postgresql+psycopg://" + text_value[len("postgresql://") :]
        return text_value
    return f"sqlite:///{Path(text_value).expanduser().resolve()}"


# Session.info key: a callable (no arguments, called after the rollback) that says which
# record a refused stale save was about (services/kernel/concurrency.py sets it as rows are edited).
STALE_DESCRIBER = "stale.describer"
STALE_FALLBACK = (
    "此记录已被其他工作站修改，您的保存未执行（以免覆盖对方的修改），请重新载入后再改。"
    " / This record was changed on another workstation; your save was refused. Reload and try again."
)


class Database:
    """A database the app works on; `session()` is one unit of work on one thread."""

    def __init__(self, path_or_url: str | Path, *, echo: bool = False) -> None:
        self.url = url_for(path_or_url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.path: Path | None = Path(self.url[len("sqlite:///") :]) if self.is_sqlite else None
        if self.is_sqlite:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(self.url, echo=echo, connect_args={"timeout": 10})
            event.listen(self.engine, "connect", _sqlite_on_connect)
            event.listen(self.engine, "begin", _sqlite_begin)
            event.listen(
                self.engine, "checkin", lambda conn, record: _sqlite_on_checkin(conn, record, self)
            )
        else:
            # No server-side prepared statements: after five runs psycopg would prepare a query
            # and the server could keep one generic plan for it, and a search planned for no
            # particular text reads a million rows where its own text needs the index.
            self.engine = create_engine(
                self.url, echo=echo, pool_pre_ping=True, connect_args={"prepare_threshold": None}
            )
        self._checkpoint: threading.Thread | None = None
        writer = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if self.is_sqlite
            else self.engine
        )
        self._sessions = sessionmaker(writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)

    def __repr__(self) -> str:
        return f"Database({self.display_name})"

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back on any exception.

        A row saved from a stale copy (its `version` moved since it was loaded: SQLAlchemy's
        StaleDataError) becomes StaleEditError, the app's own message, on every engine."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            describe = session.info.get(STALE_DESCRIBER)
            raise (describe() if describe else StaleEditError(STALE_FALLBACK)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only unit of work (no commit); used by queries off the GUI thread."""
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.close()  # ends the transaction; loaded rows stay readable, detached

    def dispose(self) -> None:
        if self._checkpoint is not None:
            self._checkpoint.join()
        self.engine.dispose()

    def checkpoint_in_background(self) -> None:
        """Copies the write-ahead log into the database file on a thread of its own (SQLite),
        after a bulk write that left it out of its commit (storage/bulk.tune_for_bulk_write):
        the user gets control back ~0.1 s per 100k rows sooner. PASSIVE: it never waits for
        readers or blocks writers; what it cannot copy now, a later commit does."""
        if self.path is None or (self._checkpoint is not None and self._checkpoint.is_alive()):
            return
        path = self.path

        def run() -> None:
            try:
                conn = sqlite3.connect(path, timeout=10)
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                finally:
                    conn.close()
            except sqlite3.Error:
                pass  # the next commit or the last connection to close checkpoints anyway

        self._checkpoint = threading.Thread(target=run, name="wal-checkpoint", daemon=True)
        self._checkpoint.start()

    # -- schema -------------------------------------------------------------------------

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return current_revision(conn)

    def has_tables(self) -> bool:
        return bool(inspect(self.engine).get_table_names())

    def open(self, *, backup: bool = True) -> OpenReport:
        """Brings the schema to this version's head: refuses a newer file, backs up before upgrading.
        Removes what a kill in mid-backup or mid-restore left behind (remove_leftovers)."""
        if self.path is not None:
            remove_leftovers(self.path)
        before = self.revision()
        head = head_revision()
        if before is not None and before not in known_revisions():
            raise StorageError(
                f"数据库文件由更新版本的程序写入（结构版本 {before}），本程序无法打开，请升级程序。"
                f" / The database was written by a newer version (schema {before}); update the app."
            )
        if before is None and self.has_tables():
            raise StorageError(
                f"{self.display_name} 不是本程序的数据库（缺少结构版本）。 / Not a database of this app."
            )
        backup_path = None
        if before != head:
            if backup and before is not None and self.is_sqlite:
                backup_path = self.backup(reason=f"before-upgrade-{before}")
            self._upgrade()
        return OpenReport(self.url, before, head, backup_path)

    def _upgrade(self) -> None:
        """Runs the migrations in one transaction. On SQLite a migration that changes a table
        rebuilds it (copy, drop, rename); with foreign keys enforced the drop of a table other
        rows point at (results, visits…) fails on any real county's file. So enforcement is off
        for the upgrade (the pragma is ignored inside a transaction, hence on the driver's
        connection before BEGIN) and every reference is checked before the commit instead."""
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection if self.is_sqlite else None
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    upgrade_to_head(conn)
                    broken = (
                        conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        if raw is not None
                        else []
                    )
                    if broken:
                        table, rowid, parent = broken[0][0], broken[0][1], broken[0][2]
                        raise StorageError(
                            f"升级数据库结构后有 {len(broken)} 处引用失效（第一处：{table} 第 {rowid} 行 → "
                            f"{parent}），已撤销升级，文件未被更改。"
                            f" / The upgrade left {len(broken)} broken references; rolled back."
                        )
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")

    def backup(self, *, reason: str, target: Path | None = None) -> Path:
        """A consistent copy through SQLite's online backup API (safe while in use), written
        as `<name>.part` and renamed when complete."""
        if self.path is None:
            raise StorageError(
                "服务器数据库请使用 pg_dump 备份。 / Back up a server database with pg_dump."
            )
        if target is None:
            folder = backup_dir_for(self.path)
            folder.mkdir(parents=True, exist_ok=True)
            stamp = local_now().strftime("%Y%m%d-%H%M%S-%f")
            target = folder / f"{self.path.stem}-{stamp}-{reason}.db"
        tmp = target.with_name(target.name + ".part")
        src = sqlite3.connect(self.path)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        except BaseException:
            _unlink_with_sidecars(tmp)  # a failed copy leaves nothing that looks like a backup
            raise
        finally:
            src.close()
        tmp.replace(target)
        return target

    def integrity_ok(self) -> tuple[bool, str]:
        if not self.is_sqlite:
            return True, "ok"
        with self.engine.connect() as conn:
            rows = conn.execute(text("PRAGMA quick_check")).fetchall()
        message = "; ".join(str(r[0]) for r in rows)
        return message == "ok", message
