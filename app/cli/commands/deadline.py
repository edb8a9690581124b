"""`python -m app deadline START_DATE --working-days N`: the due date on the official calendar.

Prints YYYY-MM-DD only (a contract outside scripts rely on). Without --db it uses the
calendar the app ships; with --db also the years users added. A year without data exits 1.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.common import workspace
from app.core.domain.calendar import DEADLINE_RULES
from app.core.services.results import calendar as calendar_service
from app.core.services.results import deadlines


def iso_date(text: str) -> date:
    """argparse type: a YYYY-MM-DD date (exit 2 with a clear message otherwise)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期应为YYYY-MM-DD格式，实为“{text}” / expected YYYY-MM-DD"
        ) from None


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"工作日数应为整数：{text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"工作日数不能为负数：{value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "deadline",
        help="the N-th working day after a date, on the official holiday calendar / 工作日期限",
        description="Prints the N-th working day after START_DATE (the start itself not counted) "
        "as YYYY-MM-DD, using China's official holidays and 调休 working days.",
    )
    p.add_argument("start", type=iso_date, metavar="START_DATE", help="YYYY-MM-DD")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--working-days", type=non_negative, metavar="N", help="number of working days"
    )
    group.add_argument(
        "--rule",
        choices=sorted(DEADLINE_RULES),
        help="use a configured limit (publication 20, dispatch 5, …; --db for the office's own)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.db is None:
        cal = calendar_service.shipped_calendar()
        days = args.working_days if args.working_days is not None else DEADLINE_RULES[args.rule]
    else:
        with workspace(args.db, backup=False) as ws:
            cal = calendar_service.load_calendar(ws)
            days = (
                args.working_days
                if args.working_days is not None
                else deadlines.deadline_settings(ws).days(args.rule)
            )
    print(cal.add_working_days(args.start, days).isoformat())
    return 0
