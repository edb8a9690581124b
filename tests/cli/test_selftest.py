"""`python -m app --self-test` from source: every check passes, a failure is named, nothing leaks.

The frozen bundle runs the same self-test in tests/packaging/test_frozen.py.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from app import selftest

CHECK_NAMES = [name for name, _ in selftest.CHECKS]


def test_self_test_passes_from_source_and_leaves_the_user_data_alone(app_cli) -> None:
    data_dir = Path(os.environ["APP_DATA_DIR"])
    before = sorted(data_dir.rglob("*"))
    result = app_cli("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(("ok", "FAIL"))]
    assert [line.split()[1] for line in lines] == CHECK_NAMES
    assert all(line.startswith("ok ") for line in lines), result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("self-test passed")
    assert selftest.SHOWN_MARKER in result.stdout
    window = next(line for line in lines if line.split()[1] == "window")
    assert "名录库、抽查计划、随机抽取、检查表、结果公示" in window
    assert sorted(data_dir.rglob("*")) == before  # temp folder only: no logs, keys, databases


def test_a_failing_check_is_named_and_the_exit_code_is_1(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_t: selftest.SelfTest) -> str:
        raise selftest.CheckFailed("the PDF writer is missing")

    def missing(_t: selftest.SelfTest) -> str:
        import app.core.services.no_such_capability  # noqa: F401

        return "unreachable"

    monkeypatch.setattr(
        selftest,
        "CHECKS",
        (("version", selftest.check_version), ("pdf", broken), ("bundles", missing)),
    )
    out = io.StringIO()
    monkeypatch.setattr(selftest, "_output", lambda: out)
    assert selftest.run_self_test(["--self-test"]) == 1
    text = out.getvalue()
    assert "ok   version" in text
    assert "FAIL pdf         the PDF writer is missing" in text
    assert "FAIL bundles     missing module app.core.services.no_such_capability" in text
    assert text.rstrip().splitlines()[-1].startswith("self-test FAILED: pdf, bundles")


def test_only_runs_the_named_checks_and_refuses_unknown_ones(app_cli) -> None:
    result = app_cli("--self-test", "--only=version,resources")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok")] == [
        "version",
        "resources",
    ]
    bad = app_cli("--self-test", "--only=nonsense")
    assert bad.returncode == 2
    assert "unknown check(s): nonsense" in bad.stdout


def test_a_check_that_needs_an_earlier_result_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "CHECKS", (("pdf", selftest.check_pdf),))
    out = io.StringIO()
    monkeypatch.setattr(selftest, "_output", lambda: out)
    assert selftest.run_self_test(["--self-test"]) == 1
    assert "FAIL pdf         skipped: needs the 'sample_db'" in out.getvalue()
