"""Audit-trail benchmarks: the cost of sealing a 100,000-row bulk insert, and of verifying it.

Baseline in the same run: the same executemany into the same table with sealing switched off
(no temp triggers, no row states), so the number shows what the seal adds.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

ROWS = 100_000


def _rows() -> list[dict[str, object]]:
    return [
        {"name": f"五原县测试对象{i}", "uid": f"bench-{i}", "search_text": f"测试对象{i}"}
        for i in range(ROWS)
    ]


def _sealed_insert(path: Path) -> tuple[float, float]:
    from sqlalchemy import insert

    from app.core.services.kernel.audit import log_event, verify_chain
    from app.core.services.kernel.workspace import open_workspace
    from app.core.storage.models import Target

    ws = open_workspace(path)
    rows = _rows()
    start = time.perf_counter()
    with ws.db.session() as s:
        s.execute(insert(Target), rows)
        log_event(s, ws.actor, "target.import", summary="bench")
    insert_s = time.perf_counter() - start
    start = time.perf_counter()
    with ws.db.read_session() as s:
        assert verify_chain(s).ok
    verify_s = time.perf_counter() - start
    ws.db.dispose()
    return insert_s, verify_s


def _bare_insert(path: Path) -> float:
    import sqlite3

    from app.core.services.kernel.workspace import open_workspace

    open_workspace(path).db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    rows = [(r["name"], r["uid"], r["search_text"]) for r in _rows()]
    start = time.perf_counter()
    with conn:
        conn.executemany(
            "INSERT INTO targets (name, uid, search_text, kind, status, is_active, version, created_at, updated_at)"
            " VALUES (?, ?, ?, '企业', '存续', 1, 1, '2026-01-01', '2026-01-01')",
            rows,
        )
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def measures() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        insert_s, verify_s = _sealed_insert(Path(tmp) / "sealed.db")
        bare_s = _bare_insert(Path(tmp) / "bare.db")
    return [
        {
            "name": f"sealed bulk insert of {ROWS:,} targets",
            "seconds": insert_s,
            "baseline_name": "bare sqlite3 executemany",
            "baseline_seconds": bare_s,
            "goal": "≤ 4× the baseline",
        },
        {
            "name": f"audit verify of {ROWS:,} sealed rows",
            "seconds": verify_s,
            "baseline_name": "bare sqlite3 executemany",
            "baseline_seconds": bare_s,
            "goal": "≤ 5 s",
        },
    ]


if __name__ == "__main__":
    for m in measures():
        print(m)
