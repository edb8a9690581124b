"""Registry benchmarks (issue 3): xlsx import of 100k targets, search at 1M, the tab at 1M.

Baselines run in the same process on the same machine:
- import: python-calamine read of the same file + a bare sqlite3 executemany of its rows;
- search: a plain `instr()` scan of the names (what a naive implementation would do);
- tab: opening the window frame without the registry tab's data (Qt + workspace only).
The 1M-target database and the 100k-row file are built once into bench/.cache.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from registry_fixture import CACHE, million_db, target_rows  # noqa: E402

IMPORT_ROWS = 100_000
# The searches measured on SQLite here and on PostgreSQL in bench_postgres.py.
SEARCHES = (
    ("1 char, common", "胜"),
    ("1 char, rare", "鑫"),
    ("2 chars", "刘伟"),
    ("2 chars, none", "科技"),
    ("3+ chars", "隆兴昌"),
    ("code part", "9215082100"),
)
HEADERS = ["统一社会信用代码", "企业名称", "主体类型", "法定代表人", "联系电话", "住所", "所属乡镇", "管辖单位",
           "行业代码", "信用等级", "风险等级", "登记状态"]  # fmt: skip
KEYS = ["uscc", "name", "kind", "legal_rep", "phone", "address", "township", "supervising_unit",
        "industry_code", "credit_grade", "risk_class", "status"]  # fmt: skip


def import_file() -> Path:
    """100k targets × 12 columns, with a title row like the platform templates."""
    from openpyxl import Workbook

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"targets-{IMPORT_ROWS}.xlsx"
    if path.exists():
        return path
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入数据")
    ws.append(["检查对象名录"])
    ws.append(HEADERS)
    for r in target_rows(IMPORT_ROWS, seed=99, start=5_000_000):
        ws.append([r[k] for k in KEYS])
    tmp = path.with_suffix(".part.xlsx")
    wb.save(tmp)
    tmp.rename(path)
    return path


def _baseline_import(path: Path, db: Path) -> float:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    conn = sqlite3.connect(db)
    conn.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {', '.join(k + ' TEXT' for k in KEYS)})")
    with conn:
        conn.executemany(
            f"INSERT INTO t ({', '.join(KEYS)}) VALUES ({', '.join('?' * len(KEYS))})",
            [r[:12] for r in rows[2:]],
        )
    conn.close()
    return time.perf_counter() - start


def _measure_import() -> dict:
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.registry.imports.pipeline import import_registry

    path = import_file()
    with tempfile.TemporaryDirectory() as tmp:
        base = _baseline_import(path, Path(tmp) / "baseline.db")
        ws = open_workspace(Path(tmp) / "import.db")
        try:
            start = time.perf_counter()
            result = import_registry(ws, kind="targets", path=path, mode="all_or_nothing")
            seconds = time.perf_counter() - start
        finally:
            ws.db.dispose()
    assert result.written and result.inserted == IMPORT_ROWS, result.message
    return {
        "name": f"import {IMPORT_ROWS:,} targets xlsx (12 cols, validated)",
        "seconds": seconds,
        "baseline_name": "calamine read + sqlite3 executemany",
        "baseline_seconds": base,
        "goal": "≤ 2× baseline",
    }


def _measure_search() -> list[dict]:
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.registry.search import search_targets

    db = million_db()
    ws = open_workspace(db, backup=False)
    raw = sqlite3.connect(db)
    out = []
    try:
        search_targets(ws, "预热")  # index check and page cache, once
        for label, query in SEARCHES:
            times = []
            for _ in range(7):
                start = time.perf_counter()
                hits = search_targets(ws, query, limit=50)
                times.append(time.perf_counter() - start)
            start = time.perf_counter()
            raw.execute(
                "SELECT id, name FROM targets WHERE instr(name, ?) > 0 LIMIT 50", (query,)
            ).fetchall()
            if not hits:
                raw.execute(
                    "SELECT count(*) FROM targets WHERE instr(name, ?) > 0", (query,)
                ).fetchall()
            base = time.perf_counter() - start
            out.append(
                {
                    "name": f"search 1M targets: {label} “{query}” ({len(hits)} hits)",
                    "seconds": statistics.median(times),
                    "baseline_name": "instr() scan of names",
                    "baseline_seconds": base,
                    "goal": "≤ 0.100 s",
                }
            )
    finally:
        raw.close()
        ws.db.dispose()
    return out


_TAB_SCRIPT = r"""
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, sys.argv[2])
from PySide6.QtWidgets import QApplication
from app.core.services.kernel.workspace import open_workspace
from app.ui.context import UiContext
from app.ui.runner import TaskRunner
app = QApplication([])
ws = open_workspace(sys.argv[1], backup=False)
ctx = UiContext(ws, TaskRunner())
def rss():
    fields = dict(l.split(":", 1) for l in open("/proc/self/status"))
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
if sys.argv[3] == "baseline":
    from PySide6.QtWidgets import QTabWidget
    start = time.perf_counter()
    w = QTabWidget(); w.resize(1366, 768); w.show(); app.processEvents()
    print(json.dumps({"seconds": time.perf_counter() - start, "rss": rss()}))
    sys.exit(0)
from app.ui.features.registry.page import RegistryPage
start = time.perf_counter()
page = RegistryPage(ctx); page.resize(1366, 768); page.show(); page.refresh()
tab = page.registry_tabs["targets"]
while True:
    app.processEvents()
    if tab.model.rowCount() and tab.model.index(0, 1).data() not in (None, "…"):
        break
    time.sleep(0.002)
app.processEvents()
seconds = time.perf_counter() - start
ctx.runner.wait()
print(json.dumps({"seconds": seconds, "rss": rss(), "rows": tab.model.rowCount()}))
"""


def _run_tab(db: Path, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _TAB_SCRIPT, str(db), str(HERE.parent), mode],
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ),
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure_tab() -> list[dict]:
    db = million_db()
    base = _run_tab(db, "baseline")
    tab = _run_tab(db, "tab")
    assert tab["rows"] == 1_000_000
    return [
        {
            "name": "registry tab opens, 1M targets (first rows shown)",
            "seconds": tab["seconds"],
            "baseline_name": "empty tab widget shown",
            "baseline_seconds": base["seconds"],
            "goal": "≤ 1 s",
        },
        {
            "name": f"registry tab RSS MB (peak {tab['rss'][1]:.0f} MB) [value in seconds column]",
            "seconds": tab["rss"][0],
            "baseline_name": "Qt + workspace RSS MB",
            "baseline_seconds": base["rss"][0],
            "goal": "≤ 400 MB",
        },
    ]


def measures() -> list[dict]:
    return [_measure_import(), *_measure_search(), *_measure_tab()]


if __name__ == "__main__":
    for row in measures():
        print(row)
