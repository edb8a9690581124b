"""`python -m app --db DB archive VISIT_ID OUT.pdf` — 一次一档: one check's archive package.

`archive --task TASK_NO OUT_DIR` writes one package per checked visit of the task, named by
its archive number; `archive --pattern PATTERN` sets the office's archive number pattern.
Prints the archive number, page count and file of each package.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.ids import VisitId
from app.core.services.checklist import archive


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "archive",
        help="one PDF archive package per check (notice, sheets, photos, review, publication) / 一次一档",
    )
    p.add_argument("what", nargs="?", metavar="VISIT_ID", help="the visit (see `inspection list`)")
    p.add_argument("out", nargs="?", type=Path, metavar="OUT.pdf|OUT_DIR")
    p.add_argument(
        "--task", metavar="TASK_NO", help="every checked visit of this task, into OUT_DIR"
    )
    p.add_argument(
        "--pattern",
        help="set the archive number pattern, e.g. '{dept}档〔{year}〕{task_seq}-{seq}'",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        if args.pattern is not None:
            print(archive.set_archive_pattern(ws, args.pattern).message)
            print(archive.archive_pattern(ws))
            if args.what is None and args.task is None:
                return 0
        if args.task is not None:
            out_dir = Path(args.what) if args.out is None and args.what else args.out
            if out_dir is None:
                print("请给出输出目录：archive --task TASK_NO OUT_DIR")
                return 2
            reports = archive.write_task_archives(ws, args.task, out_dir)
        else:
            if args.what is None or args.out is None or not str(args.what).isdigit():
                print("用法：archive VISIT_ID OUT.pdf，或 archive --task TASK_NO OUT_DIR")
                return 2
            reports = [archive.write_archive(ws, VisitId(int(args.what)), args.out)]
    for r in reports:
        print(f"{r.archive_no}\t{r.pages}页\t{r.path}")
    return 0
