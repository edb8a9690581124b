"""生成抽查结果公告 in two steps: the notice is generated and opened for reading first, nothing
published; 公示 is a separate step that asks in words what becomes public."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.core.services.results import publication
from app.ui.features.results.panels import PublicationPanel
from app.ui.widgets import files
from tests.ui.ui_helpers import click, open_page, with_modal


def _item(ws):  # type: ignore[no-untyped-def]
    return next(t for t in publication.publication_tasks(ws) if t.approved and t.published)


def test_the_notice_is_read_before_it_is_published(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )
    target = tmp_path / "公告.xlsx"
    monkeypatch.setattr(files, "getSaveFileName", lambda *a, **k: (str(target), ""))
    ws, runner, panel = open_page(qtbot, sample_db, PublicationPanel, size=(1366, 768))
    try:
        panel.refresh()
        item = _item(ws)
        qtbot.waitUntil(lambda: len(panel.items) > 0, timeout=10000)
        panel.table.selectRow(panel.items.index(item))

        click(panel.publish_button)
        qtbot.waitUntil(lambda: getattr(panel, "last_preview", None) is not None, timeout=20000)
        box = panel.last_preview
        assert (
            opened and Path(opened[0]).is_file() and not target.exists()
        )  # read first, nothing written
        text = subprocess.run(
            ["pdftotext", opened[0], "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "抽查结果" in text
        assert (
            f"公告列出 {item.approved + item.published} 户，其中 {item.approved} 户将在公示后向社会公开"
            in box.text()
        )
        assert (
            publication.publication_tasks(ws)[
                publication.publication_tasks(ws).index(item)
            ].approved
            == item.approved
        )
        box.button(QMessageBox.StandardButton.Cancel).click()  # not now: nothing published
        runner.wait()
        assert _item(ws) == item and not target.exists()

        click(panel.publish_button)
        qtbot.waitUntil(lambda: panel.last_preview is not box, timeout=20000)
        said: list[str] = []

        def read(info: QMessageBox) -> None:
            said.append(info.text())
            info.accept()

        confirm_box = panel.last_preview
        with_modal(
            qtbot,
            QMessageBox,
            lambda: click(confirm_box.findChild(QPushButton, "confirmAction")),
            read,
        )
        assert target.exists() and f"本次新公示 {item.approved} 户" in said[0]
        done = next(
            t
            for t in publication.publication_tasks(ws)
            if (t.task_no, t.department_code) == (item.task_no, item.department_code)
        )
        assert done.approved == 0 and done.published == item.published + item.approved
    finally:
        runner.wait()
        ws.db.dispose()
