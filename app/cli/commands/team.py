"""`python -m app --db DB team replace|assign|shortfall VISIT_ID …`: team changes after the draw.

`team replace VISIT_ID --member CERT_NO --reason TEXT --observer-input TEXT … -o AMENDED.json`
replaces one drawn member by a replacement draw (DRAW-v1.1 §11) and writes the amendment
record, chained to the record it amends (`draw verify AMENDED.json` checks both);
`team assign VISIT_ID --member CERT_NO --reason TEXT` assigns an officer directly (指定) where
a department has too few eligible officers, showing the shortfall; `team shortfall VISIT_ID`
only shows it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import workspace
from app.core.services.draw import assignments, draw_files, team_changes


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "team", help="team changes after the draw: replacement draw, direct assignment"
    )
    cmds = p.add_subparsers(dest="team_command", metavar="<action>", required=True)

    rep = cmds.add_parser(
        "replace", help="replace one drawn member by a replacement draw (chained record)"
    )
    rep.add_argument("visit_id", type=int, metavar="VISIT_ID")
    rep.add_argument(
        "--member", required=True, metavar="CERT_NO", help="执法证号 of the member leaving"
    )
    rep.add_argument(
        "--reason", required=True, metavar="TEXT", help="回避 / 休假 / 病假 / 调离 … (recorded)"
    )
    rep.add_argument(
        "--observer-input", action="append", required=True, metavar="TEXT", dest="inputs"
    )
    rep.add_argument(
        "--observer",
        action="append",
        metavar="NAME",
        dest="observers",
        help="observer names, in the order of their inputs (default: 观察员1, 观察员2 …)",
    )
    rep.add_argument("--public-value-source", default="", metavar="TEXT")
    rep.add_argument("--public-value", metavar="TEXT")
    rep.add_argument(
        "--approved-by", metavar="NAME", help="who approved the change (default: the user)"
    )
    rep.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="AMENDED.json",
        help="write the amendment record, and beside it AMENDED.verify.html (checks it in a browser)",
    )
    rep.set_defaults(func=run_replace)

    asg = cmds.add_parser(
        "assign", help="assign an officer directly (指定) when a department is short"
    )
    asg.add_argument("visit_id", type=int, metavar="VISIT_ID")
    asg.add_argument("--member", required=True, metavar="CERT_NO")
    asg.add_argument("--reason", required=True, metavar="TEXT")
    asg.add_argument("--approved-by", metavar="NAME")
    asg.set_defaults(func=run_assign)

    sf = cmds.add_parser("shortfall", help="eligible officers per department against the team size")
    sf.add_argument("visit_id", type=int, metavar="VISIT_ID")
    sf.set_defaults(func=run_shortfall)


def run_replace(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        change = team_changes.replace_member(
            ws,
            args.visit_id,
            member=args.member,
            reason=args.reason,
            observer_inputs=args.inputs,
            observers=args.observers,
            public_value_source=args.public_value_source,
            public_value=args.public_value,
            approved_by=args.approved_by,
        )
    page = None
    if args.output is not None and change.record is not None:
        _record_file, page = draw_files.save_record(args.output, change.record)
    print(
        f"{change.removed} → {change.added}（{change.added_name}） 原因：{change.reason} "
        f"批准人：{change.approved_by} record_digest={change.record_digest}"
    )
    if args.output is not None:
        print(args.output)
    if page is not None:
        print(page)  # the browser page that checks it, beside it
    return 0


def run_assign(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        change, gaps = assignments.assign_member(
            ws, args.visit_id, member=args.member, reason=args.reason, approved_by=args.approved_by
        )
    for g in gaps:
        print(g.text())
    print(
        f"指定 {change.added}（{change.added_name}） 原因：{change.reason} 批准人：{change.approved_by}"
    )
    return 0


def run_shortfall(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        for g in assignments.shortfall(ws, args.visit_id):
            print(g.text())
    return 0
