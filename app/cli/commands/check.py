"""`python -m app check record|list|ceiling`: the ledger of checks from the command line.

Front end only: parses arguments and prints; the work is in app.core.services.registry.ledger.
Exit codes: 0 ok; 1 a user error (unknown business or department, bad date) — nothing written.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.common import workspace
from app.core.domain.errors import ValidationError
from app.core.services.registry import ledger


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"--date：“{text}”不是 YYYY-MM-DD 日期。 / --date: not a date"
        ) from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check", help="检查台账: record a check outside the draw, list a business's checks"
    )
    csub = p.add_subparsers(dest="check_command", metavar="<action>", required=True)
    r = csub.add_parser(
        "record", help="登记随机抽查以外的检查（投诉举报、转办交办、专项检查、日常检查）"
    )
    r.add_argument("--target", required=True, metavar="CODE", help="统一社会信用代码 / 注册号")
    r.add_argument("--department", required=True, metavar="DEPT", help="部门代码、简称或全称")
    r.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    r.add_argument("--kind", required=True, choices=ledger.OUTSIDE_KINDS)
    r.add_argument("--ref", default="", metavar="TEXT", help="来源、文号或编号")
    r.set_defaults(func=run_record)
    lst = csub.add_parser("list", help="一户的全部检查（抽查、联合、随机以外）")
    lst.add_argument("--target", required=True, metavar="CODE")
    lst.set_defaults(func=run_list)
    c = csub.add_parser("ceiling", help="每户每年跨部门检查次数上限（0 = 不设）")
    c.add_argument("value", type=int, nargs="?")
    c.set_defaults(func=run_ceiling)


def run_record(args: argparse.Namespace) -> int:
    day = _day(args.date)
    with workspace(args.db) as ws:
        done = ledger.record_check(
            ws, target=args.target, department=args.department, on=day, kind=args.kind, ref=args.ref
        )
    print(done.message)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        name, rows = ledger.business_ledger(ws, args.target)
    print(name)
    for r in rows:
        state = "（已抽中，未检查）" if r.pending else ""
        print(f"{r.on.isoformat()}\t{r.kind}{state}\t{r.department}\t{r.ref}")
    return 0


def run_ceiling(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        if args.value is not None:
            print(ledger.set_ceiling(ws, args.value).message)
        else:
            with ws.db.read_session() as s:
                print(ledger.ceiling(s))
    return 0
