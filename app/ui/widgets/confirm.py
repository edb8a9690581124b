"""Asking before a step that cannot be undone, in words that say what will happen.

The button says the action (公示计划, 删除任务 …), never a bare 是/否; 取消 is the default, so a
stray Enter does nothing. The box is window-modal and answers through `then`, without a nested
event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget, title: str, text: str, action: str, then: Callable[[], object]
) -> QMessageBox:
    """Shows the question; `then` runs only when the user clicks the `action` button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("confirmBox")
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    go.setObjectName("confirmAction")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: object) -> None:
        if button is go:
            then()

    box.buttonClicked.connect(clicked)
    box.open()
    return box
