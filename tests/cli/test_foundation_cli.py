"""The CLI through its entry point: demo, info, exit codes, no traceback on user errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def test_demo_creates_the_sample_county_and_info_reads_it(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "sample.db"
    r = app_cli("demo", "--db", str(db), "--targets", "300")
    assert r.returncode == 0, r.stderr
    assert "300" in r.stdout
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from targets").fetchone()[0] == 300
    assert con.execute("select count(*) from inspectors").fetchone()[0] == 60
    assert con.execute("select count(distinct department_id) from inspectors").fetchone()[0] == 6
    assert con.execute("select count(*) from inspection_items").fetchone()[0] == 20
    con.close()
    info = app_cli("--db", str(db), "info")
    assert info.returncode == 0, info.stderr
    assert "targets: 300" in info.stdout and "五原县市场监督管理局" in info.stdout


def test_demo_refuses_a_database_that_has_data(app_cli, any_db_url: str) -> None:
    """On a file and on the office server alike (on the server it used to fail half-way with
    'duplicate key value violates unique constraint')."""
    assert app_cli("demo", "--db", any_db_url, "--targets", "50").returncode == 0
    again = app_cli("demo", "--db", any_db_url, "--targets", "50")
    assert again.returncode == 1
    assert "已有数据" in again.stderr and "Traceback" not in again.stderr
    assert "duplicate key" not in again.stderr


def test_usage_errors_exit_2(app_cli) -> None:
    r = app_cli("no-such-command")
    assert r.returncode == 2


def test_newer_database_is_a_user_error_not_a_traceback(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert app_cli("--db", str(db), "info").returncode == 0
    con = sqlite3.connect(db)
    con.execute("update alembic_version set version_num='9999'")
    con.commit()
    con.close()
    r = app_cli("--db", str(db), "info")
    assert r.returncode == 1
    assert "newer version" in r.stderr and "Traceback" not in r.stderr
