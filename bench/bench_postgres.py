"""The office server measured (issue 20): PostgreSQL at city scale, each measure beside a
baseline timed in the same run.

`python bench/run.py postgres` starts the server with scripts/pg.sh, makes a fresh database,
creates the sample county in it and loads the registry up to BENCH_PG_TARGETS targets
(default 1,000,000) through the app's own import path (CSV files of 100,000 rows, as a clerk
imports them). The same files go into a SQLite county for the draw's baseline. Then:

- import of 100,000 targets into the loaded county  vs  csv read + a bare COPY of the rows;
- substring search, 1/2/3+ characters and a code part  vs  a bare ILIKE scan;
- the registry tab opened with its first rows, and the workstation's RSS  vs  an empty tab;
- the draw of a task over the registry (lock, compute, sign off)  vs  the same on SQLite;
- BENCH_PG_WORKSTATIONS (20) processes doing a mix for BENCH_PG_SECONDS (60 s): p95 per
  operation, stale saves refused, lost updates, errors (deadlocks would show there).

Reduced sizes for a quick look: BENCH_PG_TARGETS=100000 BENCH_PG_WORKSTATIONS=5
BENCH_PG_SECONDS=10. The database is dropped at the end.
"""

from __future__ import annotations

import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_registry import HEADERS, KEYS, SEARCHES, _run_tab  # noqa: E402
from pg_load import run_load  # noqa: E402
from registry_fixture import CACHE, target_rows  # noqa: E402

SIZE = int(os.environ.get("BENCH_PG_TARGETS", 1_000_000))
WORKSTATIONS = int(os.environ.get("BENCH_PG_WORKSTATIONS", 20))
LOAD_SECONDS = float(os.environ.get("BENCH_PG_SECONDS", 60))
CHUNK = 100_000
SAMPLE = 5_000  # the sample county's own targets
TASK = "五原市监抽查〔2026〕2号"  # published in the sample county, not drawn yet


def _log(text: str) -> None:
    print(f"  postgres: {text}", file=sys.stderr, flush=True)


def _server() -> str:
    """The URL of the server scripts/pg.sh runs (started if it is not)."""
    out = subprocess.run(
        ["bash", str(HERE.parent / "scripts" / "pg.sh"), "start"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(x for x in reversed(out.split()) if x.startswith("postgresql://"))


def _csv_files() -> list[Path]:
    """The registry beyond the sample county, as 100,000-row CSV files (cached)."""
    CACHE.mkdir(exist_ok=True)
    files = []
    for start in range(0, max(SIZE - SAMPLE, CHUNK), CHUNK):
        path = CACHE / f"pg-targets-{start}.csv"
        if not path.exists():
            tmp = path.with_suffix(".part")
            with tmp.open("w", encoding="utf-8", newline="") as f:
                out = csv.writer(f)
                out.writerow(HEADERS)
                for r in target_rows(CHUNK, seed=start, start=3_000_000 + start):
                    out.writerow([r[k] for k in KEYS])
            tmp.rename(path)
        files.append(path)
    return files


def _county(location: str, files: list[Path]) -> float:
    """The sample county with every file imported; the seconds of the first import."""
    from app.core.demo.county import create_sample_county
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.registry.imports.pipeline import import_registry

    create_sample_county(location, targets=SAMPLE)
    ws = open_workspace(location, backup=False)
    first = 0.0
    try:
        for n, path in enumerate(files):
            start = time.perf_counter()
            result = import_registry(ws, kind="targets", path=path, mode="all_or_nothing")
            assert result.written, result.message
            if n == 0:
                first = time.perf_counter() - start
            _log(f"{location.split('/')[-1]}: {path.name} in {time.perf_counter() - start:.1f} s")
    finally:
        ws.db.dispose()
    return first


def _copy_baseline(url: str, path: Path) -> float:
    """Reading the same CSV and a bare COPY of its rows into a table of text columns."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE bench_copy ({', '.join(k + ' text' for k in KEYS)})")
        start = time.perf_counter()
        with path.open(encoding="utf-8", newline="") as f, conn.cursor() as cur:
            rows = csv.reader(f)
            next(rows)
            with cur.copy(f"COPY bench_copy ({', '.join(KEYS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        seconds = time.perf_counter() - start
        conn.execute("DROP TABLE bench_copy")
    return seconds


def _searches(url: str) -> list[dict]:
    import psycopg

    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.registry.search import search_targets

    ws = open_workspace(url, backup=False)
    out = []
    try:
        search_targets(ws, "预热")
        with psycopg.connect(url) as raw:
            for label, query in SEARCHES:
                times = []
                hits = []
                for _ in range(7):
                    start = time.perf_counter()
                    hits = search_targets(ws, query, limit=50)
                    times.append(time.perf_counter() - start)
                start = time.perf_counter()
                pattern = f"%{query}%"
                raw.execute(
                    "SELECT id, name FROM targets WHERE name ILIKE %s LIMIT 50", (pattern,)
                ).fetchall()
                if not hits:
                    raw.execute(
                        "SELECT count(*) FROM targets WHERE name ILIKE %s", (pattern,)
                    ).fetchall()
                out.append(
                    {
                        "name": f"pg search: {label} “{query}” ({len(hits)} hits)",
                        "seconds": statistics.median(times),
                        "baseline_name": "bare ILIKE scan of names",
                        "baseline_seconds": time.perf_counter() - start,
                        "goal": "≤ 0.100 s",
                    }
                )
    finally:
        ws.db.dispose()
    return out


def _draw(location: str) -> float:
    from app.core.services.draw import draws
    from app.core.services.kernel.workspace import open_workspace

    ws = open_workspace(location, backup=False)
    try:
        start = time.perf_counter()
        outcome = draws.run_draw(ws, task_ref=TASK, observer_inputs=["3 1 4 1 5 9 2 6"])
        seconds = time.perf_counter() - start
        assert outcome.view.status == "ok", outcome.view
    finally:
        ws.db.dispose()
    return seconds


def measures() -> list[dict]:
    import psycopg

    base = _server()
    name = f"bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name
    files = _csv_files()
    total = SAMPLE + CHUNK * len(files)
    rows: list[dict] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lite = str(Path(tmp) / "county.db")
            _log(f"loading {total:,} targets into PostgreSQL ({name}) and SQLite")
            start = time.perf_counter()
            first = _county(url, files)
            loaded = time.perf_counter() - start
            _county(lite, files)
            rows.append(
                {
                    "name": f"pg import {CHUNK:,} targets csv into the county",
                    "seconds": first,
                    "baseline_name": "csv read + bare COPY of the rows",
                    "baseline_seconds": _copy_baseline(url, files[0]),
                    "goal": "≤ 3× baseline",
                }
            )
            rows.append(
                {
                    "name": f"pg load {total:,} targets (all files, reference)",
                    "seconds": loaded,
                    "goal": "(reference)",
                }
            )
            rows.extend(_searches(url))
            empty, tab = _run_tab(url, "baseline"), _run_tab(url, "tab")  # type: ignore[arg-type]
            assert tab["rows"] == total, tab
            rows.append(
                {
                    "name": f"pg registry tab opens, {total:,} targets (first rows)",
                    "seconds": tab["seconds"],
                    "baseline_name": "empty tab widget shown",
                    "baseline_seconds": empty["seconds"],
                    "goal": "≤ 1 s",
                }
            )
            rows.append(
                {
                    "name": f"pg workstation RSS MB (peak {tab['rss'][1]:.0f}) [MB in seconds col]",
                    "seconds": tab["rss"][0],
                    "baseline_name": "Qt + workspace RSS MB",
                    "baseline_seconds": empty["rss"][0],
                    "goal": "≤ 400 MB",
                }
            )
            rows.append(
                {
                    "name": f"pg draw of a task over {total:,} targets",
                    "seconds": _draw(url),
                    "baseline_name": "the same draw on SQLite",
                    "baseline_seconds": _draw(lite),
                    "goal": "≤ 5 s",
                }
            )
        _log(f"{WORKSTATIONS} workstations for {LOAD_SECONDS:.0f} s")
        report = run_load(url, workstations=WORKSTATIONS, seconds=LOAD_SECONDS)
        for op in sorted(report.latencies):
            rows.append(
                {
                    "name": f"pg load p95 {op} ({len(report.latencies[op])} ops)",
                    "seconds": report.p95(op),
                    "baseline_name": "median of the same",
                    "baseline_seconds": statistics.median(report.latencies[op]),
                    "goal": "≤ 0.200 s",
                }
            )
        rows.append(
            {
                "name": (
                    f"pg load: {len(report.saves)} saves, {report.stale} stale refused, "
                    f"{len(report.lost)} lost, {len(report.errors)} errors "
                    f"({report.deadlocks} deadlocks) [count in seconds col]"
                ),
                "seconds": float(len(report.lost) + len(report.errors)),
                "goal": "0 lost, 0 errors",
            }
        )
        for line in report.lost + report.errors[:5]:
            _log(line)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return rows


if __name__ == "__main__":
    for row in measures():
        print(row)
