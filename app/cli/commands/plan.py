"""`python -m app plan list|show|publish|state|export|import`: plans from the command line.

Front end only: parses arguments and prints; the work is in app.core.services.plan.plans / tasks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.states import PlanState
from app.core.services.plan import plans, task_views


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("plan", help="抽查计划: list, show, publish, export plans")
    sub = parser.add_subparsers(dest="plan_command", metavar="<subcommand>", required=True)
    p = sub.add_parser("list", help="every plan with its state")
    p.add_argument("--year", type=int)
    p.set_defaults(func=run_list)
    p = sub.add_parser("show", help="a plan, its tasks and adjustments")
    p.add_argument("plan_id", type=int)
    p.set_defaults(func=run_show)
    p = sub.add_parser(
        "import", help="a draft plan and its tasks from a JSON or xlsx file (all or nothing)"
    )
    p.add_argument("file", metavar="FILE.json|FILE.xlsx")
    p.set_defaults(func=run_import)
    p = sub.add_parser(
        "batches", help="random batches of a task's visits: set N before the draw, list after"
    )
    p.add_argument("task_no", metavar="TASK_NO")
    p.add_argument("count", type=int, nargs="?", metavar="N")
    p.set_defaults(func=run_batches)
    p = sub.add_parser("template", help="write the plan workbook template (计划, 任务, 分层)")
    p.add_argument("out", metavar="OUT.xlsx")
    p.set_defaults(func=run_template)
    p = sub.add_parser(
        "publish", help="公示: 草拟 → 公示; on a public plan, its pending adjustments"
    )
    p.add_argument("plan_id", type=int)
    p.set_defaults(func=run_publish)
    p = sub.add_parser("state", help="move a plan to 公示 / 执行中 / 已完成 / 草拟")
    p.add_argument("plan_id", type=int)
    p.add_argument("state", choices=[s.value for s in PlanState])
    p.add_argument("--reason", default="")
    p.set_defaults(func=run_state)
    p = sub.add_parser("export", help="write the plan's xlsx list and/or PDF notice")
    p.add_argument("plan_id", type=int)
    p.add_argument("--xlsx", metavar="PATH")
    p.add_argument("--pdf", metavar="PATH")
    p.set_defaults(func=run_export)


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        for p in plans.list_plans(ws, year=args.year):
            print(
                f"{p.id}\t{p.year}\t{p.kind_text}\t{p.status}\t调整{p.revision}次\t任务{p.tasks}\t{p.name}"
            )
    return 0


def run_show(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        d = plans.get_plan(ws, args.plan_id)
        print(
            f"{d.plan.name}（{d.plan.year}，{d.plan.kind_text}，{d.plan.status}，调整{d.plan.revision}次）"
        )
        for m in d.members:
            print(f"  并入：{m.name}（{m.department}）")
        for t in task_views.list_tasks(ws, plan_id=args.plan_id):
            print(
                f"  {t.task_no}\t{t.status}\t{t.name}\t事项 {t.items}\t{t.start_on} 至 {t.end_on}"
            )
        for r in d.revisions:
            state = f"{r.published_on.isoformat()} 已公示" if r.published_on else "待公示"
            print(f"  第{r.revision}次调整 {r.created_at} {r.created_by}：{r.reason}（{state}）")
    return 0


def run_publish(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(plans.publish_plan(ws, args.plan_id).message)
    return 0


def run_state(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(plans.set_plan_state(ws, args.plan_id, args.state, reason=args.reason).message)
    return 0


def run_export(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        if args.xlsx:
            print(plans.export_plan_xlsx(ws, args.plan_id, Path(args.xlsx)))
        if args.pdf:
            print(plans.export_plan_notice_pdf(ws, args.plan_id, Path(args.pdf)))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.core.services.plan.plan_import import import_plan_file

    with workspace(args.db) as ws:
        plan_id, numbers = import_plan_file(ws, args.file)
    for no in numbers:
        print(no)
    print(
        f"计划 {plan_id} 已导入（草拟），{len(numbers)} 个任务。 / plan_id={plan_id}",
        file=sys.stderr,
    )
    return 0


def run_template(args: argparse.Namespace) -> int:
    from app.core.services.plan.plan_xlsx import write_plan_template

    print(write_plan_template(args.out))
    return 0


def run_batches(args: argparse.Namespace) -> int:
    from app.core.services.plan import batches

    with workspace(args.db) as ws:
        if args.count is not None:
            print(batches.set_batches(ws, args.task_no, args.count).message)
            return 0
        _n, found = batches.visit_batches(ws, args.task_no)
    for b in found:
        for code, name, stratum in b.targets:
            print(f"{b.number}\t{code}\t{name}\t{stratum}")
    return 0
