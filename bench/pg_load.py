"""Simulated workstations on the office server: N processes doing a mix of searches, opening
and saving targets for T seconds; latency per operation, stale saves refused and counted,
and a check at the end that no successful save was lost.

Used by `bench/bench_postgres.py` (full size later, reduced here) and by
tests/core/storage/test_pg_load.py (5 workstations, a few seconds). Saves go through the app's own
service (registry.targets.save_target with the loaded version: the stale-save gate), so a
refusal is the StaleEditError a user would read.
"""

from __future__ import annotations

import multiprocessing as mp
import random
import time
from dataclasses import dataclass, field
from typing import Any

HOT = 20  # saves go to the first HOT targets, so workstations do collide


@dataclass
class LoadReport:
    workstations: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)  # op → seconds
    saves: list[tuple[int, int, str]] = field(default_factory=list)  # (target, base version, phone)
    stale: int = 0
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)

    def p95(self, op: str) -> float:
        xs = sorted(self.latencies.get(op, []))
        return xs[min(len(xs) - 1, int(0.95 * len(xs)))] if xs else 0.0

    @property
    def deadlocks(self) -> int:
        return sum("deadlock" in e.lower() for e in self.errors)


def _worker(url: str, n: int, seconds: float, hot: list[int], words: list[str], out: Any) -> None:
    from app.core.domain.errors import StaleEditError
    from app.core.domain.roles import Actor, Role
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.registry import targets
    from app.core.services.registry.search import search_targets

    rng = random.Random(n)
    ws = open_workspace(url, backup=False).as_actor(Actor(f"ws{n}", Role.SUPERVISOR, f"工作站{n}"))
    lat: dict[str, list[float]] = {}
    saves: list[tuple[int, int, str]] = []
    stale = 0
    errors: list[str] = []
    k = 0
    end = time.perf_counter() + seconds
    try:
        while time.perf_counter() < end:
            roll = rng.random()
            t0 = time.perf_counter()
            try:
                if roll < 0.5:
                    word = rng.choice(words)
                    size = rng.choice((1, 2, 3))
                    op = f"search {size}"
                    search_targets(ws, word[:size])
                elif roll < 0.75:
                    op = "open target"
                    targets.get_target(ws, rng.choice(hot))
                else:
                    op = "save target"
                    tid = rng.choice(hot)
                    d = targets.get_target(ws, tid)
                    k += 1
                    phone = f"0478-{5000000 + n * 100000 + k}"
                    values = {key: d.values.get(key) for key in ("name", "uscc", "reg_no", "kind")}
                    values["phone"] = phone
                    try:
                        targets.save_target(
                            ws,
                            target_id=tid,
                            values=values,
                            accept_warnings=True,
                            expected_version=d.version,
                        )
                        saves.append((tid, d.version, phone))
                    except StaleEditError:
                        stale += 1
            except Exception as exc:  # counted and reported, never hidden
                errors.append(f"{op}: {type(exc).__name__}: {exc}"[:300])
            lat.setdefault(op, []).append(time.perf_counter() - t0)
    finally:
        ws.db.dispose()
    out.put((lat, saves, stale, errors))


def run_load(url: str, *, workstations: int, seconds: float) -> LoadReport:
    """Runs the workstations in separate processes against `url` (a loaded county)."""
    from sqlalchemy import select

    from app.core.services.kernel.workspace import open_workspace
    from app.core.storage.models import Target

    ws = open_workspace(url, backup=False)
    try:
        with ws.db.read_session() as s:
            rows = s.execute(
                select(Target.id, Target.name, Target.version).order_by(Target.id)
            ).all()
    finally:
        ws.db.dispose()
    hot = [r.id for r in rows[:HOT]]
    start_version = {r.id: r.version for r in rows[:HOT]}
    words = [r.name[3:6] for r in rows[:: max(1, len(rows) // 200)] if len(r.name) > 5]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_worker, args=(url, n, seconds, hot, words, queue))
        for n in range(workstations)
    ]
    for p in procs:
        p.start()
    report = LoadReport(workstations, seconds)
    for _ in procs:
        lat, saves, stale, errors = queue.get(timeout=seconds + 300)
        for op, xs in lat.items():
            report.latencies.setdefault(op, []).extend(xs)
        report.saves.extend(saves)
        report.stale += stale
        report.errors.extend(errors)
    for p in procs:
        p.join(timeout=60)
    report.lost = lost_updates(url, report.saves, start_version)
    return report


def lost_updates(url: str, saves: list[tuple[int, int, str]], start: dict[int, int]) -> list[str]:
    """Every successful save is in the final state or was superseded by a later successful
    save: per target, no two successes from the same loaded version (each one saw the one
    before it), the version moved past every success, and the stored phone is that of the
    success from the newest version."""
    from app.core.services.kernel.workspace import open_workspace
    from app.core.storage.models import Target

    ws = open_workspace(url, backup=False)
    lost: list[str] = []
    try:
        with ws.db.read_session() as s:
            for tid, version0 in start.items():
                mine = sorted((v, phone) for t, v, phone in saves if t == tid)
                row = s.get(Target, tid)
                assert row is not None
                bases = [v for v, _ in mine]
                if len(set(bases)) != len(bases):
                    lost.append(f"target {tid}: two saves succeeded from the same version")
                if row.version - version0 < len(mine):  # a save bumps it once or more
                    lost.append(
                        f"target {tid}: version moved {row.version - version0}, {len(mine)} saves"
                    )
                if mine and row.version <= mine[-1][0]:
                    lost.append(
                        f"target {tid}: stored version {row.version} ≤ the last save's base"
                    )
                if mine and row.phone != mine[-1][1]:
                    lost.append(f"target {tid}: stored {row.phone}, last save wrote {mine[-1][1]}")
    finally:
        ws.db.dispose()
    return lost
