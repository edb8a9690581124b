"""Bench of verify.html: a 100,000-target record (with teams) verified in headless Chromium, beside
the Python verifier on the same record file, timed in the same run. Run
`python bench/bench_verify_page.py` (needs Debian's chromium); it measures, writes only temp files."""

from __future__ import annotations

import gc
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


from app.core.draw import loads_strict, replay, verify_record  # noqa: E402
from app.core.draw.verify_page import write_verify_page  # noqa: E402
from tests.chromium import Browser, find_chromium  # noqa: E402

GOAL = 30.0  # issue 19: a 100,000-target record verifies in the page in under 30 s
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the USCC alphabet
STRATA = ["A", "B", "一般", "重点"]
DEPARTMENTS = ["市场监管", "税务", "卫生健康", "生态环境"]


def draw_input(n: int = 100_000, n_inspectors: int = 120, seed: int = 19) -> dict[str, Any]:
    """A vector-shaped DRAW-v1.1 input: n targets in 4 strata (ratio and count quotas, mandatory
    and excluded ones), 120 inspectors, conflicts, teams of 2 with one listed department."""
    rnd = random.Random(seed)
    ids: set[str] = set()
    while len(ids) < n:
        ids.add("91" + "".join(rnd.choices(ALPHABET, k=16)))
    order = sorted(ids)
    rnd.shuffle(order)
    targets = [
        {"id": i, "name": f"五原县{k}号商贸有限公司", "stratum": STRATA[k % 4]}
        for k, i in enumerate(order)
    ]
    inspectors = [
        {
            "id": f"15{k:07d}",
            "name": f"执法员{k}",
            "department": DEPARTMENTS[k % len(DEPARTMENTS)],
            "qualifications": ["食品"] if k % 3 else ["食品", "特种设备"],
        }
        for k in range(n_inspectors)
    ]
    conflicts = sorted({(rnd.choice(inspectors)["id"], rnd.choice(order)) for _ in range(2_000)})
    of = {c: [t["id"] for t in targets if t["stratum"] == c] for c in STRATA}
    return {
        "protocol": "DRAW-v1.1",
        "session": {"task_no": "五原市监抽查〔2026〕99号", "task_name": "bench"},
        "population": {
            "targets": targets,
            "inspectors": inspectors,
            "conflicts": [list(c) for c in conflicts],
        },
        "strata": [
            {"code": "A", "ratio_permille": 50, "mandatory": of["A"][:20], "excluded": []},
            {"code": "B", "ratio_permille": 30, "mandatory": [], "excluded": of["B"][:50]},
            {"code": "一般", "count": 1000},
            {"code": "重点", "ratio_permille": 100},
        ],
        "team": {
            "size": 2,
            "departments": ["市场监管"],
            "qualification": {"A": "食品"},
            "max_load": None,
        },
        "office_secret": bytes(range(32)).hex(),
        "observers": ["公证员", "企业代表"],
        "observer_inputs": ["3 1 4 1 5 9 2 6", "2 7 1 8"],
        "public_value_source": "",
        "public_value": "",
    }


def _python(path: Path) -> tuple[float, list[str]]:
    gc.collect()
    start = time.perf_counter()
    failures = verify_record(loads_strict(path.read_text("utf-8")))
    return time.perf_counter() - start, failures


def measures() -> list[dict[str, Any]]:
    """[{name, seconds, baseline_name, baseline_seconds, goal, ...}] for bench/run.py."""
    exe = find_chromium()
    if exe is None:
        print("verify-page: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return []
    record = replay(draw_input())
    assert record["status"] == "ok" and record["assignment"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "record.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), "utf-8")
        python_s, failures = _python(path)
        assert failures == [], failures[:3]
        html = write_verify_page(Path(tmp) / "verify.html", path.read_bytes())
        with Browser(exe, timeout=120) as browser:
            start = time.perf_counter()
            browser.open(html)
            shown = browser.wait_verdict(timeout=120)
            page_s = time.perf_counter() - start
    assert shown["verdict"].startswith("PASS"), shown
    assert shown["where"] == "worker"
    selected = sum(len(e["selected"]) for e in record["selection"])
    return [
        {
            "name": f"verify.html, 1e5 targets, {selected} teams (load to PASS)",
            "seconds": page_s,
            "baseline_name": "Python verifier, same record file",
            "baseline_seconds": python_s,
            "goal": f"≤ {GOAL:g} s",
            "goal_seconds": GOAL,
            "page_seconds": shown[
                "seconds"
            ],  # as the page itself shows it (worker start to verdict)
        }
    ]


def main() -> int:
    rows = measures()
    for row in rows:
        mark = "ok" if row["seconds"] <= row["goal_seconds"] else "over goal"
        print(
            f"{row['name']:<58} {row['seconds']:7.2f} s (page says {row['page_seconds']:.2f} s)  "
            f"{row['baseline_name']}: {row['baseline_seconds']:.2f} s  goal {row['goal']}  {mark}"
        )
    return 1 if not rows or any(r["seconds"] > r["goal_seconds"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
