"""用户管理: list accounts, add one, change role, reset password, deactivate, unlock.

Every action goes through services.users (which checks ADMINISTER) via run_mutation.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.localtime import fmt_time
from app.core.domain.roles import ROLE_LABELS, Role
from app.core.services import users
from app.core.services.users import UserInfo
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.widgets.button_row import button_row
from app.ui.widgets.read_only_table import read_only_table


class NewUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加用户"))
        form = QFormLayout(self)
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role.value)
        self.role.setCurrentIndex(list(Role).index(Role.INSPECTOR))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("初始密码（至少8位）"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class UsersDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[UserInfo] = []
        self.setObjectName("usersDialog")
        self.setWindowTitle(self.tr("用户管理"))
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [
                self.tr("用户名"),
                self.tr("姓名"),
                self.tr("角色"),
                self.tr("状态"),
                self.tr("上次登录 (UTC)"),
            ],
            object_name="usersTable",
            single_selection=True,
        )
        layout.addWidget(self.table)
        bar = button_row(
            (
                (self.tr("添加…"), self._on_add_clicked),
                (self.tr("更改角色…"), self._on_role_clicked),
                (self.tr("重置密码…"), self._on_reset_clicked),
                (self.tr("停用/启用"), self._on_active_clicked),
                (self.tr("解除锁定"), self._on_unlock_clicked),
            )
        )
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.run_query(
            lambda ws, job: users.list_users(ws),
            self._on_users,
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_users(self, rows: list[UserInfo]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, u in enumerate(rows):
            state = self.tr("正常") if u.is_active else self.tr("已停用")
            if u.locked_until:
                state += self.tr("（锁定）")
            last = fmt_time(u.last_login_at, empty="—")
            for c, v in enumerate([u.username, u.display_name, u.role_label, state, last]):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def _selected(self) -> UserInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _mutate(self, fn) -> None:  # type: ignore[no-untyped-def]
        self.ctx.run_mutation(
            lambda ws, job: fn(ws),
            lambda _r: self.refresh(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_add_clicked(self) -> None:
        d = NewUserDialog(self)
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        name, display, role, pw = (
            d.username.text(),
            d.display_name.text(),
            d.role.currentData(),
            d.password.text(),
        )
        self._mutate(
            lambda ws: users.create_user(
                ws, username=name, display_name=display, role=role, password=pw
            )
        )

    def _on_role_clicked(self) -> None:
        u = self._selected()
        if u is None:
            return
        labels = [ROLE_LABELS[r] for r in Role]
        label, ok = QInputDialog.getItem(
            self, self.tr("更改角色"), u.username, labels, labels.index(u.role_label), False
        )
        if ok:
            role = list(Role)[labels.index(label)]
            self._mutate(lambda ws: users.set_role(ws, username=u.username, role=role))

    def _on_reset_clicked(self) -> None:
        u = self._selected()
        if u is None:
            return
        pw, ok = QInputDialog.getText(
            self,
            self.tr("重置密码"),
            self.tr("{0} 的新密码：").format(u.username),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._mutate(lambda ws: users.reset_password(ws, username=u.username, new_password=pw))

    def _on_active_clicked(self) -> None:
        u = self._selected()
        if u is not None:
            self._mutate(
                lambda ws: users.set_active(ws, username=u.username, active=not u.is_active)
            )

    def _on_unlock_clicked(self) -> None:
        u = self._selected()
        if u is not None:
            self._mutate(lambda ws: users.unlock_user(ws, u.username))
