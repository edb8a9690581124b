"""Messages people can read: an error box lands on a live window even when none is active
(the user is in Excel) or its dialog is gone, and speaks the UI's one language."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from app.core.domain.errors import ValidationError
from app.ui.errors import one_language, show_error


def test_error_box_lands_on_the_main_window_when_its_dialog_is_gone(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    dialog.show()
    dialog.hide()  # the dialog that asked was closed meanwhile
    QApplication.setActiveWindow(None)  # the user is in another program
    show_error(dialog, ValidationError("计划名称不能为空。 / The plan needs a name."))
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorBox") is not None, timeout=3000)
    box = window.findChild(QMessageBox, "errorBox")
    assert box.isVisible() and box.parent() is window
    assert box.text() == "计划名称不能为空。"  # no English tail in the Chinese UI
    box.accept()


def test_no_bilingual_tails_but_chinese_with_slashes_stays() -> None:
    assert one_language("已停用 / Deactivated") == "已停用"
    assert one_language("第 2 行：日期 2026/01/02 无效") == "第 2 行：日期 2026/01/02 无效"
    assert one_language("甲 / 乙") == "甲 / 乙"  # both Chinese: not a translation
    assert one_language("a\n计划已公示。 / The plan is published.") == "a\n计划已公示。"


def test_a_message_with_two_english_tails_keeps_only_the_chinese() -> None:
    text = "任务有 1 处问题，未保存：抽查事项 Z99：不在现行事项清单中 / item not in the current list / The task was not saved."
    assert one_language(text) == "任务有 1 处问题，未保存：抽查事项 Z99：不在现行事项清单中"
