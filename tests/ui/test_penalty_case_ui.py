"""A penalty case from the review queue, as a supervisor does it: select the checked business,
登记后续处置…, choose 立案查处（行政处罚）, type the 案号, OK — the case is stored under the
business and shown beside the result's review history; a second case with the same 案号 is
refused in words; then 处罚决定 and 结案 through the same dialog."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from ui_helpers import click_result, ok_button, open_page, with_modal

from app.core.services.results import penalty_cases, results, reviews
from app.ui.features.results.dialogs import CLOSE_CASE, DECIDE_CASE, FILE_A_CASE, FollowUpDialog
from app.ui.features.results.page import ResultsPage
from tests.helpers.inspection_helpers import make_visit
from tests.helpers.office_helpers import complete_form
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
CASE_NO = "五市监立〔2026〕12号"


def _select(qtbot, page, result_id: int) -> None:  # type: ignore[no-untyped-def]
    click_result(qtbot, page, result_id)
    qtbot.waitUntil(page.review.follow_up_button.isEnabled, timeout=5000)


def _file_case(dialog: FollowUpDialog) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(FILE_A_CASE))
    assert dialog.case_no.isEnabled() and not dialog.party.isEnabled()
    dialog.case_no.setText(CASE_NO)
    dialog.note.setPlainText("无证经营，移交执法大队")
    save_screenshot(dialog, f"results-file-case{SCALE}.png")
    ok_button(dialog).click()


def test_a_supervisor_files_a_case_from_the_review_queue(
    qtbot, sample_db: Path, monkeypatch
) -> None:
    ws, runner, page = open_page(
        qtbot, sample_db, ResultsPage, size=(910, 470) if SCALE else (1366, 700)
    )
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "open", lambda box: errors.append(box.text()))
    try:
        visit_id, _ = make_visit(ws)
        complete_form(ws, visit_id, ["E"], "无证经营")
        [row] = [r for r in results.list_results(ws, statuses=["已完成"]) if r.visit_id == visit_id]
        reviews.submit_for_review(ws, [row.id])
        reviews.approve_results(ws, [row.id])
        page.review.status_filter.setCurrentIndex(page.review.status_filter.findText("全部"))
        _select(qtbot, page, row.id)

        with_modal(qtbot, FollowUpDialog, page.review.follow_up_button.click, _file_case)
        qtbot.waitUntil(lambda: bool(penalty_cases.cases_of_result(ws, row.id)), timeout=10000)
        [case] = penalty_cases.cases_of_result(ws, row.id)
        assert (case.case_no, case.stage) == (CASE_NO, "立案")
        # The list reloads after the decision and keeps the selection: the case is shown.
        qtbot.waitUntil(lambda: CASE_NO in page.review.events.text(), timeout=10000)
        assert page.review._selected() == [row.id]

        # The same 案号 again: refused with a message; the dialog stays open with what was
        # typed, and nothing is stored twice.
        def again(dialog: FollowUpDialog) -> None:
            _file_case(dialog)
            qtbot.waitUntil(lambda: any("已登记" in e for e in errors), timeout=10000)
            assert dialog.isVisible() and dialog.case_no.text() == CASE_NO
            dialog.reject()

        with_modal(qtbot, FollowUpDialog, page.review.follow_up_button.click, again)
        assert len(penalty_cases.cases_of_result(ws, row.id)) == 1

        # 处罚决定, then 结案, through the same dialog (offered once there is such a case).
        def decide(dialog: FollowUpDialog) -> None:
            assert dialog.kind.findData(CLOSE_CASE) < 0  # nothing to close yet
            dialog.kind.setCurrentIndex(dialog.kind.findData(DECIDE_CASE))
            assert dialog.case_pick.isEnabled() and CASE_NO in dialog.case_pick.currentText()
            dialog.note.setPlainText("罚款5000元，没收违法所得")
            ok_button(dialog).click()

        with_modal(qtbot, FollowUpDialog, page.review.follow_up_button.click, decide)
        qtbot.waitUntil(
            lambda: penalty_cases.cases_of_result(ws, row.id)[0].stage == "处罚决定", timeout=10000
        )
        assert penalty_cases.cases_of_result(ws, row.id)[0].decision == "罚款5000元，没收违法所得"

        def close(dialog: FollowUpDialog) -> None:
            dialog.kind.setCurrentIndex(dialog.kind.findData(CLOSE_CASE))
            ok_button(dialog).click()

        with_modal(qtbot, FollowUpDialog, page.review.follow_up_button.click, close)
        qtbot.waitUntil(
            lambda: penalty_cases.cases_of_result(ws, row.id)[0].stage == "结案", timeout=10000
        )
        qtbot.waitUntil(lambda: "罚款5000元" in page.review.events.text(), timeout=10000)
    finally:
        runner.wait()
        ws.db.dispose()
