"""`python -m app demo --db PATH`: create the sample county (五原县) in a new database."""

from __future__ import annotations

import argparse
import sys

from app.core.demo.county import create_sample_county
from app.core.services.kernel.workspace import resolve_location


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="create the sample county database / 创建示例县数据")
    p.add_argument("--targets", type=int, default=5000, help="number of targets (default 5000)")
    p.add_argument("--seed", type=int, default=20260101, help="random seed of the sample")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    location = resolve_location(args.db)

    def progress(done: int, total: int, text: str) -> None:
        print(f"[{done}/{total}] {text}", file=sys.stderr)

    summary = create_sample_county(
        location, targets=args.targets, seed=args.seed, progress=progress
    )
    print(
        f"示例县已创建 / sample county created: {summary.path}\n"
        f"  检查对象 targets: {summary.targets}\n  检查人员 inspectors: {summary.inspectors}\n"
        f"  专家 experts: {summary.experts}\n  抽查事项 items: {summary.items}\n"
        f"  计划 plans: {summary.plans}  任务 tasks: {summary.tasks}"
    )
    return 0
