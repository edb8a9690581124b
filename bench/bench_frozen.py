"""The frozen bundle: folder size, compressed size, and start-up to the main window (offscreen).

Sizes are reported in the `seconds` column as MiB (the runner's format); start-up is process
start to the "shown" marker printed by `--self-test --only=window` on a prepared sample county,
the same probe run unfrozen as the baseline. Builds dist/shuangsuiji first if it is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "shuangsuiji"
EXE = BUNDLE / "shuangsuiji"
SHOWN = "MAIN_WINDOW_SHOWN"
MIB = 2**20


def _ensure_bundle() -> None:
    if not EXE.exists():
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "build.spec"],
            cwd=REPO, check=True,
        )  # fmt: skip


def _folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _tar_xz_bytes(path: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bundle.tar.xz"
        with tarfile.open(out, "w:xz", preset=6) as tar:
            tar.add(path, arcname=path.name)
        return out.stat().st_size


def _time_to_shown(args: list[str], db: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*args, "--db", str(db), "--self-test", "--only=window"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    shown = None
    for line in proc.stdout:
        if SHOWN in line and shown is None:
            shown = time.perf_counter() - t0
    proc.wait(timeout=120)
    assert shown is not None and proc.returncode == 0, f"{args[0]}: no main window"
    return shown


def measures() -> list[dict]:
    _ensure_bundle()
    from app.core.demo.county import create_sample_county

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.db"
        create_sample_county(db, targets=5000)
        frozen_cold = _time_to_shown([str(EXE)], db)
        frozen = min(_time_to_shown([str(EXE)], db) for _ in range(3))
        source = min(_time_to_shown([sys.executable, "-m", "app"], db) for _ in range(3))
    folder = _folder_bytes(BUNDLE) / MIB
    packed = _tar_xz_bytes(BUNDLE) / MIB
    return [
        {"name": "frozen: first start to main window (offscreen)", "seconds": frozen_cold,
         "baseline_name": "unfrozen python -m app, same probe", "baseline_seconds": source, "goal": "≤ 3 s"},
        {"name": "frozen: start to main window, best of 3", "seconds": frozen,
         "baseline_name": "unfrozen python -m app, same probe", "baseline_seconds": source, "goal": "≤ 3 s"},
        {"name": "frozen one-folder size [MiB, not s]", "seconds": folder,
         "baseline_name": "QtWidgets-only bundle (toolchain.md)", "baseline_seconds": 115.0, "goal": "≤ 130 MB"},
        {"name": "frozen folder as tar.xz -6 [MiB, not s]", "seconds": packed,
         "baseline_name": "QtWidgets-only bundle (toolchain.md)", "baseline_seconds": 47.0, "goal": "≤ 55 MB"},
    ]  # fmt: skip
