"""`python -m app --db DB results publish|list|submit|approve|return|deadlines|follow-ups`.

`results publish TASK_NO OUT.xlsx` writes the 抽查结果公告 (and the PDF beside it, or at
--pdf) and marks the department's approved results 已公示; prints what it did.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.cli.commands.deadline import iso_date
from app.cli.common import workspace
from app.core.domain.states import RESULT_STATES
from app.core.services.results import deadlines, followups, publication, results, reviews


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("results", help="review and publish inspection results / 结果审核与公示")
    cmds = p.add_subparsers(dest="results_command", metavar="<action>", required=True)

    pub = cmds.add_parser(
        "publish", help="write the 抽查结果公告 (xlsx + PDF) and mark results 已公示"
    )
    pub.add_argument("task_no", metavar="TASK_NO")
    pub.add_argument("out", type=Path, metavar="OUT.xlsx")
    pub.add_argument("--pdf", type=Path, help="PDF path (default: beside the xlsx)")
    pub.add_argument(
        "--department", help="publishing department code (default: the task's initiating one)"
    )
    pub.add_argument("--date", type=iso_date, help="publication date (default: today)")
    pub.add_argument(
        "--layout",
        choices=("notice", "platform"),
        default="notice",
        help="notice: the 抽查结果公告 document + PDF (default); platform: the flat list a "
        "provincial platform imports (one header row, result codes; no PDF)",
    )
    pub.set_defaults(func=run_publish)

    ls = cmds.add_parser("list", help="list results (tab-separated)")
    ls.add_argument("--status", action="append", choices=[s.value for s in RESULT_STATES])
    ls.add_argument("--task", metavar="TASK_NO")
    ls.add_argument("--department")
    ls.set_defaults(func=run_list)

    for name, helptext in (
        ("submit", "submit completed results for review (已完成 → 待审核)"),
        ("approve", "approve results under review (待审核 → 通过)"),
    ):
        c = cmds.add_parser(name, help=helptext)
        c.add_argument("ids", type=int, nargs="+", metavar="RESULT_ID")
        c.add_argument("--note")
        c.set_defaults(func=run_move, action=name)
    ret = cmds.add_parser("return", help="return results to the inspector with a reason (→ 退回)")
    ret.add_argument("ids", type=int, nargs="+", metavar="RESULT_ID")
    ret.add_argument("--reason", required=True)
    ret.set_defaults(func=run_move, action="return")

    ad = cmds.add_parser(
        "adopt", help="结果互认: adopt another department's recent result for the same business"
    )
    ad.add_argument("visit_id", type=int, metavar="VISIT_ID")
    ad.add_argument("--department", required=True, help="the adopting department")
    ad.add_argument(
        "--source", type=int, required=True, metavar="RESULT_ID", help="the result adopted"
    )
    ad.add_argument("--note", default="")
    ad.set_defaults(func=run_adopt)

    wh = cmds.add_parser(
        "withhold", help="不予公示: keep one result out of the notice, with the reason"
    )
    wh.add_argument("result_id", type=int, metavar="RESULT_ID")
    wh.add_argument("--reason", required=True)
    wh.set_defaults(func=run_withhold)

    cmds.add_parser(
        "withheld", help="results kept out of publication, with the reasons"
    ).set_defaults(func=run_withheld)

    uw = cmds.add_parser("unwithhold", help="恢复公示: lift a 不予公示 decision, with the reason")
    uw.add_argument("result_id", type=int, metavar="RESULT_ID")
    uw.add_argument("--reason", required=True)
    uw.set_defaults(func=run_unwithhold)

    dl = cmds.add_parser("deadlines", help="what is due soon and overdue")
    dl.add_argument("--today", type=iso_date)
    dl.add_argument("--all", action="store_true", help="also items not yet due soon")
    dl.set_defaults(func=run_deadlines)

    fu = cmds.add_parser("follow-ups", help="list follow-ups (后续处置)")
    fu.add_argument("--open", action="store_true", help="only 未完结")
    fu.set_defaults(func=run_follow_ups)


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def run_publish(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        report = publication.publish_task(
            ws,
            args.task_no,
            xlsx_path=args.out,
            pdf_path=args.pdf,
            department_code=args.department,
            published_on=args.date,
            layout=args.layout,
        )
    print(
        f"{report.task_no}（{report.department}）公示{report.rows}户，其中本次新公示{report.newly_published}户"
    )
    if report.not_ready:
        print(f"尚有{report.not_ready}项结果未审核通过，未列入本次公告")
    print(report.xlsx)
    if report.pdf:
        print(report.pdf)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        rows = results.list_results(
            ws, statuses=args.status, task_no=args.task, department_code=args.department
        )
    print("id\t状态\t任务编号\t部门\t市场主体\t代码\t完成日期\t公示期限\t检查结果\t备注")
    for r in rows:
        print(
            "\t".join(
                [
                    str(r.id),
                    r.status,
                    r.task_no,
                    r.department_code,
                    r.target_name,
                    r.target_code,
                    _d(r.completed_on),
                    _d(r.publish_due_on),
                    r.result_text,
                    r.review_note or "",
                ]
            )
        )
    return 0


def run_move(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        if args.action == "submit":
            changes = reviews.submit_for_review(ws, args.ids, note=args.note)
        elif args.action == "approve":
            changes = reviews.approve_results(ws, args.ids, note=args.note)
        else:
            changes = reviews.return_results(ws, args.ids, reason=args.reason)
    print(changes.message)
    return 0


def run_adopt(args: argparse.Namespace) -> int:
    from app.core.services.results import result_followthrough

    with workspace(args.db) as ws:
        changes = result_followthrough.adopt_result(
            ws,
            args.visit_id,
            department=args.department,
            source_result_id=args.source,
            note=args.note,
        )
    print(changes.message)
    return 0


def run_withhold(args: argparse.Namespace) -> int:
    from app.core.services.results import result_followthrough

    with workspace(args.db) as ws:
        print(result_followthrough.withhold_result(ws, args.result_id, reason=args.reason).message)
    return 0


def run_unwithhold(args: argparse.Namespace) -> int:
    from app.core.services.results import result_followthrough

    with workspace(args.db) as ws:
        changes = result_followthrough.lift_withholding(ws, args.result_id, reason=args.reason)
        print(changes.message)
    return 0


def run_withheld(args: argparse.Namespace) -> int:
    from app.core.services.results import result_followthrough

    with workspace(args.db, backup=False) as ws:
        for w in result_followthrough.withheld_results(ws):
            print(f"{w.result_id}\t{w.task_no}\t{w.department}\t{w.target_name}\t{w.reason}")
    return 0


def run_deadlines(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        found = deadlines.list_deadlines(ws, today=args.today, include_pending=args.all)
    print(f"截至{found.today}：{len(found.due_soon)} 项即将到期 / {len(found.overdue)} 项已逾期")
    if found.missing_years:
        print(
            f"注意：日历缺少{'、'.join(map(str, found.missing_years))}年的放假安排，部分期限无法计算"
        )
    for i in found.items:
        left = "" if i.remaining is None else str(i.remaining)
        print(
            "\t".join(
                [i.state, _d(i.due), left, i.rule_label, i.task_no, i.department, i.subject, i.note]
            )
        )
    return 0


def run_follow_ups(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        rows = followups.list_follow_ups(ws, open_only=args.open)
    for f in rows:
        flag = "（逾期）" if f.overdue else ""
        print(
            "\t".join(
                [
                    str(f.id),
                    f.status + flag,
                    f.kind,
                    f.to_party,
                    _d(f.due_on),
                    _d(f.completed_on),
                    f.task_no,
                    f.target_name,
                    f.note.replace("\n", " "),
                ]
            )
        )
    return 0
