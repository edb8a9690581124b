"""Every page and sub-page of the main window opens without an error box on a county that holds
every kind of record a year leaves, including those made after the draw (a team member replaced
by a public replacement draw): a record kind one screen does not expect must not stop the user
at start-up."""

from __future__ import annotations

import gzip
import logging
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QTabWidget
from sqlalchemy import select

from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import Inspector, Visit, VisitMember
from app.ui.app import GuiController, create_application
from tests.conftest import run_app

TASK = "五原市监抽查〔2026〕2号"
FIRST_RELEASE = Path(__file__).resolve().parents[1] / "data" / "first_release_county.db.gz"


def _replace_one_member(db: Path) -> str:
    """Draws task 2 and replaces a member of one of its teams, as the office does with
    `draw run` and `team replace`; returns the task number."""
    drawn = run_app("--db", str(db), "draw", "run", TASK, "--observer-input", "3 1 4")
    assert drawn.returncode == 0, drawn.stderr
    ws = open_workspace(db)
    try:
        with ws.db.read_session() as s:
            visit, cert = s.execute(
                select(Visit.id, Inspector.cert_no)
                .join(VisitMember, VisitMember.visit_id == Visit.id)
                .join(Inspector, Inspector.id == VisitMember.inspector_id)
                .where(Visit.draw_session_id.is_not(None))
                .order_by(Visit.id.desc())
            ).first()  # type: ignore[misc]
    finally:
        ws.db.dispose()
    replaced = run_app(
        "--db", str(db), "team", "replace", str(visit), "--member", cert,
        "--reason", "回避：亲属在该企业任职", "--observer-input", "2 7 1",
    )  # fmt: skip
    assert replaced.returncode == 0, replaced.stderr
    return TASK


def _error_boxes() -> list[str]:
    return [
        w.text()  # type: ignore[attr-defined]
        for w in QApplication.topLevelWidgets()
        if w.objectName() == "errorBox" and w.isVisible()
    ]


def _walk_every_page(qtbot, window, runner, caplog: pytest.LogCaptureFixture) -> None:
    """Every tab, every list row of the draw page (each task's trail), every sub-tab: no error
    box, nothing logged as an error."""
    seen: list[str] = []
    with caplog.at_level(logging.ERROR):
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            qtbot.waitUntil(runner.settled, timeout=20000)
            page = window.tabs.widget(i)
            for lst in page.findChildren(QListWidget):  # the draw page's tasks: each one's trail
                for row in range(lst.count()):
                    lst.setCurrentRow(row)
                    qtbot.waitUntil(runner.settled, timeout=20000)
            for sub in page.findChildren(QTabWidget):
                for j in range(sub.count()):
                    sub.setCurrentIndex(j)
                    qtbot.waitUntil(runner.settled, timeout=20000)
                    seen.append(f"{window.tabs.tabText(i)}/{sub.tabText(j)}")
            assert _error_boxes() == [], window.tabs.tabText(i)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(seen) >= 10  # the walk reached the sub-pages


def test_every_page_opens_after_a_team_change(
    qtbot, sample_db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    task_no = _replace_one_member(sample_db)
    app = create_application([])
    ws = open_workspace(sample_db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    runner = controller.runner
    _walk_every_page(qtbot, window, runner, caplog)
    window.tabs.setCurrentIndex(2)  # the draw page: the changed task's trail names the change
    tasks = window.tabs.widget(2).task_list  # type: ignore[attr-defined]
    row = next(r for r in range(tasks.count()) if task_no in tasks.item(r).text())
    tasks.setCurrentRow(row)
    qtbot.waitUntil(runner.settled, timeout=20000)
    trail = window.tabs.widget(2).trail.model()  # type: ignore[attr-defined]
    kinds = [trail.index(r, 1).data() for r in range(trail.rowCount())]
    window.close()
    runner.wait()
    ws.db.dispose()
    assert "更换检查人员（重新抽取）" in kinds and "随机抽取检查对象" in kinds


def test_every_page_opens_on_a_county_file_of_the_first_release(
    qtbot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The office installs this release over the first one and opens its year's file."""
    db = tmp_path / "县局数据.db"
    with gzip.open(FIRST_RELEASE) as src, db.open("wb") as dst:
        shutil.copyfileobj(src, dst)
    app = create_application([])
    ws = open_workspace(db)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    _walk_every_page(qtbot, window, controller.runner, caplog)
    counts = window.findChild(QLabel, "statusCounts")
    assert "检查对象 600" in counts.text()
    window.close()
    controller.runner.wait()
    ws.db.dispose()
