"""`python -m app --db DB backup create|list|restore|check`: copies of the database file.

restore checks the backup, backs up the current file, then swaps atomically. A server
database (`--db postgresql://…`) is backed up with pg_dump (docs/operations.md); `backup check`
without a file then checks the server itself — schema head, audit chain, rows per table —
exit 0 PASS or 1 naming what is wrong, without writing to it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.errors import StorageError
from app.core.services.admin import backups
from app.core.services.kernel.workspace import open_workspace, resolve_location


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="create / list / restore / check backups / 备份")
    cmds = p.add_subparsers(dest="backup_command", metavar="<action>", required=True)
    c = cmds.add_parser("create", help="back up the database now (kept until deleted)")
    c.add_argument("--note", default="")
    c.set_defaults(func=run_create)
    cmds.add_parser("list", help="list backups, newest first").set_defaults(func=run_list)
    r = cmds.add_parser(
        "restore", help="replace the database by a backup (current file backed up first)"
    )
    r.add_argument("file", type=Path)
    r.set_defaults(func=run_restore)
    k = cmds.add_parser("check", help="check a backup file, or the database itself without a file")
    k.add_argument("file", type=Path, nargs="?")
    k.set_defaults(func=run_check)


def run_create(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        info = backups.create_backup(ws, note=args.note)
    print(f"backup written: {info.path} ({info.size} bytes)")
    return 0


def _db_path(args: argparse.Namespace) -> Path:
    location = resolve_location(args.db)
    if "://" in str(location):
        raise StorageError(
            "服务器数据库请使用 pg_dump 备份。 / Back up a server database with pg_dump."
        )
    return Path(location)


def run_list(args: argparse.Namespace) -> int:
    found = backups.list_backups_for(_db_path(args))
    for b in found:
        print(f"{b.created_at:%Y-%m-%d %H:%M:%S}  {b.reason:<28} {b.size:>12}  {b.path}")
    print(f"{len(found)} backups")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    db_path = _db_path(args)
    ok, _message = backups.integrity_check(db_path)
    if ok and db_path.exists():
        ws = open_workspace(db_path)
        report = backups.restore_backup(ws, args.file)
    else:  # a damaged database cannot be opened for work: restore it as a file
        report = backups.restore_file(db_path, args.file)
    print(
        f"restored {db_path} from {report.restored_from}; the previous file is kept as {report.safety_copy}"
    )
    return 0


def run_check(args: argparse.Namespace) -> int:
    if args.file is None and "://" in str(resolve_location(args.db)):
        return _check_server(str(resolve_location(args.db)))
    if args.file is None:
        ok, message = backups.integrity_check(_db_path(args))
        print(("PASS: " if ok else "FAIL: ") + message)
        return 0 if ok else 1
    result = backups.check_backup(args.file)
    if not result.ok:
        print(f"FAIL: {result.message}")
        return 1
    trail = "trail verifies" if result.trail_ok else f"trail BROKEN: {result.trail_reason}"
    print(f"PASS: integrity ok, schema {result.revision}, {result.events} events, {trail}")
    return 0


def _check_server(url: str) -> int:
    result = backups.check_server(url)
    print(f"schema: {result.revision or '-'} (this app: {result.head})")
    print(f"audit: {result.events} events, {result.audited_rows} audited rows")
    print(f"head: {result.chain_head}")
    print("rows per table / 各表行数:")
    for name, n in result.counts.items():
        print(f"  {name:<32} {n:>10}")
    if result.ok:
        print("PASS: schema at head, audit chain verifies / 服务器数据库完整")
        return 0
    print(f"FAIL: {result.problems[0]}")
    for extra in result.problems[1:]:
        print(f"  also: {extra}")
    return 1
