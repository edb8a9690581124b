"""指定检查人员 as a supervisor does it on the draw page: after the draw a team is one short (a
member has left, the department's other officers are away), 指定检查人员… shows the shortfall,
the supervisor finds an officer of another department by typing part of the name, gives the
reason and the approver, 指定 — the member is stored as assigned, and 编辑 → 撤销 names it."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select
from ui_helpers import drawn_draw_page, type_via_ime

from app.core.services.kernel import undo
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import AuditEvent, Department, Inspector, VisitMember
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot

SCALE = "@150" if os.environ.get("QT_SCALE_FACTOR") == "1.5" else ""


def _team(ws, visit_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with ws.db.read_session() as s:
        return {
            i.cert_no: m.source
            for m, i in s.execute(
                select(VisitMember, Inspector)
                .join(Inspector, Inspector.id == VisitMember.inspector_id)
                .where(VisitMember.visit_id == visit_id)
            )
        }


def test_supervisor_assigns_an_officer_where_the_team_is_short(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    try:
        page = drawn_draw_page(qtbot, ws, runner, size=(910, 500) if SCALE else (1366, 740))
        save_screenshot(page, f"draw-done-team-buttons{SCALE}.png")
        qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(page, "assign_dialog", None) is not None, timeout=10000)
        dialog = page.assign_dialog
        visit_id = dialog.visit.currentData()
        # a full team: nobody may be assigned, the dialog says to draw instead
        qtbot.waitUntil(lambda: "应随机抽取" in dialog.shortfall.text(), timeout=10000)
        assert not dialog.assign_button.isEnabled() and not dialog.member.isEnabled()
        dialog.accept()

        # the setup: one member has left the team, the department's other officers are away
        team = list(_team(ws, visit_id))
        with ws.db.session() as s:
            market = s.scalars(select(Department.id).where(Department.code == "市场监管")).one()
            for i in s.scalars(select(Inspector).where(Inspector.department_id == market)):
                if i.cert_no not in team:
                    i.status = "休假"
            gone = s.scalars(select(Inspector).where(Inspector.cert_no == team[1])).one()
            gone.status = "调离"
            for m in s.scalars(
                select(VisitMember).where(
                    VisitMember.visit_id == visit_id, VisitMember.inspector_id == gone.id
                )
            ):
                s.delete(m)
            borrowed = s.scalars(
                select(Inspector)
                .join(Department, Department.id == Inspector.department_id)
                .where(Department.code == "应急管理", Inspector.status == "在岗")
                .order_by(Inspector.name)
            ).first()
            borrowed_cert, borrowed_name = borrowed.cert_no, borrowed.name

        page.assign_dialog = None
        qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.assign_dialog is not None, timeout=10000)
        dialog = page.assign_dialog
        if SCALE:
            dialog.resize(600, 420)
        dialog.visit.setCurrentIndex(dialog.visit.findData(visit_id))
        # (how many are missing depends on who was drawn: a member's 执法证 may have expired
        # since the draw day)
        qtbot.waitUntil(lambda: "缺" in dialog.shortfall.text(), timeout=10000)
        qtbot.waitUntil(dialog.assign_button.isEnabled, timeout=10000)
        labels = [dialog.member.itemText(i) for i in range(dialog.member.count())]
        assert team[1] not in " ".join(labels)  # who left is not offered
        assert all(c not in " ".join(labels) for c in team[:1])  # nor who is on the team

        # nothing picked yet: refused in words, nothing stored
        qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
        assert "指定人员" in dialog.message.text() and "指定原因" in dialog.message.text()
        assert borrowed_cert not in _team(ws, visit_id)

        # type part of the name, pick the completion
        line = dialog.member.lineEdit()
        line.setFocus()
        type_via_ime(line, borrowed_name[:2])
        popup = dialog.member.completer().popup()
        qtbot.waitUntil(popup.isVisible, timeout=5000)
        row = next(
            r
            for r in range(popup.model().rowCount())
            if borrowed_cert in popup.model().index(r, 0).data()
        )
        popup.setCurrentIndex(popup.model().index(row, 0))
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: borrowed_cert in dialog.member.currentText(), timeout=5000)
        type_via_ime(dialog.reason, "本部门在岗人员不足，借调应急管理局")
        dialog.approver.clear()
        type_via_ime(dialog.approver, "钱局长")
        save_screenshot(dialog, f"assign-member-dialog{SCALE}.png")
        qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已指定" in dialog.message.text(), timeout=10000)
        assert borrowed_name in dialog.message.text() and "钱局长" in dialog.message.text()
        assert _team(ws, visit_id)[borrowed_cert] == "assigned"
        # the team is whole again: the dialog says so and offers nobody
        qtbot.waitUntil(lambda: "检查组已有2名" in dialog.shortfall.text(), timeout=10000)
        assert not dialog.assign_button.isEnabled() and dialog.member.count() == 0
        assert (
            undo.last_step(ws).label
            == f"指定{borrowed_name}检查" + (dialog.visit.currentText().split("（")[0])
        )
        with ws.db.read_session() as s:
            event = s.scalars(select(AuditEvent).where(AuditEvent.action == "team.assign")).one()
            assert "钱局长" in event.summary and "缺" in event.summary
        dialog.accept()
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
