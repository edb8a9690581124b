"""Log-in: the first-run administrator, the log-in dialog, and the idle lock.

The dialogs only collect input and call the callables they are given (the services); they
never hold a password longer than the call.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.core.domain.errors import AppError
from app.core.domain.roles import Actor

Authenticate = Callable[[str, str], Actor]
CreateAdmin = Callable[[str, str, str], Actor]
IDLE_MINUTES = 15


class LoginDialog(QDialog):
    """Asks for a user name and password; `actor` is set when the log-in succeeded.

    With `locked_user` it is the idle lock: the user name is fixed and the window stays hidden.
    """

    def __init__(
        self,
        authenticate: Authenticate,
        *,
        database: str = "",
        locked_user: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self.actor: Actor | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("已锁定 — 请重新输入密码") if locked_user else self.tr("登录"))
        layout = QVBoxLayout(self)
        if locked_user:
            intro = self.tr("因长时间未操作，程序已锁定。请输入 {0} 的密码继续。").format(
                locked_user
            )
        else:
            intro = self.tr("请登录。数据库：{0}").format(database)
        note = QLabel(intro)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.username = QLineEdit(locked_user or "")
        self.username.setObjectName("loginUsername")
        self.username.setReadOnly(locked_user is not None)
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("密码"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("解锁") if locked_user else self.tr("登录")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("退出程序") if locked_user else self.tr("取消")
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if locked_user else self.username).setFocus()
        self.resize(420, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        try:
            self.actor = self._authenticate(self.username.text(), self.password.text())
        except AppError as exc:
            self.password.clear()
            self.message.setText(str(exc))
            self.password.setFocus()
            return
        finally:
            self.password.clear()
        self.accept()


class FirstAdminDialog(QDialog):
    """First run: creates the administrator account (no account exists yet)."""

    def __init__(self, create: CreateAdmin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._create = create
        self.actor: Actor | None = None
        self.setObjectName("firstAdminDialog")
        self.setWindowTitle(self.tr("创建管理员账户"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "这是第一次使用此数据库。请创建管理员账户：管理员可以添加其他用户、"
                "备份与恢复、查看审计日志。请牢记密码，忘记后只能由其他管理员重置。"
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUsername")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("adminDisplayName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("adminConfirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("密码（至少8位）"), self.password)
        form.addRow(self.tr("再次输入密码"), self.confirm)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setObjectName("adminMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建并登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.confirm.text():
            self.message.setText(self.tr("两次输入的密码不一致。"))
            return
        try:
            self.actor = self._create(
                self.username.text(), self.display_name.text(), self.password.text()
            )
        except AppError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class IdleLock(QObject):
    """Watches user input on the whole application; emits `idle_timed_out` after `minutes`
    without any. Installed as an event filter on the QApplication."""

    idle_timed_out = Signal()
    _INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
            QEvent.Type.TabletPress,
        }
    )

    def __init__(
        self, app: QApplication, *, minutes: float = IDLE_MINUTES, check_ms: int = 10_000
    ) -> None:
        super().__init__(app)
        self.limit = minutes * 60.0
        self.last_input = time.monotonic()
        self.paused = False
        app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here; a person's input comes from the window
        # system (spontaneous), so most events are passed over without asking their type.
        if event.spontaneous() and event.type() in self._INPUT:
            self.last_input = time.monotonic()
        return False

    def _on_timer_timeout(self) -> None:
        if not self.paused and time.monotonic() - self.last_input >= self.limit:
            self.paused = True  # until the lock is lifted
            self.idle_timed_out.emit()

    def resume(self) -> None:
        self.last_input = time.monotonic()
        self.paused = False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def lock_until_password(window: QWidget, authenticate: Authenticate, username: str) -> bool:
    """Hides the window and asks the same user's password; False when they chose to quit."""
    window.hide()
    dialog = LoginDialog(authenticate, locked_user=username)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    if ok:
        window.show()
        window.raise_()
        window.activateWindow()
    return ok
