"""`python -m app keys export|trust|list|revoke`: this installation's key pair and trusted keys."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import workspace
from app.core.services.kernel import keys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("keys", help="installation keys and trusted keys / 密钥管理")
    ksub = p.add_subparsers(dest="keys_command", metavar="<action>", required=True)
    e = ksub.add_parser("export", help="write this installation's public key / 导出本机公钥")
    e.add_argument("out", type=Path)
    e.set_defaults(func=run_export)
    t = ksub.add_parser("trust", help="trust a public key file / 信任公钥")
    t.add_argument("file", type=Path)
    t.add_argument("--role", choices=list(keys.ROLES), required=True)
    t.add_argument("--name", help="the name its bundles show (default: the key file's)")
    t.add_argument(
        "--inspector",
        action="append",
        default=[],
        metavar="CERT_NO",
        help="a laptop key: an inspector it is issued for (repeat for a team) / 终端持有人执法证号",
    )
    t.set_defaults(func=run_trust)
    b = ksub.add_parser(
        "trust-bundle",
        help="trust the office key an assignments bundle was signed with, after comparing"
        " its fingerprint / 核对指纹后信任数据包的签发密钥",
    )
    b.add_argument("file", type=Path)
    b.add_argument(
        "--fingerprint",
        help="the fingerprint the office gave you (without it: only show the bundle's)",
    )
    b.add_argument("--name", help="the name its bundles show (default: the bundle's)")
    b.set_defaults(func=run_trust_bundle)
    ls = ksub.add_parser("list", help="own and trusted keys / 密钥列表")
    ls.set_defaults(func=run_list)
    r = ksub.add_parser("revoke", help="stop trusting a key / 吊销公钥")
    r.add_argument("key_id")
    r.set_defaults(func=run_revoke)


def run_export(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        inst = keys.export_public_key(ws, args.out)
        print(f"written: {args.out}")
        print(f"key id: {inst.key_id}")
    return 0


def run_trust(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        info = keys.trust_key(
            ws, args.file, role=args.role, name=args.name, inspectors=args.inspector
        )
        print(f"trusted: {info.key_id} {info.name} ({info.role})")
        print(f"fingerprint: {keys.fingerprint(info.signing_key)}")
        if info.role == "laptop" and not info.inspectors:
            print(
                "note: no --inspector given: this laptop's results bundles will be refused"
                " / 未指定检查人员：该终端的结果数据包将被拒收"
            )
    return 0


def run_trust_bundle(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        if not args.fingerprint:
            offer = keys.bundle_key_offer(ws, args.file)
            if offer is None:
                print("no new key to trust in this bundle / 此数据包没有待信任的新密钥")
                return 1
            print(f"signed by: {offer.name} ({offer.office or offer.installation_id})")
            print(f"fingerprint: {offer.fingerprint}")
            print(
                "compare it with the office's, then repeat with --fingerprint / 与局里核对指纹后加 --fingerprint 再执行"
            )
            return 0
        info = keys.trust_bundle_signer(
            ws, args.file, fingerprint_seen=args.fingerprint, name=args.name
        )
        print(f"trusted: {info.key_id} {info.name} ({info.role})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        for k in keys.list_keys(ws):
            state = "revoked" if k.revoked else "active"
            holders = f"  holders: {'、'.join(k.holders) or '-'}" if k.role == "laptop" else ""
            print(f"{k.key_id}  {k.role:8}  {state:7}  {k.name}{holders}")
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        print(keys.revoke_key(ws, args.key_id).message)
    return 0
