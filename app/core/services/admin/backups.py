"""Backups of a database file: daily and before risky work, rotation, checks and restore.

Copies go through SQLite's online backup API (Database.backup), so they are consistent while
the app runs. Restore never overwrites the current file without first backing it up.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, inspect, select

from app.core.appdirs import backup_dir_for
from app.core.domain.errors import StorageError, ValidationError
from app.core.domain.localtime import local_now
from app.core.domain.roles import SYSTEM_ACTOR, Actor, Permission
from app.core.services.kernel.audit import log_event, verify_chain
from app.core.services.kernel.workspace import Workspace
from app.core.storage.database import Database
from app.core.storage.migrate import head_revision, known_revisions
from app.core.storage.models import Base

KEEP_DAILY = 7  # newest daily copies kept
KEEP_WEEKLY = 4  # then one per ISO week for this many weeks
KEEP_BEFORE = 10  # copies made before upgrades, large imports, restores
DAILY = "daily"
MANUAL = "manual"
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file beside the database (`<name>-backups/<name>-<time>-<reason>.db`)."""

    path: Path
    created_at: datetime  # local time, from the file name
    reason: str
    size: int

    @property
    def kind(self) -> str:
        if self.reason.startswith("before-"):
            return "before"
        return self.reason if self.reason in (DAILY, MANUAL) else "other"


@dataclass(frozen=True)
class BackupCheck:
    """Whether a file can be restored: integrity, schema revision, and its audit trail."""

    ok: bool
    message: str
    revision: str | None = None
    events: int = 0
    trail_ok: bool | None = None
    trail_reason: str = ""


@dataclass(frozen=True)
class RestoreReport:
    restored_from: Path
    safety_copy: Path  # the file as it was before the restore


def _sqlite_path(ws: Workspace) -> Path:
    if ws.db.path is None:
        raise StorageError(
            "服务器数据库请使用 pg_dump 备份和恢复。 / Back up a server database with pg_dump."
        )
    return ws.db.path


def _parse(db_path: Path, file: Path) -> BackupInfo | None:
    m = re.fullmatch(re.escape(db_path.stem) + r"-(\d{8}-\d{6}-\d{6})-(.+)\.db", file.name)
    if m is None:
        return None
    try:
        at = datetime.strptime(m.group(1), _STAMP)
    except ValueError:
        return None
    return BackupInfo(path=file, created_at=at, reason=m.group(2), size=file.stat().st_size)


def list_backups_for(db_path: Path) -> list[BackupInfo]:
    """Backups of a database file, newest first (works when the database cannot be opened)."""
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    found = [b for f in folder.glob("*.db") if (b := _parse(db_path, f)) is not None]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def list_backups(ws: Workspace) -> list[BackupInfo]:
    ws.require(Permission.READ)
    return list_backups_for(_sqlite_path(ws)) if ws.db.is_sqlite else []


def backup_folder(ws: Workspace) -> Path:
    return backup_dir_for(_sqlite_path(ws))


def _pragma_check(conn: sqlite3.Connection, pragma: str) -> tuple[bool, str]:
    """Runs PRAGMA integrity_check / quick_check and closes `conn`: (ok, the first messages)."""
    conn.text_factory = lambda b: b.decode("utf-8", "replace")  # messages may quote damaged bytes
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return False, str(exc)
    finally:
        conn.close()
    message = "; ".join(str(r[0]) for r in rows[:10])
    return message == "ok", message


def _integrity(path: Path) -> tuple[bool, str]:
    return _pragma_check(sqlite3.connect(f"file:{path}?mode=ro", uri=True), "integrity_check")


def _make(ws: Workspace, reason: str) -> BackupInfo:
    path = ws.db.backup(reason=reason)
    ok, message = _integrity(path)
    if not ok:
        path.unlink(missing_ok=True)
        raise StorageError(f"备份文件校验失败：{message} / The backup copy failed its check.")
    info = _parse(_sqlite_path(ws), path)
    assert info is not None
    return info


def _slug(reason: str) -> str:
    slug = re.sub(r"[^0-9A-Za-z_]+", "-", reason).strip("-")[:40]
    if not slug:
        raise ValidationError("备份原因不能为空。 / A backup needs a reason.")
    return slug


def create_backup(ws: Workspace, *, note: str = "") -> BackupInfo:
    """备份 — a manual backup now (kept until deleted by hand); audited."""
    ws.require(Permission.ADMINISTER)
    info = _make(ws, MANUAL)
    with ws.db.session() as s:
        log_event(
            s,
            ws.actor,
            "backup.create",
            summary=f"手动备份 {info.path.name}",
            detail={"file": info.path.name, "note": note[:200] or None},
        )
    return info


def backup_to(ws: Workspace, folder: Path, *, note: str = "") -> Path:
    """备份到U盘或其他文件夹 — a checked manual backup, also copied into `folder` (another
    disk, a USB stick): the copy is written as .part, checked, then renamed; audited."""
    ws.require(Permission.ADMINISTER)
    folder = Path(folder)
    if not folder.is_dir():
        raise ValidationError(f"文件夹不存在或无法访问：{folder} / The folder cannot be reached.")
    info = _make(ws, MANUAL)
    target = folder / info.path.name
    part = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(info.path, part)
        ok, message = _integrity(part)
        if not ok:
            raise StorageError(
                f"复制到 {folder} 的备份校验失败：{message} / The copy failed its check."
            )
        os.replace(part, target)
    except OSError as exc:
        raise StorageError(
            f"无法写入 {folder}：{exc.strerror or exc} / Cannot write there."
        ) from exc
    finally:
        part.unlink(missing_ok=True)
    with ws.db.session() as s:
        log_event(
            s,
            ws.actor,
            "backup.export",
            summary=f"备份到 {target}",
            detail={"file": target.name, "folder": str(folder), "note": note[:200] or None},
        )
    return target


def backup_before(ws: Workspace, reason: str) -> BackupInfo | None:
    """A rotating backup before risky work (a large import, a bulk change); None on a server.

    Call it before opening the transaction of the risky work: `backup_before(ws, "import")`.
    """
    if not ws.db.is_sqlite:
        return None
    info = _make(ws, "before-" + _slug(reason))
    rotate_backups(_sqlite_path(ws))
    with ws.db.session() as s:
        log_event(
            s,
            ws.actor,
            "backup.auto",
            summary=f"自动备份（{reason}）{info.path.name}",
            detail={"file": info.path.name, "reason": reason},
        )
    return info


def ensure_daily_backup(ws: Workspace, *, now: datetime | None = None) -> BackupInfo | None:
    """Makes the daily backup when the newest is older than a day (run at start-up)."""
    if not ws.db.is_sqlite:
        return None
    now = now or local_now()
    dailies = [b for b in list_backups_for(_sqlite_path(ws)) if b.kind == DAILY]
    if dailies and now - dailies[0].created_at < timedelta(days=1):
        return None
    info = _make(ws, DAILY)
    rotate_backups(_sqlite_path(ws), now=now)
    with ws.db.session() as s:
        log_event(
            s,
            SYSTEM_ACTOR,
            "backup.auto",
            summary=f"每日自动备份 {info.path.name}",
            detail={"file": info.path.name, "reason": DAILY},
        )
    return info


def rotate_backups(db_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Deletes old automatic backups: keeps KEEP_DAILY dailies, then one a week for KEEP_WEEKLY
    weeks, and KEEP_BEFORE pre-operation copies. Manual backups are never deleted."""
    del now  # the policy counts copies, not ages, so a laptop left off keeps its last copies
    backups = list_backups_for(db_path)
    doomed: list[BackupInfo] = []
    dailies = [b for b in backups if b.kind == DAILY]
    weeks_kept: set[tuple[int, int]] = set()
    for b in dailies[KEEP_DAILY:]:
        week = b.created_at.isocalendar()[:2]
        if (
            week not in weeks_kept
            and len(weeks_kept) < KEEP_WEEKLY
            and all(d.created_at.isocalendar()[:2] != week for d in dailies[:KEEP_DAILY])
        ):
            weeks_kept.add(week)
        else:
            doomed.append(b)
    doomed += [b for b in backups if b.kind == "before"][KEEP_BEFORE:]
    for b in doomed:
        b.path.unlink(missing_ok=True)
    return [b.path for b in doomed]


def check_backup(path: Path) -> BackupCheck:
    """Can this file be restored? Integrity, a known schema, and whether its trail verifies."""
    path = Path(path)
    if not path.is_file():
        return BackupCheck(False, f"找不到文件 {path}。 / File not found.")
    ok, message = _integrity(path)
    if not ok:
        return BackupCheck(False, f"备份文件已损坏：{message} / The backup file is damaged.")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except (sqlite3.DatabaseError, TypeError):
        return BackupCheck(
            False, "不是本程序的数据库（缺少结构版本）。 / Not a database of this app."
        )
    finally:
        conn.close()
    if revision not in known_revisions():
        return BackupCheck(
            False,
            f"备份由更新版本的程序写入（结构版本 {revision}）。 / Written by a newer version.",
            revision=revision,
        )
    trail_ok, trail_reason, events = _check_trail(path)
    return BackupCheck(
        True, "ok", revision=revision, events=events, trail_ok=trail_ok, trail_reason=trail_reason
    )


def _check_trail(path: Path) -> tuple[bool, str, int]:
    """Verifies the audit trail of a copy of the file (opening a database may write to it)."""

    tmp = path.with_name(path.name + ".check")
    shutil.copyfile(path, tmp)
    db = Database(tmp)
    try:
        with db.read_session() as s:
            result = verify_chain(s)
        return result.ok, result.reason, result.events
    finally:
        db.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)


def integrity_check(db_path: Path) -> tuple[bool, str]:
    """Start-up check of the database file itself (quick_check), without opening it for work."""
    if not Path(db_path).exists():
        return True, "ok"
    return _pragma_check(sqlite3.connect(str(db_path)), "quick_check")


def _safety_copy(db_path: Path) -> Path:
    """Backs up the current file before a restore; a damaged file is copied byte for byte."""
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = local_now().strftime(_STAMP)
    target = folder / f"{db_path.stem}-{stamp}-before-restore.db"
    try:
        db = Database(db_path)
        try:
            return db.backup(reason="before-restore", target=target)
        finally:
            db.dispose()
    except Exception:  # noqa: BLE001 — a damaged file fails in many ways; copy its bytes instead
        Path(str(target) + ".part").unlink(missing_ok=True)
    for suffix in ("", "-wal"):
        src = Path(str(db_path) + suffix)
        if src.exists():
            shutil.copyfile(src, Path(str(target) + suffix))
    return target


def restore_file(
    db_path: Path,
    backup: Path,
    *,
    actor: Actor = SYSTEM_ACTOR,
    release: Callable[[], None] | None = None,
) -> RestoreReport:
    """Replaces `db_path` by `backup` atomically after checking it; the current file is backed
    up first. `release` closes every connection to the database (the caller's engine)."""
    db_path, backup = Path(db_path), Path(backup)
    check = check_backup(backup)
    if not check.ok:
        raise StorageError(check.message)
    staged = db_path.with_name(db_path.name + ".restore")
    shutil.copyfile(backup, staged)
    with open(staged, "rb+") as f:
        os.fsync(f.fileno())
    ok, message = _integrity(staged)
    if not ok:
        staged.unlink(missing_ok=True)
        raise StorageError(f"备份文件复制后校验失败：{message} / The staged copy failed its check.")
    safety = _safety_copy(db_path) if db_path.exists() else staged
    if release is not None:
        release()
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(str(db_path) + suffix)
        if (
            side.exists()
        ):  # belongs to the old file: replayed on the restored one it would corrupt it
            side.replace(Path(str(safety) + suffix + ".old"))
    os.replace(staged, db_path)
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(db_path.parent, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    db = Database(db_path)
    try:
        db.open(backup=False)
        with db.session() as s:
            log_event(
                s,
                actor,
                "backup.restore",
                summary=f"从备份恢复 {backup.name}",
                detail={"from": backup.name, "safety_copy": safety.name},
            )
    finally:
        db.dispose()
    return RestoreReport(restored_from=backup, safety_copy=safety)


def restore_backup(ws: Workspace, backup: Path) -> RestoreReport:
    """恢复 — restores a backup over the open database; the workspace must be reopened after."""
    ws.require(Permission.ADMINISTER)
    return restore_file(_sqlite_path(ws), Path(backup), actor=ws.actor, release=ws.db.dispose)


@dataclass(frozen=True)
class ServerCheck:
    """`check_server`: is a (restored) server database whole? Schema, trail, rows per table."""

    ok: bool
    revision: str | None
    head: str  # the schema head this version of the app expects
    chain_head: str  # the audit chain's head hash as stored (compare with the one kept)
    events: int
    audited_rows: int
    counts: dict[str, int]  # rows per table of the app's schema that exists
    problems: tuple[str, ...]


def check_server(url: str) -> ServerCheck:
    """Checks a server database (typically one just restored from pg_dump) without writing to
    it — no schema upgrade, no audit event: its Alembic revision is this app's head, the audit
    chain and every sealed row verify (services/audit.verify_chain, which also names a missing
    or added table or column), and counts the rows of every table."""

    db = Database(url)
    problems: list[str] = []
    try:
        revision = db.revision()
        head = head_revision()
        if revision is None:
            problems.append(
                "缺少结构版本（alembic_version）。 / No schema version: not a database of this app."
            )
        elif revision != head:
            problems.append(
                f"结构版本 {revision} 不是本程序的 {head}。 / Schema {revision} is not this app's head {head}."
            )
        with db.read_session() as s:
            existing = set(inspect(s.connection()).get_table_names())
            chain = verify_chain(s)
            counts = {
                name: int(s.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in sorted(Base.metadata.tables.items())
                if name in existing
            }
        if not chain.ok:
            where = (
                f"事件 #{chain.first_broken_id} ({chain.action}): " if chain.first_broken_id else ""
            )
            problems.append(f"审计链 / audit trail: {where}{chain.reason}")
            problems.extend(f"审计链 / audit trail: {p}" for p in chain.problems[1:20])
        return ServerCheck(
            ok=not problems,
            revision=revision,
            head=head,
            chain_head=chain.head,
            events=chain.events,
            audited_rows=chain.rows,
            counts=counts,
            problems=tuple(problems),
        )
    finally:
        db.dispose()
