"""The grind attack on the draw, tried as an insider would (issue 14), and shown impossible.

The attack: read the office secret from the database after the lock, then try public values (or
observer inputs) offline until the outcome suits you, and type that one. DRAW-v1.1 and the held
secret close it by construction: before the reveal the database holds only the commitment, a
process that did not lock the attempt cannot compute it, and a public value is accepted only from
a source declared in the manifest before the lock (and never without one).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import draw as engine
from app.core.domain.errors import ConflictError, ValidationError
from app.core.draw import verify_record
from app.core.services.draw import draw_views, draws
from app.core.services.draw._secrets import held_secrets
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import AuditEvent, DrawSession, Visit

REPO = Path(__file__).resolve().parents[3]
TASK = "五原市监抽查〔2026〕2号"  # published in the sample county, not drawn yet
INPUTS = ["3 1 4 1 5 9", "2 7 1 8 2 8"]
SOURCE = "中国福利彩票双色球第2026031期开奖号码（2026-03-17 21:15开奖）"


def _every_stored_byte(db: Path) -> bytes:
    """The database file and its journal/WAL as an attacker who copies the folder gets them."""
    out = b""
    for suffix in ("", "-wal", "-journal", "-shm"):
        part = Path(str(db) + suffix)
        if part.exists():
            out += part.read_bytes()
    return out


def _every_stored_text(db: Path) -> str:
    """Every value of every table, read with plain sqlite3 (no app code)."""
    con = sqlite3.connect(db)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        chunks = []
        for table in tables:
            for row in con.execute(f'SELECT * FROM "{table}"'):
                chunks.append(" ".join(str(v) for v in row))
        return "\n".join(chunks)
    finally:
        con.close()


def test_the_database_holds_only_the_commitment_until_the_reveal(sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    try:
        view = draws.lock_draw_session(ws, task_ref=TASK, observers=["公证员", "企业代表"])
        secret = held_secrets.peek(view.uid)
        assert secret is not None and len(secret) == 32
        # What the insider reads: the file, the WAL, every column of every table.
        stored = _every_stored_byte(sample_db)
        text = _every_stored_text(sample_db)
        assert secret not in stored and secret.hex().encode() not in stored
        assert secret.hex() not in text and secret.hex().upper() not in text
        with ws.db.read_session() as s:
            row = s.get(DrawSession, view.id)
            assert row.office_secret == ""
            assert (
                row.manifest["commitment"] == hashlib.sha256(b"DRAW-v1/commit" + secret).hexdigest()
            )
            lock_event = (
                s.query(AuditEvent)
                .filter(AuditEvent.action == "draw.lock")
                .order_by(AuditEvent.id.desc())
                .first()
            )
            assert lock_event.entity_uid == view.uid
            assert secret.hex() not in json.dumps(lock_event.detail)
        assert view.office_secret == "" and view.protocol == "DRAW-v1.1"

        outcome = draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS)
        assert outcome.view.office_secret == secret.hex()  # revealed now, and kept with the record
        record = draw_views.draw_record_of(ws, view.id)
        assert record["reveal"]["office_secret"] == secret.hex()
        assert verify_record(record) == []
        assert held_secrets.peek(view.uid) is None  # nothing left in memory after the reveal
    finally:
        ws.db.dispose()


def _compute_in_another_process(
    db: Path, session_id: int, public: str | None
) -> subprocess.CompletedProcess[str]:
    script = (
        "import sys\n"
        "from app.core.services.draw import draws\n"
        "from app.core.services.kernel.workspace import open_workspace\n"
        "from app.core.domain.errors import AppError\n"
        f"ws = open_workspace({str(db)!r})\n"
        "try:\n"
        f"    draws.compute_draw(ws, session_id={session_id}, observer_inputs={INPUTS!r}, public_value={public!r})\n"
        "except AppError as exc:\n"
        "    print(exc); sys.exit(1)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        encoding="utf-8",
    )


def test_a_copy_of_the_database_cannot_compute_or_grind_the_locked_attempt(
    sample_db: Path, tmp_path: Path
) -> None:
    ws = open_workspace(sample_db)
    try:
        view = draws.lock_draw_session(ws, task_ref=TASK, observers=["公证员", "企业代表"])
    finally:
        ws.db.dispose()
    copy = tmp_path / "insider-copy.db"
    copy.write_bytes(sample_db.read_bytes())
    # The insider's grind: compute the locked attempt with one public value after another.
    for public in (None, "1", "2", "3"):
        done = _compute_in_another_process(copy, view.id, public)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "这里不能揭示和计算" in done.stdout  # the secret is not in the copy
    con = sqlite3.connect(copy)
    try:
        assert con.execute(
            "SELECT status, office_secret, seed FROM draw_sessions WHERE id=?", (view.id,)
        ).fetchone() == ("locked", "", None)
        assert con.execute(
            "SELECT count(*) FROM visits WHERE draw_session_id=?", (view.id,)
        ).fetchone() == (0,)
    finally:
        con.close()


def test_no_public_value_without_a_source_declared_before_the_lock(sample_workspace) -> None:
    ws = sample_workspace
    view = draws.lock_draw_session(ws, task_ref=TASK, observers=["公证员", "企业代表"])
    with ws.db.read_session() as s:
        assert s.get(DrawSession, view.id).manifest["public_value_source"] == ""
    with pytest.raises(ValidationError, match="没有声明公开数值的来源"):
        draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS, public_value="07 12 19")
    with ws.db.read_session() as s:  # refused before anything was written
        row = s.get(DrawSession, view.id)
        assert (row.status, row.seed, row.record, row.office_secret) == ("locked", None, None, "")
        assert s.query(Visit).filter(Visit.draw_session_id == view.id).count() == 0
    outcome = draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS)
    assert outcome.view.status == "ok" and outcome.view.public_value == ""
    # One computation per attempt: a second try (another value) is refused, whatever it is.
    with pytest.raises(ConflictError):
        draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS, public_value="")


def test_a_declared_source_is_in_the_manifest_and_needs_its_value(sample_workspace) -> None:
    ws = sample_workspace
    view = draws.lock_draw_session(
        ws, task_ref=TASK, observers=["公证员", "企业代表"], public_value_source=f"  {SOURCE}\u3000"
    )
    assert view.public_value_source == SOURCE  # normalised, and part of manifest_digest
    with ws.db.read_session() as s:
        manifest = s.get(DrawSession, view.id).manifest
    assert manifest["public_value_source"] == SOURCE
    assert engine.sha256hex(engine.cj(manifest)) == view.manifest_digest
    with pytest.raises(ValidationError, match="须输入该来源公布的数值"):
        draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS)
    outcome = draws.compute_draw(
        ws, session_id=view.id, observer_inputs=INPUTS, public_value="03 09 14 22 27 31+08"
    )
    record = draw_views.draw_record_of(ws, view.id)
    assert record["protocol"] == "DRAW-v1.1" and verify_record(record) == []
    assert engine.record_notes(record) == [
        f'public_value "03 09 14 22 27 31+08" from the source declared before the lock: "{SOURCE}"'
    ]
    assert outcome.view.public_value_source == SOURCE


def test_an_attempt_locked_under_draw_v1_takes_no_public_value(sample_workspace) -> None:
    """A DRAW-v1 attempt left open by an older version (its secret stored in the row): it can
    still be finished, but never with a public value typed now."""
    ws = sample_workspace
    view = draws.lock_draw_session(ws, task_ref=TASK, observers=["公证员", "企业代表"])
    secret = held_secrets.peek(view.uid)
    with ws.db.session() as s:
        row = s.get(DrawSession, view.id)
        old = engine.lock(
            session=row.manifest["session"],
            population=row.population,
            strata=row.manifest["strata"],
            team=row.manifest["team"],
            observers=row.manifest["observers"],
            office_secret=secret,
            protocol="DRAW-v1",
        )
        row.manifest = old.manifest
        row.manifest_digest = old.manifest_digest
        row.office_secret = secret.hex()  # how DRAW-v1 versions stored it
    held_secrets.forget(view.uid)
    with pytest.raises(ValidationError, match="DRAW-v1"):
        draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS, public_value="42")
    draws.compute_draw(ws, session_id=view.id, observer_inputs=INPUTS)
    record = draw_views.draw_record_of(ws, view.id)
    assert record["protocol"] == "DRAW-v1" and verify_record(record) == []


# ------------------------------------------------------------------------------------------
# The CLI: a public value needs its source; a crashed attempt is aborted with `draw abort`
# ------------------------------------------------------------------------------------------


def _draw_sessions(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            "SELECT id, status, abort_reason FROM draw_sessions ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def test_cli_refuses_a_public_value_without_a_declared_source(
    app_cli, sample_db: Path, tmp_path: Path
) -> None:
    before = _draw_sessions(sample_db)
    run = app_cli(
        "--db",
        str(sample_db),
        "draw",
        "run",
        TASK,
        "--observer-input",
        "3 5 2",
        "--public-value",
        "07 12 19 23 28 33+05",
    )
    assert run.returncode == 1
    assert "--public-value-source" in run.stderr and "Traceback" not in run.stderr
    assert _draw_sessions(sample_db) == before  # nothing locked, nothing written

    record = tmp_path / "record.json"
    run = app_cli(
        "--db",
        str(sample_db),
        "draw",
        "run",
        TASK,
        "--observer-input",
        "3 5 2",
        "--public-value-source",
        SOURCE,
        "--public-value",
        "07 12 19 23 28 33+05",
        "-o",
        str(record),
    )
    assert run.returncode == 0, run.stderr
    assert "protocol=DRAW-v1.1" in run.stdout and f"public_value_source={SOURCE}" in run.stdout
    checked = app_cli("draw", "verify", str(record))
    assert checked.returncode == 0
    assert checked.stdout.splitlines() == [
        "PASS",
        f'public_value "07 12 19 23 28 33+05" from the source declared before the lock: "{SOURCE}"',
    ]


def test_cli_aborts_an_attempt_left_locked_by_a_crash(app_cli, sample_db: Path) -> None:
    # A real crash: another process locks, then dies without computing (os._exit, no cleanup).
    script = (
        "import os\n"
        "from app.core.services.draw import draws\n"
        "from app.core.services.kernel.workspace import open_workspace\n"
        f"ws = open_workspace({str(sample_db)!r})\n"
        f"draws.lock_draw_session(ws, task_ref={TASK!r}, observers=['公证员'])\n"
        "os._exit(9)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    crashed = subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, timeout=120)
    assert crashed.returncode == 9
    ((sid, status, _),) = [r for r in _draw_sessions(sample_db) if r[1] == "locked"]

    blocked = app_cli("--db", str(sample_db), "draw", "run", TASK, "--observer-input", "1")
    assert blocked.returncode == 1 and "中止" in blocked.stderr

    empty = app_cli("--db", str(sample_db), "draw", "abort", TASK, "--reason", "  ")
    assert empty.returncode == 1 and "理由" in empty.stderr
    done = app_cli("--db", str(sample_db), "draw", "abort", TASK, "--reason", "锁定后程序崩溃")
    assert done.returncode == 0, done.stderr
    assert "status=aborted" in done.stdout
    assert (sid, "aborted", "锁定后程序崩溃") in _draw_sessions(sample_db)
    again = app_cli("--db", str(sample_db), "draw", "abort", TASK, "--reason", "再来一次")
    assert again.returncode == 1 and "没有锁定未完成的抽取" in again.stderr

    con = sqlite3.connect(sample_db)
    try:
        summaries = [
            r[0]
            for r in con.execute(
                "SELECT summary FROM audit_events WHERE action='draw.abort' ORDER BY id"
            )
        ]
    finally:
        con.close()
    assert summaries and "锁定后程序崩溃" in summaries[-1]
    # The trail is intact and a new attempt can be drawn.
    assert app_cli("--db", str(sample_db), "audit", "verify").returncode == 0
    rerun = app_cli("--db", str(sample_db), "draw", "run", TASK, "--observer-input", "5 5 5")
    assert rerun.returncode == 0 and "attempt=2 status=ok" in rerun.stdout
