"""`python -m app audit|user|backup ...` as a user runs them: exit codes, messages, files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl

from tests.conftest import REPO


def test_audit_verify_passes_then_fails_after_a_hand_edit(app_cli, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    ok = app_cli("--db", str(sample_db), "audit", "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("PASS")
    conn = sqlite3.connect(sample_db)
    conn.execute("UPDATE targets SET credit_grade = 'A' WHERE id = 42 AND credit_grade != 'A'")
    conn.execute("UPDATE targets SET credit_grade = 'D' WHERE id = 42 AND credit_grade = 'A'")
    conn.commit()
    conn.close()
    bad = app_cli("--db", str(sample_db), "audit", "verify")
    assert bad.returncode == 1
    assert bad.stdout.startswith("FAIL: event #")
    assert "targets 的第 42 行" in bad.stdout


def test_audit_verify_names_an_edited_event(app_cli, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(sample_db)
    conn.execute("UPDATE audit_events SET summary = 'nothing happened' WHERE id = 2")
    conn.commit()
    conn.close()
    bad = app_cli("--db", str(sample_db), "audit", "verify")
    assert bad.returncode == 1
    assert "event #2 (" in bad.stdout and "内容被改动" in bad.stdout


def _create_zhang(db_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`user create zhang OPTIONS --password-stdin`, the password typed on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(db_path), "user", "create", "zhang", *options]
        + ["--password-stdin"],
        input="password-123\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_user_commands_and_audit_list_filters(app_cli, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    created = _create_zhang(db_path, "--role", "observer", "--name", "张三")
    assert created.returncode == 0, created.stderr
    listed = app_cli("--db", str(db_path), "user", "list")
    assert "zhang" in listed.stdout and "observer" in listed.stdout
    assert app_cli("--db", str(db_path), "user", "deactivate", "zhang").returncode == 0
    assert "inactive" in app_cli("--db", str(db_path), "user", "list").stdout
    events = app_cli("--db", str(db_path), "audit", "list", "--action", "user.")
    assert events.returncode == 0
    assert "user.deactivate" in events.stdout and "user.create" in events.stdout
    assert "reference.ensure" not in events.stdout
    short = app_cli("--db", str(db_path), "audit", "list", "--user", "nobody")
    assert short.stdout.strip().endswith("0 of 0 events")
    bad = app_cli("--db", str(db_path), "audit", "list", "--since", "yesterday")
    assert bad.returncode == 1 and "无法识别的时间" in bad.stderr
    dup = _create_zhang(db_path, "--role", "observer")
    assert dup.returncode == 1 and "已存在" in dup.stderr


def test_audit_export_writes_text_never_formulas(app_cli, db_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.core.services.kernel.audit import log_event
    from app.core.services.kernel.workspace import open_workspace

    ws = open_workspace(db_path)
    with ws.db.session() as s:
        log_event(s, ws.actor, "note.add", summary='=HYPERLINK("http://x","点我")')
    ws.db.dispose()
    out = tmp_path / "trail.xlsx"
    result = app_cli("--db", str(db_path), "audit", "export", str(out))
    assert result.returncode == 0, result.stderr
    sheet = openpyxl.load_workbook(out).active
    cells = [
        c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","点我")'
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    assert app_cli("--db", str(db_path), "audit", "verify").returncode == 0


def test_backup_create_list_check_restore(app_cli, sample_db: Path) -> None:  # type: ignore[no-untyped-def]
    made = app_cli("--db", str(sample_db), "backup", "create")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.split("backup written: ")[1].split(" (")[0])
    assert path.exists()
    assert str(path) in app_cli("--db", str(sample_db), "backup", "list").stdout
    check = app_cli("--db", str(sample_db), "backup", "check", str(path))
    assert check.returncode == 0 and "trail verifies" in check.stdout
    assert app_cli("--db", str(sample_db), "backup", "check").stdout.startswith("PASS")
    restored = app_cli("--db", str(sample_db), "backup", "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert app_cli("--db", str(sample_db), "audit", "verify").returncode == 0
    junk = sample_db.with_name("junk.db")
    junk.write_bytes(b"not a database at all" * 100)
    refused = app_cli("--db", str(sample_db), "backup", "restore", str(junk))
    assert refused.returncode == 1 and "错误" in refused.stderr
