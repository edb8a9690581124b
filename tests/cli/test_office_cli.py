"""Naming the office and its departments from the CLI (scenarios.md 1.1), audited."""

from __future__ import annotations

from pathlib import Path


def test_office_and_departments_are_set_listed_and_audited(app_cli, tmp_path: Path) -> None:
    db = str(tmp_path / "county.db")
    r = app_cli(
        "--db", db, "office", "set", "--name", "五原县市场监督管理局", "--short-name", "五原市监"
    )
    assert r.returncode == 0, r.stderr
    for code, name, short in [
        ("市场监管", "五原县市场监督管理局", "五原市监"),
        ("应急管理", "五原县应急管理局", "五原应急"),
    ]:
        r = app_cli("--db", db, "office", "department", code, "--name", name, "--short-name", short)
        assert r.returncode == 0, r.stderr
    # Renaming keeps one row per code.
    assert (
        app_cli(
            "--db",
            db,
            "office",
            "department",
            "应急管理",
            "--name",
            "五原县应急管理局（新）",
            "--short-name",
            "五原应急",
        ).returncode
        == 0
    )
    shown = app_cli("--db", db, "office", "show")
    assert shown.returncode == 0
    assert "五原县市场监督管理局 (五原市监)" in shown.stdout
    assert shown.stdout.count("应急管理\t") == 1 and "五原县应急管理局（新）" in shown.stdout
    audit = app_cli("--db", db, "audit", "verify")
    assert audit.returncode == 0 and "PASS" in audit.stdout


def test_empty_short_name_is_refused_and_nothing_changes(app_cli, tmp_path: Path) -> None:
    db = str(tmp_path / "county.db")
    r = app_cli("--db", db, "office", "set", "--name", "五原县市场监督管理局", "--short-name", "  ")
    assert r.returncode == 1 and "简称" in r.stderr
    assert "office: - (-)" in app_cli("--db", db, "office", "show").stdout
