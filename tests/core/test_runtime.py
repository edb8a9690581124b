"""The interpreter settings of big batches (app/core/runtime.py) are put back afterwards,
also when blocks nest, overlap across threads, or fail."""

from __future__ import annotations

import gc
import sys
import threading

import pytest

from app.core.runtime import paused_gc, quick_handoffs


def test_nested_blocks_restore_the_collector_and_switch_interval() -> None:
    interval = sys.getswitchinterval()
    assert gc.isenabled()
    with paused_gc(), quick_handoffs():
        assert not gc.isenabled() and sys.getswitchinterval() < interval
        with paused_gc(), quick_handoffs():
            pass
        assert not gc.isenabled() and sys.getswitchinterval() < interval  # the outer still holds
    assert gc.isenabled() and sys.getswitchinterval() == interval


def test_a_failing_block_restores_them_too() -> None:
    with pytest.raises(RuntimeError), paused_gc():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_blocks_on_two_threads() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with paused_gc():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(5)
    with paused_gc():
        pass
    assert not gc.isenabled()  # the other thread's block is still open
    release.set()
    t.join()
    assert gc.isenabled()
