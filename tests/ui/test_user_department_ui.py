"""用户管理 → 所属部门: the administrator puts a supervisor into 卫生健康 (unit 监督一科); the
list shows it, the account is stored with it and audited, and that supervisor's review queue
is then the department's only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select
from ui_helpers import click, ok_button, type_via_ime, with_modal

from app.core.domain.roles import Role
from app.core.services.kernel import users
from app.core.services.kernel.workspace import open_workspace
from app.core.services.results import results
from app.core.storage.models import AuditEvent
from app.ui.admin.users_dialog import DepartmentDialog, UsersDialog
from app.ui.context import UiContext
from app.ui.runner import TaskRunner


def test_administrator_sets_a_supervisors_department(qtbot, sample_db: Path) -> None:
    ws = open_workspace(sample_db)
    runner = TaskRunner()
    try:
        users.create_user(
            ws, username="wj_li", display_name="李科长", role=Role.SUPERVISOR, password="secret-123"
        )
        dialog = UsersDialog(UiContext(ws, runner))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: any(u.username == "wj_li" for u in dialog.rows), timeout=10000)
        row = next(n for n, u in enumerate(dialog.rows) if u.username == "wj_li")
        assert dialog.table.item(row, 3).text() == "全县"
        dialog.table.selectRow(row)
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "所属部门…")

        def choose(d: DepartmentDialog) -> None:
            d.department.setCurrentIndex(d.department.findData("卫生健康"))
            type_via_ime(d.unit, "监督一科")
            click(ok_button(d))

        with_modal(qtbot, DepartmentDialog, lambda: click(button), choose)
        qtbot.waitUntil(
            lambda: any(
                u.username == "wj_li" and u.department_code == "卫生健康" for u in dialog.rows
            ),
            timeout=10000,
        )
        row = next(n for n, u in enumerate(dialog.rows) if u.username == "wj_li")
        assert (
            "卫生" in dialog.table.item(row, 3).text()
            and "监督一科" in dialog.table.item(row, 3).text()
        )
        actor = users.authenticate(ws, username="wj_li", password="secret-123")
        assert actor.department_id is not None and actor.unit == "监督一科"
        assert all(
            r.department_code == "卫生健康" for r in results.list_results(ws.as_actor(actor))
        )
        with ws.db.read_session() as s:
            assert s.scalars(
                select(AuditEvent).where(AuditEvent.action == "user.set_department")
            ).one()
        dialog.accept()
    finally:
        runner.wait()
        qtbot.wait(50)
        ws.db.dispose()
