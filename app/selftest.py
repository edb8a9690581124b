"""`--self-test`: proves an installation works end to end, one printed line per check.

Opens a temporary database, runs the migrations, creates a small sample county, runs a public
draw and verifies its record, writes an xlsx and a signed-sheet PDF, and renders the main window
offscreen. Exits 0, or 1 naming what failed. Works frozen (PyInstaller) and from source.
Everything happens in a temporary folder: it must never touch the user's data or settings.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

__all__ = ["CHECKS", "SelfTest", "run_self_test"]

SAMPLE_TARGETS = 300  # 200 trips demo/inspection_data when the task has ≤ 3 visits (reported)
DRAW_TASK = "五原市监抽查〔2026〕2号"  # the sample county draws task 1; the self-test draws task 2
SHEET_TASK = "五原市监抽查〔2026〕1号"  # …whose completed, signed inspections it prints
WINDOW_TIMEOUT_MS = 30_000
SHOWN_MARKER = "MAIN_WINDOW_SHOWN"  # printed when the window is up (bench/bench_frozen.py)

REQUIRED_RESOURCES = (
    "fonts/wqy-microhei.ttc",
    "codes/code_tables.json",
    "data/gbt4754-2017.csv",
    "holidays/cn-2026.json",
    "icons/shuangsuiji-256.png",
)


class CheckFailed(Exception):
    """A check ran and found something wrong; the message says what."""


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float


@dataclass
class SelfTest:
    """Runs checks in order, sharing `state` (paths, the open sample) between them."""

    workdir: Path
    out: TextIO
    state: dict[str, Any] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    debug: bool = False

    def run(self, name: str, check: Callable[[SelfTest], str]) -> bool:
        t0 = time.perf_counter()
        try:
            detail, ok = check(self), True
        except CheckFailed as exc:
            detail, ok = str(exc), False
        except ModuleNotFoundError as exc:
            detail, ok = f"missing module {exc.name} (this build lacks the capability)", False
        except Exception as exc:  # noqa: BLE001 — every failure is reported, none escapes
            detail, ok = f"{type(exc).__name__}: {exc}", False
            if self.debug:
                traceback.print_exc(file=self.out)
        outcome = Outcome(name, ok, detail, time.perf_counter() - t0)
        self.outcomes.append(outcome)
        mark = "ok  " if ok else "FAIL"
        print(f"{mark} {name:<11} {detail} ({outcome.seconds:.2f} s)", file=self.out, flush=True)
        return ok

    def need(self, key: str) -> Any:
        if key not in self.state:
            raise CheckFailed(f"skipped: needs the {key!r} an earlier check did not produce")
        return self.state[key]


# -- the checks -------------------------------------------------------------------------------


def check_version(t: SelfTest) -> str:
    from app.version import APP_NAME, __version__

    if __version__ in ("", "0+unknown"):
        raise CheckFailed("version unknown: the bundle lacks its package metadata")
    frozen = "frozen" if getattr(sys, "frozen", False) else "source"
    return f"{APP_NAME} {__version__} ({frozen}, Python {platform.python_version()}, {platform.system()})"


def check_resources(t: SelfTest) -> str:
    from app.core.domain.resources import resource_path, resources_root
    from app.core.storage.migrate import MIGRATIONS_DIR

    missing = [r for r in REQUIRED_RESOURCES if not resource_path(*r.split("/")).is_file()]
    templates = resource_path("templates")
    if not templates.is_dir() or not any(templates.iterdir()):
        missing.append("templates/")
    versions = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("*.py"))
    for needed in ("env.py", "script.py.mako"):
        if not (MIGRATIONS_DIR / needed).is_file():
            missing.append(f"migrations/{needed}")
    if not versions:
        missing.append("migrations/versions/*.py")
    if missing:
        raise CheckFailed(f"missing under {resources_root()}: {', '.join(missing)}")
    count = sum(1 for p in resources_root().rglob("*") if p.is_file())
    return f"{count} resource files, {len(versions)} migration(s)"


def check_drivers(t: SelfTest) -> str:
    """SQLite always; PostgreSQL's libpq (the office-server mode) must load too."""
    import sqlite3

    import psycopg

    try:
        libpq = psycopg.pq.version()
    except Exception as exc:  # noqa: BLE001 — no libpq: say which package provides it
        raise CheckFailed(
            f"PostgreSQL client library not loadable ({exc}); install libpq5"
        ) from exc
    return f"SQLite {sqlite3.sqlite_version}, libpq {libpq // 10000}.{libpq % 100} ({psycopg.pq.__impl__})"


def check_migrations(t: SelfTest) -> str:
    from app.core.storage.database import Database
    from app.core.storage.migrate import head_revision

    db = Database(t.workdir / "empty.db")
    try:
        db.open(backup=False)
        revision = db.revision()
    finally:
        db.dispose()
    if revision != head_revision():
        raise CheckFailed(f"database at {revision}, expected {head_revision()}")
    return f"empty database upgraded to {revision}"


def check_sample(t: SelfTest) -> str:
    from app.core.demo.county import create_sample_county

    path = t.workdir / "sample.db"
    summary = create_sample_county(path, targets=SAMPLE_TARGETS)
    if summary.targets != SAMPLE_TARGETS or not summary.tasks:
        raise CheckFailed(f"unexpected sample: {summary}")
    t.state["sample_db"] = path
    return (
        f"{summary.targets} targets, {summary.inspectors} inspectors, {summary.items} items, "
        f"{summary.tasks} tasks"
    )


def _open(t: SelfTest) -> Any:
    ws = t.state.get("workspace")
    if ws is None:
        from app.core.services.kernel.workspace import open_workspace

        ws = t.state["workspace"] = open_workspace(t.need("sample_db"), backup=False)
    return ws


def check_draw(t: SelfTest) -> str:
    from app.core.draw.verify import verify_record
    from app.core.services.draw import draw_views, draws

    ws = _open(t)
    outcome = draws.run_draw(
        ws,
        task_ref=DRAW_TASK,
        observers=["公证员 王平", "企业代表 李娜"],
        observer_inputs=["3 1 4 1 5 6", "2 6 5 3 5"],
        on=date(2026, 4, 9),
        signer="自检",
    )
    view = outcome.view
    if view.status != "ok" or not outcome.targets:
        raise CheckFailed(
            f"draw of {DRAW_TASK} ended {view.status}: {view.error or 'nothing drawn'}"
        )
    record = draw_views.draw_record_of(ws, view.id)
    failures = verify_record(record)
    if failures:
        raise CheckFailed(f"record does not verify: {failures[0]}")
    tampered = dict(record, reveal=dict(record["reveal"], public_value="tampered"))
    if not verify_record(tampered):
        raise CheckFailed("the verifier accepted a tampered record")
    t.state["draw"] = (view.id, [target.name for target in outcome.targets])
    # verify.html ships inside the bundle: every export of a draw writes it beside the record.
    from app.core.services.draw.draw_files import verify_page_beside

    page = verify_page_beside(t.workdir / "record.json", record).read_text("utf-8")
    if 'id="engine"' not in page or 'id="embedded-record">\n' not in page:
        raise CheckFailed("verify.html (the observers' page) is missing or has no record in it")
    return (
        f"{len(outcome.targets)} targets drawn for {DRAW_TASK}; record verified, tampering caught;"
        " verify.html written"
    )


def check_xlsx(t: SelfTest) -> str:
    """The published list of drawn targets (抽查名单), read back: every drawn business is in it."""
    from openpyxl import load_workbook

    from app.core.services.draw import draw_results

    session_id, drawn = t.need("draw")
    path = t.workdir / "drawn-targets.xlsx"
    draw_results.export_drawn_targets_xlsx(_open(t), session_id=session_id, path=path)
    workbook = load_workbook(path, read_only=True)
    try:
        cells = {
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        }
        sheets = len(workbook.sheetnames)
    finally:
        workbook.close()
    missing = [name for name in drawn if name not in cells]
    if missing:
        raise CheckFailed(f"{path.name} lacks drawn target {missing[0]!r}")
    return f"{path.name}: {sheets} sheet(s), all {len(drawn)} drawn targets read back"


def check_pdf(t: SelfTest) -> str:
    from app.core.services.checklist import sheets

    ws = _open(t)
    ids = sheets.task_inspection_ids(ws, SHEET_TASK)
    if not ids:
        raise CheckFailed(f"no completed inspection in {SHEET_TASK} to print")
    path = t.workdir / "signed-sheet.pdf"
    pages = sheets.export_sheet_pdf(ws, ids[0], path)
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or pages < 1:
        raise CheckFailed(f"{path.name} is not a PDF ({len(data)} bytes)")
    if b"/FontFile2" not in data:
        raise CheckFailed(f"{path.name}: the CJK font is not embedded")
    return f"{path.name}: {pages} page(s), {len(data) // 1024} KB, CJK font embedded"


def check_window(t: SelfTest) -> str:
    if not t.state.get("display") and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    # Settings (window geometry, language) go to the temporary folder, not the user's.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(t.workdir))

    from app.ui.app import GuiController, create_application

    app = create_application([])
    ws = t.state.get("window_workspace") or _open(t)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    try:
        if window is None:
            raise CheckFailed("no main window was created")
        loop = QEventLoop()
        shown: list[bool] = []

        def on_shown() -> None:
            shown.append(True)
            loop.quit()

        window.status_refreshed.connect(on_shown)
        QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
        if not shown:
            loop.exec()
        if not shown:
            raise CheckFailed(
                f"the status bar did not refresh within {WINDOW_TIMEOUT_MS // 1000} s"
            )
        print(SHOWN_MARKER, file=t.out, flush=True)
        image = window.grab()
        path = t.workdir / "main-window.png"
        if image.isNull() or not image.save(str(path)):
            raise CheckFailed("could not render the main window")
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        title = window.windowTitle()
    finally:
        if window is not None:
            window.close()
        controller.runner.wait(60_000)
    return f"{title!r}: {len(tabs)} tabs ({'、'.join(tabs)}), {image.width()}×{image.height()} rendered"


CHECKS: tuple[tuple[str, Callable[[SelfTest], str]], ...] = (
    ("version", check_version),
    ("resources", check_resources),
    ("drivers", check_drivers),
    ("migrations", check_migrations),
    ("sample", check_sample),
    ("draw", check_draw),
    ("xlsx", check_xlsx),
    ("pdf", check_pdf),
    ("window", check_window),
)


# -- entry point --------------------------------------------------------------------------------


def _options(argv: list[str]) -> dict[str, Any]:
    import argparse

    parser = argparse.ArgumentParser(prog="shuangsuiji --self-test", add_help=False)
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated checks, e.g. --only=window")
    parser.add_argument("--db", help="with --only=window: open this database instead of a sample")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--display", action="store_true", help="use the real display, not offscreen"
    )
    parser.add_argument("--debug", action="store_true", help="print tracebacks")
    args, _unknown = parser.parse_known_args(argv)
    return vars(args)


def _output() -> TextIO:
    """stdout, made safe for Chinese on any console; a log file when there is none (windowed exe)."""
    out = sys.stdout
    if out is None:
        from app.core.appdirs import log_dir

        return open(log_dir() / "self-test.log", "w", encoding="utf-8")  # noqa: SIM115
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="replace")
    return out


def run_self_test(argv: list[str] | None = None) -> int:
    """Runs the checks (all, or `--only=a,b`); returns 0 when every one passed, else 1."""
    opts = _options(list(sys.argv[1:] if argv is None else argv))
    names = [n.strip() for n in opts["only"].split(",") if n.strip()]
    known = {name for name, _ in CHECKS}
    unknown = [n for n in names if n not in known]
    out = _output()
    if unknown:
        print(f"unknown check(s): {', '.join(unknown)}; known: {', '.join(known)}", file=out)
        return 2
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="shuangsuiji-selftest-"))
    saved_env = {k: os.environ.get(k) for k in ("APP_DATA_DIR", "XDG_CONFIG_HOME")}
    os.environ["APP_DATA_DIR"] = str(workdir / "data")  # logs, keys, backups stay in here
    os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
    test = SelfTest(workdir=workdir, out=out, debug=bool(opts["debug"]))
    test.state["display"] = opts["display"]
    try:
        if opts["db"]:
            from app.core.services.kernel.workspace import open_workspace

            test.state["window_workspace"] = open_workspace(opts["db"], backup=False)
        for name, check in CHECKS:
            if not names or name in names:
                test.run(name, check)
    finally:
        for key in ("workspace", "window_workspace"):
            ws = test.state.get(key)
            if ws is not None:
                ws.db.dispose()
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if opts["keep"]:
            print(f"files kept in {workdir}", file=out)
        else:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    failed = [o.name for o in test.outcomes if not o.ok]
    elapsed = time.perf_counter() - started
    if failed:
        print(f"self-test FAILED: {', '.join(failed)} ({elapsed:.1f} s)", file=out, flush=True)
        return 1
    print(f"self-test passed: {len(test.outcomes)} checks ({elapsed:.1f} s)", file=out, flush=True)
    return 0
