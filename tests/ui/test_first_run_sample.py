"""The first-run screen says what the sample county holds before a new user creates it."""

from __future__ import annotations

import os
from pathlib import Path

from app.ui.first_run import FirstRunDialog
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def test_first_run_lists_what_the_sample_holds(qtbot, tmp_path: Path) -> None:
    dialog = FirstRunDialog(tmp_path / "新数据库.db")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.contents.text()
    for words in (
        "检查对象",
        "公开随机抽取",
        "拒签",
        "草稿",
        "待审核",
        "已公示",
        "待检查",
        "空数据库",
    ):
        assert words in text, words
    assert dialog.sample.isChecked() and dialog.contents.isEnabled()
    dialog.empty.setChecked(True)
    assert not dialog.contents.isEnabled()
    dialog.sample.setChecked(True)
    assert dialog.width() <= (910 if SCALE else 1366)
    save_screenshot(dialog, f"first-run-sample{SCALE}.png")
    assert not (tmp_path / "新数据库.db").exists()  # nothing created until 创建
