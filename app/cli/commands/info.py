"""`python -m app --db PATH info`: what a database holds (schema version, office, counts)."""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.services.admin import overview
from app.core.services.kernel.office import office_info


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="show the database's schema version and counts / 数据库概况")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        c = overview.counts(ws)
        office = office_info(ws)
        print(f"database: {ws.display_name}")
        print(f"schema: {ws.db.revision()}")
        print(f"office: {office.name} ({office.short_name})")
        print(
            f"targets: {c.targets}\ninspectors: {c.inspectors}\nitems: {c.items}\nplans: {c.plans}\ntasks: {c.tasks}"
        )
    return 0
