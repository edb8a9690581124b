"""`python -m app proposal list|apply|dismiss`: registry status changes proposed by results.

Front end only; the work is in app.core.services.registry.registry_proposals (F/7/9/10/11/12 results).
"""

from __future__ import annotations

import argparse

from app.cli.common import workspace
from app.core.services.registry import registry_proposals


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "proposal", help="名录状态变更建议: results F/7/9/10/11/12 → registry status"
    )
    psub = p.add_subparsers(dest="proposal_command", metavar="<action>", required=True)
    lst = psub.add_parser("list", help="open proposals")
    lst.set_defaults(func=run_list)
    a = psub.add_parser("apply", help="apply one proposal (supervisor)")
    a.add_argument("result_id", type=int, metavar="RESULT_ID")
    a.set_defaults(func=run_apply)
    d = psub.add_parser("dismiss", help="keep the registry as it is, with a reason")
    d.add_argument("result_id", type=int, metavar="RESULT_ID")
    d.add_argument("--reason", required=True)
    d.set_defaults(func=run_dismiss)


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db, backup=False) as ws:
        for x in registry_proposals.list_proposals(ws):
            print(
                f"{x.result_id}\t{x.completed_on}\t{x.code}\t{x.name}\t{x.result_code} {x.result_text}\t"
                f"{x.current} → {x.proposed}"
            )
    return 0


def run_apply(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(registry_proposals.apply_proposal(ws, args.result_id).message)
    return 0


def run_dismiss(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(registry_proposals.dismiss_proposal(ws, args.result_id, reason=args.reason).message)
    return 0
