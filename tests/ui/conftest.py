"""UI test guard: a modal dialog left open fails its test instead of hanging the run.

Offscreen nobody can click a forgotten QMessageBox; a watchdog closes any modal dialog
that stays up for 15 seconds and the test fails naming it. Also `opened`: the sample county's
workspace and a task runner, waited for and disposed after the test.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.core.services.kernel.workspace import Workspace, open_workspace
from app.ui.runner import TaskRunner

STUCK_AFTER_S = 15.0


@pytest.fixture(autouse=True)
def _modal_watchdog(qapp: QApplication) -> Iterator[None]:
    stuck: list[str] = []
    seen: dict[int, float] = {}

    def check() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            seen.clear()
            return
        first = seen.setdefault(id(widget), time.monotonic())
        if time.monotonic() - first < STUCK_AFTER_S:
            return
        text = widget.text() if isinstance(widget, QMessageBox) else ""
        stuck.append(f"{type(widget).__name__} '{widget.windowTitle()}' {text}".strip())
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()

    timer = QTimer()
    timer.setInterval(1000)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    if stuck:
        pytest.fail(f"a modal dialog stayed open and was closed by the watchdog: {stuck}")


@pytest.fixture
def opened(qtbot, sample_db: Path) -> Iterator[tuple[Workspace, TaskRunner]]:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    yield ws, runner
    runner.wait()
    qtbot.wait(50)  # deliver the last answers while the widgets are alive
    ws.db.dispose()
