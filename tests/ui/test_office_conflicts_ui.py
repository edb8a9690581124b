"""The office's path through a laptop round trip with a conflict, in the real widgets: the
conflict reads in the user's words, each resolution moves the pane and the buttons on together,
taking the laptop's signed form leaves a result that says what the form says; then the result
is submitted, reviewed with its evidence from the queue, approved and published."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from sqlalchemy import select

from app.core.services.exchange import sync_conflicts
from app.core.services.results import publication
from app.core.storage.models import Inspection, Result, Visit
from app.ui.context import UiContext
from app.ui.features.exchange.conflicts_dialog import ConflictsDialog
from app.ui.features.results.page import ResultsPage
from tests.helpers.office_helpers import conflicting_round_trip
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""
RAW = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}|[0-9a-f]{40,}|_uid|_at\b|_by\b|\[\"|\d{4}-\d\d-\d\dT")


def _confirm(qtbot) -> None:
    box: list[QMessageBox] = []

    def found() -> bool:
        box[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "confirmBox" and w.isVisible()
        ]
        return bool(box)

    qtbot.waitUntil(found, timeout=5000)
    box[0].findChild(QPushButton, "confirmYes").click()


def _no_error_box() -> None:
    errors = [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "errorBox" and w.isVisible()
    ]
    assert not errors, errors


def _cells(dialog: ConflictsDialog) -> list[str]:
    t = dialog.diff
    return [t.item(r, c).text() for r in range(t.rowCount()) for c in range(3)]


def _select(qtbot, dialog: ConflictsDialog, entity: str, business: str) -> None:
    row = next(
        i for i, c in enumerate(dialog.conflicts) if c.entity == entity and c.business == business
    )
    rect = dialog.list.visualItemRect(dialog.list.item(row, 0))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: dialog.shown_id == dialog.conflicts[row].id, timeout=5000)


def _result_of(ws, visit_uid: str) -> tuple[Result, Inspection]:
    with ws.db.read_session() as s:
        r = s.scalars(
            select(Result).join(Visit, Visit.id == Result.visit_id).where(Visit.uid == visit_uid)
        ).one()
        form = s.get(Inspection, r.inspection_id)
        s.expunge_all()
        return r, form


def test_conflict_dialog_speaks_the_users_language_and_moves_on_coherently(
    qtbot, opened, tmp_path: Path
) -> None:
    ws, runner = opened
    laptop, _visit_id, visit_uid = conflicting_round_trip(ws, tmp_path, visits=2)
    laptop.db.dispose()
    dialog = ConflictsDialog(UiContext(ws, runner))
    qtbot.addWidget(dialog)
    dialog.resize(*((910, 490) if SCALE else (1366, 740)))  # fits 1366×768, also at 150%
    dialog.show()
    qtbot.waitUntil(lambda: dialog.list.rowCount() == 4, timeout=10000)
    names = list(dict.fromkeys(c.business for c in dialog.conflicts))
    assert len(names) == 2 and all(names)
    first = dialog.conflicts[0].business
    assert dialog.list.item(0, 0).text() == first
    assert "五原市监抽查〔2026〕1号" in dialog.list.item(0, 2).text()

    # A result conflict: status, the form it rests on, the result — as words.
    _select(qtbot, dialog, "result", first)
    assert first in dialog.detail.text() and "任务" in dialog.detail.text()
    assert dialog.diff_row("result_codes") == ("未发现问题", "发现问题已责令改正")
    assert dialog.diff_row("inspection_uid")[0].startswith("第1版检查表")
    assert not [t for t in _cells(dialog) if RAW.search(t)], _cells(dialog)

    # A form conflict: labels and display texts, side by side, differences first.
    _select(qtbot, dialog, "inspection", first)
    assert dialog.diff_row("data.result_codes") == ("未发现问题", "发现问题已责令改正")
    assert dialog.diff_row("data.findings") == ("—", "灭火器过期，已当场责令改正")
    assert dialog.diff.item(0, 1).background().color().name() == "#fff3c4"  # highlighted
    dialog.only_changed.setChecked(False)
    labels = [dialog.diff.item(r, 0).text() for r in range(dialog.diff.rowCount())]
    assert any(lbl.startswith("食品经营者监督检查 第1项") for lbl in labels)
    assert "完成人" in labels and "completed_by" not in labels
    assert not [t for t in _cells(dialog) if RAW.search(t)], _cells(dialog)
    dialog.only_changed.setChecked(True)
    save_screenshot(dialog, f"exchange-conflict-form{SCALE}.png")

    # Take the laptop's signed form of the first row: its result conflict closes with it and
    # the next conflict takes the row — the pane shows it, and the buttons act on it.
    assert dialog.list.currentRow() == 0 and dialog.conflicts[0].entity == "inspection"
    dialog.keep_incoming.click()
    _confirm(qtbot)
    qtbot.waitUntil(lambda: dialog.list.rowCount() == 2, timeout=10000)
    _no_error_box()
    nxt = dialog.selected()
    assert nxt is not None and nxt.id == dialog.shown_id
    assert nxt.business == names[1] and names[1] in dialog.detail.text()
    assert dialog.diff_row(
        "data.result_codes" if nxt.entity == "inspection" else "result_codes"
    ) == (
        "未发现问题",
        "发现问题已责令改正",
    )
    r, form = _result_of(ws, visit_uid)
    assert form.status == "completed" and form.version_no == 2
    assert form.data["result_codes"] == ["E"] and r.result_codes == ["E"] and r.status == "已完成"

    # The second business: keep the office's form; its result stays what that form says.
    _select(qtbot, dialog, "inspection", names[1])
    dialog.keep_local.click()
    _confirm(qtbot)
    qtbot.waitUntil(lambda: dialog.list.rowCount() == 0, timeout=10000)
    _no_error_box()
    assert "没有待处理" in dialog.detail.text()
    assert sync_conflicts.list_conflicts(ws) == []
    dialog.close()

    # Review: submit the re-derived result from the queue, open its evidence — the laptop's
    # signed form, now version 2 — approve there, and publish: the 公告 says what the form says.
    page = ResultsPage(UiContext(ws, runner))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    review = page.review
    review.status_filter.setCurrentIndex(review.status_filter.findData(["已完成"]))
    rid = r.id
    row = _row_of(qtbot, review, rid)
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    qtbot.waitUntil(review.submit_button.isEnabled, timeout=5000)
    qtbot.mouseClick(review.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _status(ws, rid) == "待审核", timeout=10000)
    review.status_filter.setCurrentIndex(review.status_filter.findData(["待审核"]))
    row = _row_of(qtbot, review, rid)
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    qtbot.mouseDClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=row.center())
    qtbot.waitUntil(lambda: review.evidence_dialog is not None, timeout=5000)
    evidence = review.evidence_dialog
    qtbot.waitUntil(lambda: evidence.evidence is not None, timeout=15000)
    text = evidence.form_text.toPlainText()
    assert "第2版检查表" in text and "发现问题已责令改正" in text and "灭火器过期" in text
    assert not evidence.problem.isVisible() and evidence.approve_button.isEnabled()
    qtbot.mouseClick(evidence.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _status(ws, rid) == "通过", timeout=10000)
    out = tmp_path / "公告.xlsx"
    publication.publish_task(
        ws, "五原市监抽查〔2026〕1号", xlsx_path=out, published_on=date(2026, 12, 31)
    )
    cells = [c for row in load_workbook(out).active.iter_rows(values_only=True) for c in row if c]
    assert any(first in str(c) for c in cells)
    published = [
        row for row in load_workbook(out).active.iter_rows(values_only=True) if first in row
    ]
    assert published and "发现问题已责令改正" in published[0]
    assert _status(ws, rid) == "已公示"


def _row_of(qtbot, review, result_id: int):  # type: ignore[no-untyped-def]
    table = review.table
    qtbot.waitUntil(
        lambda: result_id in [table.model().key(i) for i in range(table.model().rowCount())],
        timeout=10000,
    )
    i = next(i for i in range(table.model().rowCount()) if table.model().key(i) == result_id)
    table.scrollTo(table.model().index(i, 3))
    return table.visualRect(table.model().index(i, 3))


def _status(ws, result_id: int) -> str:
    with ws.db.read_session() as s:
        return s.get(Result, result_id).status
