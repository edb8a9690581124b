"""The task runner's "latest request wins" key: an earlier answer that arrives after a newer
request with the same key is dropped, results and errors alike; other keys are untouched."""

from __future__ import annotations

import threading

from app.ui.runner import TaskRunner


def test_a_late_answer_to_an_earlier_request_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    release = threading.Event()
    seen: list[str] = []
    errors: list[str] = []

    def slow(_job):  # type: ignore[no-untyped-def]
        release.wait(10)
        return "first"

    def slow_fail(_job):  # type: ignore[no-untyped-def]
        release.wait(10)
        raise RuntimeError("late failure")

    first = runner.run_query(slow, seen.append, key="form")
    runner.run_mutation(
        slow_fail, seen.append, on_error=lambda e: errors.append(str(e)), key="other"
    )
    runner.run_query(lambda _job: "unkeyed", seen.append)
    runner.run_query(lambda _job: "second", seen.append, key="form")
    assert first.cancelled()
    qtbot.waitUntil(lambda: "second" in seen and "unkeyed" in seen, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert runner.wait()
    qtbot.wait(20)
    assert "first" not in seen and runner.dropped == 1
    # a superseded error is dropped too
    runner.run_mutation(slow_fail, seen.append, on_error=lambda e: errors.append(str(e)), key="k")
    runner.supersede("k")
    assert runner.wait()
    qtbot.wait(20)
    assert len(errors) == 1 and runner.dropped == 2


def test_a_screens_reload_answered_late_never_overwrites_its_newer_reload(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    """The class behind 机构与部门 showing no department after 添加 on a busy machine: the load
    started before a save answered after the load started after it. UiContext keys a screen's
    method "latest wins" without the screen having to ask; another screen is untouched."""
    from PySide6.QtWidgets import QWidget

    from app.ui.context import UiContext

    class Screen(QWidget):
        def __init__(self) -> None:
            super().__init__()
            self.shown: list[str] = []

        def on_loaded(self, rows: str) -> None:
            self.shown.append(rows)

    runner = TaskRunner()
    ctx = UiContext(workspace, runner)
    screen, other = Screen(), Screen()
    qtbot.addWidget(screen)
    qtbot.addWidget(other)

    def slow(release: threading.Event, answer: str):  # type: ignore[no-untyped-def]
        def load(_ws, _job):  # type: ignore[no-untyped-def]
            release.wait(10)
            return answer

        return load

    # Another screen's request does not supersede this one's: both answers arrive.
    release = threading.Event()
    ctx.run_query(slow(release, "0 rows"), screen.on_loaded)
    ctx.run_query(lambda _ws, _job: "its rows", other.on_loaded)
    qtbot.waitUntil(lambda: other.shown == ["its rows"], timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: screen.shown == ["0 rows"], timeout=5000)
    # The same screen's newer reload wins; the older one, answering late, is dropped.
    screen.shown.clear()
    release = threading.Event()
    ctx.run_query(slow(release, "0 rows"), screen.on_loaded)  # started before the save
    ctx.run_query(lambda _ws, _job: "1 row", screen.on_loaded)  # started after it
    qtbot.waitUntil(lambda: screen.shown == ["1 row"], timeout=5000)
    dropped = runner.dropped
    release.set()
    qtbot.waitUntil(lambda: runner.dropped == dropped + 1, timeout=5000)
    assert runner.wait()
    assert screen.shown == ["1 row"]
