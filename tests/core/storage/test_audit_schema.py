"""The audit trail covers the schema: a dropped, added or altered table fails `audit verify`,
naming it; `audit verify` prints the chain head; tables newly audited are sealed once.

Attacks as an insider at the sqlite3 prompt would make them (issue 14): before this, `audit verify`
passed after `DROP TABLE draw_sessions; DROP TABLE result_events`.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app.core.services.kernel.audit import NEWLY_AUDITED, verify_chain
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.database import Database
from app.core.storage.row_states import CACHE_TABLES, HEAD_KEY, audited_tables, is_cache_table


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)  # as a user at the sqlite3 prompt: no app triggers, no FKs
    try:
        for st in statements:
            conn.execute(st)
        conn.commit()
    finally:
        conn.close()


def _stored_head(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        (value,) = conn.execute("SELECT value FROM settings WHERE key = ?", (HEAD_KEY,)).fetchone()
    finally:
        conn.close()
    return value.strip('"')


@pytest.mark.parametrize(
    "table",
    [
        "draw_sessions",
        "result_events",
        "remote_audit_events",
        "sync_states",
        "audit_row_states",
        "audit_events",
        "settings",
    ],
)
def test_a_dropped_table_fails_naming_it(app_cli, sample_db: Path, table: str) -> None:
    assert app_cli("--db", str(sample_db), "audit", "verify").returncode == 0
    _sql(sample_db, f'DROP TABLE "{table}"')
    done = app_cli("--db", str(sample_db), "audit", "verify")
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    if table == "settings":  # the file cannot even be opened: said so, naming the table
        assert f"表 {table} 缺失" in done.stderr and f"table {table} is missing" in done.stderr
        return
    first = done.stdout.splitlines()[0]
    assert (
        first.startswith("FAIL:")
        and f"表 {table} 缺失" in first
        and f"table {table} is missing" in first
    )


def test_dropping_the_draw_and_review_history_together_fails(app_cli, sample_db: Path) -> None:
    _sql(sample_db, "DROP TABLE draw_sessions", "DROP TABLE result_events")
    done = app_cli("--db", str(sample_db), "audit", "verify")
    assert done.returncode == 1
    assert "draw_sessions" in done.stdout and "result_events" in done.stdout


def test_an_added_table_or_column_fails_and_a_dropped_column_too(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    copies = {}
    for name, statement, fragment in (
        (
            "table",
            "CREATE TABLE shadow_results (id INTEGER PRIMARY KEY, verdict TEXT)",
            "表 shadow_results 不属于",
        ),
        (
            "column",
            "ALTER TABLE targets ADD COLUMN credit_override TEXT",
            "表 targets 多出列 credit_override",
        ),
        (
            "dropped",
            "ALTER TABLE visits DROP COLUMN replaced_reason",
            "表 visits 缺少列 replaced_reason",
        ),
    ):
        copy = tmp_path / f"{name}.db"
        copy.write_bytes(sample_db.read_bytes())
        _sql(copy, statement)
        copies[name] = (copy, fragment)
    for copy, fragment in copies.values():
        done = app_cli("--db", str(copy), "audit", "verify")
        assert done.returncode == 1 and fragment in done.stdout, done.stdout


def test_the_search_cache_is_not_audited_and_may_be_rebuilt(sample_db: Path) -> None:
    from app.core.storage.search import ensure_target_index

    ws = open_workspace(sample_db)
    try:
        with ws.db.engine.begin() as conn:
            ensure_target_index(conn)
        conn = sqlite3.connect(sample_db)
        try:
            tables = [
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
        finally:
            conn.close()
        caches = {t for t in tables if is_cache_table(t)}
        assert "targets_fts" in caches and set(CACHE_TABLES) <= caches
        assert not caches & set(audited_tables())
        with ws.db.read_session() as s:
            assert verify_chain(s).ok  # the cache's tables are neither sealed nor "added"
        _sql(sample_db, "DROP TABLE targets_fts")  # a cache may go: it is rebuilt from targets
        with ws.db.read_session() as s:
            assert verify_chain(s).ok
    finally:
        ws.db.dispose()


def test_every_table_that_is_not_a_cache_is_audited() -> None:
    from app.core.storage.models import Base

    trail = {"audit_events", "audit_row_states"}  # covered by the chain itself
    for name in Base.metadata.tables:
        assert name in trail or name in audited_tables(), f"{name} is not audited"
    assert {"draw_sessions", "result_events", "remote_audit_events", "sync_states"} <= set(
        audited_tables()
    )


@pytest.mark.parametrize("table", NEWLY_AUDITED)
def test_rows_slipped_into_newly_audited_tables_fail(app_cli, sample_db: Path, table: str) -> None:
    if table == "sync_states":
        statement = (
            "INSERT INTO sync_states (entity, entity_uid, history, origin) "
            "VALUES ('result', 'forged-uid', '[\"00\"]', 'laptop')"
        )
    else:
        statement = (
            "INSERT INTO remote_audit_events (producer, hash, prev_hash, at, actor, action, "
            "event, bundle_uid) VALUES ('laptop', 'ab', 'cd', '2026-05-01 00:00:00', 'x', "
            "'result.approve', '{}', 'b')"
        )
    _sql(sample_db, statement)
    done = app_cli("--db", str(sample_db), "audit", "verify")
    assert done.returncode == 1 and f"表 {table} 的第" in done.stdout, done.stdout


def test_verify_prints_the_chain_head(app_cli, sample_db: Path) -> None:
    done = app_cli("--db", str(sample_db), "audit", "verify")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0].startswith("PASS:")
    match = re.fullmatch(r"head: ([0-9a-f]{64})", lines[1])
    assert match and match.group(1) == _stored_head(sample_db)


def test_rows_an_older_version_left_unsealed_are_sealed_once_at_open(tmp_path: Path) -> None:
    """An older version did not seal sync_states / remote_audit_events: their rows are sealed,
    as found, by one `audit.cover` event when this version first opens the file; later ones not."""
    path = tmp_path / "old.db"
    db = Database(path)
    db.open(backup=False)
    db.dispose()
    _sql(
        path,
        "INSERT INTO sync_states (entity, entity_uid, history, origin) VALUES ('target', 'u1', '[]', 'x')",
    )
    ws = open_workspace(path)
    try:
        with ws.db.read_session() as s:
            assert verify_chain(s).ok
            from app.core.storage.models import AuditEvent

            covers = s.query(AuditEvent).filter(AuditEvent.action == "audit.cover").all()
            assert len(covers) == 1 and "sync_states（已有 1 行" in covers[0].summary
    finally:
        ws.db.dispose()
    _sql(
        path,
        "INSERT INTO sync_states (entity, entity_uid, history, origin) VALUES ('target', 'u2', '[]', 'x')",
    )
    ws = open_workspace(path)  # opening again adopts nothing
    try:
        with ws.db.read_session() as s:
            result = verify_chain(s)
        assert not result.ok and "表 sync_states 的第" in result.reason
    finally:
        ws.db.dispose()
