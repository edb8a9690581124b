"""`python -m app --db DB inspection list [--task TASK_NO]`: the visits and their forms.

One line per visit, tab-separated: the id of its current form (what `print sheet` takes;
"-" before the form is started), task number, business name, business code, status, and
`visit=<visit id>` (what `print notice` takes).
"""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.services.checklist import visit_list


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inspection", help="checklist forms / 检查表")
    cmds = p.add_subparsers(dest="inspection_command", metavar="<subcommand>", required=True)
    lp = cmds.add_parser(
        "list", help="one line per visit: form id, task no, business, code, status"
    )
    lp.add_argument("--task", metavar="TASK_NO", help="only this task (任务编号)")
    lp.add_argument("--tab", choices=visit_list.TABS, help="todo / drafts / done")
    lp.add_argument("--search", default="", help="business name, code or address contains")
    lp.set_defaults(func=run_list)


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        for v in visit_list.list_visits(ws, tab=args.tab, search=args.search, task_no=args.task):
            form_id = str(v.inspection_id) if v.inspection_id is not None else "-"
            print(
                "\t".join(
                    [
                        form_id,
                        v.task_no,
                        v.business_name,
                        v.business_code,
                        v.status,
                        f"visit={v.visit_id}",
                    ]
                )
            )
    return 0
