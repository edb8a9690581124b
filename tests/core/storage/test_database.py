"""The store on real SQLite files: migrations, refusing newer files, backups, settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.domain.errors import StorageError
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.database import Database
from app.core.storage.migrate import head_revision


def test_new_file_is_migrated_to_head_with_reference_data(db_path: Path) -> None:
    ws = open_workspace(db_path)
    try:
        assert ws.open_report is not None
        assert ws.open_report.revision_before is None
        assert ws.db.revision() == head_revision()
    finally:
        ws.db.dispose()
    con = sqlite3.connect(db_path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {
        "targets",
        "inspectors",
        "tasks",
        "draw_sessions",
        "inspections",
        "audit_events",
    } <= tables
    results = dict(con.execute("select code, text from code_entries where \"table\"='result'"))
    assert results["1"] == "未发现问题"
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    con.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    ws = open_workspace(db_path)
    from sqlalchemy.exc import IntegrityError

    from app.core.storage.models import Inspector

    with pytest.raises(IntegrityError), ws.db.session() as s:
        s.add(Inspector(cert_no="X1", name="张三", department_id=999))
    ws.db.dispose()


def test_file_from_a_newer_version_is_refused_untouched(db_path: Path) -> None:
    open_workspace(db_path).db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("update alembic_version set version_num='9999_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="更新版本"):
        open_workspace(db_path)
    assert db_path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    con.execute("create table something(x)")
    con.commit()
    con.close()
    with pytest.raises(StorageError, match="不是本程序的数据库"):
        open_workspace(db_path)


def test_upgrade_backs_up_the_file_first(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An "old" database: at head, then pretend it is one revision behind by stubbing head.
    open_workspace(db_path).db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("insert into settings(key, value) values ('marker', '\"keep me\"')")
    con.commit()
    con.close()
    import app.core.storage.database as database_module

    calls: list[str] = []
    monkeypatch.setattr(database_module, "head_revision", lambda: "0002_next")
    monkeypatch.setattr(database_module, "known_revisions", lambda: {head_revision(), "0002_next"})
    monkeypatch.setattr(database_module, "upgrade_to_head", lambda conn: calls.append("upgraded"))
    report = Database(db_path).open()
    assert calls == ["upgraded"]
    assert report.backup_path is not None and report.backup_path.exists()
    copy = sqlite3.connect(report.backup_path)
    assert (
        copy.execute("select value from settings where key='marker'").fetchone()[0] == '"keep me"'
    )
    assert copy.execute("pragma integrity_check").fetchone()[0] == "ok"
    copy.close()


def test_migrations_match_the_models(db_path: Path) -> None:
    """A model change without a migration is caught here, not on a user's machine."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.core.storage.models import Base

    ws = open_workspace(db_path)
    with ws.db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    ws.db.dispose()
    assert diff == []


def test_optimistic_version_refuses_a_stale_save(db_path: Path) -> None:
    from app.core.domain.errors import StaleEditError
    from app.core.storage.models import Department

    ws = open_workspace(db_path)
    with ws.db.session() as s:
        s.add(Department(code="市场监管", name="市场监管局", short_name="市监"))
    with ws.db.read_session() as s1:
        stale = s1.query(Department).one()
    with ws.db.session() as s2:
        s2.query(Department).one().name = "改名一"
    # SQLAlchemy's StaleDataError never reaches a caller: every unit of work turns it into the
    # app's own refusal (services/kernel/concurrency.py), and nothing is written.
    with pytest.raises(StaleEditError, match="已被其他工作站修改"), ws.db.session() as s3:
        merged = s3.merge(stale, load=False)
        merged.name = "改名二"
    with ws.db.read_session() as s4:
        assert s4.query(Department).one().name == "改名一"
    ws.db.dispose()


def test_schema_and_audit_chain_work_on_both_engines(any_db_url: str) -> None:
    from app.core.services.kernel.audit import log_event, verify_chain

    ws = open_workspace(any_db_url)
    try:
        assert ws.db.revision() == head_revision()
        with ws.db.session() as s:
            log_event(s, ws.actor, "test.one", summary="第一条")
            log_event(s, ws.actor, "test.two", summary="第二条")
        with ws.db.read_session() as s:
            check = verify_chain(s)
        # At creation: the reference data and the audit.cover marker (NEWLY_AUDITED), then these two.
        assert check.ok and check.events == 4
    finally:
        ws.db.dispose()


def test_a_first_release_file_is_upgraded_to_the_models(db_path: Path) -> None:
    """A file made by the first release (schema 0001) gains every later revision on opening:
    the columns and tables the models have, nothing written into 0001 after its release."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.core.storage.migrate import alembic_config
    from app.core.storage.models import Base

    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(sa.text("insert into settings(key, value) values ('marker', '\"keep me\"')"))
    engine.dispose()

    ws = open_workspace(db_path)
    with ws.db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
        marker = conn.execute(sa.text("select value from settings where key='marker'")).scalar_one()
    ws.db.dispose()
    assert diff == []
    assert marker == '"keep me"'


def test_columns_added_after_the_first_release_leave_old_rows_sealed_as_they_were(
    db_path: Path,
) -> None:
    """A row's sealed state leaves NULLs out, so a column added later must be nullable and have
    no server default: otherwise every existing row of the table gets a value it did not have
    when the audit trail sealed it, and `audit verify` fails on every county after the upgrade
    (as 0010's first draft did with tasks.allow_external NOT NULL DEFAULT false)."""
    import sqlalchemy as sa
    from alembic import command

    from app.core.storage.migrate import alembic_config
    from app.core.storage.models import Base

    engine = sa.create_engine(f"sqlite:///{db_path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        first = {
            t: {c["name"] for c in sa.inspect(conn).get_columns(t)}
            for t in sa.inspect(conn).get_table_names()
        }
    engine.dispose()
    wrong = [
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name in first
        for column in table.columns
        if column.name not in first[table.name]
        and (not column.nullable or column.server_default is not None)
    ]
    assert wrong == []


def test_revisions_read_without_alembic_are_alembics_own(db_path: Path) -> None:
    """storage/migrate.py reads the shipped revisions from file names (start-up does not import
    Alembic): the same head, the same set, one line of revisions, as Alembic itself reads them."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from app.core.storage import migrate

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.head_revision()]
    assert {r.revision for r in script.walk_revisions()} == migrate.known_revisions()
    for rev in script.walk_revisions():
        assert (
            rev.module.__file__ is not None and Path(rev.module.__file__).name[:4] == rev.revision
        )
    ws = open_workspace(db_path)
    try:
        with ws.db.engine.connect() as conn:
            assert (
                migrate.current_revision(conn)
                == MigrationContext.configure(conn).get_current_revision()
            )
            assert migrate.current_revision(conn) == migrate.head_revision()
    finally:
        ws.db.dispose()
    empty = Database(db_path.with_name("empty.db"))
    try:
        with empty.engine.connect() as conn:
            assert migrate.current_revision(conn) is None
    finally:
        empty.dispose()
