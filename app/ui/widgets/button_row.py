"""A row of push buttons under a table: each (text, slot) pair left to right, then a stretch.

Layout only; the slots belong to the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QHBoxLayout, QPushButton


def button_row(buttons: Iterable[tuple[str, Callable[[], object]]]) -> QHBoxLayout:
    """The buttons (already translated texts) and a trailing stretch; add more after it to
    push them to the right."""
    row = QHBoxLayout()
    for text, slot in buttons:
        b = QPushButton(text)
        b.clicked.connect(slot)
        row.addWidget(b)
    row.addStretch(1)
    return row
