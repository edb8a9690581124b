"""`python -m app --db DB thirdparty add|list|commission`: qualified third parties and commissions.

`thirdparty add --name N --uscc CODE --qualification 检验检测 [--valid-until D]`;
`thirdparty commission --uscc CODE (--task TASK_NO | --visit VISIT_ID) --scope TEXT --start D
[--end D] [--report FILE]` (printed on the sheet, counted in the statistics).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.commands.deadline import iso_date
from app.cli.common import workspace
from app.core.services.results import third_parties


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "thirdparty", help="qualified third parties and commissions / 第三方机构与委托"
    )
    cmds = p.add_subparsers(dest="thirdparty_command", metavar="<action>", required=True)
    a = cmds.add_parser("add", help="add or update a qualified body")
    a.add_argument("--name", required=True)
    a.add_argument("--uscc", required=True)
    a.add_argument("--qualification", action="append", required=True, help="repeat for several")
    a.add_argument("--valid-until", type=iso_date)
    a.add_argument("--contact", default="")
    a.add_argument("--phone", default="")
    a.set_defaults(func=run_add)
    cmds.add_parser("list", help="the bodies, their qualifications and validity").set_defaults(
        func=run_list
    )
    c = cmds.add_parser("commission", help="commission a body for a task or a visit")
    c.add_argument("--uscc", required=True)
    c.add_argument("--task", metavar="TASK_NO")
    c.add_argument("--visit", type=int, metavar="VISIT_ID")
    c.add_argument("--scope", required=True)
    c.add_argument("--start", type=iso_date, required=True)
    c.add_argument("--end", type=iso_date)
    c.add_argument("--report", type=Path)
    c.set_defaults(func=run_commission)


def run_add(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(
            third_parties.save_third_party(
                ws, name=args.name, uscc=args.uscc, qualifications=args.qualification,
                valid_until=args.valid_until, contact=args.contact, phone=args.phone,
            ).message
        )  # fmt: skip
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        for t in third_parties.list_third_parties(ws):
            state = "有效" if t.valid else "已过期"
            print(
                f"{t.uscc}\t{t.name}\t{'、'.join(t.qualifications)}\t{t.valid_until or '长期'}\t{state}"
            )
    return 0


def run_commission(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(
            third_parties.commission(
                ws, uscc=args.uscc, scope=args.scope, start_on=args.start, end_on=args.end,
                task_no=args.task, visit_id=args.visit, report=args.report,
            ).message
        )  # fmt: skip
    return 0
