"""The front end never decides what a change touched: the services say it (`Changes`, or a
service's named `*_CHANGES` for calls that answer with data), and a screen only passes it on.
A page declares the areas it listens to (`areas = frozenset({...})`), a screen may test what
changed; a Changes made in app/ui, or an emission of areas that are not a service's, fails here."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
MADE = re.compile(r"Changes\.of\(|\bChanges\(")
EMITTED = re.compile(r"data_changed\.emit\((.*)\)")
# what may be emitted: a service's Changes (a name, or a call), read for its areas
A_SERVICES = re.compile(r"[\w.]+(\([\w.]*\))?\.areas")


def _built(line: str) -> bool:
    emitted = EMITTED.search(line)
    return bool(MADE.search(line)) or (
        emitted is not None and not A_SERVICES.fullmatch(emitted.group(1))
    )


def test_no_screen_builds_its_own_set_of_areas() -> None:
    found = []
    for path in sorted(UI.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, start=1):
            if _built(line):
                found.append(f"{path.relative_to(UI.parent.parent)}:{n}: {line.strip()}")
    assert not found, "areas built in the UI (ask the service for its Changes):\n" + "\n".join(
        found
    )


def test_the_check_sees_a_hand_built_set() -> None:
    assert _built("self.ctx.data_changed.emit(frozenset({Area.DRAWS}))")
    assert _built("return report, Changes.of(Area.RESULTS)")
    assert not _built("self.ctx.data_changed.emit(draws.DRAWN_CHANGES.areas)")
    assert not _built("self.ctx.data_changed.emit(sync.sync_changes(report).areas)")
