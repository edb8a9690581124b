"""Entry point: `python -m app` opens the window; `python -m app <command>` runs the CLI.

Keeps start-up cheap: Qt is imported only when the GUI is wanted.
"""

from __future__ import annotations

import sys


def _wants_gui(argv: list[str]) -> bool:
    from app.cli.main import build_parser

    args, _ = build_parser().parse_known_args(argv)
    return args.command is None and not args.self_test and "-h" not in argv and "--help" not in argv


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        from app.ui.app import run_gui

        return run_gui(argv)
    if "--self-test" in argv:
        from app.selftest import run_self_test

        return run_self_test(argv)
    from app.cli.main import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
