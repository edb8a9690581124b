"""`python -m app --db DB user create|list|passwd|deactivate|activate|unlock`: local accounts.

The CLI acts as the local operator (whoever holds the file); passwords are read from the
terminal or --password-stdin, never from a plain argument.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from app.cli.common import workspace
from app.core.domain.errors import ValidationError
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import ROLE_LABELS, Role
from app.core.services.kernel import users


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("user", help="manage local accounts / 用户管理")
    cmds = p.add_subparsers(dest="user_command", metavar="<action>", required=True)
    c = cmds.add_parser("create", help="create an account")
    c.add_argument("username")
    c.add_argument("--name", default="", help="display name / 姓名")
    c.add_argument("--role", choices=[r.value for r in Role], required=True)
    c.add_argument("--inspector-id", type=int)
    c.add_argument(
        "--department", help="the department the account answers for (default: county-wide)"
    )
    c.add_argument("--unit", help="科室/单位 within the department")
    c.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    c.set_defaults(func=run_create)
    ls = cmds.add_parser("list", help="list accounts")
    ls.set_defaults(func=run_list)
    pw = cmds.add_parser("passwd", help="set a new password (administrator reset)")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=run_passwd)
    dp = cmds.add_parser(
        "department", help="set the department (and unit) an account answers for / 所属部门"
    )
    dp.add_argument("username")
    dp.add_argument("department", help='department code or name ("" = county-wide)')
    dp.add_argument("--unit")
    dp.set_defaults(func=run_department)
    for name, func in (
        ("deactivate", run_deactivate),
        ("activate", run_activate),
        ("unlock", run_unlock),
    ):
        x = cmds.add_parser(name, help=f"{name} an account")
        x.add_argument("username")
        x.set_defaults(func=func)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("密码 / password: ")
    if getpass.getpass("再次输入 / again: ") != first:
        raise ValidationError("两次输入的密码不一致。 / The passwords differ.")
    return first


def run_create(args: argparse.Namespace) -> int:
    password = _password(args)
    with workspace(args.db) as ws:
        info = users.create_user(
            ws,
            username=args.username,
            display_name=args.name,
            role=args.role,
            password=password,
            inspector_id=args.inspector_id,
            department=args.department,
            unit=args.unit,
        )
    print(
        f"created {info.username} ({info.role.value}{', ' + info.department_name if info.department_name else ''})"
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        rows = users.list_users(ws)
    for u in rows:
        state = "active" if u.is_active else "inactive"
        if u.locked_until:
            state += f", locked until {fmt_time(u.locked_until, zone=True)}"
        last = fmt_time(u.last_login_at, empty="-")
        print(
            f"{u.username:<16} {u.display_name:<10} {u.role.value:<10} {ROLE_LABELS[u.role]:<6} {state:<10} last login {last}"
            + (
                f"  {u.department_name}{('（' + u.unit + '）') if u.unit else ''}"
                if u.department_name
                else ""
            )
        )
    print(f"{len(rows)} accounts")
    return 0


def run_department(args: argparse.Namespace) -> int:
    with workspace(args.db) as ws:
        users.set_department(
            ws, username=args.username, department=args.department or None, unit=args.unit
        )
        info = next(u for u in users.list_users(ws) if u.username == args.username.strip())
    print(
        f"{info.username}: {info.department_name or '全县（不限部门）'}{('（' + info.unit + '）') if info.unit else ''}"
    )
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    password = _password(args)
    with workspace(args.db) as ws:
        users.reset_password(ws, username=args.username, new_password=password)
    print(f"password of {args.username} changed")
    return 0


def _simple(args: argparse.Namespace, action: str) -> int:
    with workspace(args.db) as ws:
        if action == "unlock":
            users.unlock_user(ws, args.username)
        else:
            users.set_active(ws, username=args.username, active=action == "activate")
    print(f"{args.username}: {action}d")
    return 0


def run_deactivate(args: argparse.Namespace) -> int:
    return _simple(args, "deactivate")


def run_activate(args: argparse.Namespace) -> int:
    return _simple(args, "activate")


def run_unlock(args: argparse.Namespace) -> int:
    return _simple(args, "unlock")
