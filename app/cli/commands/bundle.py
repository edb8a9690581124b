"""`python -m app bundle export|import|verify|list|conflicts|resolve`: hand-off bundles (a contract).

Exit codes: 0 done (an already-imported bundle too), 1 refused with the reason on stderr
and nothing written, 2 usage. Only services are called; nothing here touches the store.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import workspace
from app.core.domain.localtime import fmt_time
from app.core.services.exchange import bundle_export, bundles, sync_conflicts


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bundle", help="hand-off bundles (USB) / 数据包导出导入")
    bsub = p.add_subparsers(dest="bundle_command", metavar="<action>", required=True)

    e = bsub.add_parser("export", help="write a bundle / 导出数据包")
    e.add_argument("flow", choices=["assignments", "results", "platform"])
    e.add_argument("out", type=Path, help="bundle file to write (e.g. on the USB stick)")
    e.add_argument("--for", dest="recipient", metavar="KEY_ID", help="encrypt to this trusted key")
    e.add_argument("--task", metavar="TASK_NO", help="only this task's visits")
    e.add_argument("--inspector", metavar="CERT_NO", help="only this inspector's visits")
    e.add_argument("--queue", action="store_true", help="also queue it for online sync")
    e.add_argument(
        "--attach",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="add a file (e.g. the publication workbook) to a platform bundle",
    )
    e.set_defaults(func=run_export)

    i = bsub.add_parser("import", help="verify and import a bundle / 导入数据包")
    i.add_argument("file", type=Path)
    i.add_argument(
        "--accept-allowed",
        action="store_true",
        help="import the records the sender may write and keep the refused ones for review"
        " (a supervisor's choice) / 只导入允许的部分，拒收部分留存待复核",
    )
    i.set_defaults(func=run_import)

    v = bsub.add_parser("verify", help="check a bundle without importing / 校验数据包")
    v.add_argument("file", type=Path)
    v.set_defaults(func=run_verify)

    ls = bsub.add_parser("list", help="bundles written and read here / 数据包记录")
    ls.set_defaults(func=run_list)

    c = bsub.add_parser("conflicts", help="records changed on both sides / 同步冲突")
    c.add_argument("--all", action="store_true", help="include resolved ones")
    c.set_defaults(func=run_conflicts)

    r = bsub.add_parser("resolve", help="decide a conflict / 处理同步冲突")
    r.add_argument("conflict_id", type=int)
    r.add_argument("--keep", choices=["local", "incoming"], required=True)
    r.set_defaults(func=run_resolve)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"


def run_export(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:

        def progress(done: int, total: int, text: str) -> None:
            if sys.stderr.isatty():
                print(f"\r{text} {done}/{total}", end="", file=sys.stderr)

        res = bundle_export.export_bundle(
            ws,
            args.flow,
            args.out,
            recipient_key_id=args.recipient,
            task_no=args.task,
            inspector_cert=args.inspector,
            queue=args.queue,
            attach=args.attach,
            progress=progress,
        )
        print(f"written: {res.path}")
        print(f"bundle: {res.bundle_id} (#{res.sequence}, {res.size} bytes)")
        print(f"records: {_counts(res.counts)}")
        if res.encrypted_for:
            print(f"encrypted for: {res.encrypted_for}")
        for note in res.notes:
            print(f"note: {note}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        try:
            rep = bundles.import_bundle(ws, args.file, accept_allowed_part=args.accept_allowed)
        except bundles.BundleRefused as exc:
            print(f"错误 / error: {exc}", file=sys.stderr)
            print("refused records / 拒收的记录：", file=sys.stderr)
            for line in exc.details:  # every one, not the first 50
                print(f"  refused: {line}", file=sys.stderr)
            return 1
        print(f"bundle: {rep.bundle_id} ({rep.flow} #{rep.sequence} from {rep.producer})")
        if rep.already_imported:
            print("already imported: nothing changed / 已导入过，未做更改")
            return 0
        for what in ("added", "updated", "unchanged", "conflicts", "deleted"):
            print(f"{what}: {rep.total(what)} ({_counts(getattr(rep, what))})")
        for kind, uid, reason in rep.conflict_items[:50]:
            print(f"  conflict: {kind} {uid} ({reason})")
        for refusal in rep.refused:
            print(f"  refused, kept for review: {refusal.line()}")
        if rep.gaps:
            print(f"missing bundles from this producer: {', '.join(map(str, rep.gaps))} / 缺少序号")
        for w in rep.warnings:
            print(f"warning: {w}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        c = bundles.verify_bundle(ws, args.file)
        print("OK: signature, hashes, sizes and layout verified / 校验通过")
        print(
            f"bundle: {c.bundle_id} ({c.flow} #{c.sequence}, {fmt_time(c.created_at, seconds=True, zone=True)})"
        )
        print(f"producer: {c.producer} (trusted as {c.signer_role})")
        print(f"records: {_counts(c.counts)}")
        if c.encrypted_for:
            print(
                f"encrypted for: {c.encrypted_for} ({'readable here' if c.readable_here else 'not readable here'})"
            )
        if c.already_imported:
            print("already imported here")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        for b in bundles.list_bundles(ws):
            print(
                f"{b.created_at}  {b.direction:3}  {b.flow:11}  #{b.sequence:<4} {b.status:7} {b.producer_name}  {b.bundle_id}"
            )
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        for c in sync_conflicts.list_conflicts(ws, status="all" if args.all else "open"):
            state = {"open": "待处理", "local": "已保留本机版本", "incoming": "已采用对方版本"}
            where = " · ".join(x for x in (c.business or c.title, c.entity_label, c.task) if x)
            print(f"#{c.id}  {state.get(c.status, c.status)}  {where}  {c.reason_text}")
            for row in c.rows:
                if row.changed:
                    theirs = "（对方已删除）" if c.incoming is None else row.incoming or "—"
                    print(f"    {row.label}：本机 {row.local or '—'} ｜ 对方 {theirs}")
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(sync_conflicts.resolve_conflict(ws, args.conflict_id, keep=args.keep).message)
    return 0
