"""`python -m app timetable show|preset|set|done|publish-items`: the year's timetable.

Front end only; the work is in app.core.services.plan.timetable.
"""

from __future__ import annotations

import argparse
from datetime import date

from app.cli.common import workspace
from app.core.domain.errors import ValidationError
from app.core.services.plan import timetable


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"--date：“{text}”不是 YYYY-MM-DD 日期。 / not a date") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("timetable", help="年度时间表: milestones per county, item-list publication")
    tsub = p.add_subparsers(dest="timetable_command", metavar="<action>", required=True)
    s = tsub.add_parser("show", help="the year's milestones and their state")
    s.add_argument("--year", type=int)
    s.add_argument("--today", metavar="YYYY-MM-DD")
    s.set_defaults(func=run_show)
    pr = tsub.add_parser("preset", help="use a seed document's timetable")
    pr.add_argument("name", choices=sorted(timetable.PRESETS))
    pr.set_defaults(func=run_preset)
    st = tsub.add_parser("set", help="move or add one milestone")
    st.add_argument("key")
    st.add_argument("--month", type=int, required=True)
    st.add_argument("--day", type=int, required=True)
    st.add_argument("--offset", type=int, default=0, help="-1: in the year before the plan year")
    st.add_argument("--label", default="")
    st.set_defaults(func=run_set)
    d = tsub.add_parser("done", help="close a milestone the app cannot see")
    d.add_argument("key")
    d.add_argument("--year", type=int, required=True)
    d.set_defaults(func=run_done)
    pi = tsub.add_parser(
        "publish-items", help="公示 the current item list (ends item-adjustment deadlines)"
    )
    pi.add_argument("--date", metavar="YYYY-MM-DD")
    pi.set_defaults(func=run_publish_items)


def run_show(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        rows = timetable.year_timetable(ws, args.year, today=_day(args.today))
    for m in rows:
        print(f"{m.due.isoformat()}\t{m.state}\t{m.label}\t{m.source}\t{m.done_note}".rstrip())
    return 0


def run_preset(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(timetable.use_preset(ws, args.name).message)
    return 0


def run_set(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(
            timetable.set_milestone(
                ws, args.key, month=args.month, day=args.day, offset=args.offset, label=args.label
            ).message
        )
    return 0


def run_done(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(timetable.mark_done(ws, args.key, args.year).message)
    return 0


def run_publish_items(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(timetable.publish_item_list(ws, on=_day(args.date)).message)
    return 0
