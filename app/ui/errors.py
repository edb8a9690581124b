"""One place that turns exceptions into messages: AppError as is, anything else as a bug report."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from app.core.domain.errors import AppError

log = logging.getLogger(__name__)


def one_language(text: str) -> str:
    """The core's messages read "中文 / English" (the CLI shows both); the GUI shows the part
    in the UI's language: the English tail under English, the Chinese head otherwise."""
    lines = []
    english = QLocale().language() == QLocale.Language.English
    for line in text.split("\n"):
        at = line.find(" / ")
        while at >= 0:  # the first " / " after which everything is English
            head, tail = line[:at], line[at + 3 :]
            if tail.isascii() and not head.isascii():
                line = tail if english else head
                break
            at = line.find(" / ", at + 3)
        lines.append(line)
    return "\n".join(lines)


def live_window(parent: QWidget | None = None) -> QWidget | None:
    """`parent` if it is still there, else the active window, else the visible main window:
    an error that arrives while the user is in another program is never lost."""
    if parent is not None and shiboken6.isValid(parent):
        if parent.isVisible():
            return parent
        if parent.window().isVisible():
            return parent.window()
    active = QApplication.activeWindow()
    if active is not None:
        return active
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            return widget
    return None


def message_for(exc: BaseException) -> tuple[str, str]:
    """(title, text) for an exception; a programming error gets a generic apology."""
    if isinstance(exc, AppError):
        text = one_language(exc.message)
        if exc.details:
            text += "\n\n" + "\n".join(one_language(d) for d in exc.details[:20])
            if len(exc.details) > 20:
                text += QCoreApplication.translate("errors", "\n…（共 {0} 条）").format(
                    len(exc.details)
                )
        return QCoreApplication.translate("errors", "无法完成"), text
    return QCoreApplication.translate("errors", "程序错误"), QCoreApplication.translate(
        "errors", "发生了意外错误，操作未完成，数据未被更改。\n详情已写入日志。"
    ) + f"\n\n{type(exc).__name__}: {exc}"


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, AppError):
        log.error("unexpected error: %s\n%s", exc, getattr(exc, "__traceback_text__", ""))
    title, text = message_for(exc)
    parent = live_window(parent)
    icon = QMessageBox.Icon.Warning if isinstance(exc, AppError) else QMessageBox.Icon.Critical
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # window-modal, never a nested event loop: the UI keeps painting
