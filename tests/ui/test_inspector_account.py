"""An inspector's account, made the way an administrator does it (issue 21).

用户管理 → 添加 with the role 检查人员 cannot be saved until an inspector of the registry is
picked (searched by name); logged in as that account, the 检查表 tab lists exactly that
inspector's visits and the status bar says the same number; the inspector changes their own
password from the 管理 menu.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton
from sqlalchemy import select
from ui_helpers import click, ok_button, type_via_ime, with_modal

from app.core.domain.roles import Role
from app.core.services.checklist import visit_list
from app.core.services.kernel import users
from app.core.services.kernel.workspace import open_workspace
from app.core.storage.models import Inspector, User, VisitMember
from app.ui.admin.users_dialog import ChangePasswordDialog, NewUserDialog, UsersDialog
from app.ui.app import GuiController, create_application
from app.ui.context import UiContext
from app.ui.features.checklist.page import ChecklistPage
from app.ui.login import LoginDialog
from app.ui.runner import TaskRunner
from tests.screens import save_screenshot


def test_an_inspector_account_made_in_the_users_dialog_sees_exactly_their_visits(
    qtbot, sample_db: Path
) -> None:
    app = create_application([])
    admin_ws = open_workspace(sample_db)
    runner = TaskRunner()
    # The inspector: one whose name is unique in the registry, on a few visits.
    with admin_ws.db.read_session() as s:
        names = list(s.scalars(select(Inspector.name)))
        member_ids = set(s.scalars(select(VisitMember.inspector_id)))
        person = next(
            i
            for i in s.scalars(select(Inspector).order_by(Inspector.id))
            if i.id in member_ids and names.count(i.name) == 1
        )
        theirs = set(
            s.scalars(select(VisitMember.visit_id).where(VisitMember.inspector_id == person.id))
        )
    everyone = {v.visit_id for v in visit_list.list_visits(admin_ws)}
    assert theirs and everyone - theirs  # others' visits exist, so "exactly" can fail

    # -- 用户管理 → 添加 ----------------------------------------------------------------------
    dialog = UsersDialog(UiContext(admin_ws, runner))
    qtbot.addWidget(dialog)
    dialog.show()
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "添加…")

    def fill(new: NewUserDialog) -> None:
        QTest.keyClicks(new.username, "insp1")
        assert new.role.currentData() == Role.INSPECTOR.value and new.inspector.isVisible()
        QTest.keyClicks(new.password, "password-1")
        click(ok_button(new))
        assert new.isVisible() and "名录库" in new.message.text()  # not without the inspector
        qtbot.waitUntil(lambda: new.inspector.count() > 0, timeout=10000)
        type_via_ime(new.inspector.lineEdit(), person.name)  # the search
        pick = new.inspector.findText(person.name, Qt.MatchFlag.MatchContains)
        assert pick >= 0
        new.inspector.setCurrentIndex(pick)  # the entry chosen from the search's list
        assert new.display_name.text() == person.name
        save_screenshot(new, "users_add_inspector.png")
        click(ok_button(new))

    with_modal(qtbot, NewUserDialog, lambda: click(add), fill)
    qtbot.waitUntil(
        lambda: any(u.username == "insp1" for u in users.list_users(admin_ws)), timeout=10000
    )
    with admin_ws.db.read_session() as s:
        account = s.scalars(select(User).where(User.username == "insp1")).one()
        assert (account.role, account.inspector_id) == ("inspector", person.id)
    runner.wait()
    dialog.close()

    # -- log in as that inspector ------------------------------------------------------------
    login = LoginDialog(
        lambda u, p: users.authenticate(admin_ws, username=u, password=p),
        database=str(admin_ws.display_name),
    )
    qtbot.addWidget(login)
    login.show()
    QTest.keyClicks(login.username, "insp1")
    QTest.keyClicks(login.password, "password-1")
    click(ok_button(login))
    assert login.actor is not None and login.actor.inspector_id == person.id
    ws = admin_ws.as_actor(login.actor)
    controller = GuiController(app, ws, "zh_CN")
    window = controller.window
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    # the tabs come once the window shows its counts
    qtbot.waitUntil(lambda: window.findChild(ChecklistPage) is not None, timeout=10000)
    page = window.findChild(ChecklistPage)
    qtbot.wait(10)
    window.tabs.setCurrentWidget(page)
    try:
        seen: set[int] = set()
        counts: list[int] = []
        for tab in range(3):
            page.tab_bar.setCurrentIndex(tab)
            qtbot.waitUntil(
                lambda t=tab: (
                    page.tab_bar.tabText(t).endswith(f"({page.table.rowCount()})")
                    and all(v.visit_id in theirs for v in page.rows)
                ),
                timeout=10000,
            )
            seen |= {v.visit_id for v in page.rows}
            counts.append(page.table.rowCount())
        assert seen == theirs  # exactly that inspector's visits, in 待检查 / 草稿 / 已完成
        status = window.findChild(QLabel, "statusCounts")
        qtbot.waitUntil(lambda: f"待检查 {counts[0]}" in status.text(), timeout=10000)
        page.tab_bar.setCurrentIndex(0)
        qtbot.waitUntil(lambda: page.table.rowCount() == counts[0], timeout=10000)
        save_screenshot(window, "checklist_inspector_account.png")

        # -- their own password ------------------------------------------------------------
        action = window.findChild(type(window.quit_action), "actionChangeOwnPassword")
        assert action is not None and action.isEnabled()

        def change(d: ChangePasswordDialog) -> None:
            QTest.keyClicks(d.old, "password-1")
            QTest.keyClicks(d.new, "password-2")
            QTest.keyClicks(d.confirm, "password-2")
            click(ok_button(d))

        with_modal(qtbot, ChangePasswordDialog, action.trigger, change)
        with_modal(qtbot, QMessageBox, lambda: None, lambda box: box.accept())
        assert (
            users.authenticate(admin_ws, username="insp1", password="password-2").username
            == "insp1"
        )
    finally:
        window.close()
        controller.runner.wait()
        qtbot.wait(50)
        admin_ws.db.dispose()
