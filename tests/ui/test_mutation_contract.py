"""The UI's contract with the core for writes: a mutation returns Changes. The runner announces
its areas and shows its message, hands a Done's value to the screen that asked, and refuses
anything else; no screen announces areas itself."""

from __future__ import annotations

import re
from pathlib import Path

from app.core.services.kernel.workspace import NO_CHANGES, Area, Changes, open_workspace
from app.ui.context import UiContext
from app.ui.runner import TaskRunner

REPO = Path(__file__).resolve().parents[2]


def test_the_runner_announces_changes_hands_over_the_value_and_refuses_anything_else(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ws = open_workspace(tmp_path / "county.db")
    ctx = UiContext(ws, TaskRunner())
    areas: list[frozenset[Area]] = []
    messages: list[str] = []
    answers: list[object] = []
    ctx.data_changed.connect(areas.append)
    ctx.message.connect(messages.append)
    try:
        ctx.run_mutation(
            lambda ws, job: Changes.of(Area.TARGETS, message="已保存：甲").carrying(42),
            answers.append,
        )
        qtbot.waitUntil(lambda: answers == [42], timeout=10000)
        assert areas == [frozenset({Area.TARGETS})] and messages == ["已保存：甲"]

        ctx.run_mutation(lambda ws, job: NO_CHANGES, answers.append)  # plain Changes: as is
        qtbot.waitUntil(lambda: len(answers) == 2, timeout=10000)
        assert answers[1] is NO_CHANGES and len(areas) == 1 and len(messages) == 1

        with qtbot.captureExceptions() as raised:
            ctx.run_mutation(lambda ws, job: 7, answers.append)  # type: ignore[arg-type,return-value]
            qtbot.waitUntil(lambda: len(raised) == 1, timeout=10000)
        assert raised[0][0] is TypeError and "must return Changes" in str(raised[0][1])
        assert len(answers) == 2 and len(areas) == 1  # the screen never saw the 7
    finally:
        ctx.runner.wait()
        ws.db.dispose()


def test_no_screen_announces_areas_itself() -> None:
    """Areas reach `data_changed` only from the runner (app/ui/context.py), taken from what
    the core returned; a screen that emitted them by hand would decide them itself."""
    emitting = [
        f"{p.relative_to(REPO)}:{n}"
        for p in sorted((REPO / "app" / "ui").rglob("*.py"))
        if p.name != "context.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"data_changed\.emit\(", line)
    ]
    assert emitting == []
