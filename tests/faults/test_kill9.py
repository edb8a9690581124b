"""kill -9 at random moments during an import, a draw, a form save, a bundle write and a
migration: afterwards the file passes integrity_check, the audit trail verifies, and each
operation is wholly there or wholly absent.

Each case runs the operation in a child `python` that prints READY once set up; the parent
kills it a random few hundred milliseconds later (seeded, so a failure can be replayed).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow
KILLS_PER_CASE = 3
SEED = int(os.environ.get("KILL9_SEED", "20260101"))


def _run_and_kill(code: str, *, delay: float, timeout: float = 60) -> bool:
    """Runs `code` in a child; kills it `delay` s after READY. True if it was killed mid-way."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "READY":
        child.kill()
        raise AssertionError(
            f"child failed to start: {line}{child.stderr.read() if child.stderr else ''}"
        )
    time.sleep(delay)
    finished = child.poll() is not None
    if not finished:
        os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout)
    if finished and child.returncode != 0:
        raise AssertionError(child.stderr.read() if child.stderr else "child failed")
    return not finished


def _duration(code: str, *, timeout: float = 120) -> float:
    """How long `code` runs after READY when left alone, so kill delays land inside it."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "READY", child.stderr.read() if child.stderr else ""
    started = time.monotonic()
    child.wait(timeout)
    assert child.returncode == 0, child.stderr.read() if child.stderr else "child failed"
    return time.monotonic() - started


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _scalar(path: Path, sql: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _check_whole(path: Path) -> None:
    from app.core.services.kernel.audit import verify_chain
    from app.core.services.kernel.workspace import open_workspace

    assert _integrity(path) == "ok"
    ws = open_workspace(path)  # the next start-up: recovers the WAL, must not fail
    try:
        with ws.db.read_session() as s:
            result = verify_chain(s)
        assert result.ok, result.reason
    finally:
        ws.db.dispose()


def _prelude(db: Path) -> str:
    """Opens the workspace in the child; indented like the operation code that follows it."""
    code = f"from app.core.services.kernel.workspace import open_workspace\nws = open_workspace({str(db)!r})\n"
    return textwrap.indent(code, " " * 12)


def test_kill_during_a_large_import(sample_db: Path, tmp_path: Path) -> None:
    imports = pytest.importorskip("app.core.services.registry.imports.pipeline")
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.registry.excel import export_registry

    ws = open_workspace(sample_db)
    source = tmp_path / "targets.xlsx"
    exported = export_registry(ws, "targets", source)
    ws.db.dispose()
    assert exported == 600 and imports is not None
    rng = random.Random(SEED)
    killed = 0
    for n in range(KILLS_PER_CASE):
        db = tmp_path / f"empty{n}.db"
        empty = open_workspace(db)
        empty.db.dispose()
        killed += _run_and_kill(
            _prelude(db)
            + f"""
            from app.core.services.registry.imports.pipeline import import_registry
            print("READY", flush=True)
            import_registry(ws, kind="targets", path={str(source)!r})
        """,
            delay=rng.uniform(0.05, 1.5),
        )
        _check_whole(db)
        assert _scalar(db, "SELECT count(*) FROM targets") in (0, 600)  # all or nothing
    assert killed, "never killed mid-way: widen the delays"


def test_kill_during_a_bulk_insert_through_the_audited_session(tmp_path: Path) -> None:
    """The generic path every large write takes (a Core executemany in one unit of work)."""
    from app.core.services.kernel.workspace import open_workspace

    rng = random.Random(SEED + 1)
    killed = 0
    for n in range(KILLS_PER_CASE):
        db = tmp_path / f"bulk{n}.db"
        open_workspace(db).db.dispose()
        killed += _run_and_kill(
            _prelude(db)
            + """
            from sqlalchemy import insert
            from app.core.services.kernel.audit import log_event
            from app.core.storage.models import Target
            print("READY", flush=True)
            for batch in range(20):
                with ws.db.session() as s:
                    s.execute(insert(Target), [
                        {"name": f"对象{batch}-{i}", "uid": f"{batch}-{i}", "search_text": ""}
                        for i in range(5000)])
                    log_event(s, ws.actor, "target.import", summary=f"batch {batch}")
        """,
            delay=rng.uniform(0.2, 2.0),
        )
        _check_whole(db)
        count = _scalar(db, "SELECT count(*) FROM targets")
        assert count % 5000 == 0  # whole batches only
        assert (
            _scalar(db, "SELECT count(*) FROM audit_events WHERE action = 'target.import'")
            == count // 5000
        )
    assert killed


def test_kill_during_a_draw(sample_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("app.core.services.draw.draws")
    rng = random.Random(SEED + 2)
    work = """
            from app.core.services.draw import draws
            print("READY", flush=True)
            draws.run_draw(ws, task_ref="五原市监抽查〔2026〕2号", observer_inputs=["甲123", "乙456"])
        """
    # A draw on the small county takes well under a second: time one undisturbed run and
    # kill inside that span, so every kill lands mid-draw whatever the machine's speed.
    measured = tmp_path / "measure.db"
    measured.write_bytes(sample_db.read_bytes())
    span = _duration(_prelude(measured) + work)
    killed = 0
    for n in range(KILLS_PER_CASE):
        db = tmp_path / f"draw{n}.db"
        db.write_bytes(sample_db.read_bytes())
        killed += _run_and_kill(_prelude(db) + work, delay=rng.uniform(0.01, 0.8) * span)
        _check_whole(db)
        # A finished draw has its visits; a session killed before computing has none.
        orphans = _scalar(
            db,
            """SELECT count(*) FROM visits v JOIN draw_sessions d ON d.id = v.draw_session_id
                                 WHERE d.status NOT IN ('ok')""",
        )
        assert orphans == 0
        ok_without_visits = _scalar(
            db,
            """SELECT count(*) FROM draw_sessions d WHERE d.status = 'ok'
            AND d.kind = 'targets' AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.draw_session_id = d.id)""",
        )
        assert ok_without_visits == 0
    assert killed


def test_kill_during_form_saves(sample_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("app.core.services.checklist.inspections")
    draft = _scalar(
        sample_db, "SELECT id FROM inspections WHERE status = 'draft' ORDER BY id LIMIT 1"
    )
    if draft is None:
        pytest.skip("the sample county has no draft form")
    rng = random.Random(SEED + 3)
    killed = 0
    for n in range(KILLS_PER_CASE):
        db = tmp_path / f"form{n}.db"
        db.write_bytes(sample_db.read_bytes())
        killed += _run_and_kill(
            _prelude(db)
            + f"""
            from app.core.services.checklist import inspections
            form = inspections.get_form(ws, {draft})
            print("READY", flush=True)
            for i in range(10000):
                inspections.save_draft(ws, {draft}, data={{"notes": "第" + str(i) + "次保存"}})
        """,
            delay=rng.uniform(0.1, 1.5),
        )
        _check_whole(db)  # every save sealed whole: a torn save would break its row's seal
    assert killed


def test_kill_during_a_bundle_write(sample_db: Path, tmp_path: Path) -> None:
    bundles = pytest.importorskip("app.core.services.exchange.bundles")
    rng = random.Random(SEED + 4)
    killed = 0
    for n in range(KILLS_PER_CASE):
        db = tmp_path / f"bundle{n}.db"
        db.write_bytes(sample_db.read_bytes())
        out = tmp_path / f"out{n}"
        out.mkdir()
        killed += _run_and_kill(
            _prelude(db)
            + f"""
            from pathlib import Path
            from app.core.services.exchange import bundle_export, bundles
            print("READY", flush=True)
            bundle_export.export_bundle(ws, "assignments", Path({str(out)!r}) / "a.bundle",
                                  task_no="五原市监抽查〔2026〕1号")
        """,
            delay=rng.uniform(0.05, 1.0),
        )
        _check_whole(db)
        written = [p for p in out.iterdir() if not p.name.endswith((".part", ".tmp"))]
        from app.core.services.kernel.workspace import open_workspace

        ws = open_workspace(db)
        try:
            for p in written:  # a bundle that exists is whole and verifies
                assert bundles.verify_bundle(ws, p) is not None
        finally:
            ws.db.dispose()
    del killed  # a small bundle may finish before a kill; the checks above ran either way


def test_kill_during_a_migration(tmp_path: Path) -> None:
    rng = random.Random(SEED + 5)
    killed = 0
    for n in range(KILLS_PER_CASE * 2):
        db = tmp_path / f"new{n}.db"
        killed += _run_and_kill(
            f"""
            from app.core.storage.database import Database
            db = Database({str(db)!r})
            print("READY", flush=True)
            db.open()
        """,
            delay=rng.uniform(0.0, 0.4),
        )
        if db.exists():
            assert _integrity(db) == "ok"
            tables = _scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'")
            version = _scalar(
                db, "SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
            )
            assert tables == 0 or version == 1  # all tables or none
        _check_whole(db)
    assert killed
