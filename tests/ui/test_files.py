"""File dialogs open where people keep files: 文档 (or 桌面, or home) at first, then the
folder used last — never the program's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from app.ui.widgets import files


def test_dialogs_start_in_documents_then_in_the_last_folder(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    QSettings().remove(files.KEY)  # a first use: nothing remembered (settings outlive a test)
    asked: list[str] = []
    answer = {"path": str(tmp_path / "导出" / "计划.xlsx")}
    (tmp_path / "导出").mkdir()

    def fake_save(parent, caption, start, flt):  # type: ignore[no-untyped-def]
        asked.append(start)
        return answer["path"], flt

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_save))
    first = files.getSaveFileName(None, "导出", "2027年度计划.xlsx", "Excel (*.xlsx)")
    assert first == (answer["path"], "Excel (*.xlsx)")
    start = Path(asked[0])
    assert start.name == "2027年度计划.xlsx" and start.parent == files.default_folder()
    assert start.parent != Path.cwd()

    files.getOpenFileName(None, "打开", "", "")
    assert Path(asked[1]) == tmp_path / "导出"  # the folder used last
    files.getSaveFileName(None, "导出", "公告.pdf")
    assert Path(asked[2]) == tmp_path / "导出" / "公告.pdf"
    answer["path"] = ""  # cancelled: the folder stays
    files.getSaveFileName(None, "导出", "x.pdf")
    files.getSaveFileName(None, "导出", "y.pdf")
    assert Path(asked[-1]).parent == tmp_path / "导出"


def test_every_file_dialog_of_the_app_goes_through_files() -> None:
    """A QFileDialog asked directly opens in the program's folder (the team dialog's 保存补抽记录
    and the registry import's 浏览 did): every screen asks through app/ui/widgets/files.py. The
    bundle fields keep a folder of their own (the USB stick), which they always name."""
    import re

    ui = Path(__file__).resolve().parents[2] / "app" / "ui"
    own_folder = {ui / "widgets" / "files.py", ui / "features" / "exchange" / "widgets.py"}
    direct = re.compile(r"QFileDialog\.get(Save|Open)FileNames?\(")
    found = [
        f"{path.relative_to(ui)}:{n}"
        for path in sorted(ui.rglob("*.py"))
        if path not in own_folder
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if direct.search(line)
    ]
    assert found == []
