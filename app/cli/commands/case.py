"""`python -m app --db DB case open|decide|close|list`: 立案 → 处罚决定 → 结案 under the business.

`case open RESULT_ID --case-no TEXT [--date D]` files a case from a check's result; `case
decide CASE_ID --decision TEXT --date D`; `case close CASE_ID --date D`; `case list --target
CODE` prints the business's cases (id, 案号, stage, dates, decision), tab-separated.
"""

from __future__ import annotations

import argparse

from app.cli.commands.deadline import iso_date
from app.cli.common import workspace
from app.core.services.results import penalty_cases


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("case", help="penalty cases after a check (立案 → 处罚决定 → 结案) / 案件")
    cmds = p.add_subparsers(dest="case_command", metavar="<action>", required=True)
    o = cmds.add_parser("open", help="file a case from a result (立案)")
    o.add_argument("result_id", type=int, metavar="RESULT_ID")
    o.add_argument("--case-no", required=True, help="案号")
    o.add_argument("--date", type=iso_date, help="立案日期 (default: today)")
    o.add_argument("--note", default="")
    o.set_defaults(func=run_open)
    d = cmds.add_parser("decide", help="record the penalty decision (处罚决定)")
    d.add_argument("case_id", type=int, metavar="CASE_ID")
    d.add_argument("--decision", required=True)
    d.add_argument("--date", type=iso_date, required=True)
    d.set_defaults(func=run_decide)
    c = cmds.add_parser("close", help="close the case (结案)")
    c.add_argument("case_id", type=int, metavar="CASE_ID")
    c.add_argument("--date", type=iso_date, required=True)
    c.set_defaults(func=run_close)
    ls = cmds.add_parser("list", help="the cases of a business")
    ls.add_argument("--target", required=True, metavar="CODE", help="统一社会信用代码 or 注册号")
    ls.set_defaults(func=run_list)


def run_open(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        row = penalty_cases.open_case(
            ws, args.result_id, case_no=args.case_no, filed_on=args.date, note=args.note
        )
    print(f"{row.id}\t{row.case_no}\t{row.stage}\t{row.filed_on}")
    return 0


def run_decide(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(
            penalty_cases.decide_case(
                ws, args.case_id, decided_on=args.date, decision=args.decision
            ).message
        )
    return 0


def run_close(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(penalty_cases.close_case(ws, args.case_id, closed_on=args.date).message)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        rows = penalty_cases.cases_of(ws, args.target)
    for r in rows:
        dates = "\t".join(str(d or "") for d in (r.filed_on, r.decided_on, r.closed_on))
        print(f"{r.id}\t{r.case_no}\t{r.stage}\t{r.department}\t{dates}\t{r.decision}")
    return 0
