"""Backup and restore of the office server: pg_dump / pg_restore as docs/operations.md says,
then `python -m app --db URL backup check` on the restore — PASS on a faithful copy, FAIL
naming the table or row when the restore was tampered with."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres


def _pg_bin(name: str) -> str:
    """pg_dump/pg_restore of the newest installed PostgreSQL (as scripts/pg.sh picks the server)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3])
    )
    if found:
        return str(found[-1])
    on_path = shutil.which(name)
    if on_path is None:
        pytest.fail(f"{name} is not installed")
    return on_path


@pytest.fixture
def fresh_db(pg_url: str) -> Iterator[object]:
    """Makes further empty databases on the same server; drops them afterwards."""
    import psycopg

    made: list[str] = []
    base = pg_url.rsplit("/", 1)[0]

    def make() -> str:
        name = f"r_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{base}/{name}"

    yield make
    with psycopg.connect(pg_url, autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore(dump: Path, url: str) -> None:
    subprocess.run(
        [_pg_bin("pg_restore"), "--no-owner", "--exit-on-error", "-d", url, str(dump)],
        check=True,
        capture_output=True,
        text=True,
    )


def _sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


def test_dump_restore_checks_and_tampering_is_named(pg_url, fresh_db, app_cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    made = app_cli("--db", pg_url, "demo", "--targets", "300")
    assert made.returncode == 0, made.stderr
    original = app_cli("--db", pg_url, "backup", "check")
    assert original.returncode == 0, original.stdout + original.stderr
    head = next(line for line in original.stdout.splitlines() if line.startswith("head: "))

    dump = tmp_path / "office.dump"
    subprocess.run(
        [_pg_bin("pg_dump"), "--format=custom", "--file", str(dump), pg_url],
        check=True,
        capture_output=True,
        text=True,
    )

    restored = fresh_db()
    _restore(dump, restored)
    check = app_cli("--db", restored, "backup", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "PASS" in check.stdout and head in check.stdout
    # the counts of the restore are those of the original, table by table
    counts = [line for line in check.stdout.splitlines() if line.startswith("  ")]
    assert counts == [line for line in original.stdout.splitlines() if line.startswith("  ")]
    assert any(line.split() == ["targets", "300"] for line in counts)

    # a table lost in the restore is named
    _sql(restored, "DROP TABLE follow_ups")
    lost = app_cli("--db", restored, "backup", "check")
    assert lost.returncode == 1 and "FAIL" in lost.stdout and "follow_ups" in lost.stdout
    assert "Traceback" not in lost.stdout + lost.stderr

    # a sealed row changed after the dump is named (table and row)
    changed = fresh_db()
    _restore(dump, changed)
    import psycopg

    with psycopg.connect(changed, autocommit=True) as conn:
        row = conn.execute("SELECT id FROM targets ORDER BY id DESC LIMIT 1").fetchone()[0]
        conn.execute("UPDATE targets SET name = name || '（改）' WHERE id = %s", (row,))
    bad = app_cli("--db", changed, "backup", "check")
    assert bad.returncode == 1 and "FAIL" in bad.stdout, bad.stdout + bad.stderr
    assert f"表 targets 的第 {row} 行" in bad.stdout, bad.stdout
