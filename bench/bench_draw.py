"""Bench of DRAW-v1: a million-target draw and a 10,000-target assignment, each beside a
baseline timed in the same run. Run `python bench/bench_draw.py`; it measures, writes nothing."""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.draw import LockedDraw, draw_record, lock, replay, reveal_draw  # noqa: E402
from app.core.draw.engine import assign_inspectors, lock_manifest, select_targets  # noqa: E402

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # the USCC alphabet
STRATA_CODES = ["A", "B", "一般", "重点"]
DEPARTMENTS = ["市场监管", "税务", "卫生健康", "生态环境", "应急管理"]
QUALIFICATIONS = ["食品", "药品", "特种设备", "计量"]
SECRET = bytes(range(32))


def _uscc(rnd: random.Random) -> str:
    return "91" + "".join(rnd.choices(ALPHABET, k=16))


def _targets(n: int, rnd: random.Random) -> list[dict[str, str]]:
    """n targets in registry order (not id order: the lock has to sort), laid out in memory
    as json.loads leaves a file read by `draw replay`."""
    ids: set[str] = set()
    while len(ids) < n:
        ids.add(_uscc(rnd))
    order = sorted(ids)
    rnd.shuffle(order)
    rows = [
        {"id": i, "name": f"五原县{k}号商贸有限公司", "stratum": STRATA_CODES[k % 4]}
        for k, i in enumerate(order)
    ]
    return json.loads(json.dumps(rows, ensure_ascii=False))


def draw_input(n: int = 1_000_000, seed: int = 1) -> dict[str, Any]:
    """A vector-shaped input: n targets in 4 strata, ratio and count quotas, no team."""
    rnd = random.Random(seed)
    targets = _targets(n, rnd)
    by_code = {c: [t["id"] for t in targets if t["stratum"] == c] for c in STRATA_CODES}
    return {
        "session": {"task_no": "bench"},
        "population": {"targets": targets, "inspectors": [], "conflicts": []},
        "strata": [
            {"code": "A", "ratio_permille": 50, "mandatory": by_code["A"][:20], "excluded": []},
            {"code": "B", "ratio_permille": 30, "mandatory": [], "excluded": by_code["B"][:50]},
            {"code": "一般", "count": 2000},
            {"code": "重点", "ratio_permille": 1000},
        ],
        "team": None,
        "office_secret": SECRET.hex(),
        "observers": ["公证员"],
        "observer_inputs": ["3 1 4 1 5 9 2 6"],
        "public_value": "",
    }


def assignment_case(n_targets: int = 10_000, n_inspectors: int = 500, seed: int = 2) -> dict:
    """Keyword arguments for assign_inspectors: every target selected, 500 inspectors with
    departments, qualifications and conflicts, teams of 3 with two listed departments."""
    rnd = random.Random(seed)
    targets = _targets(n_targets, rnd)
    inspectors = [
        {
            "id": f"15{k:07d}",
            "name": f"执法员{k}",
            "department": DEPARTMENTS[k % len(DEPARTMENTS)],
            "qualifications": sorted(rnd.sample(QUALIFICATIONS, rnd.randint(1, 3))),
        }
        for k in range(n_inspectors)
    ]
    conflicts = sorted(
        {(rnd.choice(inspectors)["id"], rnd.choice(targets)["id"]) for _ in range(5_000)}
    )
    team = {
        "size": 3,
        "departments": ["市场监管", "税务"],
        "qualification": {"A": "食品", "重点": "特种设备"},
        "max_load": None,
    }
    manifest, population, columns = lock_manifest(
        session={},
        population={
            "targets": targets,
            "inspectors": inspectors,
            "conflicts": [list(c) for c in conflicts],
        },
        strata=[{"code": c, "ratio_permille": 1000} for c in STRATA_CODES],
        team=team,
        observers=[],
        office_secret=SECRET,
    )
    draw_seed = hashlib.sha256(b"bench").digest()
    selection = select_targets(
        seed=draw_seed, strata=manifest["strata"], targets=population["targets"]
    )
    return {
        "seed": draw_seed,
        "team": manifest["team"],
        "selection": selection,
        "inspectors": population["inspectors"],
        "conflicts": population["conflicts"],
    }


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(best wall seconds, CPU seconds of that run, result)."""
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(repeat):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    return best, cpu, result


def _sha256_loop(items: list[bytes]) -> None:
    sha = hashlib.sha256
    for item in items:
        sha(item).digest()


def _hmac_loop(key: bytes, items: list[bytes]) -> None:
    digest = hmac.digest
    for item in items:
        digest(key, item, "sha256")


def _row(
    name: str, run: tuple, baseline_name: str, base: tuple, goal: float | None
) -> dict[str, Any]:
    return {
        "name": name,
        "seconds": run[0],
        "baseline_name": baseline_name,
        "baseline_seconds": base[0],
        "goal": f"≤ {goal:g} s" if goal is not None else "(part)",
        "goal_seconds": goal,
        "cpu_seconds": run[1],
        "baseline_cpu_seconds": base[1],
    }


def _lock(data: dict[str, Any]) -> LockedDraw:
    return lock(
        session=data["session"],
        population=data["population"],
        strata=data["strata"],
        team=data["team"],
        observers=data["observers"],
        office_secret=bytes.fromhex(data["office_secret"]),
    )


def _draw(locked: LockedDraw, data: dict[str, Any]) -> dict[str, Any]:
    revealed = reveal_draw(
        locked, observer_inputs=data["observer_inputs"], public_value=data["public_value"]
    )
    return draw_record(locked, revealed)


def measures(repeat: int = 1) -> list[dict[str, Any]]:
    """[{name, seconds, baseline_name, baseline_seconds, goal, ...}] for bench/run.py."""
    data = draw_input()
    id_bytes = [t["id"].encode() for t in data["population"]["targets"]]
    sha = _timed(lambda: _sha256_loop(id_bytes), repeat)
    locked = _timed(lambda: _lock(data), repeat)
    drawn = _timed(lambda: _draw(locked[2], data), repeat)
    total = (locked[0] + drawn[0], locked[1] + drawn[1])
    record = drawn[2]
    assert sum(len(e["selected"]) for e in record["selection"]) > 0
    sorted_rows = json.dumps(record["population"]["targets"], ensure_ascii=False)
    in_order = dict(data, population={"targets": json.loads(sorted_rows)})  # as read from a file
    replayed = _timed(lambda: replay(in_order), repeat)
    assert replayed[2]["seed"] == record["seed"]

    case = assignment_case()
    messages = [f'["assign:X","15{k:07d}"]'.encode() for k in range(1_000_000)]
    assign = _timed(lambda: assign_inspectors(**case), repeat)
    assignment, error = assign[2]
    assert error is None and len(assignment) == 10_000
    hmacs = _timed(lambda: _hmac_loop(case["seed"], messages), repeat)
    return [
        _row("DRAW-v1 lock, 1e6 targets (normalise, sort, digest)", locked, SHA, sha, None),
        _row("DRAW-v1 draw, 1e6 targets (seed, tickets, selection)", drawn, SHA, sha, None),
        _row("DRAW-v1 lock + draw, 1e6 targets in registry order", total, SHA, sha, 3.0),
        _row("DRAW-v1 replay, 1e6 targets already in id order", replayed, SHA, sha, 3.0),
        _row("DRAW-v1 assign, 10,000 targets x 500 inspectors", assign, HMAC, hmacs, 3.0),
    ]


SHA = "sha256 loop over the 1,000,000 ids"
HMAC = "hmac.digest loop, 1,000,000 messages"


def main() -> int:
    rows = measures()
    print(
        f"{'measure':<52} {'wall s':>7} {'cpu s':>7} {'goal':>7}  {'baseline':<38} {'wall s':>7} {'ratio':>6}"
    )
    for row in rows:
        ratio = row["seconds"] / row["baseline_seconds"]
        goal = row["goal_seconds"]
        mark = "" if goal is None else "ok" if row["seconds"] <= goal else "over goal"
        print(
            f"{row['name']:<52} {row['seconds']:7.2f} {row['cpu_seconds']:7.2f} {row['goal']:>7}  "
            f"{row['baseline_name']:<38} {row['baseline_seconds']:7.2f} {ratio:6.1f}  {mark}"
        )
    over = [r for r in rows if r["goal_seconds"] is not None and r["seconds"] > r["goal_seconds"]]
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
