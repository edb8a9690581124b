"""`python -m app itemlist publish|unsuited|unsuited-add`: the item list as a published document.

Front end only; the work is in app.core.services.plan.item_list.
"""

from __future__ import annotations

import argparse

from app.cli.common import day, workspace
from app.core.services.plan import item_list


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "itemlist",
        help="随机抽查事项清单: publish with its notice, items unsuited to random checks",
    )
    isub = p.add_subparsers(dest="itemlist_command", metavar="<action>", required=True)
    pub = isub.add_parser("publish", help="公示 the current list and write its notice PDF")
    pub.add_argument("out", metavar="OUT.pdf")
    pub.add_argument("--date", metavar="YYYY-MM-DD")
    pub.set_defaults(func=run_publish)
    lst = isub.add_parser("unsuited", help="the items not suited to random checks, with reasons")
    lst.set_defaults(func=run_unsuited)
    add = isub.add_parser(
        "unsuited-add", help="record an item not suited to random checks, with the reason"
    )
    add.add_argument("name")
    add.add_argument("--reason", required=True)
    add.add_argument("--department", default="")
    add.set_defaults(func=run_unsuited_add)


def run_publish(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(item_list.publish_with_notice(ws, args.out, on=day(args.date)))
    return 0


def run_unsuited(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        for u in item_list.list_unsuited(ws):
            print(f"{u.name}\t{u.department}\t{u.reason}")
    return 0


def run_unsuited_add(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(
            item_list.add_unsuited(
                ws, name=args.name, reason=args.reason, department=args.department
            ).message
        )
    return 0
