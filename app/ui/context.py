"""What every page is given: the open workspace, the task runner, and the change hub.

Pages call `run_query` / `run_mutation` with a function of the workspace. A mutation returns
`Changes` (and nothing else: the runner refuses it): its areas are announced on `data_changed`
so only those views refresh, its message is shown, and a `Done`'s value goes to the callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from app.core.services.kernel.workspace import Changes, Done, Workspace
from app.ui.runner import Job, TaskRunner


def guarded(widget: QObject, fn: Callable[..., Any]) -> Callable[..., None]:
    """`fn`, skipped when `widget` was deleted meanwhile: a query may finish after the widget
    that asked for it (a closed dialog, a rebuilt page) is gone."""

    def call(*args: Any) -> None:
        if shiboken6.isValid(widget):
            fn(*args)

    return call


def _while_alive(callback: Callable[..., object] | None) -> Callable[..., object] | None:
    """A bound method of a QObject is guarded by its object; other callbacks pass through."""
    owner = getattr(callback, "__self__", None)
    if callback is None or not isinstance(owner, QObject):
        return callback
    return guarded(owner, callback)


def _guard(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        k: _while_alive(v) if k in ("on_error", "on_progress") else v for k, v in kwargs.items()
    }


def _answer_key(callback: Callable[..., object] | None) -> str | None:
    """The key "latest wins" for a QObject's bound method; None (no key) for anything else."""
    owner = getattr(callback, "__self__", None)
    if callback is None or not isinstance(owner, QObject):
        return None
    return f"answer:{id(owner)}:{getattr(callback, '__qualname__', '')}"


class UiContext(QObject):
    data_changed = Signal(frozenset)  # areas that changed: "targets", "plans", …
    message = Signal(str)  # a change's completion message ("已保存：…"), shown until read

    def __init__(
        self, workspace: Workspace, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        runner.busy_changed.connect(self._on_busy_changed)

    def _on_busy_changed(self, busy: bool) -> None:
        """The busy cursor from the moment a change starts until its answer arrives."""
        if QGuiApplication.instance() is None:
            return
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        elif QGuiApplication.overrideCursor() is not None:
            QGuiApplication.restoreOverrideCursor()

    def run_query(
        self,
        fn: Callable[[Workspace, Job], Any],
        on_done: Callable[[Any], object] | None = None,
        **kwargs: Any,
    ) -> Job:
        """Read off the GUI thread; `on_done` gets the answer on it.

        When `on_done` is a screen's method and no `key` is given, the latest request for that
        method wins: an answer that arrives after a newer request for the same screen and
        method has started is dropped, so a slow earlier load never overwrites a newer one
        (e.g. the list reloaded after a save, with the load before the save still running)."""
        ws = self.workspace
        if "key" not in kwargs:
            kwargs["key"] = _answer_key(on_done)
        return self.runner.run_query(
            lambda job: fn(ws, job), _while_alive(on_done), **_guard(kwargs)
        )

    def run_mutation(
        self,
        fn: Callable[[Workspace, Job], Changes],
        on_done: Callable[[Any], object] | None = None,
        **kwargs: Any,
    ) -> Job:
        """Write off the GUI thread. `fn` returns Changes: the areas are announced, the
        message shown, then `on_done` gets a `Done`'s value (else the Changes) on the GUI
        thread. Anything else is a programming error, refused (TypeError) before any screen
        acts on it."""
        ws = self.workspace

        def done(result: Any) -> None:
            if not isinstance(result, Changes):
                raise TypeError(
                    f"a mutation must return Changes (kernel/workspace.py), not {type(result).__name__}"
                )
            if result.areas:
                self.data_changed.emit(result.areas)
            if result.message:
                self.message.emit(result.message)
            if callback is not None:
                callback(result.value if isinstance(result, Done) else result)

        callback = _while_alive(on_done)
        return self.runner.run_mutation(lambda job: fn(ws, job), done, **_guard(kwargs))
