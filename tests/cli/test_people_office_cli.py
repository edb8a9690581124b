"""Departments through the CLI: review levels per department and liaison officers with the
office settings (`office show` lists both), an account's department and unit (`user create
--department`, `user department`); a bad phone number is refused naming the row and field."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_app


def test_review_levels_liaisons_and_account_departments(sample_db: Path) -> None:
    db = str(sample_db)
    assert (
        run_app(
            "--db", db, "office", "review-levels", "市场监管", "组长审核", "分管领导审批"
        ).returncode
        == 0
    )
    ok = run_app(
        "--db",
        db,
        "office",
        "liaison",
        "卫生健康",
        "--name",
        "孙联络",
        "--phone",
        "0478-1234567",
        "--role",
        "综合科科长",
    )
    assert ok.returncode == 0, ok.stderr
    shown = run_app("--db", db, "office", "show").stdout
    line = next(x for x in shown.splitlines() if x.startswith("市场监管"))
    assert "组长审核 → 分管领导审批 → 公示" in line
    assert "孙联络 0478-1234567（综合科科长）" in next(
        x for x in shown.splitlines() if x.startswith("卫生健康")
    )
    bad = run_app("--db", db, "office", "liaison", "卫生健康", "--name", "孙", "--phone", "abc")
    assert bad.returncode == 1 and "第1行" in bad.stderr and "联系电话" in bad.stderr
    import subprocess
    import sys

    from tests.conftest import REPO

    created = subprocess.run(
        [sys.executable, "-m", "app", "--db", db, "user", "create", "wj", "--role", "supervisor",
         "--department", "卫生健康", "--unit", "监督一科", "--password-stdin"],
        input="pw12345678\n", capture_output=True, text=True, cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert created.returncode == 0 and "卫生健康" in created.stdout, created.stderr
    moved = run_app("--db", db, "user", "department", "wj", "市场监管")
    assert moved.returncode == 0 and "市场监督管理局" in moved.stdout
    listed = run_app("--db", db, "user", "list").stdout
    assert "市场监督管理局" in next(x for x in listed.splitlines() if x.startswith("wj"))
