"""Interpreter settings for large batch work (a 100k-row import): how quickly threads hand
Python's lock (the GIL) to each other, and the cyclic garbage collector.

- A thread that spends most of its time in native code with the GIL released (calamine
  parsing a sheet, SQLite building an index) must take the lock back for every bit of
  Python in between; while another thread runs Python, that waits up to the switch
  interval (5 ms) each time. `quick_handoffs` shortens it for the length of such work
  (reading a 100k-row sheet beside the checks: 1.8 s → 1.5 s).
- A batch that builds a few hundred thousand lists and tuples sets off the collector again
  and again, each time walking every object still alive — there are no cycles to find in
  such work. `paused_gc` turns it off for the block (100k targets: ~0.4 s of ~3 s).

Both settings belong to the whole process: nested and concurrent blocks share them, and the
last one out restores what was there before.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

_QUICK = 0.0005  # seconds


class _Shared:
    """A process-wide setting held while at least one block wants it."""

    def __init__(self, apply: Callable[[], object], restore: Callable[[object], None]) -> None:
        self._apply, self._restore = apply, restore
        self._lock = threading.Lock()
        self._users = 0
        self._saved: object = None

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._lock:
            if self._users == 0:
                self._saved = self._apply()
            self._users += 1
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    self._restore(self._saved)


def _quicken() -> float:
    saved = sys.getswitchinterval()
    sys.setswitchinterval(min(saved, _QUICK))
    return saved


def _set_interval(saved: object) -> None:
    sys.setswitchinterval(float(saved))  # type: ignore[arg-type]


def _pause_gc() -> bool:
    was = gc.isenabled()
    gc.disable()
    return was


def _restore_gc(was: object) -> None:
    if was:
        gc.enable()


_switching = _Shared(_quicken, _set_interval)
_collector = _Shared(_pause_gc, _restore_gc)


def quick_handoffs() -> AbstractContextManager[None]:
    """Shortens the GIL switch interval for the block."""
    return _switching.held()


def paused_gc() -> AbstractContextManager[None]:
    """Turns the cyclic garbage collector off for the block (reference counting still frees
    everything that is not in a cycle)."""
    return _collector.held()
