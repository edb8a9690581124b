"""Opening one tab page offscreen on its own workspace, as the page tests do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.services.workspace import Workspace, open_workspace
from app.ui.context import UiContext
from app.ui.tasks import TaskRunner


def open_page(
    qtbot: Any, db: Path, page_cls: type, *, size: tuple[int, int]
) -> tuple[Workspace, TaskRunner, Any]:
    """The page shown at `size`; the test waits for the runner and disposes the workspace."""
    ws = open_workspace(db)
    runner = TaskRunner()
    page = page_cls(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    return ws, runner, page
