"""Entry point: `python -m app` opens the window; `python -m app <command>` runs the CLI.

Keeps start-up cheap: Qt is imported only when the GUI is wanted.
"""

from __future__ import annotations

import gc
import sys


def _wants_gui(argv: list[str]) -> bool:
    from app.cli.main import command_in

    return command_in(argv) is None and not {"--self-test", "-h", "--help"} & set(argv)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(argv):
        # Importing the app builds long-lived objects only (SQLAlchemy, the models, Qt
        # wrappers): the cyclic collector would walk them again and again while they load,
        # a sixth of the start-up. run_gui freezes them and turns collection back on.
        gc.disable()
        from app.ui.app import run_gui

        return run_gui(argv)
    if "--self-test" in argv:
        from app.selftest import run_self_test

        return run_self_test(argv)
    from app.cli.main import run, stdout_closed

    code = run(argv)
    try:
        sys.stdout.flush()  # what is still buffered; its reader may be gone already
    except BrokenPipeError:
        return stdout_closed()
    return code


if __name__ == "__main__":
    sys.exit(main())
