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
