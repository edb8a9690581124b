"""Benchmark runner: `python bench/run.py [name ...]` prints each measure beside its baseline.

Every bench module `bench/bench_*.py` exposes `measures() -> list[dict]` with keys name,
seconds, baseline_name, baseline_seconds, goal (text). Baselines are measured in the same
run on the same machine, so the ratio means something on any machine.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def _load(path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    wanted = set(argv)
    rows: list[dict] = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"… {name}", file=sys.stderr, flush=True)
        rows.extend(_load(path).measures())
    header = f"{'measure':<52} {'seconds':>9} {'baseline':<40} {'base s':>8} {'ratio':>7}  goal"
    print(header)
    print("-" * len(header))
    for r in rows:
        base = r.get("baseline_seconds")
        ratio = f"{r['seconds'] / base:6.2f}×" if base else "      -"
        base_text = f"{base:8.3f}" if base else "       -"
        print(
            f"{r['name']:<52} {r['seconds']:9.3f} {r.get('baseline_name', '-'):<40} {base_text} {ratio}  {r.get('goal', '')}"
        )
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
