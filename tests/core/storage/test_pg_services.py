"""The office server: the same services on a real PostgreSQL database, and two workstations at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.domain.errors import ConflictError
from app.core.services.exchange import bundle_export, bundles
from app.core.services.kernel import audit, concurrency
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import Inspection, Target
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office, pair
from tests.helpers.sql_prompt import hand_edit

pytestmark = pytest.mark.postgres


def test_a_representative_flow_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    office = make_office(pg_url, targets=60)  # open (migrate), sample county (small)
    try:
        assert office.db.is_sqlite is False
        with office.db.read_session() as s:
            assert s.scalar(select(func.count()).select_from(Target)) == 60
            hits = s.scalars(
                select(Target.name).where(
                    Target.name.contains(s.scalars(select(Target.name)).first()[:2])
                )
            )
            assert list(hits)  # a registry query (substring) works on the server
        work = make_field_work(office)
        laptop = pair(office, tmp_path / "laptop.db", tmp_path)
        try:
            a = bundle_export.export_bundle(
                office, "assignments", tmp_path / "a.zip", inspector_cert=work.inspector_cert
            )
            assert bundles.import_bundle(laptop, a.path).added["visit"] == 12
            add_inspection(laptop, work.visit_uids[0], status="completed")
            r = bundle_export.export_bundle(laptop, "results", tmp_path / "r.zip")
            assert bundles.import_bundle(office, r.path).added["inspection"] == 1
            assert bundles.import_bundle(office, r.path).already_imported
        finally:
            laptop.db.dispose()
        with office.db.read_session() as s:
            check = audit.verify_chain(s)
        assert check.ok, check.reason
    finally:
        office.db.dispose()


def test_a_stale_save_from_a_second_workstation_is_refused(pg_url: str) -> None:
    office = make_office(pg_url, targets=10)
    second = open_workspace(pg_url)
    try:
        with office.db.read_session() as s:
            target_id = s.scalars(select(Target.id)).first()
        with office.db.read_session() as s:
            mine = s.get(Target, target_id)  # workstation 1 loads the row…
        with concurrency.saving(second) as s:
            s.get(Target, target_id).notes = "工作站二先保存"  # …workstation 2 saves first
        with pytest.raises(ConflictError, match="其他工作站修改"), concurrency.saving(office) as s:
            stale = s.merge(mine, load=False)  # workstation 1 saves its stale copy
            stale.notes = "工作站一后保存"
        with second.db.read_session() as s:
            row = s.get(Target, target_id)
            assert row.notes == "工作站二先保存" and row.version == 2  # not lost, not overwritten
    finally:
        second.db.dispose()
        office.db.dispose()


def test_pg_and_sqlite_see_the_same_inspection_rows(any_db_url: str, tmp_path: Path) -> None:
    office = make_office(any_db_url, targets=20)
    try:
        work = make_field_work(office, visits=3)
        uid = add_inspection(office, work.visit_uids[0], status="completed")
        with office.db.read_session() as s:
            assert s.scalar(select(Inspection.status).where(Inspection.uid == uid)) == "completed"
    finally:
        office.db.dispose()


def test_short_searches_use_the_character_index_and_keep_their_own_plan(pg_url: str) -> None:
    # 1–2 characters have no trigram: the server finds them by the character index, and a
    # search repeated many times is planned for its own text each time (no server-side
    # prepared statement whose generic plan would scan every name).
    from sqlalchemy import text

    from app.core.services.registry import targets
    from app.core.services.registry.search import search_targets
    from app.core.storage.search import search_target_ids, target_match
    from tests.helpers.registry_files import uscc

    office = make_office(pg_url, targets=400)
    try:
        values = {"uscc": uscc(977), "name": "五原县犇犇饭店", "kind": "企业"}
        targets.save_target(office, target_id=None, values=values)
        for _ in range(12):
            assert [h.name for h in search_targets(office, "犇犇")] == ["五原县犇犇饭店"]
            assert [h.name for h in search_targets(office, "犇")] == ["五原县犇犇饭店"]
            assert search_targets(office, "鱻") == []
        with office.db.engine.connect() as conn:
            found = [search_target_ids(conn, "犇犇", limit=50) for _ in range(12)]
            assert found == [found[0]] * 12 and len(found[0]) == 1
            assert conn.execute(text("SELECT count(*) FROM pg_prepared_statements")).scalar() == 0
            sql = select(Target.id).where(target_match(conn, "犇犇"))
            compiled = str(sql.compile(conn, compile_kwargs={"literal_binds": True}))
            conn.execute(text("SET enable_seqscan = off"))  # a 400-row table would be scanned
            plan = "\n".join(r[0] for r in conn.execute(text("EXPLAIN " + compiled)))
            assert "ix_targets_search_chars" in plan, plan
    finally:
        office.db.dispose()


_OLD_TRACK_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF to_regclass('pg_temp.audit_touched') IS NULL THEN RETURN NULL; END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO pg_temp.audit_touched VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0])
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO pg_temp.audit_touched VALUES (TG_TABLE_NAME, to_jsonb(NEW) ->> TG_ARGV[0])
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$"""


def test_a_server_upgraded_by_a_workstation_seals_rows_of_every_key_kind(pg_url: str) -> None:
    """A server whose tracking function an earlier release installed (it read each key out of
    the whole row as JSON) gets this release's function when a workstation opens it; Core
    writes to tables keyed by id, by name (settings), by year and by digest are then all
    sealed without mark_changed, and a hand edit of each is caught."""
    from sqlalchemy import insert, text

    from app.core.services.kernel.audit import log_event, verify_chain

    first = open_workspace(pg_url)
    with first.db.engine.begin() as conn:
        conn.exec_driver_sql(_OLD_TRACK_FUNCTION)
    first.db.dispose()
    ws = open_workspace(pg_url)  # a workstation of this release
    try:
        with ws.db.engine.connect() as conn:
            source = conn.exec_driver_sql(
                "SELECT prosrc FROM pg_proc WHERE proname = 'audit_track'"
            ).scalar()
        assert 'NEW."id"' in source and 'NEW."key"' in source and 'NEW."year"' in source
        function_row = "SELECT xmin::text FROM pg_proc WHERE proname = 'audit_track'"
        with ws.db.engine.connect() as conn:
            written = conn.exec_driver_sql(function_row).scalar()
        open_workspace(pg_url).db.dispose()  # the next PC to open it leaves the function be
        with ws.db.engine.connect() as conn:
            assert conn.exec_driver_sql(function_row).scalar() == written
        with ws.db.session() as s:
            s.execute(
                text(
                    "INSERT INTO settings (key, value) VALUES ('test.upgrade', '1');"
                    " INSERT INTO calendar_years (year, data, source, added_at)"
                    "  VALUES (2091, '{}', 'test', now());"
                    " INSERT INTO attachment_blobs (sha256, size, mime, data, created_at)"
                    "  VALUES (repeat('a', 64), 1, 'text/plain', 'x', now());"
                )
            )
            s.execute(
                insert(Target),
                [{"name": "五原县升级检查对象", "uid": "upgrade-1", "address": "新址"}],
            )
            log_event(s, ws.actor, "test.upgrade", summary="写入四种主键的行")
        with ws.db.read_session() as s:
            check = verify_chain(s)
            assert check.ok, check.reason
        edits = [
            ("UPDATE settings SET value = '2' WHERE key = 'test.upgrade'", "settings"),
            ("UPDATE calendar_years SET source = 'x' WHERE year = 2091", "calendar_years"),
            ("UPDATE attachment_blobs SET mime = 'x' WHERE size = 1", "attachment_blobs"),
            ("UPDATE targets SET address = '旧' WHERE address = '新址'", "targets"),
        ]
        for sql, table in edits:
            hand_edit(ws, sql)
            with ws.db.read_session() as s:
                check = verify_chain(s)
            assert not check.ok and f"表 {table} " in check.reason, (table, check.reason)
            hand_edit(ws, _UNDO[table])  # put it back for the next table's check
    finally:
        ws.db.dispose()


_UNDO = {
    "settings": "UPDATE settings SET value = '1' WHERE key = 'test.upgrade'",
    "calendar_years": "UPDATE calendar_years SET source = 'test' WHERE year = 2091",
    "attachment_blobs": "UPDATE attachment_blobs SET mime = 'text/plain' WHERE size = 1",
    "targets": "UPDATE targets SET address = '新址' WHERE address = '旧'",
}


def test_rows_sealed_by_an_earlier_release_still_verify_and_edits_are_caught(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Earlier releases read a JSON column on the server parsed, then sealed its canonical
    JSON; this one seals the text stored (as SQLite always did), which is cheaper for a draw's
    150 MB of JSON. A server upgraded with rows sealed the earlier way verifies; a hand edit of
    such a row is still caught; the row's next write seals it the new way."""
    from app.core.services.kernel.audit import log_event, verify_chain
    from app.core.storage import row_states
    from app.core.storage.models import Setting

    ws = open_workspace(pg_url)
    try:
        with monkeypatch.context() as earlier:  # the earlier release's reading
            earlier.setattr(row_states, "_columns", lambda *_a, **_k: "*")
            with ws.db.session() as s:
                s.add(Setting(key="test.earlier", value={"乙": [2, 1], "甲": "值"}))
                log_event(s, ws.actor, "test.earlier", summary="旧版封存")
        table = row_states.audited_tables()["settings"]
        with ws.db.read_session() as s:
            conn = s.connection()
            now = dict(row_states.state_rows(conn, table, ["test.earlier"]))["test.earlier"]
            before = row_states.earlier_states(conn, table, ["test.earlier"])["test.earlier"]
            assert now != before  # the two readings differ: the check below needs the fallback
            check = verify_chain(s)
        assert check.ok, check.reason

        hand_edit(ws, """UPDATE settings SET value = '{"甲":"改"}' WHERE key = 'test.earlier'""")
        with ws.db.read_session() as s:
            check = verify_chain(s)
        assert not check.ok and "表 settings 的第 test.earlier 行在程序之外被改动" in check.reason

        with ws.db.session() as s:  # the app writes the row again: sealed the new way
            s.get(Setting, "test.earlier").value = {"甲": "新"}  # type: ignore[union-attr]
            log_event(s, ws.actor, "test.later", summary="新版封存")
        with ws.db.read_session() as s:
            check = verify_chain(s)
        assert check.ok, check.reason
    finally:
        ws.db.dispose()
