"""One place that turns exceptions into messages: AppError as is, anything else as a bug report."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core.domain.errors import AppError

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> tuple[str, str]:
    """(title, text) for an exception; a programming error gets a generic apology."""
    if isinstance(exc, AppError):
        text = exc.message
        if exc.details:
            text += "\n\n" + "\n".join(exc.details[:20])
            if len(exc.details) > 20:
                text += QCoreApplication.translate("errors", "\n…（共 {0} 条）").format(len(exc.details))
        return QCoreApplication.translate("errors", "无法完成"), text
    return QCoreApplication.translate("errors", "程序错误"), QCoreApplication.translate("errors", "发生了意外错误，操作未完成，数据未被更改。\n详情已写入日志。") + f"\n\n{type(exc).__name__}: {exc}"


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if not isinstance(exc, AppError):
        log.error("unexpected error: %s\n%s", exc, getattr(exc, "__traceback_text__", ""))
    title, text = message_for(exc)
    parent = parent or QApplication.activeWindow()
    icon = QMessageBox.Icon.Warning if isinstance(exc, AppError) else QMessageBox.Icon.Critical
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()  # window-modal, never a nested event loop: the UI keeps painting
