"""`python -m app [--db DB] calendar show|import|export|remove`: the official holiday calendar.

Users add a year from the State Council's annual notice by importing a small file (JSON
or one line per entry: `2027-01-01~2027-01-03 休 元旦`, `2027-02-07 班`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.errors import ValidationError
from app.core.services.results import calendar as calendar_service


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calendar", help="show or add official holiday years / 法定节假日安排")
    cmds = p.add_subparsers(dest="calendar_command", metavar="<action>", required=True)
    show = cmds.add_parser("show", help="list the years known, or one year's days off and 调休")
    show.add_argument("year", type=int, nargs="?")
    show.set_defaults(func=run_show)
    imp = cmds.add_parser("import", help="add a year from a holiday file (needs --db)")
    imp.add_argument("file", type=Path)
    imp.add_argument(
        "--no-replace", action="store_true", help="refuse if the year was already added"
    )
    imp.set_defaults(func=run_import)
    exp = cmds.add_parser("export", help="write a year as a holiday file")
    exp.add_argument("year", type=int)
    exp.add_argument("out", type=Path)
    exp.add_argument("--text", action="store_true", help="one line per entry instead of JSON")
    exp.set_defaults(func=run_export)
    rm = cmds.add_parser("remove", help="remove a year a user added (needs --db)")
    rm.add_argument("year", type=int)
    rm.set_defaults(func=run_remove)


def _need_db(args: argparse.Namespace) -> None:
    if args.db is None:
        raise ValidationError("此操作会修改数据库，请用 --db 指定数据库 / --db is required")


def run_show(args: argparse.Namespace) -> int:
    if args.db is None:
        cal = calendar_service.shipped_calendar()
        infos = None
    else:
        with workspace(args.db, backup=False) as ws:
            cal = calendar_service.load_calendar(ws)
            infos = calendar_service.calendar_years(ws)
    if args.year is None:
        for year in cal.covered_years():
            origin = next((i.origin for i in infos or () if i.year == year), "shipped")
            y = cal.year(year)
            label = "随软件提供" if origin == "shipped" else "用户添加"
            print(f"{year}\t{label}\t工作日{len(y.working_days())}天\t{y.source}")
        return 0
    y = cal.year(args.year)
    print(f"{y.year}年  来源：{y.source}  工作日{len(y.working_days())}天")
    for period in y.holidays:
        span = str(period.start) if period.start == period.end else f"{period.start}~{period.end}"
        print(f"{span} 休 {period.name}")
    for day in y.workdays:
        print(f"{day} 班")
    return 0


def run_import(args: argparse.Namespace) -> int:
    _need_db(args)
    if not args.file.is_file():
        raise ValidationError(f"找不到文件：{args.file}")
    with workspace(args.db) as ws:
        cal = calendar_service.import_calendar_file(
            ws, args.file.read_bytes(), replace=not args.no_replace
        )
    print(f"已添加{cal.year}年放假安排（工作日{len(cal.working_days())}天）：{cal.source}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    if args.db is None:
        from app.core.domain.calendar import dump_holiday_file

        text = dump_holiday_file(
            calendar_service.shipped_calendar().year(args.year), fmt="text" if args.text else "json"
        )
    else:
        with workspace(args.db, backup=False) as ws:
            text = calendar_service.export_calendar_year(
                ws, args.year, fmt="text" if args.text else "json"
            )
    args.out.write_text(text, encoding="utf-8")
    print(args.out)
    return 0


def run_remove(args: argparse.Namespace) -> int:
    _need_db(args)
    with workspace(args.db) as ws:
        changes = calendar_service.delete_calendar_year(ws, args.year)
    print(changes.message)
    return 0
