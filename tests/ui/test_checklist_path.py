"""The inspector's path through the real main window, two visits in a row (issue 21).

Clicks the 待检查 row, the answer buttons, the signature pad (mouse drags), 完成检查 with its
confirmation, then at once the next business's row — the moment a late reload of the first,
completed form used to take the pane back — answers, signs for the inspectors, records a
refusal with a witness through the refusal dialog and completes. After each step the test
reads the database: every answer and signature is stored against the visit the form shows,
and the first visit is unchanged.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlalchemy import select
from ui_helpers import click, drag_signature, ok_button, type_via_ime, with_modal

from app.core.domain.localtime import local_now
from app.core.services.checklist import inspections
from app.core.services.kernel.workspace import Workspace, open_workspace
from app.core.storage.models import Result, Signature
from app.ui.app import GuiController, create_application
from app.ui.features.checklist.answers import LineEditor, PhotoEditor, YesNoEditor
from app.ui.features.checklist.dialogs import RefusalDialog, SignatureDialog
from app.ui.features.checklist.page import ChecklistPage
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def shot(widget: QWidget, name: str) -> None:
    save_screenshot(widget, f"checklist-path-{name}{SCALE}.png")


# -- reading what is stored ------------------------------------------------------------------


def stored(ws: Workspace, visit_id: int) -> inspections.FormView | None:
    return inspections.current_form(ws, visit_id)


def stored_answers(ws: Workspace, visit_id: int) -> dict[str, dict[str, Any]]:
    form = stored(ws, visit_id)
    return {} if form is None else form.data.answers


def answer_count(ws: Workspace, visit_id: int) -> int:
    return sum(len(v) for v in stored_answers(ws, visit_id).values())


def stored_signatures(ws: Workspace, visit_id: int) -> list[tuple[str, Any, bool]]:
    form = stored(ws, visit_id)
    if form is None:
        return []
    with ws.db.read_session() as s:
        return [
            (g.role, g.inspector_id, g.refused)
            for g in s.scalars(select(Signature).where(Signature.inspection_id == form.id))
        ]


def result_states(ws: Workspace, visit_id: int) -> list[str]:
    with ws.db.read_session() as s:
        return [r.status for r in s.scalars(select(Result).where(Result.visit_id == visit_id))]


# -- the page --------------------------------------------------------------------------------


def row_of(page: ChecklistPage, visit_id: int) -> int:
    return next(r for r, v in enumerate(page.rows) if v.visit_id == visit_id)


def click_visit(page: ChecklistPage, visit_id: int) -> None:
    item = page.table.item(row_of(page, visit_id), 0)
    page.table.scrollToItem(item)
    rect = page.table.visualItemRect(item)
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def signatures_drawn(page: ChecklistPage) -> bool:
    """Every stored signature's image is shown beside its signer."""
    thumbs = [label for _sha, label in page.form.signature_thumbs]
    return len(thumbs) == len(page.form.form.signatures) - refusals(page) and all(
        label.pixmap() is not None and not label.pixmap().isNull() for label in thumbs
    )


def list_agrees(page: ChecklistPage) -> bool:
    """The highlighted row is the visit the form shows (by id), or none when that visit is
    not in the list shown (it moved to another tab)."""
    shown = page.form.form.visit_id
    selected = {page.rows[ix.row()].visit_id for ix in page.table.selectionModel().selectedRows()}
    in_list = any(v.visit_id == shown for v in page.rows)
    return selected == ({shown} if in_list else set())


def refusals(page: ChecklistPage) -> int:
    return sum(1 for g in page.form.form.signatures if g.refused)


def form_shows(page: ChecklistPage, visit_id: int) -> bool:
    f = page.form.form
    return f is not None and f.visit_id == visit_id and not page.form._busy


def answer_everything(qtbot: Any, page: ChecklistPage) -> int:
    """Every row answered by its buttons (是 / 不涉及 for photos), 未发现问题, a disposal."""
    n = 0
    for editor in page.form.editors.values():
        if isinstance(editor, YesNoEditor):
            click(editor.buttons["yes"])
            assert editor.value() == "yes"
        elif isinstance(editor, PhotoEditor):
            click(editor.na)
            assert editor.value() == "na"
        elif isinstance(editor, LineEditor):
            editor.edit.setFocus()
            if editor.kind in ("number", "date"):
                QTest.keyClicks(editor.edit, {"number": "3", "date": "20260501"}[editor.kind])
            else:
                type_via_ime(editor.edit, "无")
        n += 1
    click(page.form.result_boxes["1"])  # 未发现问题
    click(page.form.disposal_boxes["1"])
    return n


def checklist_window(
    qtbot: Any, db: Path, *, size: tuple[int, int] = (1366, 768)
) -> tuple[Workspace, GuiController, ChecklistPage]:
    """The app's main window on `db`, shown at `size`, on its 检查表 tab (as after a click on it)."""
    ws = open_workspace(db)
    controller = GuiController(create_application([]), ws, "zh_CN")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    # the tabs come once the window shows its counts
    qtbot.waitUntil(lambda: window.findChild(ChecklistPage) is not None, timeout=10000)
    page = window.findChild(ChecklistPage)
    qtbot.wait(10)  # the window restores its last tab first
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(page.isVisible, timeout=5000)
    return ws, controller, page


def answered_waiting_visit(qtbot: Any, ws: Workspace, page: ChecklistPage, runner: Any) -> int:
    """A 待检查 visit picked from the list, opened, every row answered (answer_everything); its
    form stored and shown again. Returns the visit id."""
    page.tab_bar.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
    visit = next(v.visit_id for v in page.rows if set(result_states(ws, v.visit_id)) == {"待检查"})
    click_visit(page, visit)
    qtbot.waitUntil(lambda: form_shows(page, visit), timeout=10000)
    answer_everything(qtbot, page)
    qtbot.waitUntil(lambda: stored(ws, visit) is not None, timeout=10000)
    runner.wait()
    qtbot.waitUntil(lambda: form_shows(page, visit), timeout=10000)
    return visit


def sign(qtbot: Any, page: ChecklistPage, button_name: str) -> None:
    button = page.form.findChild(QPushButton, button_name)
    assert button is not None, button_name

    def handle(dialog: SignatureDialog) -> None:
        drag_signature(dialog.pad)
        click(ok_button(dialog))

    with_modal(qtbot, SignatureDialog, lambda: click(button), handle)


def complete(qtbot: Any, page: ChecklistPage, *, then: Callable[[], None] | None = None) -> None:
    def handle(box: QMessageBox) -> None:
        assert "签名后将锁定，之后只能更正" in box.text()
        yes = box.button(QMessageBox.StandardButton.Yes)
        QTest.mouseClick(yes, Qt.MouseButton.LeftButton)

    with_modal(qtbot, QMessageBox, lambda: click(page.form.complete_button), handle)
    if then is not None:
        then()


def test_two_visits_in_a_row_with_a_refusal_store_everything_against_the_right_visit(
    qtbot, sample_db: Path
) -> None:
    # 1366×768 at 100%, or a 1920×1080 screen at 150% (1280×720 logical pixels)
    ws, controller, page = checklist_window(
        qtbot, sample_db, size=(1280, 720) if SCALE else (1366, 768)
    )
    window = controller.window
    try:
        page.tab_bar.setCurrentIndex(0)  # 待检查
        qtbot.waitUntil(lambda: page.table.rowCount() > 0, timeout=10000)
        # The businesses still open (their results 待检查, none published).
        open_ids = [
            v.visit_id for v in page.rows if set(result_states(ws, v.visit_id)) == {"待检查"}
        ]
        first, second = open_ids[0], open_ids[1]
        shot(window, "1-list")

        # -- the first visit: opening stores nothing ------------------------------------------
        click_visit(page, first)
        assert page.form.status_label.text() == "正在打开…" or form_shows(page, first)
        qtbot.waitUntil(lambda: form_shows(page, first), timeout=10000)
        controller.runner.wait()
        assert stored(ws, first) is None and page.form.form.unsaved
        assert result_states(ws, first) == ["待检查"] * len(result_states(ws, first))
        assert page.form.start_edit.specialValueText() == page.form.start_edit.text()

        rows = answer_everything(qtbot, page)
        qtbot.waitUntil(lambda: answer_count(ws, first) == rows, timeout=10000)
        qtbot.waitUntil(lambda: stored(ws, first).data.disposals == ("1",), timeout=10000)
        form_a = stored(ws, first)
        assert form_a is not None and form_a.status == "draft"
        assert set(form_a.data.result_codes) == {"1"} and form_a.data.disposals == ("1",)
        assert form_a.started_at is not None and form_a.ended_at is None  # no zero-length time
        # 检查时间 starts on the office's wall clock (北京时间), not the machine's (UTC here).
        assert abs(form_a.started_at - local_now()) < timedelta(minutes=10), form_a.started_at
        qtbot.waitUntil(lambda: list_agrees(page), timeout=10000)
        shot(window, "2-answered")

        sign(qtbot, page, "signButton:party")
        qtbot.waitUntil(
            lambda: ("party", None, False) in stored_signatures(ws, first), timeout=10000
        )
        team_a = [m["inspector_id"] for m in form_a.header["inspectors"]]
        for inspector_id in team_a:
            qtbot.waitUntil(lambda: form_shows(page, first), timeout=10000)
            sign(qtbot, page, f"signButton:{inspector_id}")
            qtbot.waitUntil(
                lambda i=inspector_id: ("inspector", i, False) in stored_signatures(ws, first),
                timeout=10000,
            )
        qtbot.waitUntil(lambda: form_shows(page, first), timeout=10000)
        qtbot.waitUntil(lambda: signatures_drawn(page), timeout=10000)
        shot(window, "3-signed")

        # -- 完成检查, and at once the next business (the old race) ----------------------------
        def open_second() -> None:
            click_visit(page, second)
            # One guarded step: at once busy, the previous form read-only.
            assert page.form.status_label.text() == "正在打开…"
            assert not page.form.scroll_area.widget().isEnabled()
            assert not page.form.complete_button.isEnabled()

        complete(qtbot, page, then=open_second)
        qtbot.waitUntil(lambda: stored(ws, first).status == "completed", timeout=10000)
        qtbot.waitUntil(lambda: form_shows(page, second), timeout=10000)
        controller.runner.wait()
        qtbot.wait(50)  # every late answer (the first form's reload) delivered by now
        assert page.form.form.visit_id == second and not page.form.form.locked
        assert page.selected_visit() is None or page.selected_visit().visit_id == second
        done_a = stored(ws, first)
        assert done_a.content_hash and set(result_states(ws, first)) == {"已完成"}
        assert done_a.ended_at is not None and done_a.ended_at >= done_a.started_at
        qtbot.waitUntil(lambda: list_agrees(page), timeout=10000)
        assert "内容哈希" not in page.form.status_label.text()

        rows_b = answer_everything(qtbot, page)
        assert page.form.form.visit_id == second  # the pane did not jump back
        qtbot.waitUntil(lambda: list_agrees(page), timeout=10000)
        qtbot.waitUntil(lambda: answer_count(ws, second) == rows_b, timeout=10000)
        qtbot.waitUntil(lambda: stored(ws, second).data.disposals == ("1",), timeout=10000)
        form_b = stored(ws, second)
        assert form_b.id != done_a.id and form_b.status == "draft"

        team_b = [m["inspector_id"] for m in form_b.header["inspectors"]]
        for inspector_id in team_b:
            qtbot.waitUntil(lambda: form_shows(page, second), timeout=10000)
            sign(qtbot, page, f"signButton:{inspector_id}")
            qtbot.waitUntil(
                lambda i=inspector_id: ("inspector", i, False) in stored_signatures(ws, second),
                timeout=10000,
            )
        qtbot.waitUntil(lambda: form_shows(page, second), timeout=10000)

        # -- the refusal, with its witness ------------------------------------------------
        def refuse(dialog: RefusalDialog) -> None:
            dialog.reason_edit.setFocus()
            type_via_ime(dialog.reason_edit, "负责人不在场，店员拒绝签字")
            type_via_ime(dialog.witness_edit, "王建华")
            QTest.keyClicks(dialog.id_edit, "150821198503120318")  # check digit wrong
            assert "校验位应为7" in dialog.id_problem.text()
            drag_signature(dialog.pad)
            shot(dialog, "4-refusal")
            click(ok_button(dialog))
            assert dialog.isVisible()  # not accepted with a wrong check digit
            dialog.id_edit.clear()
            QTest.keyClicks(dialog.id_edit, "150821198503120317")
            assert dialog.id_problem.text() == ""
            click(ok_button(dialog))

        refuse_button = page.form.findChild(QPushButton, "refuseButton")
        with_modal(qtbot, RefusalDialog, lambda: click(refuse_button), refuse)
        qtbot.waitUntil(
            lambda: ("party", None, True) in stored_signatures(ws, second), timeout=10000
        )
        qtbot.waitUntil(
            lambda: form_shows(page, second) and len(page.form.form.signatures) == len(team_b) + 2,
            timeout=10000,
        )
        assert ("witness", None, False) in stored_signatures(ws, second)
        # The refusal replaces the party's 签字 button; it cannot be signed over silently.
        assert page.form.findChild(QPushButton, "signButton:party") is None
        assert page.form.findChild(QPushButton, "refuseButton") is None
        assert page.form.findChild(QPushButton, "undoRefusalButton") is not None
        qtbot.waitUntil(lambda: signatures_drawn(page), timeout=10000)
        shot(window, "5-refused")

        complete(qtbot, page)
        qtbot.waitUntil(lambda: stored(ws, second).status == "completed", timeout=10000)
        qtbot.waitUntil(lambda: form_shows(page, second) and page.form.form.locked, timeout=10000)
        controller.runner.wait()
        assert "核对码" in page.form.status_label.text()
        # The locked form is read-only: no answer button, no 签字 can be clicked.
        buttons = page.form.scroll_area.widget().findChildren(QAbstractButton)
        assert buttons and not any(b.isEnabled() for b in buttons)
        assert not page.form.complete_button.isEnabled()
        qtbot.waitUntil(lambda: signatures_drawn(page), timeout=10000)
        shot(window, "6-completed")

        # -- what is stored -------------------------------------------------------------
        done_b = stored(ws, second)
        assert answer_count(ws, second) == rows_b
        assert sorted(stored_signatures(ws, second), key=str) == sorted(
            [("inspector", i, False) for i in team_b]
            + [("party", None, True), ("witness", None, False)],
            key=str,
        )
        refusal = next(g for g in done_b.signatures if g.refused)
        assert refusal.refusal_reason == "负责人不在场，店员拒绝签字"
        witness = next(g for g in done_b.signatures if g.role == "witness")
        assert (witness.signer_name, witness.signer_id_number) == ("王建华", "150821198503120317")
        assert set(result_states(ws, second)) == {"已完成"}
        # The first visit is exactly as it was completed.
        again_a = stored(ws, first)
        assert again_a.id == done_a.id and again_a.content_hash == done_a.content_hash
        assert again_a.data == done_a.data and inspections.verify_inspection(ws, done_a.id)
        assert sorted(stored_signatures(ws, first), key=str) == sorted(
            [("inspector", i, False) for i in team_a] + [("party", None, False)], key=str
        )
    finally:
        window.close()
        controller.runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
