"""Screenshots for docs/: refreshed only when APP_SCREENSHOTS=1, so a normal test run writes
nothing into the working tree."""

from __future__ import annotations

import os
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def save_screenshot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("APP_SCREENSHOTS") == "1":
        widget.grab().save(str(SCREENSHOTS / name))
