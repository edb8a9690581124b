"""`python -m app --db DB print sheet|task|notice ...`: the printed 检查表 and 通知书 as PDF.

`print sheet INSPECTION_ID OUT.pdf` one form; `print task TASK_NO OUT.pdf` every completed
form of a task in one file; `print notice VISIT_ID OUT.pdf` the 随机抽查通知书.
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import workspace
from app.core.services.checklist import sheets


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="print sheets and notices to PDF / 打印检查表、通知书")
    cmds = p.add_subparsers(dest="print_command", metavar="<what>", required=True)
    sp = cmds.add_parser("sheet", help="one form's 随机抽查情况记录表")
    sp.add_argument("inspection_id", type=int, metavar="INSPECTION_ID")
    sp.add_argument("out", metavar="OUT.pdf")
    sp.set_defaults(func=run_sheet)
    tp = cmds.add_parser("task", help="all completed sheets of a task in one PDF")
    tp.add_argument("task_no", metavar="TASK_NO")
    tp.add_argument("out", metavar="OUT.pdf")
    tp.add_argument("--include-drafts", action="store_true", help="also drafts (marked 草稿)")
    tp.set_defaults(func=run_task)
    np_ = cmds.add_parser("notice", help="a visit's 随机抽查通知书")
    np_.add_argument("visit_id", type=int, metavar="VISIT_ID")
    np_.add_argument("out", metavar="OUT.pdf")
    np_.set_defaults(func=run_notice)


def run_sheet(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        pages = sheets.export_sheet_pdf(ws, args.inspection_id, args.out)
        print(f"{args.out}: {pages} 页 / pages")
    return 0


def run_task(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:

        def progress(done: int, total: int, text: str) -> None:
            if total >= 50 and done % 50 == 0:
                print(f"[{done}/{total}] {text}", file=sys.stderr)

        count = sheets.export_task_sheets(
            ws, args.task_no, args.out, include_drafts=args.include_drafts, progress=progress
        )
        print(f"{args.out}: {count} 份检查表 / sheets")
    return 0


def run_notice(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        pages = sheets.export_notice_pdf(ws, args.visit_id, args.out)
        print(f"{args.out}: {pages} 页 / pages")
    return 0
