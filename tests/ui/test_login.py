"""Log-in dialogs, the idle lock and the 管理 menu, driven offscreen with qtbot."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from app.core.domain.roles import Actor, Role
from app.core.services.kernel import users
from app.ui.login import FirstAdminDialog, IdleLock, LoginDialog
from tests.screens import save_screenshot


def _ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_first_run_creates_the_administrator(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstAdminDialog(
        lambda u, n, p: users.create_first_admin(workspace, username=u, display_name=n, password=p)
    )
    qtbot.addWidget(dialog)
    dialog.display_name.setText("张科长")
    dialog.password.setText("s3cret-pass")
    dialog.confirm.setText("different")
    _ok(dialog)
    assert "不一致" in dialog.message.text() and dialog.actor is None
    dialog.confirm.setText("s3cret-pass")
    dialog.show()
    save_screenshot(dialog, "first_admin.png")
    _ok(dialog)
    assert dialog.actor is not None and dialog.actor.role is Role.ADMIN
    assert not users.needs_first_admin(workspace)


def test_login_refuses_a_wrong_password_then_accepts(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    users.create_user(
        workspace, username="li", display_name="李四", role="supervisor", password="password-1"
    )
    dialog = LoginDialog(
        lambda u, p: users.authenticate(workspace, username=u, password=p),
        database=str(workspace.display_name),
    )
    qtbot.addWidget(dialog)
    dialog.username.setText("li")
    dialog.password.setText("wrong-one")
    _ok(dialog)
    assert "用户名或密码不正确" in dialog.message.text()
    assert dialog.password.text() == "" and dialog.actor is None
    dialog.show()
    save_screenshot(dialog, "login.png")
    dialog.password.setText("password-1")
    _ok(dialog)
    assert dialog.actor == Actor("li", Role.SUPERVISOR, "李四")


def test_idle_lock_fires_after_no_input_and_input_postpones_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    lock = IdleLock(app, minutes=0.5 / 60, check_ms=50)  # half a second
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.show()
        before = lock.last_input
        # A key sent by the program is not a person's input; a key typed is.
        QApplication.sendEvent(
            edit, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
        )
        assert lock.last_input == before
        QTest.keyClick(edit, Qt.Key.Key_A)
        assert lock.last_input > before
        with qtbot.waitSignal(lock.idle_timed_out, timeout=3000):
            pass
        assert lock.paused  # fires once until the user unlocks
        lock.resume()
        assert not lock.paused
    finally:
        lock.stop()


def test_locked_window_is_hidden_until_the_password(qtbot, workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QWidget

    from app.ui import login

    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    seen: list[bool] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        seen.append(window.isVisible())
        save_screenshot(self, "idle_lock.png")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(login.LoginDialog, "exec", fake_exec)
    assert login.lock_until_password(window, lambda u, p: Actor(u, Role.ADMIN), "admin")
    assert seen == [False] and window.isVisible()


def _controller(sample_workspace, actor: Actor):  # type: ignore[no-untyped-def]
    from app.ui.app import GuiController, create_application

    app = create_application([])
    return GuiController(app, sample_workspace.as_actor(actor), "zh_CN")


def test_admin_menu_and_audit_viewer(qtbot, sample_workspace) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from app.ui.admin.audit_viewer import AuditViewerDialog

    controller = _controller(sample_workspace, Actor("admin", Role.ADMIN, "管理员"))
    window = controller.window
    qtbot.addWidget(window)
    actions = {a.objectName(): a for a in window.findChildren(QAction)}
    assert actions["actionUsers"].isEnabled() and actions["actionAuditLog"].isEnabled()
    viewer = AuditViewerDialog(controller.ctx, window)
    qtbot.addWidget(viewer)
    viewer.since.setDate(viewer.since.date().addYears(-5))
    viewer.until.setDate(viewer.until.date().addYears(5))
    viewer.refresh()
    qtbot.waitUntil(lambda: viewer.table.rowCount() > 3, timeout=5000)
    actions_shown = {viewer.table.item(r, 3).text() for r in range(viewer.table.rowCount())}
    assert "新增抽查计划" in actions_shown  # 动作 in words, the code only in the tooltip
    import re

    assert not [a for a in actions_shown if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", a)], actions_shown
    objects = {viewer.table.item(r, 4).text() for r in range(viewer.table.rowCount())}
    assert "抽查计划" in objects and not any("-" in o for o in objects)  # names, not uids
    # 用户 as people's names (系统 for the sample's own steps), the login only in the tooltip;
    # the summary in words, without the count of stored rows (that is in its tooltip).
    people = {viewer.table.item(r, 2).text() for r in range(viewer.table.rowCount())}
    assert "系统" in people and "system" not in people, people
    summaries = [viewer.table.item(r, 5).text() for r in range(viewer.table.rowCount())]
    assert not [t for t in summaries if re.search(r"（\d+ 行）$", t)], summaries
    qtbot.waitUntil(lambda: viewer.actor.findData("system") >= 0, timeout=5000)
    assert viewer.actor.itemText(viewer.actor.findData("system")) == "系统"
    qtbot.waitUntil(lambda: viewer.action.findData("plan.create") >= 0, timeout=5000)
    assert viewer.action.itemText(viewer.action.findData("plan.create")) == "新增抽查计划"
    viewer.action.setCurrentIndex(viewer.action.findData("plan.create"))
    viewer.refresh()
    qtbot.waitUntil(
        lambda: (
            {viewer.table.item(r, 3).text() for r in range(viewer.table.rowCount())}
            == {"新增抽查计划"}
        ),
        timeout=5000,
    )
    viewer.action.setCurrentIndex(0)
    viewer.refresh()
    qtbot.waitUntil(lambda: viewer.table.rowCount() > 3, timeout=5000)
    viewer.show()
    qtbot.waitExposed(viewer)  # painted: a grab before the first paint is a grey square
    save_screenshot(viewer, "audit_viewer.png")
    # 校验审计链: passes and shows the chain head (the one `audit verify` prints).
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

    from app.core.services.kernel.audit import chain_head

    with sample_workspace.db.read_session() as s:
        head = chain_head(s)
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_and_close)
            return
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    viewer.findChild(QPushButton, "auditVerify").click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert f"链头 head：{head}" in shown[0]
    assert head[:16] in viewer.status.text()
    controller.runner.wait(10000)


def test_observer_sees_admin_actions_disabled_and_the_core_refuses(qtbot, sample_workspace) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from app.core.domain.errors import PermissionDenied

    controller = _controller(sample_workspace, Actor("obs", Role.OBSERVER))
    qtbot.addWidget(controller.window)
    actions = {a.objectName(): a for a in controller.window.findChildren(QAction)}
    assert not actions["actionUsers"].isEnabled() and not actions["actionBackupNow"].isEnabled()
    assert actions["actionAuditLog"].isEnabled()
    import pytest

    with pytest.raises(PermissionDenied):
        users.list_users(controller.ctx.workspace)
    controller.runner.wait(10000)


def test_users_dialog_lists_accounts(qtbot, sample_workspace) -> None:  # type: ignore[no-untyped-def]
    from app.ui.admin.users_dialog import UsersDialog

    users.create_user(
        sample_workspace,
        username="wang",
        display_name="王五",
        role="supervisor",
        password="password-1",
    )
    controller = _controller(sample_workspace, Actor("admin", Role.ADMIN, "管理员"))
    qtbot.addWidget(controller.window)
    dialog = UsersDialog(controller.ctx, controller.window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert dialog.table.item(0, 0).text() == "wang" and dialog.table.item(0, 2).text() == "监管人员"
    dialog.show()
    save_screenshot(dialog, "users_dialog.png")
    controller.runner.wait(10000)
