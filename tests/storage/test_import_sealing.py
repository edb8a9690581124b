"""A bulk import skips the per-row triggers (search index, audit tracking) and still ends up
searchable and sealed: `audit verify` passes after it and fails after a hand edit of an
imported row; the triggers are back for the writes that follow (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from registry_files import TARGET_HEADER, target_row, write_rows
from sqlalchemy import create_engine, insert, select, text

from app.core.domain.errors import ValidationError
from app.core.services.audit import log_event, verify_chain
from app.core.services.imports.pipeline import import_registry
from app.core.services.registry.search import search_targets
from app.core.services.workspace import open_workspace
from app.core.storage.models import Target

ROWS = 150  # more than one range of ids, fewer than a slow test


@pytest.fixture
def ws(any_db_url: str):  # type: ignore[no-untyped-def]
    w = open_workspace(any_db_url)
    yield w
    w.db.dispose()


def _file(
    tmp_path: Path, start: int, count: int, *, name: str = "五原县甲{}号鑫盛商贸有限公司"
) -> Path:
    rows = [TARGET_HEADER] + [target_row(n, name.format(n)) for n in range(start, start + count)]
    return write_rows(tmp_path / f"t{start}.xlsx", rows)


def _verify(ws):  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return verify_chain(s)


def _hand_edit(ws, sql: str) -> None:  # type: ignore[no-untyped-def]
    """As a user at a SQL prompt: a plain connection without the app's triggers or hooks."""
    if ws.db.is_sqlite:
        import sqlite3

        conn = sqlite3.connect(ws.db.path)
        conn.execute(sql)
        conn.commit()
        conn.close()
        return
    engine = create_engine(ws.db.url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _id_of(ws, name: str) -> int:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return int(s.scalar(select(Target.id).where(Target.name == name)))


def test_imported_rows_are_sealed_and_a_hand_edit_is_caught(ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = import_registry(
        ws, kind="targets", path=_file(tmp_path, 1, ROWS), mode="all_or_nothing"
    )
    assert result.written and result.inserted == ROWS
    check = _verify(ws)
    assert check.ok, check.reason
    assert check.rows >= ROWS
    victim = _id_of(ws, "五原县甲77号鑫盛商贸有限公司")
    _hand_edit(ws, f"UPDATE targets SET legal_rep = '李四' WHERE id = {victim}")
    check = _verify(ws)
    assert not check.ok
    assert f"表 targets 的第 {victim} 行" in check.reason
    assert check.action == "targets.import"


def test_imported_rows_are_in_the_search_index(ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_registry(ws, kind="targets", path=_file(tmp_path, 1, ROWS), mode="all_or_nothing")
    assert [h.name for h in search_targets(ws, "甲77号鑫")] == ["五原县甲77号鑫盛商贸有限公司"]
    assert len(search_targets(ws, "鑫", limit=500)) == ROWS  # 1 character
    assert len(search_targets(ws, "鑫盛", limit=500)) == ROWS  # 2 characters
    # A second import adds to the index without indexing the first rows twice.
    import_registry(
        ws,
        kind="targets",
        path=_file(tmp_path, 1001, 5, name="五原县乙{}号祥和农资店"),
        mode="all_or_nothing",
    )
    assert len(search_targets(ws, "鑫盛", limit=500)) == ROWS
    assert len(search_targets(ws, "祥和", limit=500)) == 5


def test_writes_after_an_import_are_tracked_again(ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import_registry(ws, kind="targets", path=_file(tmp_path, 1, ROWS), mode="all_or_nothing")
    # A plain Core insert (no mark_changed) on the same pooled connection: still sealed on
    # SQLite by the tracking trigger the import suspended, and indexed by the search trigger.
    with ws.db.session() as s:
        s.execute(
            insert(Target),
            [{"name": "五原县丙号后来对象", "uid": "later-1", "search_text": "五原县丙号后来对象"}],
        )
        log_event(s, ws.actor, "target.create", summary="later")
    if ws.db.is_sqlite:
        check = _verify(ws)
        assert check.ok, check.reason
        later = _id_of(ws, "五原县丙号后来对象")
        _hand_edit(ws, f"UPDATE targets SET name = '改' WHERE id = {later}")
        check = _verify(ws)
        assert not check.ok and f"表 targets 的第 {later} 行" in check.reason
    else:
        assert [h.name for h in search_targets(ws, "后来对象")] == ["五原县丙号后来对象"]


def test_a_failed_import_writes_nothing_and_leaves_the_triggers(
    ws, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.registry import targets

    real = targets._BulkInsert.insert

    def failing(self, columns):  # type: ignore[no-untyped-def]
        real(self, columns)  # the rows are in, then the disk fills up
        raise ValidationError("磁盘已满（测试）")

    monkeypatch.setattr(targets._BulkInsert, "insert", failing)
    with pytest.raises(ValidationError):
        import_registry(ws, kind="targets", path=_file(tmp_path, 1, 20), mode="all_or_nothing")
    monkeypatch.undo()
    with ws.db.read_session() as s:
        assert s.scalar(select(Target.id).limit(1)) is None
    assert _verify(ws).ok
    import_registry(ws, kind="targets", path=_file(tmp_path, 1, 20), mode="all_or_nothing")
    assert len(search_targets(ws, "鑫盛", limit=500)) == 20
    assert _verify(ws).ok


# -- the fast paths of a big import (SQLite) ---------------------------------------------------

BIG = 1_200  # at least doubles an empty registry: its indexes are built after the rows


def _index_sql(ws) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        rows = s.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type='index' AND tbl_name='targets'")
        )
        return {name: sql for name, sql in rows}


@pytest.fixture
def sqlite_ws(db_path: Path):  # type: ignore[no-untyped-def]
    w = open_workspace(db_path)
    yield w
    w.db.dispose()


def test_a_first_big_import_rebuilds_its_indexes_and_is_sealed(sqlite_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = sqlite_ws
    before = _index_sql(ws)
    assert "ix_targets_active_name" in before
    result = import_registry(
        ws, kind="targets", path=_file(tmp_path, 1, BIG), mode="all_or_nothing"
    )
    assert result.written and result.inserted == BIG
    assert _index_sql(ws) == before  # every index back, as it was declared
    with ws.db.read_session() as s:
        plan = " ".join(
            str(r[3])
            for r in s.execute(
                text("EXPLAIN QUERY PLAN SELECT id FROM targets WHERE is_active = 1 ORDER BY name")
            )
        )
    assert "ix_targets_active_name" in plan
    assert len(search_targets(ws, "鑫盛", limit=2000)) == BIG
    check = _verify(ws)
    assert check.ok and check.rows >= BIG, check.reason
    victim = _id_of(ws, "五原县甲1077号鑫盛商贸有限公司")
    _hand_edit(ws, f"UPDATE targets SET township = '别处' WHERE id = {victim}")
    check = _verify(ws)
    assert not check.ok and f"表 targets 的第 {victim} 行" in check.reason


def test_the_indexes_come_back_when_a_big_import_fails(
    sqlite_ws, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.registry import targets

    ws = sqlite_ws
    before = _index_sql(ws)
    real_insert, real_finish = targets._BulkInsert.insert, targets.NewTargets.finish

    def fail_while_dropped(self, columns):  # type: ignore[no-untyped-def]
        real_insert(self, columns)
        assert "ix_targets_name" not in _index_sql_of(self.conn)
        raise ValidationError("磁盘已满（测试）")

    def fail_once_rebuilt(self, session, conn):  # type: ignore[no-untyped-def]
        real_finish(self, session, conn)
        assert "ix_targets_name" in _index_sql_of(conn)
        raise ValidationError("磁盘已满（测试）")

    for name, failing in (("insert", fail_while_dropped), ("finish", fail_once_rebuilt)):
        owner = targets._BulkInsert if name == "insert" else targets.NewTargets
        monkeypatch.setattr(owner, name, failing)
        with pytest.raises(ValidationError):
            import_registry(
                ws, kind="targets", path=_file(tmp_path, 1, BIG), mode="all_or_nothing"
            )
        monkeypatch.undo()
        assert _index_sql(ws) == before
    with ws.db.read_session() as s:
        assert s.scalar(select(Target.id).limit(1)) is None
    assert _verify(ws).ok


def _index_sql_of(conn) -> set[str]:  # type: ignore[no-untyped-def]
    return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='index'")}


def test_states_worked_out_from_inserted_values_match_what_sqlite_stored(sqlite_ws) -> None:  # type: ignore[no-untyped-def]
    """The seal of a bulk insert hashes the values it wrote; verification reads the rows.
    Both must see the same text for every value an import can write."""
    from app.core.services.audit import _state_rows, audited_tables, inserted_rows_sealer

    cols = ["name", "legal_rep", "address", "uid", "version", "is_active", "created_at",
            "established_on", "notes", "search_text", "kind", "status", "updated_at"]  # fmt: skip
    tricky = ['引号"内', "反斜杠\\", "换行\n制表\t", "控制\x01\x1f", "百分号%s%%", "表情😀",
              "分隔\u2028", "", "  空格  ", "null", "1e5"]  # fmt: skip
    params = [
        (
            tricky[i % len(tricky)],
            None if i % 3 else tricky[(i + 1) % len(tricky)],
            "五原县\\建设路%s号" if i % 2 else None,  # only a backslash to escape
            f"uid-{i}",
            i % 4 + 1,
            bool(i % 2),
            "2026-11-23 08:00:00.000000",
            None if i % 5 else "2020-03-01",
            tricky[(i + 2) % len(tricky)] if i % 7 == 0 else None,
            "KEY",
            "企业",
            "存续",
            f"2026-11-23 08:00:{i:02d}.000000",
        )
        for i in range(60)
    ]
    with ws_session(sqlite_ws) as s:
        conn = s.connection()
        sealer = inserted_rows_sealer(s, Target, cols)
        assert sealer is not None
        top = "SELECT coalesce(max(id), 0) FROM targets"
        first = conn.exec_driver_sql(top).scalar() + 1
        conn.exec_driver_sql(
            f"INSERT INTO targets ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            params,
        )
        ids = list(range(first, first + len(params)))
        stored = dict(_state_rows(conn, audited_tables()["targets"], ids))

        def columns(rows):  # type: ignore[no-untyped-def]
            return [list(c) for c in zip(*rows, strict=True)]

        assert sealer(columns(params), ids) == [stored[i] for i in ids]
        # Values whose stored form depends on SQLite's conversions are left to the seal.
        odd_date = (*params[0][:6], "20260101", *params[0][7:])
        assert sealer(columns([odd_date]), [ids[0]]) is None
        assert sealer(columns([(*params[0][:4], 1.5, *params[0][5:])]), [ids[0]]) is None
        s.rollback()


def ws_session(ws):  # type: ignore[no-untyped-def]
    return ws.db.session()


def test_bulk_uids_are_version_7_ascending_and_unique() -> None:
    import uuid

    from app.core.services.registry.targets import _new_uids

    uids = _new_uids(300_000)
    assert len(set(uids)) == len(uids)
    assert uids == sorted(uids)  # appended to the uid index, not scattered through it
    parsed = [uuid.UUID(u) for u in uids[::10_000]]
    assert {u.version for u in parsed} == {7} and {u.variant for u in parsed} == {uuid.RFC_4122}
    assert _new_uids(3) != _new_uids(3)
