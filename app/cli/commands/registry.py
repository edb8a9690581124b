"""`python -m app registry …`: templates, imports, exports and search of the registries.

A contract outside checks use: names, arguments, outputs and exit codes must stay as documented
(0 ok; 1 invalid rows — nothing written — or another user error; 2 usage). With
`import --valid-only`, the valid rows are written in one transaction and the rest listed in
the report: 0 when at least one row was imported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.errors import ValidationError
from app.core.reports.registry_xlsx import write_issue_report
from app.core.services.registry.excel import (
    export_registry,
    parse_filter,
    write_import_report,
    write_template,
)
from app.core.services.registry.fields import REGISTRY_KINDS, REGISTRY_LABELS, SPECS
from app.core.services.registry.imports.pipeline import MissingColumns, import_registry
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
    i.add_argument(
        "--valid-only",
        action="store_true",
        help="import the valid rows, list the rest in --report (exit 0 when any row imported)"
        " / 只导入通过校验的行",
    )
    i.add_argument(
        "--create-units",
        metavar="DEPT",
        help="inspectors: units below a department named in 所在业务部门（机构） (…所/分局/科/大队)"
        " not yet known are registered as 执法单位 under DEPT / 创建下属执法单位",
    )
    i.add_argument(
        "--department",
        metavar="DEPT",
        help="items: a 抽查主体/检查主体 written as text (市、县级市场监督管理部门) stands for DEPT;"
        " the wording is kept / 抽查主体为文字时对应的部门",
    )
    i.add_argument(
        "--map",
        metavar="HEADER=FIELD",
        action="append",
        default=[],
        help="read the column with this header as that field (field name as in the template,"
        " e.g. --map 序号=事项编码), or HEADER= to ignore it; what the mapping dialog does",
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
    e.add_argument(
        "--layout",
        choices=("app", "platform"),
        default="app",
        help="app: this app's template columns (default); platform: the provincial platform's "
        "21-column roster (inspectors)",
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


def _refusal_report(path: str, kind: str, file: str, exc: ValidationError) -> None:
    """The report of a file refused before its rows could be read (not a table, another
    registry's file): the reason, so that the report exists whatever the refusal."""
    write_issue_report(
        path,
        title=f"{REGISTRY_LABELS[kind]}导入校验报告",
        issues=(),
        summary=(f"文件：{Path(file).name}", f"未导入：{exc.message}", *exc.details),
    )


def _print_mapping(p) -> None:  # type: ignore[no-untyped-def]
    spec = SPECS[p.kind]
    from app.core.services.registry.imports.formats import column_letter

    print("列对应 / columns:")
    for col, header in enumerate(p.headers):
        if not header:
            continue
        if col in p.mapping:
            to = spec.field(p.mapping[col]).header
        elif col in p.suggested:
            to = f"（不导入；建议“{spec.field(p.suggested[col]).header}”，需在导入对话框中确认）"
        else:
            to = "（不导入）"
        print(f"  {column_letter(col)} {header} → {to}")
    for row, why in p.skipped:
        print(f"  跳过第{row}行 skipped row {row}: {why}")
    if p.blank_rows:
        print(f"  空行 {p.blank_rows} 行已跳过 / {p.blank_rows} blank rows skipped")
    if p.merged:
        print(f"  合并单元格已填充 / merged cells filled: {'、'.join(p.merged)}")
    if p.new_units:
        print(f"  新登记的执法单位 / new units: {'、'.join(p.new_units)}")


def _overrides(kind: str, pairs: list[str], file: str) -> dict[str, str | None]:
    """--map HEADER=FIELD → {header: field key or None}; fields by their template header or key."""
    spec = SPECS[kind]
    by_name = {f.header: f.key for f in spec.fields} | {f.key: f.key for f in spec.fields}
    out: dict[str, str | None] = {}
    for pair in pairs:
        header, sep, field = pair.partition("=")
        if not sep or not header.strip():
            raise ValidationError(f"--map 应写成 表头=字段，如 序号=事项编码（收到：{pair}）")
        field = field.strip().lstrip("*")
        if field and field not in by_name:
            raise ValidationError(
                f"--map {pair}：没有字段“{field}”；可用：{'、'.join(f.header for f in spec.fields)}"
            )
        out[header.strip()] = by_name[field] if field else None
    return out


def run_import(args: argparse.Namespace) -> int:
    try:
        with workspace(args.db) as ws:
            result = import_registry(
                ws,
                kind=args.kind,
                path=args.file,
                mapping=_overrides(args.kind, args.map, args.file) or None,
                mode="valid_rows" if args.valid_only else "all_or_nothing",
                accept_warnings=args.accept_warnings,
                dry_run=args.dry_run,
                create_units=args.create_units,
                subject_department=args.department,
            )
    except MissingColumns as exc:
        if args.report:
            write_import_report(exc.preview, args.report)
        _print_mapping(exc.preview)
        raise
    except ValidationError as exc:
        if args.report:
            _refusal_report(args.report, args.kind, args.file, exc)
        raise
    p = result.preview
    if args.report:
        write_import_report(p, args.report)
    _print_mapping(p)
    blocked = p.blocked(args.accept_warnings)
    print(
        f"{REGISTRY_LABELS[args.kind]}：{p.data_rows} 行（无问题 {p.valid_rows}，仅警告 {p.warning_rows}，"
        f"错误 {p.error_rows}） / rows: {p.data_rows}, valid {p.valid_rows}, warnings {p.warning_rows}, "
        f"errors {p.error_rows}"
    )
    for issue in p.issues[:_MAX_LISTED]:
        level = "错误 error" if issue.severity == "error" else "警告 warning"
        where = f"{issue.cell} " if issue.cell else ""
        print(
            f"  {where}第{issue.row}行 row {issue.row} · {issue.column} · “{issue.value}” · {level}: {issue.reason}",
            file=sys.stderr,
        )
    if len(p.issues) > _MAX_LISTED:
        print(f"  … 共 {len(p.issues)} 条 / {len(p.issues)} issues in all", file=sys.stderr)
    counts = (
        f"新增 inserted {result.inserted}，更新 updated {result.updated}，"
        f"未变 unchanged {result.unchanged}"
    )
    if args.valid_only:
        done = result.inserted + result.updated + result.unchanged
        verb = "试运行：将导入 / dry run, would import" if args.dry_run else "已导入 / imported"
        if blocked:
            print(
                f"有 {blocked} 行未通过校验，未导入"
                + (f"，见报告 {args.report}" if args.report else "")
                + f" / {blocked} rows not imported",
                file=sys.stderr,
            )
        if not done:
            print("没有可导入的行，未写入任何数据 / no row imported", file=sys.stderr)
            return 1
        print(f"{verb} {done} 行 rows: {counts}")
        return 0
    if blocked:
        hint = (
            ""
            if args.accept_warnings or not p.warning_rows
            else "（仅有警告的行可加 --accept-warnings 导入）"
        )
        print(
            f"有 {blocked} 行未通过校验，未写入任何数据{hint}（只导入通过的行可加 --valid-only）"
            f" / {blocked} rows invalid; nothing written",
            file=sys.stderr,
        )
        return 1
    if args.dry_run:
        print(
            f"试运行：全部 {p.data_rows} 行可导入（新增 {p.would_insert}，更新 {p.would_update}，"
            f"未变 {p.would_keep}），未写入 / dry run: all rows valid, nothing written"
        )
        return 0
    print(f"已导入 / imported: {counts}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        query = parse_filter(ws, args.kind, args.filter)
        count = export_registry(
            ws, args.kind, args.out, query=query, filter_text=args.filter, layout=args.layout
        )
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
