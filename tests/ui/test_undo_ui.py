"""编辑 → 撤销 (Ctrl+Z), as a person uses it: an edit made in a dialog is taken back with Ctrl+Z,
the database is as it was, and the audit trail holds both the edit and the undo. An undo over
another workstation's later change is refused by the stale-save gate and changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from sqlalchemy import select

from app.core.domain.roles import Actor, Role
from app.core.services.kernel import undo
from app.core.services.kernel.workspace import open_workspace
from app.core.services.plan import task_views, tasks
from app.core.services.registry import targets
from app.core.storage.models import AuditEvent
from app.ui.app import GuiController, create_application
from tests.screens import save_screenshot
from tests.ui.test_concurrent_edit_ui import _open_editor_on, _save, _workstation

WANG = Actor("wang", Role.SUPERVISOR, "王科长")
LI = Actor("li", Role.SUPERVISOR, "李科长")


def _window(qtbot, db: Path, actor: Actor):  # type: ignore[no-untyped-def]
    app = create_application([])
    ws = open_workspace(db).as_actor(actor)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    qtbot.addWidget(window)
    return ws, controller, window


def _actions(ws, uid: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return [
            (a, m or "")
            for a, m in s.execute(
                select(AuditEvent.action, AuditEvent.summary)
                .where(AuditEvent.entity_uid == uid)
                .order_by(AuditEvent.id)
            )
        ]


def test_ctrl_z_takes_back_a_registry_edit_and_both_are_audited(qtbot, sample_db: Path) -> None:
    ws, controller, window = _window(qtbot, sample_db, WANG)
    try:
        row_id = targets.target_ids(ws)[0]
        before = targets.get_target(ws, row_id)
        name = before.values["name"]
        undo_action = window.undo_menu.action
        assert not undo_action.isEnabled() and undo_action.text() == "撤销(&U)"

        tab = window.pages[0].registry_tabs["targets"]
        dialog = _open_editor_on(qtbot, tab, name)
        dialog.editors["phone"].setText("0478-5200001")
        dialog.editors["address"].setText("新改的地址 88 号")
        with qtbot.waitSignal(dialog.saved, timeout=10000):
            _save(dialog)
            assert window.busy_label.text() == "正在处理…"  # at once, before the answer
            assert QApplication.overrideCursor() is not None
        qtbot.waitUntil(lambda: undo_action.isEnabled(), timeout=10000)
        qtbot.waitUntil(lambda: window.busy_label.text() == "", timeout=10000)
        assert QApplication.overrideCursor() is None
        assert window.message_bar.text() == f"已保存：{name}"  # stays until read
        edited = targets.get_target(ws, row_id)
        assert edited.values["phone"] == "0478-5200001" and edited.version > before.version
        window.findChild(QMenu, "editMenu").aboutToShow.emit()
        assert undo_action.text() == f"撤销“修改检查对象“{name}””(&U)"  # names the step

        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        window.tabs.setFocus()
        QTest.keyClick(window.tabs, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(
            lambda: targets.get_target(ws, row_id).values["phone"] == before.values["phone"],
            timeout=10000,
        )
        back = targets.get_target(ws, row_id)
        assert back.values == before.values  # every field and link as it was
        qtbot.waitUntil(lambda: "已撤销" in window.message_bar.text(), timeout=10000)
        assert name in window.message_bar.text()
        save_screenshot(window, "undo-message-bar.png")
        actions = _actions(ws, edited.uid)
        assert [a for a, _m in actions][-2:] == ["target.update", "undo"]
        assert actions[-1][1] == f"撤销：修改检查对象“{name}”"
        assert not undo_action.isEnabled()  # nothing more of this user's to undo
    finally:
        window.close()
        controller.runner.wait()
        ws.db.dispose()


def test_undo_over_another_workstations_later_change_is_refused(qtbot, sample_db: Path) -> None:
    ws, controller, window = _window(qtbot, sample_db, WANG)
    other, li_runner, li_page = _workstation(qtbot, sample_db, LI)
    try:
        row_id = targets.target_ids(ws)[1]
        name = targets.get_target(ws, row_id).values["name"]
        tab = window.pages[0].registry_tabs["targets"]
        dialog = _open_editor_on(qtbot, tab, name)
        dialog.editors["phone"].setText("0478-5200002")
        with qtbot.waitSignal(dialog.saved, timeout=10000):
            _save(dialog)
        qtbot.waitUntil(lambda: window.undo_menu.action.isEnabled(), timeout=10000)

        # 李科长, at another desk, changes the same business afterwards
        li_dialog = _open_editor_on(qtbot, li_page.registry_tabs["targets"], name)
        li_dialog.editors["phone"].setText("0478-5299999")
        with qtbot.waitSignal(li_dialog.saved, timeout=10000):
            _save(li_dialog)
        later = targets.get_target(ws, row_id)
        assert (
            undo.last_step(other).actor == "li" and undo.last_step(ws).actor == "wang"
        )  # each their own

        window.undo_menu.action.trigger()
        qtbot.waitUntil(
            lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=10000
        )
        box = QApplication.activeModalWidget()
        assert "已被其他工作站修改" in box.text() and "li于" in box.text()
        assert box.parent() is window  # on a live window, not lost
        box.accept()
        assert targets.get_target(ws, row_id).values["phone"] == "0478-5299999"  # hers stands
        assert not any(a == "undo" for a, _m in _actions(ws, later.uid))
    finally:
        window.close()
        controller.runner.wait()
        li_runner.wait()
        other.db.dispose()
        ws.db.dispose()


def test_a_deleted_draft_task_comes_back_with_its_number_and_a_new_one_goes(
    sample_db: Path,
) -> None:
    from dataclasses import replace

    from app.core.services.plan import plans

    ws = open_workspace(sample_db).as_actor(WANG)
    try:
        model = task_views.get_task(ws, task_views.list_tasks(ws)[0].id).draft
        plan = plans.create_plan(
            ws, year=2031, name="2031年度抽查计划（草拟）", department_code="市场监管"
        )
        plan_id = next(p.id for p in plans.list_plans(ws) if p.year == 2031)
        del plan
        made = tasks.create_task(
            ws, replace(model, name="撤销测试任务", plan_id=plan_id, year=2031)
        )
        detail = task_views.get_task(ws, made.id)
        assert undo.last_step(ws).label == f"新建任务 {detail.task_no}"
        tasks.delete_task(ws, made.id, base_version=detail.version)
        assert undo.last_step(ws).label == f"删除任务 {detail.task_no}"

        assert undo.undo_last(ws).message == f"已撤销：删除任务 {detail.task_no}"
        back = task_views.get_task(ws, detail.task_no)
        assert back.draft == detail.draft and back.uid == detail.uid

        undo.undo_last(ws)  # and the creation before it
        assert all(t.task_no != detail.task_no for t in task_views.list_tasks(ws))
        assert [a for a, _m in _actions(ws, detail.uid)] == [
            "task.create",
            "task.delete",
            "undo",
            "undo",
        ]
    finally:
        ws.db.dispose()


def test_ctrl_z_takes_back_an_approval_clicked_in_the_review_panel(qtbot, sample_db: Path) -> None:
    from app.core.services.results import results, reviews
    from app.core.storage.models import Result, ReviewDecision
    from app.ui.features.results.page import ResultsPage
    from tests.helpers.inspection_helpers import make_visit
    from tests.helpers.office_helpers import complete_form

    setup = open_workspace(sample_db).as_actor(WANG)
    visit_id, _ = make_visit(setup)
    complete_form(setup, visit_id, ["1"])
    rid = next(r.id for r in results.list_results(setup) if r.visit_id == visit_id)
    reviews.submit_for_review(setup, [rid])
    setup.db.dispose()
    ws, controller, window = _window(qtbot, sample_db, WANG)
    try:
        page = next(p for p in window.pages if isinstance(p, ResultsPage))
        window.tabs.setCurrentWidget(page)
        page.sections.setCurrentWidget(page.review)
        table = page.review.table
        model = table.model()
        qtbot.waitUntil(
            lambda: rid in [model.key(r) for r in range(model.rowCount())], timeout=10000
        )
        row = next(r for r in range(model.rowCount()) if model.key(r) == rid)
        rect = table.visualRect(model.index(row, 3))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(page.review.approve_button.isEnabled, timeout=5000)
        qtbot.mouseClick(page.review.approve_button, Qt.MouseButton.LeftButton)

        def status() -> tuple[str, int]:
            with ws.db.read_session() as s:
                decided = s.scalars(select(ReviewDecision).where(ReviewDecision.result_id == rid))
                return s.get(Result, rid).status, len(list(decided))

        qtbot.waitUntil(lambda: status() == ("通过", 1), timeout=10000)
        undo_action = window.undo_menu.action
        qtbot.waitUntil(undo_action.isEnabled, timeout=10000)
        window.findChild(QMenu, "editMenu").aboutToShow.emit()
        assert undo_action.text().startswith("撤销“审核通过“")  # names the decision

        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
        window.tabs.setFocus()
        QTest.keyClick(window.tabs, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: status() == ("待审核", 0), timeout=10000)
        qtbot.waitUntil(lambda: "已撤销：审核通过" in window.message_bar.text(), timeout=10000)
        # the panel shows it waiting again, ready to be decided
        qtbot.waitUntil(
            lambda: any(
                model.key(r) == rid and model.index(r, 0).data().startswith("待审核")
                for r in range(model.rowCount())
            ),
            timeout=10000,
        )
        with ws.db.read_session() as s:
            uid = s.get(Result, rid).uid
        assert [a for a, _m in _actions(ws, uid)][-1] == "undo"
    finally:
        window.close()
        controller.runner.wait()
        ws.db.dispose()
