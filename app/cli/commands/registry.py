"""`python -m app registry …`: templates, imports, exports and search of the registries.

A contract outside checks use: names, arguments, outputs and exit codes must stay as documented
(0 ok; 1 invalid rows — nothing written — or another user error; 2 usage).
"""

from __future__ import annotations

import argparse
import sys

from app.cli.common import workspace
from app.core.services.imports.pipeline import import_registry
from app.core.services.registry.excel import (
    export_registry,
    parse_filter,
    write_import_report,
    write_template,
)
from app.core.services.registry.fields import REGISTRY_KINDS, REGISTRY_LABELS
from app.core.services.registry.search import search_targets

_MAX_LISTED = 30


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("registry", help="registries: template, import, export, search / 名录库")
    rsub = p.add_subparsers(dest="registry_command", metavar="<action>", required=True)

    t = rsub.add_parser("template", help="write an import template / 下载导入模板")
    t.add_argument("kind", choices=REGISTRY_KINDS)
    t.add_argument("out", metavar="OUT.xlsx")
    t.set_defaults(func=run_template)

    i = rsub.add_parser("import", help="import an xlsx (all rows valid, or nothing written) / 导入")
    i.add_argument("kind", choices=REGISTRY_KINDS)
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--dry-run", action="store_true", help="validate only, write nothing / 只校验")
    i.add_argument(
        "--report",
        metavar="OUT.xlsx",
        help="write the row-level report (row, column, value, reason)",
    )
    i.add_argument(
        "--accept-warnings",
        action="store_true",
        help="import rows whose only problems are warnings (e.g. a wrong check digit)",
    )
    i.set_defaults(func=run_import)

    e = rsub.add_parser("export", help="export a (filtered) registry / 导出")
    e.add_argument("kind", choices=REGISTRY_KINDS)
    e.add_argument("out", metavar="OUT.xlsx")
    e.add_argument(
        "--filter",
        metavar="EXPR",
        default="",
        help="key=value[,value] terms joined by ';', e.g. 'township=隆兴昌镇;credit=C,D;q=饭店'",
    )
    e.set_defaults(func=run_export)

    s = rsub.add_parser("search", help="find targets by part of a name or code / 搜索检查对象")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=run_search)


def run_template(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        path = write_template(ws, args.kind, args.out)
    print(f"{REGISTRY_LABELS[args.kind]}导入模板 / template: {path}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        result = import_registry(
            ws,
            kind=args.kind,
            path=args.file,
            mode="all_or_nothing",
            accept_warnings=args.accept_warnings,
            dry_run=args.dry_run,
        )
    p = result.preview
    if args.report:
        write_import_report(p, args.report)
    blocked = p.blocked(args.accept_warnings)
    print(
        f"{REGISTRY_LABELS[args.kind]}：{p.data_rows} 行（无问题 {p.valid_rows}，仅警告 {p.warning_rows}，"
        f"错误 {p.error_rows}） / rows: {p.data_rows}, valid {p.valid_rows}, warnings {p.warning_rows}, "
        f"errors {p.error_rows}"
    )
    for issue in p.issues[:_MAX_LISTED]:
        level = "错误 error" if issue.severity == "error" else "警告 warning"
        print(
            f"  第{issue.row}行 row {issue.row} · {issue.column} · “{issue.value}” · {level}: {issue.reason}",
            file=sys.stderr,
        )
    if len(p.issues) > _MAX_LISTED:
        print(f"  … 共 {len(p.issues)} 条 / {len(p.issues)} issues in all", file=sys.stderr)
    if blocked:
        hint = (
            ""
            if args.accept_warnings or not p.warning_rows
            else "（仅有警告的行可加 --accept-warnings 导入）"
        )
        print(
            f"有 {blocked} 行未通过校验，未写入任何数据{hint} / {blocked} rows invalid; nothing written",
            file=sys.stderr,
        )
        return 1
    if args.dry_run:
        print(
            f"试运行：全部 {p.data_rows} 行可导入（新增 {p.would_insert}，更新 {p.would_update}），未写入 / "
            f"dry run: all rows valid, nothing written"
        )
        return 0
    print(
        f"已导入 / imported: 新增 inserted {result.inserted}，更新 updated {result.updated}，"
        f"未变 unchanged {result.unchanged}"
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        query = parse_filter(ws, args.kind, args.filter)
        count = export_registry(ws, args.kind, args.out, query=query, filter_text=args.filter)
    print(f"已导出 {count} 行 / exported {count} rows: {args.out}")
    return 0


def run_search(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        hits = search_targets(ws, args.text, limit=args.limit)
    for h in hits:
        print(f"{h.code}\t{h.name}" + ("" if h.is_active else "\t(已停用)"))
    if not hits:
        print(f"没有找到包含“{args.text}”的检查对象 / no match", file=sys.stderr)
    return 0
