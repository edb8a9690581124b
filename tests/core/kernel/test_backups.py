"""Backups: daily and pre-operation copies that rotate, manual backup, checks, atomic restore."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.core.appdirs import backup_dir_for
from app.core.domain.errors import PermissionDenied, StorageError
from app.core.domain.localtime import local_now
from app.core.domain.roles import Actor, Role
from app.core.services.admin import backups
from app.core.services.kernel.audit import verify_chain
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.database import Database


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_manual_backup_is_a_verified_copy_and_audited(sample_workspace) -> None:  # type: ignore[no-untyped-def]
    info = backups.create_backup(sample_workspace, note="before the audit")
    assert info.kind == "manual" and info.path.parent == backup_dir_for(sample_workspace.db.path)
    assert _count(info.path, "targets") == 600
    check = backups.check_backup(info.path)
    assert check.ok and check.trail_ok and check.events > 0
    assert [b.path for b in backups.list_backups(sample_workspace)] == [info.path]
    with sample_workspace.db.read_session() as s:
        assert verify_chain(s).ok


def test_observer_cannot_back_up_or_restore(sample_workspace) -> None:  # type: ignore[no-untyped-def]
    observer = sample_workspace.as_actor(Actor("obs", Role.OBSERVER))
    with pytest.raises(PermissionDenied):
        backups.create_backup(observer)
    with pytest.raises(PermissionDenied):
        backups.restore_backup(observer, Path("x.db"))


def test_daily_backup_only_when_the_last_is_a_day_old(sample_workspace) -> None:  # type: ignore[no-untyped-def]
    first = backups.ensure_daily_backup(sample_workspace)
    assert first is not None and first.kind == "daily"
    assert backups.ensure_daily_backup(sample_workspace) is None
    later = backups.ensure_daily_backup(
        sample_workspace, now=local_now() + timedelta(days=1, minutes=1)
    )
    assert later is not None


def _fake(db_path: Path, when: datetime, reason: str) -> Path:
    folder = backup_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{db_path.stem}-{when:%Y%m%d-%H%M%S-%f}-{reason}.db"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_seven_dailies_four_weeklies_and_manual_ones(tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    now = datetime(2026, 6, 30, 9, 0)
    dailies = [_fake(db, now - timedelta(days=d), "daily") for d in range(60)]
    manual = _fake(db, now - timedelta(days=300), "manual")
    befores = [_fake(db, now - timedelta(hours=h), "before-import") for h in range(15)]
    backups.rotate_backups(db, now=now)
    left = {b.path for b in backups.list_backups_for(db)}
    assert set(dailies[:7]) <= left
    kept_old = [p for p in dailies[7:] if p in left]
    assert len(kept_old) == 4  # one per older week
    assert manual in left
    assert len([p for p in befores if p in left]) == backups.KEEP_BEFORE


def test_backup_before_rotates_and_is_audited(sample_workspace) -> None:  # type: ignore[no-untyped-def]
    info = backups.backup_before(sample_workspace, "import 名录")
    assert info is not None and info.reason == "before-import"
    with sample_workspace.db.read_session() as s:
        assert verify_chain(s).ok


def test_restore_brings_back_the_old_state_and_keeps_the_current_file(sample_workspace) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.kernel import users

    path = sample_workspace.db.path
    info = backups.create_backup(sample_workspace)
    users.create_user(
        sample_workspace, username="late", display_name="", role="observer", password="password-1"
    )
    report = backups.restore_backup(sample_workspace, info.path)
    assert _count(path, "users") == 0
    assert _count(report.safety_copy, "users") == 1  # nothing lost: the replaced file is kept
    ws = open_workspace(path)
    try:
        with ws.db.read_session() as s:
            result = verify_chain(s)
        assert result.ok
        from app.core.services.kernel.audit_trail import AuditFilter, list_events

        assert list_events(ws, AuditFilter(action="backup.restore"))
    finally:
        ws.db.dispose()


def test_a_damaged_backup_is_refused_and_nothing_changes(sample_workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    info = backups.create_backup(sample_workspace)
    data = bytearray(info.path.read_bytes())
    bad = tmp_path / "bad.db"
    bad.write_bytes(bytes(data[: len(data) // 3]))
    before = sample_workspace.db.path.read_bytes()
    with pytest.raises(StorageError, match="损坏|不是本程序"):
        backups.restore_backup(sample_workspace, bad)
    assert sample_workspace.db.path.read_bytes() == before
    assert not backups.check_backup(tmp_path / "missing.db").ok


def test_startup_integrity_check_finds_a_corrupt_file_and_restore_file_fixes_it(
    sample_db: Path,
) -> None:
    ws = open_workspace(sample_db)
    info = backups.create_backup(ws)
    ws.db.dispose()
    assert backups.integrity_check(sample_db) == (True, "ok")
    data = bytearray(sample_db.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):  # scribble over page bodies
        data[offset + 100 : offset + 300] = b"\xff" * 200
    sample_db.write_bytes(bytes(data))
    ok, message = backups.integrity_check(sample_db)
    assert not ok and message
    report = backups.restore_file(sample_db, info.path)
    assert backups.integrity_check(sample_db)[0]
    assert report.safety_copy.exists()
    db = Database(sample_db)
    try:
        with db.read_session() as s:
            assert verify_chain(s).ok
    finally:
        db.dispose()
