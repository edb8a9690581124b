"""`python -m app --db DB audit verify|list|export`: check and read the tamper-evident trail.

verify exits 0 with "PASS …" and `head: <hex>` (the chain head, to compare with the one printed
on notices and kept elsewhere), or 1 naming the first broken event or the missing/added table;
never writes except export.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.errors import ValidationError
from app.core.domain.localtime import fmt_time
from app.core.services.kernel.audit_trail import (
    AuditFilter,
    count_events,
    export_events,
    list_events,
    verify_audit,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="verify / list / export the audit trail / 审计日志")
    cmds = p.add_subparsers(dest="audit_command", metavar="<action>", required=True)
    v = cmds.add_parser(
        "verify", help="check the hash chain and every audited row (exit 1 if broken)"
    )
    v.set_defaults(func=run_verify)
    for name, helptext, func in (
        ("list", "list events, newest first", run_list),
        ("export", "export events to an xlsx file", run_export),
    ):
        c = cmds.add_parser(name, help=helptext)
        c.add_argument("--since", help="from this date/time (YYYY-MM-DD[ HH:MM], UTC)")
        c.add_argument("--until", help="before this date/time (a date includes the whole day)")
        c.add_argument("--user", help="events of this user name")
        c.add_argument("--action", help="action prefix, e.g. user. or draw.lock")
        c.add_argument("--entity", help="entity kind, e.g. plan, task, user")
        c.add_argument("--uid", help="events of this entity uid or row key")
        c.add_argument("--text", help="text in the summary")
        if name == "list":
            c.add_argument("--limit", type=int, default=50)
        else:
            c.add_argument("output", type=Path, help="the .xlsx file to write")
        c.set_defaults(func=func)


def _when(text: str | None, *, end: bool) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"无法识别的时间 {text}（应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM）。 / Bad date {text}."
        ) from None
    if end and len(text.strip()) <= 10:
        value += timedelta(days=1)
    return value


def _filters(args: argparse.Namespace) -> AuditFilter:
    return AuditFilter(
        since=_when(args.since, end=False),
        until=_when(args.until, end=True),
        actor=args.user,
        action=args.action,
        entity=args.entity,
        entity_uid=args.uid,
        text=args.text,
    )


def run_verify(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        result = verify_audit(ws)
    if result.ok:
        print(f"PASS: {result.events} events, {result.rows} audited rows verified / 审计链完整")
        print(f"head: {result.head}")
        return 0
    print(f"head: {result.head}", file=sys.stderr)  # as stored; not vouched for when broken
    where = (
        f"event #{result.first_broken_id} ({result.action or '?'})"
        if result.first_broken_id
        else "trail"
    )
    print(f"FAIL: {where}: {result.reason}")
    for extra in result.problems[1:20]:
        print(f"  also: {extra}")
    if len(result.problems) > 20:
        print(f"  … {len(result.problems) - 20} more")
    return 1


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        f = _filters(args)
        events = list_events(ws, f, limit=max(1, args.limit))
        total = count_events(ws, f)
    out = sys.stdout
    for e in events:
        rows = f" [{e.row_count} rows]" if e.row_count else ""
        what = (
            f" {e.entity}:{e.entity_uid}" if e.entity_uid else (f" {e.entity}" if e.entity else "")
        )
        out.write(
            f"#{e.id}  {fmt_time(e.at, seconds=True)}  {e.actor:<12} {e.action:<24}{what}  {e.summary or ''}{rows}\n"
        )
    out.write(f"{len(events)} of {total} events\n")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        n = export_events(ws, args.output, _filters(args))
    print(f"exported {n} events to {args.output}")
    return 0
