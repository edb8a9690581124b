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

    real = targets._insert_rows

    def failing(session, conn, cols, params):  # type: ignore[no-untyped-def]
        real(session, conn, cols, params)
        raise ValidationError("磁盘已满（测试）")

    monkeypatch.setattr(targets, "_insert_rows", failing)
    with pytest.raises(ValidationError):
        import_registry(ws, kind="targets", path=_file(tmp_path, 1, 20), mode="all_or_nothing")
    monkeypatch.undo()
    with ws.db.read_session() as s:
        assert s.scalar(select(Target.id).limit(1)) is None
    assert _verify(ws).ok
    import_registry(ws, kind="targets", path=_file(tmp_path, 1, 20), mode="all_or_nothing")
    assert len(search_targets(ws, "鑫盛", limit=500)) == 20
    assert _verify(ws).ok
