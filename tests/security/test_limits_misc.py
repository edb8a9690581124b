"""The smaller limits: a kill in mid-backup leaves no `.part` after the next start, names
with bidi or control characters are refused, a holiday year without working days is refused."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.core.appdirs import backup_dir_for
from app.core.domain.errors import ValidationError
from app.core.services.admin import backups
from app.core.services.kernel.workspace import open_workspace
from app.core.services.plan import plans

REPO = Path(__file__).resolve().parents[2]

# The child makes a real backup through the app (backups.create_backup → Database.backup)
# and is killed by SIGKILL from inside SQLite's copy, after the first page is written.
KILL_IN_BACKUP = textwrap.dedent(
    """
    import os, signal, sqlite3, sys
    import app.core.storage.database as database
    from app.core.services.admin import backups
    from app.core.services.kernel.workspace import open_workspace

    real_connect = sqlite3.connect

    class Killing:
        def __init__(self, conn):
            self._conn = conn
        def backup(self, target, **kw):
            def progress(status, remaining, total):
                os.kill(os.getpid(), signal.SIGKILL)
            target = getattr(target, "_conn", target)
            return self._conn.backup(target, pages=1, progress=progress)
        def __getattr__(self, name):
            return getattr(self._conn, name)

    ws = open_workspace(sys.argv[1], backup=False)
    database.sqlite3 = type("S", (), {"connect": staticmethod(lambda *a, **k: Killing(real_connect(*a, **k)))})
    backups.create_backup(ws)
    print("not killed")
    """
)


def test_a_kill_in_mid_backup_leaves_nothing_after_the_next_start(
    sample_db: Path, tmp_path: Path
) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    r = subprocess.run(
        [sys.executable, "-c", KILL_IN_BACKUP, str(sample_db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == -9, r.stdout + r.stderr  # killed in the copy
    folder = backup_dir_for(sample_db)
    parts = [p for p in folder.iterdir() if ".part" in p.name]
    assert parts and any(p.stat().st_size > 0 for p in parts)
    # a copy another process started a moment ago is left alone…
    ws = open_workspace(sample_db, backup=False)
    ws.db.dispose()
    assert all(p.exists() for p in parts)
    # …one untouched for an hour is a leftover: the next start removes it
    old = time.time() - 3600
    for p in parts:
        os.utime(p, (old, old))
    r = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(sample_db), "info"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert not any(".part" in p.name for p in folder.iterdir())
    ws = open_workspace(sample_db, backup=False)
    try:
        assert all(".part" not in b.path.name for b in backups.list_backups(ws))
    finally:
        ws.db.dispose()


@pytest.mark.parametrize(
    "name",
    ["五原县\u202etxt.exe商贸有限公司", "张\u2066三", "李\x00四", "王\x1b[31m五", "\u200f赵六"],
    ids=["RLO", "LRI", "NUL", "ESC", "RLM"],
)
def test_names_with_bidi_or_control_characters_are_refused(tmp_path: Path, name: str) -> None:
    db = tmp_path / "county.db"
    if "\x00" not in name:  # a NUL cannot even be passed on a command line
        r = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(db), "user", "create", "clerk"]
            + ["--name", name, "--role", "observer", "--password-stdin"],
            env=dict(os.environ, PYTHONPATH=str(REPO)),
            input="correct horse battery\n",
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert r.returncode == 1, r.stdout + r.stderr
        assert "Traceback" not in r.stderr and "姓名含有不可见的" in r.stderr, r.stderr
        con = sqlite3.connect(db)
        try:
            assert (
                con.execute("select count(*) from users where username='clerk'").fetchone()[0] == 0
            )
        finally:
            con.close()
    ws = open_workspace(db)
    try:
        with pytest.raises(ValidationError, match=r"计划名称含有不可见的.*U\+"):
            plans.create_plan(ws, year=2026, name=name, department_code="SC")
    finally:
        ws.db.dispose()


def test_a_holiday_year_without_working_days_is_refused(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "county.db"
    whole_year = {
        "year": 2031,
        "source": "国务院办公厅关于2031年部分节假日安排的通知",
        "holidays": [{"name": "全年", "start": "2031-01-01", "end": "2031-12-31"}],
        "workdays": [],
    }
    path = tmp_path / "2031.json"
    path.write_text(json.dumps(whole_year, ensure_ascii=False), encoding="utf-8")
    r = app_cli("--db", str(db), "calendar", "import", str(path))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    assert "全年只有0个工作日" in r.stderr
    r = app_cli("--db", str(db), "calendar", "show")
    assert "2031" not in r.stdout
