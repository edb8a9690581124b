"""Review with the evidence: from the review queue a supervisor opens the signed form, the sheet
as it prints and the photos, and approves from there; a result that contradicts its signed
form says so and cannot be approved."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from shiboken6 import isValid
from sqlalchemy import select, update
from ui_helpers import click_result, open_page

from app.core.services.results import results, reviews
from app.core.storage.models import Result
from app.ui.features.results.page import ResultsPage
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form, photo_png
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def _submitted(ws, codes: list[str], findings: str, *, photo: bool) -> int:
    visit_id, _ = make_visit(ws)
    complete_form(ws, visit_id, codes, findings, photo=photo_png() if photo else None)
    [row] = [r for r in results.list_results(ws, statuses=["已完成"]) if r.visit_id == visit_id]
    reviews.submit_for_review(ws, [row.id])
    return row.id


def _open_from_queue(qtbot, page, result_id: int):  # type: ignore[no-untyped-def]
    table = page.review.table
    point = click_result(qtbot, page, result_id)
    qtbot.waitUntil(page.review.evidence_button.isEnabled, timeout=5000)
    # The result's history names people as people read them: 系统 did the sample's work, the
    # login "system" is not shown.
    qtbot.waitUntil(lambda: "已完成 → 待审核" in page.review.events.text(), timeout=5000)
    assert "系统  已完成 → 待审核" in page.review.events.text()
    assert "system" not in page.review.events.text()
    save_screenshot(page, f"results-review-queue-evidence{SCALE}.png")
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: page.review.evidence_dialog is not None, timeout=5000)
    dialog = page.review.evidence_dialog
    qtbot.waitUntil(
        lambda: dialog.evidence is not None and dialog.evidence.result.id == result_id,
        timeout=15000,
    )
    return dialog


def test_review_opens_form_sheet_and_photos_and_approves_from_there(qtbot, sample_db: Path) -> None:
    ws, runner, page = open_page(
        qtbot, sample_db, ResultsPage, size=(910, 470) if SCALE else (1366, 700)
    )
    try:
        good = _submitted(ws, ["E"], "灭火器过期，已当场责令改正", photo=True)
        page.refresh()
        dialog = _open_from_queue(qtbot, page, good)
        dialog.resize(*((910, 490) if SCALE else (1366, 740)))
        ev = dialog.evidence
        assert ev.result.target_name in dialog.heading.text() and "待审核" in dialog.heading.text()
        assert "第1版检查表" in dialog.form_text.toPlainText()
        assert "系统" in ev.form_title and "system" not in ev.form_title  # who completed it
        assert "发现问题已责令改正" in dialog.form_text.toPlainText()
        assert "灭火器过期" in dialog.form_text.toPlainText()
        assert "当事人" in dialog.form_text.toPlainText()
        assert not dialog.problem.isVisible()
        # The sheet as it prints, page images rendered from the same layout as the PDF.
        pages = dialog.sheet_pages.findChildren(QLabel)
        assert pages and not pages[0].pixmap().isNull() and pages[0].pixmap().height() > 500
        assert dialog.print_button.isEnabled()
        # The photo.
        dialog.tabs.setCurrentIndex(2)
        assert dialog.tabs.tabText(2) == "照片（1）"
        photos = [
            w
            for w in dialog.photo_grid_host.findChildren(QLabel)
            if w.objectName() == "evidencePhoto"
        ]
        assert len(photos) == 1 and photos[0].pixmap().width() == 280
        save_screenshot(dialog, f"results-evidence-photos{SCALE}.png")
        dialog.tabs.setCurrentIndex(1)
        save_screenshot(dialog, f"results-evidence-sheet{SCALE}.png")
        dialog.tabs.setCurrentIndex(0)
        save_screenshot(dialog, f"results-evidence-form{SCALE}.png")

        assert dialog.approve_button.isEnabled()
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=10000)
        with ws.db.read_session() as s:
            assert s.get(Result, good).status == "通过"

        # A result that does not say what its signed form says: shown, not approvable.
        bad = _submitted(ws, ["E"], "已责令改正", photo=False)
        with ws.db.session() as s:
            s.execute(update(Result).where(Result.id == bad).values(result_codes=["1"]))
        page.refresh()
        dialog = _open_from_queue(qtbot, page, bad)
        assert dialog.problem.isVisible() and "不一致" in dialog.problem.text()
        assert not dialog.approve_button.isEnabled()
        assert dialog.tabs.tabText(2) == "照片（0）"
        dialog.reject()
        with ws.db.read_session() as s:
            assert s.scalar(select(Result.status).where(Result.id == bad)) == "待审核"
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
