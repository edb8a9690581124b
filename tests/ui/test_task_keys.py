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
