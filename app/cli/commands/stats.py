"""`python -m app --db DB stats OUT.xlsx [--year Y]`: the annual summary workbook (年度汇总)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.commands.deadline import iso_date
from app.cli.common import workspace
from app.core.services.admin import stats


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats", help="write the annual summary workbook / 年度统计汇总")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--year", type=int, help="only tasks of this year (default: all)")
    p.add_argument("--today", type=iso_date, help="the date overdue counts are taken at")
    p.set_defaults(func=run)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def run(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        path = stats.export_annual_summary(ws, args.out, year=args.year, today=args.today)
        data = stats.dashboard(ws, year=args.year, today=args.today)
    print("部门\t抽取\t检查\t录入\t公示\t逾期\t录入率\t公示率")
    for f in (*data.departments, data.total):
        print(
            f"{f.name}\t{f.drawn}\t{f.inspected}\t{f.entered}\t{f.published}\t{f.overdue}\t"
            f"{_pct(f.entry_rate)}\t{_pct(f.publication_rate)}"
        )
    print(path)
    return 0
