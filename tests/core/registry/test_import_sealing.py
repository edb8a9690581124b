"""A bulk import skips the per-row triggers (search index, audit tracking) and still ends up
searchable and sealed: `audit verify` passes after it and fails after a hand edit of an
imported row; the triggers are back for the writes that follow (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text, update

from app.core.domain.errors import ValidationError
from app.core.services.kernel.audit import log_event, verify_chain
from app.core.services.kernel.workspace import open_workspace
from app.core.services.registry.imports.pipeline import import_registry
from app.core.services.registry.search import search_targets
from app.core.storage.models import AuditEvent, AuditRowState, Target
from tests.helpers.registry_files import TARGET_HEADER, target_row, write_rows
from tests.helpers.sql_prompt import hand_edit

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
    hand_edit(ws, f"UPDATE targets SET legal_rep = '李四' WHERE id = {victim}")
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
    # A plain Core insert (no mark_changed) on the same pooled connection: still sealed by
    # the tracking trigger the import suspended (SQLite temp trigger, PostgreSQL row trigger),
    # and indexed by the search trigger.
    with ws.db.session() as s:
        s.execute(
            insert(Target),
            [{"name": "五原县丙号后来对象", "uid": "later-1", "search_text": "五原县丙号后来对象"}],
        )
        log_event(s, ws.actor, "target.create", summary="later")
    assert [h.name for h in search_targets(ws, "后来对象")] == ["五原县丙号后来对象"]
    check = _verify(ws)
    assert check.ok, check.reason
    later = _id_of(ws, "五原县丙号后来对象")
    hand_edit(ws, f"UPDATE targets SET name = '改' WHERE id = {later}")
    check = _verify(ws)
    assert not check.ok and f"表 targets 的第 {later} 行" in check.reason


def test_a_core_bulk_update_and_delete_are_sealed_by_the_database(ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No mark_changed: the engine's own triggers tell the seal which rows a Core statement
    changed; a later hand edit of one of them is still caught."""
    import_registry(ws, kind="targets", path=_file(tmp_path, 1, 40), mode="all_or_nothing")
    with ws.db.session() as s:
        s.execute(update(Target).where(Target.name.like("%甲1_号%")).values(address="新地址"))
        s.execute(delete(Target).where(Target.name.like("%甲2_号%")))
        log_event(s, ws.actor, "target.bulk", summary="bulk")
    check = _verify(ws)
    assert check.ok, check.reason
    with ws.db.read_session() as s:
        moved = s.scalars(select(Target.id).where(Target.address == "新地址")).all()
        sealed = {
            int(k)
            for k in s.scalars(
                select(AuditRowState.row_key)
                .join(AuditEvent, AuditEvent.id == AuditRowState.event_id)
                .where(AuditEvent.action == "target.bulk", AuditRowState.entity == "targets")
            )
        }
    assert len(moved) == 10 and set(moved) < sealed and len(sealed) == 20  # 10 updated, 10 deleted
    hand_edit(ws, f"UPDATE targets SET address = '旧' WHERE id = {moved[0]}")
    check = _verify(ws)
    assert not check.ok and f"表 targets 的第 {moved[0]} 行" in check.reason


def test_a_failed_import_writes_nothing_and_leaves_the_triggers(
    ws, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.registry import target_import

    real = target_import._BulkInsert.insert

    def failing(self, columns):  # type: ignore[no-untyped-def]
        real(self, columns)  # the rows are in, then the disk fills up
        raise ValidationError("磁盘已满（测试）")

    monkeypatch.setattr(target_import._BulkInsert, "insert", failing)
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
    hand_edit(ws, f"UPDATE targets SET township = '别处' WHERE id = {victim}")
    check = _verify(ws)
    assert not check.ok and f"表 targets 的第 {victim} 行" in check.reason


def test_the_indexes_come_back_when_a_big_import_fails(
    sqlite_ws, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.registry import target_import

    ws = sqlite_ws
    before = _index_sql(ws)
    real_insert, real_finish = target_import._BulkInsert.insert, target_import.NewTargets.finish

    def fail_while_dropped(self, columns):  # type: ignore[no-untyped-def]
        real_insert(self, columns)
        assert "ix_targets_name" not in _index_sql_of(self.conn)
        raise ValidationError("磁盘已满（测试）")

    def fail_once_rebuilt(self, session, conn):  # type: ignore[no-untyped-def]
        real_finish(self, session, conn)
        assert "ix_targets_name" in _index_sql_of(conn)
        raise ValidationError("磁盘已满（测试）")

    for name, failing in (("insert", fail_while_dropped), ("finish", fail_once_rebuilt)):
        owner = target_import._BulkInsert if name == "insert" else target_import.NewTargets
        monkeypatch.setattr(owner, name, failing)
        with pytest.raises(ValidationError):
            import_registry(ws, kind="targets", path=_file(tmp_path, 1, BIG), mode="all_or_nothing")
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
    from app.core.storage.row_states import audited_tables, inserted_rows_sealer, state_rows

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

        def columns(rows):  # type: ignore[no-untyped-def]
            return [list(c) for c in zip(*rows, strict=True)]

        # The first column in key order (address) missing from some rows, in all rows with
        # something to escape, and in all rows plain (each its own way of building the text).
        escaped = [(*r[:2], r[2] or tricky[i % len(tricky)], *r[3:]) for i, r in enumerate(params)]
        plain = [(*r[:2], f"五原县建设路{i}号", *r[3:]) for i, r in enumerate(params)]
        for rows in (params, escaped, plain):
            first = conn.exec_driver_sql(top).scalar() + 1
            conn.exec_driver_sql(
                f"INSERT INTO targets ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [(*r[:3], f"{r[3]}-{first}", *r[4:]) for r in rows],  # uids stay unique
            )
            ids = list(range(first, first + len(rows)))
            stored = dict(state_rows(conn, audited_tables()["targets"], ids))
            written = [(*r[:3], f"{r[3]}-{first}", *r[4:]) for r in rows]
            assert sealer(columns(written), ids) == [stored[i] for i in ids]
        # Values whose stored form depends on SQLite's conversions are left to the seal.
        odd_date = (*params[0][:6], "20260101", *params[0][7:])
        assert sealer(columns([odd_date]), [ids[0]]) is None
        assert sealer(columns([(*params[0][:4], 1.5, *params[0][5:])]), [ids[0]]) is None
        s.rollback()


def ws_session(ws):  # type: ignore[no-untyped-def]
    return ws.db.session()


def test_bulk_uids_are_version_7_ascending_and_unique() -> None:
    import uuid

    from app.core.services.registry.target_import import _new_uids

    uids = _new_uids(300_000)
    assert len(set(uids)) == len(uids)
    assert uids == sorted(uids)  # appended to the uid index, not scattered through it
    parsed = [uuid.UUID(u) for u in uids[::10_000]]
    assert {u.version for u in parsed} == {7} and {u.variant for u in parsed} == {uuid.RFC_4122}
    assert _new_uids(3) != _new_uids(3)


# -- a first import is written in batches as its rows are checked ------------------------------


@pytest.fixture
def small_batches(monkeypatch):  # type: ignore[no-untyped-def]
    """Checks of 16 rows at a time, so that a small file goes through the batched writes the
    way a 100k-row file does."""
    from app.core.services.registry.imports import pipeline

    monkeypatch.setattr(pipeline, "_CHUNK", 16)


def _batches(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """Records the size of each batch of new targets written."""
    from app.core.services.registry import target_import

    sizes: list[int] = []
    real = target_import._BulkInsert.insert

    def counting(self, columns):  # type: ignore[no-untyped-def]
        sizes.append(len(columns[0]))
        real(self, columns)

    monkeypatch.setattr(target_import._BulkInsert, "insert", counting)
    return sizes


def test_a_first_import_is_written_in_batches_as_it_is_read(
    ws, tmp_path: Path, small_batches, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    header = [*TARGET_HEADER, "标签"]
    rows = [header]
    for n in range(1, ROWS + 1):
        row = target_row(n, f"五原县乙{n}号鑫盛商贸有限公司") + ["重点对象" if n % 10 == 0 else ""]
        if n == 77:
            row[0] = "91150821MA0BAD"  # malformed: refused, the rest go in
        rows.append(row)
    path = write_rows(tmp_path / "batches.xlsx", rows)
    sizes = _batches(monkeypatch)
    result = import_registry(ws, kind="targets", path=path, mode="valid_rows")
    assert result.written and result.inserted == ROWS - 1 and result.skipped == 1
    # Row numbers are the spreadsheet's across the parts (a title row, then the header).
    assert {(i.row, i.key) for i in result.preview.issues} == {(79, "uscc")}
    assert len(sizes) > 5 and sum(sizes) == ROWS - 1
    with ws.db.read_session() as s:
        names = s.scalars(select(Target.name).order_by(Target.id)).all()
    expected = [f"五原县乙{n}号鑫盛商贸有限公司" for n in range(1, ROWS + 1) if n != 77]
    assert names == expected  # the file's order, none twice, none lost between batches
    assert _verify(ws).ok
    assert len(search_targets(ws, "鑫盛", limit=500)) == ROWS - 1
    tagged = targets_with_tag(ws, "重点对象")
    assert tagged == {f"五原县乙{n}号鑫盛商贸有限公司" for n in range(10, ROWS + 1, 10)}


def targets_with_tag(ws, tag: str) -> set[str]:  # type: ignore[no-untyped-def]
    from app.core.storage.models import TargetTag

    with ws.db.read_session() as s:
        return set(
            s.scalars(
                select(Target.name)
                .join(TargetTag, TargetTag.target_id == Target.id)
                .where(TargetTag.tag == tag)
            )
        )


def test_a_first_import_refused_late_or_cancelled_leaves_nothing(
    ws, tmp_path: Path, small_batches, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    rows = [TARGET_HEADER] + [
        target_row(n, f"五原县丁{n}号商贸有限公司") for n in range(1, ROWS + 1)
    ]
    rows[-1][0] = "91150821MA0BAD"  # the last row is bad
    path = write_rows(tmp_path / "late.xlsx", rows)
    sizes = _batches(monkeypatch)
    result = import_registry(ws, kind="targets", path=path, mode="all_or_nothing")
    assert not result.written and "未写入" in result.message
    assert sum(sizes) > 0  # rows had been written before the bad one was read…
    with ws.db.read_session() as s:  # …and were rolled back
        assert s.scalar(select(Target.id).limit(1)) is None
    calls = 0

    def cancel_after_a_few() -> bool:
        nonlocal calls
        calls += 1
        return calls > 4

    good = _file(tmp_path, 1, ROWS)
    with pytest.raises(ValidationError, match="取消"):
        import_registry(ws, kind="targets", path=good, cancelled=cancel_after_a_few)
    with ws.db.read_session() as s:
        assert s.scalar(select(Target.id).limit(1)) is None
    assert _verify(ws).ok
    result = import_registry(ws, kind="targets", path=good)  # the triggers are back in place
    assert result.inserted == ROWS and _verify(ws).ok
    assert len(search_targets(ws, "鑫盛", limit=500)) == ROWS


def test_a_first_import_of_objects_without_codes(ws, tmp_path: Path, small_batches) -> None:  # type: ignore[no-untyped-def]
    """A blank code, a name and a kind (products, projects): the columns the file lacks are
    left empty."""
    rows = [["统一社会信用代码/注册号", "名称", "主体类型"]] + [
        ["", f"五原县{n}号{'产品' if n % 2 else '项目'}", "产品" if n % 2 else "项目"]
        for n in range(1, 101)
    ]
    result = import_registry(ws, kind="targets", path=write_rows(tmp_path / "o.xlsx", rows))
    assert result.written and result.inserted == 100
    with ws.db.read_session() as s:
        got = s.execute(select(Target.kind, Target.uscc, Target.status).order_by(Target.id)).all()
    assert [k for k, _, _ in got] == ["产品" if n % 2 else "项目" for n in range(1, 101)]
    assert {(u, st) for _, u, st in got} == {(None, "存续")}
    assert _verify(ws).ok


def test_a_bulk_import_leaves_the_wal_copy_to_a_thread_and_restores_the_setting(
    sqlite_ws, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = sqlite_ws
    size_before = ws.db.path.stat().st_size
    import_registry(ws, kind="targets", path=_file(tmp_path, 1, BIG), mode="all_or_nothing")
    ws.db._checkpoint.join()
    # The rows reached the database file itself, not only the log (no connection has been
    # closed, which would also have copied them).
    assert ws.db.path.stat().st_size > size_before + 200_000
    with ws.db.engine.connect() as conn:  # the pooled connection is back to normal
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    assert len(search_targets(ws, "鑫盛", limit=2000)) == BIG
