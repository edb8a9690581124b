"""What every page is given: the open workspace, the task runner, and the change hub.

Pages call `run_query` / `run_mutation` with a function of the workspace; a mutation that
returns `Changes` announces its areas on `data_changed` so only those views refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.services.workspace import Changes, Workspace
from app.ui.tasks import Job, TaskRunner


class UiContext(QObject):
    data_changed = Signal(frozenset)  # areas that changed: "targets", "plans", …

    def __init__(self, workspace: Workspace, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner

    def run_query(self, fn: Callable[[Workspace, Job], Any], on_done: Callable[[Any], None] | None = None,
                  **kwargs: Any) -> Job:
        ws = self.workspace
        return self.runner.run_query(lambda job: fn(ws, job), on_done, **kwargs)

    def run_mutation(self, fn: Callable[[Workspace, Job], Any], on_done: Callable[[Any], None] | None = None,
                     **kwargs: Any) -> Job:
        ws = self.workspace

        def done(result: Any) -> None:
            if isinstance(result, Changes) and result.areas:
                self.data_changed.emit(result.areas)
            if on_done is not None:
                on_done(result)

        return self.runner.run_mutation(lambda job: fn(ws, job), done, **kwargs)
