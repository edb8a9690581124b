"""Bench of the public verifier as observers run it: `python -I verifier.py record.json` on a
DRAW-v1.1 record of 50,000 and of 1,000,000 targets (4 strata, 120 inspectors, teams of 2),
timed from process start to verdict. The baseline is the verifier before it was rewritten to be
plain (the hand-tuned one, taken from git at BEFORE), on the same file, when git has it.
`python bench/bench_verifier.py [50000 1000000]`; writes only temp files."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_verify_page import draw_input  # noqa: E402

from app.core.draw import replay  # noqa: E402

VERIFIER = ROOT / "app" / "core" / "draw" / "verifier.py"
BEFORE = "c8dc073~1"  # the last commit with the hand-tuned verifier (1,690 lines)
SIZES = (50_000, 1_000_000)


def _run(script: Path, record: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-I", script.name, record.name], cwd=script.parent,
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    assert done.returncode == 0 and done.stdout.startswith("PASS"), done.stdout[:500]
    return seconds


def measures(sizes: tuple[int, ...] = SIZES) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        here = Path(tmp)
        (here / "verifier.py").write_bytes(VERIFIER.read_bytes())
        old = subprocess.run(
            ["git", "show", f"{BEFORE}:app/core/draw/verifier.py"], cwd=ROOT, capture_output=True
        )
        if old.returncode == 0:
            (here / "verifier_before.py").write_bytes(old.stdout)
        for n in sizes:
            record = replay(draw_input(n))
            assert record["status"] == "ok"
            (here / "record.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
            del record
            row: dict[str, Any] = {
                "name": f"verifier.py alone, {n:,} targets (start to PASS)",
                "seconds": _run(here / "verifier.py", here / "record.json"),
                "goal": "≈ 1 s at 50,000 (issue 18)",
            }
            if old.returncode == 0:
                row["baseline_name"] = "hand-tuned verifier before the rewrite"
                row["baseline_seconds"] = _run(here / "verifier_before.py", here / "record.json")
            rows.append(row)
    return rows


def main() -> int:
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    for row in measures(sizes):
        before = f"  before: {row['baseline_seconds']:.2f} s" if "baseline_seconds" in row else ""
        print(f"{row['name']:<52} {row['seconds']:7.2f} s{before}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
