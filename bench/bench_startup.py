"""Start-up and sample-county benchmarks: process start to main window shown (offscreen).

Baselines: a bare `python -c pass`, and a bare PySide6 QApplication + QMainWindow shown.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHOWN = "MAIN_WINDOW_SHOWN"

_APP_PROBE = f"""
import gc, sys, time
gc.disable()  # as app/__main__.py does; run_gui then freezes the imports and turns it on
from PySide6.QtCore import QTimer
from app.ui.app import create_application, GuiController
from app.core.services.kernel.workspace import open_workspace
gc.freeze(); gc.enable()
app = create_application([])
ws = open_workspace(sys.argv[1])
c = GuiController(app, ws, "zh_CN")
def done():
    print("{SHOWN}", flush=True); app.quit()
if sys.argv[2] == "counts":
    c.window.status_refreshed.connect(done)
else:  # the pages built and their lists loaded
    def poll():
        if c.window._pages is not None and c.runner.settled():
            done()
        else:
            QTimer.singleShot(5, poll)
    poll()
app.exec()
"""

_QT_PROBE = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.show()
QTimer.singleShot(0, lambda: (print("{SHOWN}", flush=True), app.quit()))
app.exec()
"""


def _time(args: list[str], runs: int = 3) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        elapsed = time.perf_counter() - t0
        if args[1] != "-c" or "pass" not in args[2]:
            assert SHOWN in out.stdout, out.stderr[-2000:]
        best = min(best, elapsed)
    return best


def measures() -> list[dict]:
    from app.core.demo.county import create_sample_county

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.db"
        t0 = time.perf_counter()
        create_sample_county(db)
        sample_s = time.perf_counter() - t0
        bare_python = _time([sys.executable, "-c", "pass"])
        bare_qt = _time([sys.executable, "-c", _QT_PROBE])
        app = _time([sys.executable, "-c", _APP_PROBE, str(db), "counts"])
        pages = _time([sys.executable, "-c", _APP_PROBE, str(db), "pages"])
    return [
        {
            "name": "start-up to main window with counts (offscreen)",
            "seconds": app,
            "baseline_name": "bare QApplication + QMainWindow",
            "baseline_seconds": bare_qt,
            "goal": "≤ 3× bare Qt",
        },
        {
            "name": "start-up until the tabs' lists are loaded",
            "seconds": pages,
            "baseline_name": "bare QApplication + QMainWindow",
            "baseline_seconds": bare_qt,
            "goal": "(reference)",
        },
        {"name": "python interpreter start", "seconds": bare_python, "goal": "(reference)"},
        {
            "name": "sample county (5,000 targets) created",
            "seconds": sample_s,
            "goal": "(reference)",
        },
    ]
