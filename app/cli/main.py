"""The command-line front end: `python -m app [--db PATH] <command> ...` over core services.

Exit codes are a contract: 0 success, 1 a user-facing error (message on stderr, no
traceback unless --debug), 2 a usage error, 141 when stdout was closed by its reader
(`... | head -1`: the command stops quietly). A file that cannot be opened or written, a
database that cannot be opened, or any other failure is one line on stderr and exit 1 —
never a traceback unless --debug. Commands live in app/cli/commands/, one
module per noun, each exposing `register(subparsers)`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from app.core.domain.errors import AppError

from . import commands


class CliUsageError(Exception):
    """Raised by a command for a usage problem argparse cannot see (exit 2)."""


_OPTIONS_WITH_VALUE = frozenset({"--db", "--lang"})


def command_in(argv: Sequence[str]) -> str | None:
    """The command word of a command line (its first positional argument), if any."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _OPTIONS_WITH_VALUE:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command line, only its command's module is imported.

    Importing every command pulls in SQLAlchemy, Alembic and reportlab (~1 s); a command
    line that names one command needs only that one.
    """
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="双随机、一公开 抽查工作台. Without a command, opens the window.",
    )
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file (or postgresql:// URL)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (GUI)")
    parser.add_argument(
        "--self-test", action="store_true", help="run the built-in self-test and exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="<command>")
    names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))
    wanted = command_in(argv) if argv is not None else None
    if wanted in names:
        names = [wanted]
    for name in names:
        importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    _accept_globals_anywhere(sub)
    return parser


def _accept_globals_anywhere(sub: argparse._SubParsersAction) -> None:
    """`--db` and `--debug` work before or after the command (`demo --db X`, `--db X info`)."""
    for child in set(sub.choices.values()):
        known = {opt for action in child._actions for opt in action.option_strings}
        if "--db" not in known:
            child.add_argument(
                "--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )
        if "--debug" not in known:
            child.add_argument(
                "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )
        for action in child._actions:
            if isinstance(action, argparse._SubParsersAction):
                _accept_globals_anywhere(action)


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run one command; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except CliUsageError as exc:
        print(f"{parser.prog}: {exc}", file=sys.stderr)
        return 2
    except AppError as exc:
        if args.debug:
            raise
        print(f"错误 / error: {exc}", file=sys.stderr)
        for line in exc.details[:50]:
            print(f"  {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return stdout_closed()
    except OSError as exc:
        if args.debug:
            raise
        where = f"：{exc.filename}" if exc.filename else ""
        print(f"错误 / error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 — the last line of defence: a message, not a traceback
        if args.debug:
            raise
        print(f"错误 / error: {_unexpected(exc)}", file=sys.stderr)
        return 1


EXIT_PIPE_CLOSED = 141  # as a process stopped by SIGPIPE


def stdout_closed() -> int:
    """The reader of stdout went away (`| head -1`): point stdout at the null device so the
    interpreter's last flush cannot fail again, and stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_PIPE_CLOSED


def _unexpected(exc: Exception) -> str:
    """One line for a failure no service turned into a message (the database driver's, mostly)."""
    module = type(exc).__module__ or ""
    if module.startswith("sqlalchemy"):
        orig = getattr(exc, "orig", None)
        detail = str(orig or exc).strip().splitlines()[0] if str(orig or exc).strip() else ""
        return f"无法使用数据库（{detail}）。请检查 --db 指向的文件或服务器。 / The database cannot be used."
    return f"意外错误：{type(exc).__name__}: {exc}（加 --debug 可查看详情，请报告此问题） / unexpected error"
