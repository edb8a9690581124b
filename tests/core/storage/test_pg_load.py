"""A reduced load test of the office server: 5 workstations (separate processes) searching,
opening and saving the same targets for 10 s through the app's services. Every stale save is
refused and counted, no successful save is lost, no error (deadlock or other) surfaces."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres

BENCH = Path(__file__).resolve().parents[3] / "bench"


def _pg_load():  # type: ignore[no-untyped-def]
    """bench/pg_load.py, importable by name (its worker processes import it again)."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import pg_load

    return pg_load


def test_five_workstations_lose_no_update(pg_url, app_cli) -> None:  # type: ignore[no-untyped-def]
    made = app_cli("--db", pg_url, "demo", "--targets", "2000")
    assert made.returncode == 0, made.stderr
    report = _pg_load().run_load(pg_url, workstations=5, seconds=10)
    for op in sorted(report.latencies):  # the figures, in the test log
        print(f"{op:<12} n={len(report.latencies[op]):5d} p95={report.p95(op) * 1000:7.1f} ms")
    print(f"saves {len(report.saves)}, stale refused {report.stale}, errors {len(report.errors)}")
    assert report.errors == [], report.errors[:5]
    assert report.deadlocks == 0
    assert report.lost == [], report.lost
    assert len(report.saves) > 0 and report.latencies.get("search 1")
    # every save either stands or was refused as stale; none vanished
    tried = len(report.latencies["save target"])
    assert len(report.saves) + report.stale == tried
    check = app_cli("--db", pg_url, "audit", "verify")
    assert check.returncode == 0, check.stdout
