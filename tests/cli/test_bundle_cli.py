"""The bundle and keys CLI contract: commands, exit codes, files, nothing written on refusal."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from app.core.services.kernel.workspace import open_workspace
from tests.helpers.bundle_helpers import add_inspection, make_field_work, make_office


def rows(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"select count(*) from {table}").fetchone()[0])
    finally:
        con.close()


def test_the_cli_contract_round_trip(app_cli, tmp_path: Path) -> None:
    office_db, laptop_db = tmp_path / "office.db", tmp_path / "laptop.db"
    ws = make_office(office_db)
    work = make_field_work(ws)
    ws.db.dispose()
    # keys both ways
    assert (
        app_cli("--db", str(office_db), "keys", "export", str(tmp_path / "office.pub")).returncode
        == 0
    )
    r = app_cli("--db", str(laptop_db), "keys", "export", str(tmp_path / "laptop.pub"))
    assert r.returncode == 0, r.stderr
    laptop_key = r.stdout.split("key id:")[1].strip()
    assert (
        app_cli(
            "--db",
            str(office_db),
            "keys",
            "trust",
            str(tmp_path / "laptop.pub"),
            "--role",
            "laptop",
            "--inspector",
            work.inspector_cert,
        ).returncode
        == 0
    )
    assert (
        app_cli(
            "--db",
            str(laptop_db),
            "keys",
            "trust",
            str(tmp_path / "office.pub"),
            "--role",
            "office",
        ).returncode
        == 0
    )
    listed = app_cli("--db", str(office_db), "keys", "list").stdout
    assert laptop_key in listed and "laptop" in listed
    assert "holders: " in listed and work.inspector_cert in listed  # issued for its inspector

    # office → laptop, encrypted to the laptop
    out = tmp_path / "stick" / "assignments.zip"
    out.parent.mkdir()
    r = app_cli(
        "--db",
        str(office_db),
        "bundle",
        "export",
        "assignments",
        str(out),
        "--for",
        laptop_key,
        "--task",
        work.task_no,
        "--inspector",
        work.inspector_cert,
    )
    assert r.returncode == 0, r.stderr
    assert "visit 12" in r.stdout and out.exists()
    assert [p.name for p in out.parent.iterdir()] == ["assignments.zip"]  # no temp file left
    r = app_cli("--db", str(office_db), "bundle", "verify", str(out))
    assert r.returncode == 0 and "OK" in r.stdout and "not readable here" in r.stdout
    r = app_cli("--db", str(laptop_db), "bundle", "import", str(out))
    assert r.returncode == 0, r.stderr
    assert "added:" in r.stdout and "visit 12" in r.stdout
    before = rows(laptop_db, "visits"), rows(laptop_db, "audit_events")
    r = app_cli("--db", str(laptop_db), "bundle", "import", str(out))
    assert r.returncode == 0 and "already imported" in r.stdout
    assert (rows(laptop_db, "visits"), rows(laptop_db, "audit_events")) == before

    # laptop → office
    lws = open_workspace(laptop_db)
    add_inspection(lws, work.visit_uids[0], status="completed")
    lws.db.dispose()
    res = tmp_path / "stick" / "results.zip"
    assert app_cli("--db", str(laptop_db), "bundle", "export", "results", str(res)).returncode == 0
    r = app_cli("--db", str(office_db), "bundle", "import", str(res))
    assert r.returncode == 0, r.stderr
    assert rows(office_db, "inspections") == 1
    # importing one's own bundle: exit 0, nothing changes
    r = app_cli("--db", str(laptop_db), "bundle", "import", str(res))
    assert r.returncode == 0 and "already imported" in r.stdout

    # a tampered bundle: exit 1 with the reason, nothing written
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(res) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "records/inspection.jsonl":
                data = data.replace("是".encode(), "否".encode())
            zout.writestr(info.filename, data)
    fresh = tmp_path / "fresh.db"
    assert (
        app_cli(
            "--db", str(fresh), "keys", "trust", str(tmp_path / "laptop.pub"), "--role", "laptop"
        ).returncode
        == 0
    )
    before = rows(fresh, "inspections"), rows(fresh, "audit_events"), rows(fresh, "bundles")
    r = app_cli("--db", str(fresh), "bundle", "import", str(bad))
    assert r.returncode == 1
    assert "校验值" in r.stderr and "Traceback" not in r.stderr
    assert (
        rows(fresh, "inspections"),
        rows(fresh, "audit_events"),
        rows(fresh, "bundles"),
    ) == before
    r = app_cli("--db", str(fresh), "bundle", "verify", str(bad))
    assert r.returncode == 1


def test_usage_errors_exit_2_and_unknown_things_exit_1(app_cli, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert (
        app_cli("--db", str(db), "bundle", "export", "nonsense", str(tmp_path / "o.zip")).returncode
        == 2
    )
    assert (
        app_cli(
            "--db", str(db), "keys", "trust", str(tmp_path / "k.pub"), "--role", "boss"
        ).returncode
        == 2
    )
    r = app_cli("--db", str(db), "bundle", "import", str(tmp_path / "missing.zip"))
    assert r.returncode == 1 and "找不到" in r.stderr
    r = app_cli(
        "--db",
        str(db),
        "bundle",
        "export",
        "assignments",
        str(tmp_path / "o.zip"),
        "--task",
        "没有的任务",
    )
    assert r.returncode == 1 and not (tmp_path / "o.zip").exists()
