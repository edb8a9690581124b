"""一次一档 from the review queue: the supervisor selects a result, clicks 导出案卷PDF…, chooses a
file, and the archive PDF of that visit is written (notice, sheet, review history); 导出本任务
全部案卷… writes one PDF per checked visit of the task into the chosen folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select
from ui_helpers import click_result, open_page

from app.core.services.results import results, reviews
from app.core.storage.models import AuditEvent
from app.ui.features.results.page import ResultsPage
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _select(qtbot, page, result_id: int) -> None:  # type: ignore[no-untyped-def]
    click_result(qtbot, page, result_id)
    qtbot.waitUntil(page.review.archive_button.isEnabled, timeout=5000)


def test_archive_pdf_of_the_selected_result_and_of_its_task(
    qtbot, sample_db: Path, tmp_path: Path, monkeypatch
) -> None:
    ws, runner, page = open_page(
        qtbot, sample_db, ResultsPage, size=(910, 470) if SCALE else (1366, 700)
    )
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: infos.append(text))
    try:
        visit_id, _ = make_visit(ws)
        complete_form(ws, visit_id, ["E"], "灭火器过期，已当场责令改正")
        [row] = [r for r in results.list_results(ws, statuses=["已完成"]) if r.visit_id == visit_id]
        reviews.submit_for_review(ws, [row.id])
        reviews.approve_results(ws, [row.id])
        page.review.status_filter.setCurrentIndex(page.review.status_filter.findText("全部"))
        _select(qtbot, page, row.id)
        save_screenshot(page, f"results-archive-buttons{SCALE}.png")

        out = tmp_path / "案卷"
        monkeypatch.setattr(
            QFileDialog,
            "getSaveFileName",
            staticmethod(lambda *a, **k: (str(out), "PDF 文件 (*.pdf)")),
        )
        qtbot.mouseClick(page.review.archive_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.review.last_archive is not None, timeout=30000)
        [report] = page.review.last_archive
        pdf = tmp_path / "案卷.pdf"  # .pdf added to the chosen name
        assert report.path == pdf and pdf.exists()
        text = _pdf_text(pdf)
        assert "通知书" in text and "检查表" in text and row.target_name in text
        assert "审核" in text and report.archive_no in text
        assert report.archive_no in infos[-1] and str(pdf) in infos[-1]

        folder = tmp_path / "task"
        folder.mkdir()
        page.review.last_archive = None
        monkeypatch.setattr(
            QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
        )
        qtbot.mouseClick(page.review.task_archive_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.review.last_archive is not None, timeout=60000)
        written = sorted(folder.glob("*.pdf"))
        assert written and {r.path for r in page.review.last_archive} == set(written)
        assert report.archive_no in {r.archive_no for r in page.review.last_archive}
        assert any(row.target_name in _pdf_text(p) for p in written)

        # A file that cannot be written: the reason is shown, nothing is left behind.
        shown: list[str] = []
        monkeypatch.setattr(
            "app.ui.features.results.review.show_error", lambda parent, exc: shown.append(str(exc))
        )
        missing = tmp_path / "no-such-folder" / "x.pdf"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(missing), ""))
        )
        qtbot.mouseClick(page.review.archive_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(shown), timeout=30000)
        assert not missing.parent.exists()
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()


def test_withhold_a_result_with_a_reason_from_the_review_queue(
    qtbot, sample_db: Path, monkeypatch
) -> None:
    """不予公示…: the reason is asked, an empty one refused (nothing stored), the decision
    confirmed; the result is then marked, listed under 不予公示 and its reason shown."""
    from PySide6.QtWidgets import QInputDialog, QPushButton

    from app.core.services.results import result_followthrough

    ws, runner, page = open_page(
        qtbot, sample_db, ResultsPage, size=(910, 470) if SCALE else (1366, 700)
    )
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    try:
        visit_id, _ = make_visit(ws)
        complete_form(ws, visit_id, ["E"], "灭火器过期，已当场责令改正")
        [row] = [r for r in results.list_results(ws, statuses=["已完成"]) if r.visit_id == visit_id]
        reviews.submit_for_review(ws, [row.id])
        page.refresh()
        _select(qtbot, page, row.id)
        assert page.review.withhold_button.isEnabled()

        answer = ["   "]
        monkeypatch.setattr(
            QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (answer[0], True))
        )
        qtbot.mouseClick(page.review.withhold_button, Qt.MouseButton.LeftButton)
        assert warnings and "理由" in warnings[-1]
        assert page.review.last_confirm is None
        assert result_followthrough.withheld_results(ws) == []

        answer[0] = "涉及商业秘密（配方）"
        qtbot.mouseClick(page.review.withhold_button, Qt.MouseButton.LeftButton)
        box = page.review.last_confirm
        assert box is not None and "涉及商业秘密（配方）" in box.text()
        qtbot.mouseClick(box.findChild(QPushButton, "confirmAction"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(result_followthrough.withheld_results(ws)), timeout=10000)
        [held] = result_followthrough.withheld_results(ws)
        assert (held.result_id, held.reason) == (row.id, "涉及商业秘密（配方）")

        # The list for the supervisor: the 不予公示 filter, the marker and the reason (after the
        # reload the decision triggers has landed).
        qtbot.waitUntil(lambda: row.id in page.review.withheld, timeout=10000)
        page.review.status_filter.setCurrentIndex(page.review.status_filter.findText("不予公示"))
        table = page.review.table
        qtbot.waitUntil(
            lambda: [table.model().key(r) for r in range(table.model().rowCount())] == [row.id],
            timeout=10000,
        )
        assert "不予公示" in table.model().index(0, 0).data()
        _select(qtbot, page, row.id)
        qtbot.waitUntil(lambda: "涉及商业秘密" in page.review.events.text(), timeout=10000)
        assert not page.review.withhold_button.isEnabled()
        assert page.review.lift_button.isEnabled()
        save_screenshot(page, f"results-withheld-list{SCALE}.png")

        # 恢复公示…: the decision reversed with its own reason, audited beside the first one.
        answer[0] = "保密期已过"
        qtbot.mouseClick(page.review.lift_button, Qt.MouseButton.LeftButton)
        box = page.review.last_confirm
        assert box is not None and "保密期已过" in box.text()
        qtbot.mouseClick(box.findChild(QPushButton, "confirmAction"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: result_followthrough.withheld_results(ws) == [], timeout=10000)
        qtbot.waitUntil(lambda: row.id not in page.review.withheld, timeout=10000)
        with ws.db.read_session() as s:
            lifted = s.scalars(
                select(AuditEvent).where(AuditEvent.action == "result.withhold_lift")
            ).one()
            assert "保密期已过" in lifted.summary and "涉及商业秘密（配方）" in lifted.summary
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
