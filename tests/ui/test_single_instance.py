"""One app per database: the lock, "raise your window", and a crashed holder's stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from app.ui.single_instance import (
    SingleInstance,
    ask_running_instance_to_raise,
    lock_path,
    server_name,
)
from tests.conftest import REPO


def test_second_instance_is_refused_and_can_raise_the_first(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path.write_bytes(b"")
    first = SingleInstance(db_path)
    assert first.acquire()
    try:
        assert lock_path(db_path).exists()
        second = SingleInstance(db_path)
        assert not second.acquire()
        with qtbot.waitSignal(first.raise_requested, timeout=3000):
            assert ask_running_instance_to_raise(db_path)
    finally:
        first.release()
    third = SingleInstance(db_path)
    assert third.acquire()  # released: the next start gets it
    third.release()


def test_the_name_does_not_depend_on_how_the_path_is_spelled(tmp_path: Path) -> None:
    a = tmp_path / "x" / ".." / "county.db"
    assert server_name(a) == server_name(tmp_path / "county.db")
    assert server_name(tmp_path / "county.db") != server_name(tmp_path / "other.db")


def test_a_lock_held_by_another_process_then_left_by_a_crash(qtbot, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path.write_bytes(b"")
    code = textwrap.dedent(f"""
        import time
        from PySide6.QtCore import QCoreApplication
        from app.ui.single_instance import SingleInstance
        app = QCoreApplication([])
        inst = SingleInstance({str(db_path)!r})
        assert inst.acquire()
        print("READY", flush=True)
        time.sleep(60)
    """)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    child = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "READY"
        assert not SingleInstance(db_path).acquire()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    after = SingleInstance(db_path)
    assert after.acquire()  # the holder is gone: its lock is stale, not a reason to refuse
    after.release()
