"""A read-only text on a form: word-wrapped, selectable with the mouse (to copy a name or a
code), with an optional tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def wrapped_label(text: str, *, tip: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if tip:
        label.setToolTip(tip)
    return label
