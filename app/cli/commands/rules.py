"""`python -m app rules year-ratio|show`: the configured national/provincial yearly ratios.

Front end only; the rule (year totals per item and department) is in app.core.services.plan.caps.
"""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.services.plan import caps


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rules", help="年度抽查比例: national/provincial ratios per item and department"
    )
    rsub = p.add_subparsers(dest="rules_command", metavar="<action>", required=True)
    y = rsub.add_parser("year-ratio", help="set (or with --remove drop) a yearly ratio in ‰")
    who = y.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--item", default="", metavar="CODE", help="一般事项编码，或 * 表示全部一般事项"
    )
    who.add_argument("--department", default="", metavar="DEPT", help="部门代码，或 * 表示全部部门")
    y.add_argument("permille", type=int, nargs="?", metavar="PERMILLE")
    y.add_argument("--remove", action="store_true")
    y.set_defaults(func=run_year_ratio)
    s = rsub.add_parser("show", help="the configured yearly ratios")
    s.set_defaults(func=run_show)


def run_year_ratio(args: argparse.Namespace) -> int:
    from app.cli.main import CliUsageError

    if (args.permille is None) != args.remove:
        raise CliUsageError("rules year-ratio: give PERMILLE, or --remove")
    with workspace(args.db) as ws:
        done = caps.set_year_ratio(
            ws,
            permille=None if args.remove else args.permille,
            item=args.item,
            department=args.department,
        )
    print(done.message)
    return 0


def run_show(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws, ws.db.read_session() as s:
        by_item, by_dept = caps.year_ratios(s)
    for k, v in sorted(by_item.items()):
        print(f"事项\t{k}\t{v}‰")
    for k, v in sorted(by_dept.items()):
        print(f"部门\t{k}\t{v}‰")
    return 0
