"""`python -m app draw replay|verify|verify-page|export|run`: replay a DRAW-v1 input into a record;
verify a record; write the browser verification page for a record; export a task's draw.

Front end only: parses arguments and prints; the work is in app.core.services.draw (draw_files
for records, draws for a task's session).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app.cli.common import day, workspace
from app.core.services.draw.draw_files import (
    check_draw_file,
    record_summary,
    replay_draw_file,
    verify_page_file,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "draw",
        help="DRAW-v1 draws: replay an input, verify a record",
        description="DRAW-v1, the publicly verifiable draw (docs/draw-v1.md).",
    )
    sub = parser.add_subparsers(dest="draw_command", metavar="<subcommand>", required=True)

    replay = sub.add_parser(
        "replay",
        help="compute the record of a draw input (vector-shaped JSON)",
        description="Lock, reveal and compute the draw described by INPUT; write its record. "
        "Exit 0 when a record is written (status ok or infeasible), 1 when the lock is refused.",
    )
    replay.add_argument("input", metavar="INPUT.json")
    replay.add_argument("-o", "--output", metavar="RECORD.json", required=True)
    replay.set_defaults(func=run_replay)

    verify = sub.add_parser(
        "verify",
        help="recompute a draw record and print PASS or every failed check",
        description="Recompute a DRAW-v1 record (§9). Exit 0 and PASS, or 1 and the failures.",
    )
    verify.add_argument("record", metavar="RECORD.json")
    verify.set_defaults(func=run_verify)

    page = sub.add_parser(
        "verify-page",
        help="write verify.html with a record embedded: it shows PASS or FAIL when opened",
        description="Write the observers' verification page with RECORD.json embedded; opened in "
        "any browser (offline, nothing installed) it recomputes the draw and shows PASS or FAIL.",
    )
    page.add_argument("record", metavar="RECORD.json")
    page.add_argument("output", metavar="OUT.html")
    page.set_defaults(func=run_verify_page)

    export = sub.add_parser(
        "export",
        help="write a task's draw publication: record.json, notice.pdf, drawn-targets.xlsx, verify.html",
        description="Write the task's latest computed draw (--db selects the database) into DIR: the "
        "record, the notice PDF, the drawn list and verify.html with the record embedded.",
    )
    export.add_argument("task_no", metavar="TASK_NO")
    export.add_argument("directory", metavar="DIR")
    export.add_argument("--kind", choices=["targets", "inspectors", "experts"], default="targets")
    export.add_argument(
        "--attempt", type=int, metavar="N", help="this attempt (default: the latest computed)"
    )
    export.set_defaults(func=run_export)

    run = sub.add_parser(
        "run",
        help="run a whole draw session of a task headless (lock, inputs, reveal, record, sign-off)",
        description="Lock the task's manifest, take the observers' inputs in order, reveal, compute, "
        "sign off and save the record (--db selects the database). Exit 0 when a record is kept "
        "(ok, or infeasible = void), 1 when the draw is refused.",
    )
    run.add_argument("task_no", metavar="TASK_NO")
    run.add_argument(
        "--observer-input",
        dest="observer_inputs",
        metavar="TEXT",
        action="append",
        required=True,
        help="one per observer, in the announced order",
    )
    run.add_argument(
        "--observer",
        dest="observers",
        metavar="NAME",
        action="append",
        help="observer names in order (default 观察员1, 观察员2, …)",
    )
    run.add_argument(
        "--public-value-source",
        metavar="TEXT",
        help="where the public value comes from, declared in the manifest before the lock "
        "(DRAW-v1.1), e.g. 中国福利彩票双色球第2026031期开奖号码",
    )
    run.add_argument(
        "--public-value",
        metavar="TEXT",
        help="the value published by the declared source; refused without --public-value-source",
    )
    run.add_argument("--kind", choices=["targets", "inspectors", "experts"], default="targets")
    run.add_argument(
        "--targets-only", action="store_true", help="draw inspectors later, in their own session"
    )
    run.add_argument(
        "--date", metavar="YYYY-MM-DD", help="draw date for certificate validity (default today)"
    )
    run.add_argument("-o", "--output", metavar="RECORD.json", help="write the record here")
    run.set_defaults(func=run_run)

    abort = sub.add_parser(
        "abort",
        help="abort the locked attempt of a task (left open by a crash); it stays in the trail",
        description="Abort the task's locked, not yet computed attempt with a reason (--db selects "
        "the database). The attempt and the reason stay in the draw trail and the audit trail. "
        "Exit 0 when aborted, 1 when the task has no open attempt or the reason is empty.",
    )
    abort.add_argument("task_no", metavar="TASK_NO")
    abort.add_argument(
        "--reason", required=True, metavar="TEXT", help="why (recorded in the trail)"
    )
    abort.set_defaults(func=run_abort)


def run_replay(args: argparse.Namespace) -> int:
    s = record_summary(replay_draw_file(args.input, args.output))
    line = (
        f"status={s['status']} seed={s['seed']} record_digest={s['record_digest']} "
        f"targets={s['targets']} selected={s['selected']} teams={s['teams']}"
    )
    if s["error"] is not None:
        line += f" void: {s['error']['reason']} (target {s['error']['target']})"
    print(line)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    failures, notes = check_draw_file(args.record)
    if not failures:
        print("PASS")
        for line in notes:
            print(line)
        return 0
    print(f"FAIL: {failures[0]}")
    for line in failures[1:]:
        print(f"  {line}")
    for line in notes:
        print(line)
    print(f"{len(failures)} failed check(s)", file=sys.stderr)
    return 1


def run_verify_page(args: argparse.Namespace) -> int:
    print(verify_page_file(args.record, args.output))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.core.services.draw.draw_results import export_draw

    with workspace(args.db) as ws:
        for path in export_draw(
            ws,
            task_ref=args.task_no,
            directory=args.directory,
            kind=args.kind,
            attempt=args.attempt,
        ):
            print(path)
    return 0


def run_run(args: argparse.Namespace) -> int:
    """`draw run`: the whole session in one command; prints the digests a witness compares."""
    from app.core.services.draw.draws import run_draw

    on = day(args.date)
    with workspace(args.db) as ws:
        outcome = run_draw(
            ws,
            task_ref=args.task_no,
            observer_inputs=args.observer_inputs,
            observers=args.observers,
            public_value=args.public_value,
            public_value_source=args.public_value_source,
            kind=args.kind,
            with_team=not args.targets_only,
            on=on,
            record_path=args.output,
        )
    v = outcome.view
    print(f"task={v.task_no} kind={v.kind} attempt={v.attempt} status={v.status}")
    print(f"protocol={v.protocol} manifest_digest={v.manifest_digest}")
    print(f"seed={v.seed}")
    print(f"record_digest={v.record_digest}")
    print(f"selected={len(outcome.targets)} teams={sum(1 for t in outcome.targets if t.team)}")
    if v.public_value_source:
        print(f"public_value_source={v.public_value_source} public_value={v.public_value}")
    if v.error:
        print(f"void: {v.error}")
    if args.output:
        print(f"record: {args.output}")
    return 0


def run_abort(args: argparse.Namespace) -> int:
    from app.core.services.draw.draws import abort_open_draw

    with workspace(args.db) as ws:
        v = abort_open_draw(ws, task_ref=args.task_no, reason=args.reason)
    print(
        f"task={v.task_no} kind={v.kind} attempt={v.attempt} status={v.status}"
        f" reason={v.abort_reason}"
    )
    return 0
