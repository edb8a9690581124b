"""run_query / run_mutation: the only way the UI reaches services off the GUI thread.

Reads run on a small pool, writes on one worker so they never race; results come back
through queued signals on the GUI thread. A function passed in receives a `Job` (progress,
cancel) and reads nothing from widgets — read what you need before calling.

`key`: requests that answer the same question on a screen ("the form shown", "the visit
list") share a key; the latest request wins. Starting a new one cancels the older job and
drops its answer (result or error) when it arrives, so a slow earlier answer can never
overwrite what the user asked for since.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.core.domain.errors import AppError
from app.ui import core_texts


class Job:
    """Handed to long work: report progress, ask whether the user cancelled."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.progress_signal: Callable[[int, int, str], None] | None = None

    def progress(self, done: int, total: int, text: str = "") -> None:
        if self.progress_signal is not None:
            self.progress_signal(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[Job], Any], job: Job, signals: _Signals) -> None:
        super().__init__()
        self.fn, self.job, self.signals = fn, job, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        self.job.progress_signal = self.signals.progressed.emit
        try:
            result = self.fn(self.job)
        except AppError as exc:
            self.signals.failed.emit(exc)
        except BaseException as exc:  # noqa: BLE001 — delivered to errors.py, which logs it
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class TaskRunner(QObject):
    """Owns the pools; keeps the signal objects alive until their job ends. `busy_changed`
    says at once when a change (mutation) starts and when the last one has answered, so the
    window shows a busy state without waiting to see whether it will be slow."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.busy = 0  # mutations started and not yet answered
        self.reads = QThreadPool(self)
        self.reads.setMaxThreadCount(2)
        self.writes = QThreadPool(self)
        self.writes.setMaxThreadCount(1)
        self._live: set[_Signals] = set()
        self._latest: dict[str, tuple[int, Job]] = {}
        self.dropped = 0  # answers dropped because a newer request with their key was made

    def supersede(self, key: str) -> None:
        """Drops the pending answer of `key` (the screen moved on without a new request)."""
        old = self._latest.pop(key, None)
        if old is not None:
            old[1].cancel()
            self._latest[key] = (old[0] + 1, Job())

    def _claim(self, key: str | None, job: Job) -> Callable[[], bool]:
        """Registers `job` as the latest for `key`; returns "is it still the latest?"."""
        if key is None:
            return lambda: True
        generation = 1
        old = self._latest.get(key)
        if old is not None:
            old[1].cancel()
            generation = old[0] + 1
        self._latest[key] = (generation, job)

        def current() -> bool:
            mine = self._latest.get(key)
            return mine is not None and mine[0] == generation

        return current

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[[Job], Any],
        on_done: Callable[[Any], object] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, str], None] | None,
        key: str | None = None,
    ) -> Job:
        job = Job()
        signals = _Signals()
        self._live.add(signals)
        current = self._claim(key, job)
        writes = pool is self.writes
        if writes:
            self.busy += 1
            if self.busy == 1:
                self.busy_changed.emit(True)

        def idle() -> None:
            if writes:
                self.busy -= 1
                if self.busy == 0:
                    self.busy_changed.emit(False)

        def done(result: Any) -> None:
            idle()
            self._live.discard(signals)
            if not current():
                self.dropped += 1
                return
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            idle()
            self._live.discard(signals)
            if not current():
                self.dropped += 1
                return
            if on_error is not None:
                on_error(exc)
            else:
                from app.ui.errors import show_error

                show_error(None, exc)

        signals.finished.connect(done)
        signals.failed.connect(failed)
        if on_progress is not None:
            report = on_progress  # the core's text in the UI's language (core_texts)
            signals.progressed.connect(lambda d, t, text: report(d, t, core_texts.shown(text)))
        pool.start(_Runnable(fn, job, signals))
        return job

    def run_query(
        self,
        fn: Callable[[Job], Any],
        on_done: Callable[[Any], object] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        key: str | None = None,
    ) -> Job:
        return self._start(self.reads, fn, on_done, on_error, on_progress, key)

    def run_mutation(
        self,
        fn: Callable[[Job], Any],
        on_done: Callable[[Any], object] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        key: str | None = None,
    ) -> Job:
        return self._start(self.writes, fn, on_done, on_error, on_progress, key)

    def settled(self) -> bool:
        """Every answer asked for has been delivered (or dropped): the screens show their data."""
        return not self._live

    def wait(self, msecs: int = 30000) -> bool:
        return self.reads.waitForDone(msecs) and self.writes.waitForDone(msecs)
