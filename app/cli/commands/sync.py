"""`python -m app sync configure|now|queue|serve`: online sync of the same bundle files over HTTPS."""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

from app.cli.common import workspace
from app.core.services.exchange import sync


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sync", help="online sync of bundles / 在线同步")
    ssub = p.add_subparsers(dest="sync_command", metavar="<action>", required=True)
    c = ssub.add_parser("configure", help="set the sync address / 设置同步地址")
    c.add_argument("--url", required=True, help='https://host:port ("" to switch sync off)')
    c.add_argument("--token", default="")
    c.add_argument("--ca-cert", default="", help="the receiver's certificate (PEM) to trust")
    c.set_defaults(func=run_configure)
    n = ssub.add_parser("now", help="send the queue and fetch new bundles / 立即同步")
    n.add_argument("--force", action="store_true", help="retry failed sends now")
    n.set_defaults(func=run_now)
    q = ssub.add_parser("queue", help="the outgoing queue / 发送队列")
    q.set_defaults(func=run_queue)
    s = ssub.add_parser("serve", help="run the reference receiver / 运行参考接收端")
    s.add_argument("--dir", type=Path, required=True)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8443)
    s.add_argument("--token", default="")
    s.set_defaults(func=run_serve)


def run_configure(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(sync.configure_sync(ws, url=args.url, token=args.token, ca_cert=args.ca_cert).message)
    return 0


def run_now(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        rep = sync.sync_now(ws, force=args.force)
        print(rep.summary())
        for r in rep.received:
            print(f"  {r.flow} #{r.sequence} from {r.producer}: {r.summary().splitlines()[0]}")
        for e in rep.errors:
            print(f"  error: {e}")
        return 0 if not rep.errors else 1


def run_queue(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        for b in sync.sync_queue(ws):
            print(
                f"{b.created_at}  {b.flow:11} #{b.sequence:<4} {b.status:7} attempts={b.attempts} {b.last_error or ''}"
            )
    return 0


def run_serve(args: argparse.Namespace) -> int:
    receiver = sync.serve_receiver(args.dir, host=args.host, port=args.port, token=args.token)
    print(f"listening on {receiver.url}; clients trust {receiver.cert_path}")
    with contextlib.suppress(KeyboardInterrupt):
        receiver.serve_forever()
    return 0
