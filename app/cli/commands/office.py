"""`python -m app --db DB office ...`: the office's name and short name, and its departments."""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.domain.localtime import office_zone_name, zone_label
from app.core.services.kernel import office
from app.core.services.registry import departments


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("office", help="office name, short name and departments / 机构与部门")
    cmds = p.add_subparsers(dest="office_command", metavar="<action>", required=True)
    cmds.add_parser("show", help="the office and its departments").set_defaults(func=run_show)
    s = cmds.add_parser("set", help="name the office / 设置机构名称与简称")
    s.add_argument("--name", required=True, help="e.g. 五原县市场监督管理局")
    s.add_argument("--short-name", required=True, help="文号简称 for task numbers, e.g. 五原市监")
    s.add_argument("--time-zone", help="zone every time is shown in (default Asia/Shanghai) / 时区")
    s.set_defaults(func=run_set)
    pp = cmds.add_parser(
        "publish-place",
        help="where draw records and verify.html are published, printed on every draw notice / 公布位置",
    )
    pp.add_argument("place", help='e.g. 五原县人民政府门户网站“双随机、一公开”专栏 ("" to remove)')
    pp.set_defaults(func=run_publish_place)
    d = cmds.add_parser("department", help="add or update a department / 添加或修改部门")
    d.add_argument("code", help="e.g. 市场监管")
    d.add_argument("--name", required=True)
    d.add_argument("--short-name", required=True)
    d.add_argument("--inactive", action="store_true", help="mark it as no longer taking part")
    d.set_defaults(func=run_department)
    rl = cmds.add_parser(
        "review-levels", help="a department's review levels before 公示 / 审核层级"
    )
    rl.add_argument("department")
    rl.add_argument(
        "levels", nargs="+", metavar="LEVEL", help="in order, e.g. 组长审核 分管领导审批"
    )
    rl.set_defaults(func=run_review_levels)
    li = cmds.add_parser("liaison", help="a member unit's liaison officer / 成员单位联络员")
    li.add_argument("department")
    li.add_argument("--name", required=True)
    li.add_argument("--phone", required=True)
    li.add_argument("--role", default="", help="职务/分工")
    li.add_argument(
        "--remove", action="store_true", help="remove this department's liaison officer"
    )
    li.set_defaults(func=run_liaison)


def run_show(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        info = office.office_info(ws)
        print(f"office: {info.name or '-'} ({info.short_name or '-'})")
        print(f"time zone: {office_zone_name()} ({zone_label()})")
        print(f"draw records published at: {office.draw_publish_place(ws) or '-'}")
        from app.core.services.kernel import accountability

        liaisons = {x.department: x for x in accountability.liaisons(ws)}
        levels = accountability.all_review_levels(ws)
        for dep in departments.list_departments(ws):
            state = "" if dep.is_active else "  [inactive]"
            extra = f"\t审核：{' → '.join(levels.get(dep.code, ()))} → 公示"
            if dep.code in liaisons:
                x = liaisons[dep.code]
                extra += f"\t联络员：{x.name} {x.phone}" + (f"（{x.role}）" if x.role else "")
            print(f"{dep.code}\t{dep.name}\t{dep.short_name}{state}{extra}")
    return 0


def run_review_levels(args: argparse.Namespace) -> int:
    from app.core.services.kernel import accountability

    with workspace(args.db) as ws:
        print(accountability.set_review_levels(ws, args.department, args.levels).message)
    return 0


def run_liaison(args: argparse.Namespace) -> int:
    from app.core.services.kernel import accountability

    with workspace(args.db) as ws:
        rows = [x for x in accountability.liaisons(ws) if x.department != args.department]
        if not args.remove:
            rows.append(accountability.Liaison(args.department, args.name, args.phone, args.role))
        print(accountability.set_liaisons(ws, rows).message)
    return 0


def run_set(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(
            office.set_office(
                ws, name=args.name, short_name=args.short_name, time_zone=args.time_zone
            ).message
        )
    return 0


def run_publish_place(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(office.set_draw_publish_place(ws, args.place).message)
    return 0


def run_department(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        changes = departments.save_department(
            ws,
            code=args.code,
            name=args.name,
            short_name=args.short_name,
            is_active=not args.inactive,
        )
        print(changes.message)
    return 0
