"""A county's file from the first release opens in this one: every later revision applied, no row
lost, every reference intact, the audit trail still verifying, every page of the window usable.

tests/data/first_release_county.db.gz is the small sample county (600 targets, a drawn task,
signed forms, published results) written by the code of the last commit whose schema was only
0001 (7355eea), i.e. what a county has on disk after a year with the first release. An empty
0001 schema upgraded fine while this file did not: SQLite's table rebuilds dropped `results`
under rows pointing at it (FOREIGN KEY constraint failed), so no office could open its data."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.core.storage.migrate import head_revision
from tests.conftest import run_app

FIRST_RELEASE = Path(__file__).resolve().parents[2] / "data" / "first_release_county.db.gz"


@pytest.fixture
def first_release_file(tmp_path: Path) -> Path:
    db = tmp_path / "县局数据.db"
    with gzip.open(FIRST_RELEASE) as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    return db


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def _revision(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("select version_num from alembic_version").fetchone()[0])


def test_a_first_release_county_opens_upgraded_with_nothing_lost(first_release_file: Path) -> None:
    db = first_release_file
    before = _counts(db)
    assert _revision(db) == "0001" and before["results"] > 0 and before["inspections"] > 0

    info = run_app("--db", str(db), "info")
    assert info.returncode == 0, info.stderr
    assert f"schema: {head_revision()}" in info.stdout

    after = _counts(db)
    lost = {
        t: (n, after.get(t)) for t, n in before.items() if t != "audit_events" and after.get(t) != n
    }
    assert lost == {}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert list(db.parent.rglob("*before-upgrade-0001*")), "the file is backed up before upgrading"

    verified = run_app("--db", str(db), "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "PASS" in verified.stdout


def test_an_upgrade_that_would_break_references_is_rolled_back(first_release_file: Path) -> None:
    """A file with a reference already broken (a hand edit while enforcement was off) is not
    half-upgraded: the check before the commit refuses it, names the place, changes nothing."""
    db = first_release_file
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(
            "update result_events set result_id = 999999 where id = (select min(id) from result_events)"
        )
        conn.commit()
    before = _counts(db)

    refused = run_app("--db", str(db), "info")
    assert refused.returncode != 0
    assert "引用失效" in refused.stderr and "result_events" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    assert _revision(db) == "0001" and _counts(db) == before


def test_a_results_bundle_from_a_laptop_still_on_the_first_release_is_refused_in_plain_words(
    first_release_file: Path,
) -> None:
    """The office upgraded; an inspector's laptop has not. Its signed results bundle (written by
    the first release: tests/data/first_release_laptop_results.bundle, key …laptop.pub) is
    refused before the merge with both versions named and what to do, not as ten "no right to
    change 部门" refusals that would send the clerk looking for an attack; nothing written."""
    db = first_release_file
    assert run_app("--db", str(db), "info").returncode == 0  # the office opened it: upgraded
    with sqlite3.connect(db) as conn:
        certs = [r[0] for r in conn.execute("select cert_no from inspectors order by id")]
    trusted = run_app(
        "--db", str(db), "keys", "trust", "--role", "laptop",
        *[a for c in certs for a in ("--inspector", c)],
        str(FIRST_RELEASE.with_name("first_release_laptop.pub")),
    )  # fmt: skip
    assert trusted.returncode == 0, trusted.stderr
    before = _counts(db)

    refused = run_app(
        "--db", str(db), "bundle", "import",
        str(FIRST_RELEASE.with_name("first_release_laptop_results.bundle")),
    )  # fmt: skip
    assert refused.returncode != 0
    assert "较旧版本的程序导出" in refused.stderr and "0001" in refused.stderr, refused.stderr
    assert head_revision() in refused.stderr and "升级" in refused.stderr
    assert "无权" not in refused.stderr and "Traceback" not in refused.stderr
    after = _counts(db)
    assert {t: n for t, n in after.items() if t != "audit_events"} == {
        t: n for t, n in before.items() if t != "audit_events"
    }
