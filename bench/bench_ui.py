"""UI latency: each interaction from the input to the updated widget, beside the bare service
call it makes, on the sample county (5,000 targets), offscreen.

The interaction runs on real widgets of the app with its task runner (worker thread, answer
delivered to the GUI thread); the baseline calls the same service function directly in this
thread. The difference is what the UI adds (goal ≤ 50 ms). Each figure is the median of
REPEATS runs. Also import time of the main window module against PySide6.QtWidgets alone.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REPEATS = 5


def _median(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _wait(app: Any, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Runs the event loop, as the app does while a person waits, until `condition` holds:
    idle in Qt between events (a busy loop of processEvents would take the interpreter from
    the worker thread every millisecond and slow down the very call being measured)."""
    from PySide6.QtCore import QEventLoop, QTimer

    if condition():
        return
    end = time.perf_counter() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(2)

    def check() -> None:
        if condition() or time.perf_counter() > end:
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError("the widget was not updated in time")


def _answered(obj: Any, name: str) -> list[int]:
    """Wraps the callback `obj.name` so the bench sees when the answer reached the widget."""
    calls: list[int] = []
    original = getattr(obj, name)

    def wrapper(*args: Any) -> Any:
        result = original(*args)
        calls.append(1)
        return result

    setattr(obj, name, wrapper)
    return calls


def _import_time(module: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], env=env, check=True, cwd=REPO)
        best = min(best, time.perf_counter() - t0)
    return best


def measures() -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows: list[dict] = []
    ui_import = _import_time("app.ui.main_window")
    qt_import = _import_time("PySide6.QtWidgets")
    rows.append(
        {
            "name": "import app.ui.main_window",
            "seconds": ui_import,
            "baseline_name": "import PySide6.QtWidgets",
            "baseline_seconds": qt_import,
            "goal": "start-up ≤ 3× bare Qt",
        }
    )
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("APP_DATA_DIR", str(Path(tmp) / "appdata"))
        os.environ.setdefault("XDG_CONFIG_HOME", str(Path(tmp) / "config"))
        from app.core.demo.county import create_sample_county

        db = Path(tmp) / "sample.db"
        create_sample_county(db)
        rows += _interactions(db)
    return rows


def _interactions(db: Path) -> list[dict]:
    from app.core.domain.localtime import local_today
    from app.core.services.admin import stats
    from app.core.services.checklist import inspections, visit_list
    from app.core.services.kernel.workspace import open_workspace
    from app.core.services.plan import task_views, timetable
    from app.core.services.registry import targets
    from app.core.services.registry.departments import list_departments
    from app.core.services.registry.vocab import field_choices
    from app.ui.app import create_application
    from app.ui.context import UiContext
    from app.ui.features.checklist.page import ChecklistPage
    from app.ui.features.plan.page import PlanPage
    from app.ui.features.registry.page import RegistryPage
    from app.ui.features.results.dashboard import DashboardPanel
    from app.ui.runner import TaskRunner

    app = create_application([])
    ws = open_workspace(db)
    runner = TaskRunner()
    ctx = UiContext(ws, runner)
    out: list[dict] = []

    def row(name: str, ui: float, base_name: str, base: float, goal: str) -> None:
        out.append(
            {
                "name": name,
                "seconds": ui,
                "baseline_name": base_name,
                "baseline_seconds": base,
                "goal": f"{goal}; UI adds {1000 * (ui - base):.0f} ms (≤ 50)",
            }
        )

    # 检查表: switch 待检查 / 草稿 / 已完成, and open a visit
    page = ChecklistPage(ctx)
    page.resize(1366, 768)
    page.show()
    page.refresh()
    _wait(app, lambda: bool(page.rows))
    state = {"tab": 0}

    def switch_tab() -> None:
        state["tab"] = (state["tab"] + 1) % 3
        old = page.rows
        page.tab_bar.setCurrentIndex(state["tab"])
        _wait(app, lambda: page.rows is not old)

    from app.ui.features.checklist.page import TAB_KEYS as tab_keys

    def switch_bare() -> None:
        state["tab"] = (state["tab"] + 1) % 3
        visit_list.list_visits(ws, tab=tab_keys[state["tab"]], search="")
        visit_list.visit_counts(ws)

    row(
        "检查表 tab switch (待检查/草稿/已完成)",
        _median(switch_tab),
        "list_visits + visit_counts",
        _median(switch_bare),
        "≤ 200 ms",
    )

    page.tab_bar.setCurrentIndex(0)
    _wait(app, lambda: bool(page.rows))
    visits = [v.visit_id for v in page.rows[: REPEATS + 1]]
    state["visit"] = 0

    def open_visit() -> None:
        state["visit"] = (state["visit"] + 1) % len(visits)
        visit_id = visits[state["visit"]]
        page.open_visit(visit_id)
        _wait(
            app,
            lambda: (
                page.form.form is not None
                and page.form.form.visit_id == visit_id
                and page.current_visit == visit_id
                and not page.form.isHidden()
            ),
        )

    def open_bare() -> None:
        state["visit"] = (state["visit"] + 1) % len(visits)
        inspections.open_form(ws, visits[state["visit"]])
        inspections.form_codes(ws)

    row(
        "open a visit (检查表)",
        _median(open_visit),
        "open_form + form_codes",
        _median(open_bare),
        "≤ 300 ms",
    )
    page.close()
    runner.wait()

    # 名录库: save a record from its dialog
    reg = RegistryPage(ctx)
    reg.resize(1366, 768)
    reg.show()
    tab = reg.registry_tabs["targets"]
    target_id = targets.target_ids(ws)[0]
    choices = field_choices(ws, "targets")
    counter = {"n": 0}

    def save_ui() -> None:
        counter["n"] += 1
        loaded = (targets.get_target(ws, target_id), list_departments(ws))
        tab._show_editor(target_id, loaded, choices)
        dialog = tab.last_dialog
        dialog.editors["phone"].setText(f"0478-52{counter['n']:05d}")
        t0 = time.perf_counter()
        saved: list[int] = []
        dialog.saved.connect(lambda: saved.append(1))
        from PySide6.QtWidgets import QDialogButtonBox

        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        _wait(app, lambda: bool(saved) and not dialog.isVisible())
        timings.append(time.perf_counter() - t0)

    timings: list[float] = []
    for _ in range(REPEATS):
        save_ui()

    def save_bare() -> None:
        counter["n"] += 1
        d = targets.get_target(ws, target_id)
        tab._show_editor(target_id, (d, list_departments(ws)), choices)
        values = tab.last_dialog.values()  # the values the dialog hands to the service
        tab.last_dialog.reject()
        values["phone"] = f"0478-53{counter['n']:05d}"
        t0 = time.perf_counter()
        targets.save_target(
            ws, target_id=target_id, values=values, accept_warnings=True, expected_version=d.version
        )
        save_base.append(time.perf_counter() - t0)

    save_base: list[float] = []
    for _ in range(REPEATS):
        save_bare()
    row(
        "save a registry record (名录库 dialog → 保存)",
        statistics.median(timings),
        "save_target",
        statistics.median(save_base),
        "≤ 300 ms",
    )
    reg.close()
    runner.wait()

    # 结果公示 → 统计: the dashboard
    year = local_today().year

    def dashboard_ui() -> None:
        panel = DashboardPanel(ctx)
        done = _answered(panel, "_on_dashboard")
        panel.refresh()
        _wait(app, lambda: bool(done))
        runner.wait()
        panel.deleteLater()

    def dashboard_bare() -> None:
        stats.dashboard(ws, year=year)
        timetable.year_timetable(ws, year)

    row(
        "open the dashboard (统计)",
        _median(dashboard_ui),
        "stats.dashboard + year_timetable",
        _median(dashboard_bare),
        "≤ 500 ms",
    )

    # 抽查计划: open the task editor on a task
    plan = PlanPage(ctx)
    plan.resize(1366, 768)
    plan.show()
    plan.refresh()
    _wait(app, lambda: plan.table.model() is not None and plan.table.model().rowCount() > 0)
    task_id = plan._tasks[0].id

    def editor_ui() -> None:
        plan.table.selectRow(0)
        old = getattr(plan, "last_task_editor", None)
        plan._on_edit_task()
        _wait(
            app,
            lambda: (
                getattr(plan, "last_task_editor", None) is not old
                and plan.last_task_editor.isVisible()
            ),
        )
        plan.last_task_editor.reject()
        app.processEvents()

    row(
        "open the task editor (抽查任务)",
        _median(editor_ui),
        "get_task",
        _median(lambda: task_views.get_task(ws, task_id)),
        "≤ 300 ms",
    )
    plan.close()
    runner.wait()
    ws.db.dispose()
    out += _draw_measures(app, db)
    return out


def _draw_measures(app: Any, db: Path) -> list[dict]:
    """抽取: 揭示并计算 from the click to the result table, and 打印公告 PDF from the click to the
    file, on the sample county's second task; the baselines call compute_draw and
    export_draw_notice_pdf on a copy of the same file, locked the same way."""
    import shutil
    from datetime import date

    from PySide6.QtCore import QDate

    from app.core.services.draw import draw_results, draws
    from app.core.services.kernel.workspace import open_workspace
    from app.ui.context import UiContext
    from app.ui.features.draw.page import DrawPage
    from app.ui.runner import TaskRunner

    copy = db.with_name("bare-draw.db")
    shutil.copyfile(db, copy)
    bare_ws = open_workspace(copy)
    ws = open_workspace(db)
    runner = TaskRunner()
    page = DrawPage(UiContext(ws, runner))
    page.resize(1366, 768)
    page.show()
    page.refresh()
    _wait(app, lambda: page.task_list.count() >= 2)
    page.task_list.setCurrentRow(1)
    task = page._tasks[1]
    page.date_edit.setDate(QDate(2026, 5, 6))
    page.observers_edit.setPlainText("公证员 王平")
    page.lock_button.click()
    # The hall waits for the observers' inputs: the lock's refreshes have long finished by the
    # reveal (without this wait the reveal raced them and measured their work too).
    _wait(app, lambda: page.steps.currentIndex() == 1 and runner.settled())
    page._input_edits[0].setText("3 5 2")
    t0 = time.perf_counter()
    page.reveal_button.click()
    _wait(app, lambda: page.steps.currentIndex() == 2)
    reveal_ui = time.perf_counter() - t0
    pool = page._view.population_targets if page._view is not None else 0

    locked = draws.lock_draw_session(
        bare_ws, task_ref=task.id, observers=["公证员 王平"], on=date(2026, 5, 6)
    )
    t0 = time.perf_counter()
    outcome = draws.compute_draw(bare_ws, session_id=locked.id, observer_inputs=["3 5 2"])
    reveal_bare = time.perf_counter() - t0
    rows = len(outcome.targets)

    with tempfile.TemporaryDirectory() as out_dir:
        pdf = Path(out_dir) / "notice.pdf"
        # warm: the first PDF of a session also loads reportlab and the CJK font (timed below)
        t0 = time.perf_counter()
        draw_results.export_draw_notice_pdf(
            bare_ws, session_id=outcome.view.id, path=Path(out_dir) / "first.pdf"
        )
        pdf_first = time.perf_counter() - t0
        page._ask_path = lambda _title, _suffix: str(pdf)  # the save dialog, answered
        t0 = time.perf_counter()
        page.pdf_button.click()
        _wait(app, lambda: pdf.exists() and runner.settled())
        pdf_ui = time.perf_counter() - t0
        t0 = time.perf_counter()
        draw_results.export_draw_notice_pdf(
            bare_ws, session_id=outcome.view.id, path=Path(out_dir) / "bare.pdf"
        )
        pdf_bare = time.perf_counter() - t0
    page.close()
    runner.wait()
    ws.db.dispose()
    bare_ws.db.dispose()

    def row(name: str, ui: float, base_name: str, base: float, goal: str) -> dict:
        return {
            "name": name,
            "seconds": ui,
            "baseline_name": base_name,
            "baseline_seconds": base,
            "goal": f"{goal}; UI adds {1000 * (ui - base):.0f} ms (≤ 50)",
        }

    return [
        row(
            f"reveal a draw (揭示并计算, pool {pool})",
            reveal_ui,
            "compute_draw",
            reveal_bare,
            "≤ 1 s for 5,000 targets",
        ),
        {
            "name": "first PDF of a session (reportlab + CJK font load)",
            "seconds": pdf_first,
            "goal": "(reference)",
        },
        row(
            f"draw notice PDF (打印公告, {rows} rows)",
            pdf_ui,
            "export_draw_notice_pdf",
            pdf_bare,
            "≤ 1.5 s for 100 rows",
        ),
    ]
