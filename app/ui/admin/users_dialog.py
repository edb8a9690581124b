"""用户管理: list accounts, add one, change role, reset password, deactivate, unlock.

Every action goes through services.kernel.users (which checks ADMINISTER) via run_mutation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.core.domain.ids import InspectorId
from app.core.domain.localtime import fmt_time
from app.core.domain.roles import ROLE_LABELS, Role
from app.core.services.kernel import users
from app.core.services.kernel.users import UserInfo
from app.core.services.kernel.workspace import Changes, Workspace
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.widgets.button_row import button_row
from app.ui.widgets.list_completer import searchable_combo
from app.ui.widgets.read_only_table import read_only_table


class NewUserDialog(QDialog):
    """添加用户; a 检查人员 account must be one inspector of the registry (searchable picker)."""

    def __init__(self, ctx: UiContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newUserDialog")
        self.setWindowTitle(self.tr("添加用户"))
        form = QFormLayout(self)
        self.form = form
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role.value)
        self.inspector = searchable_combo("inspectorPicker", self.tr("输入姓名或执法证号查找"))
        self.inspector.setMinimumWidth(360)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username)
        form.addRow(self.tr("角色"), self.role)
        form.addRow(self.tr("名录库中的检查人员"), self.inspector)
        form.addRow(self.tr("姓名"), self.display_name)
        form.addRow(self.tr("初始密码（至少8位）"), self.password)
        self.message = QLabel()
        self.message.setObjectName("newUserMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.choices: list[users.InspectorChoice] = []
        self.role.currentIndexChanged.connect(self._on_role_changed)
        self.inspector.currentIndexChanged.connect(self._on_inspector_changed)
        self.role.setCurrentIndex(list(Role).index(Role.INSPECTOR))
        self._on_role_changed()
        if ctx is not None:
            ctx.run_query(
                lambda ws, job: users.inspector_choices(ws),
                self.set_choices,
                on_error=lambda exc: show_error(self, exc),
            )

    def set_choices(self, choices: list[users.InspectorChoice]) -> None:
        self.choices = choices
        self.inspector.blockSignals(True)
        self.inspector.clear()
        for c in choices:
            self.inspector.addItem(c.label, c.id)
        self.inspector.setCurrentIndex(-1)
        self.inspector.blockSignals(False)

    def _on_role_changed(self, _index: int = 0) -> None:
        self.form.setRowVisible(self.inspector, self.role.currentData() == Role.INSPECTOR.value)

    def _on_inspector_changed(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.display_name.setText(self.choices[index].name)
            self.message.clear()

    def inspector_id(self) -> InspectorId | None:
        """The picked inspector (the text must be one of the list's entries, not a guess)."""
        if self.role.currentData() != Role.INSPECTOR.value:
            return None
        index = self.inspector.findText(self.inspector.currentText())
        return InspectorId(self.inspector.itemData(index)) if index >= 0 else None

    @override
    def accept(self) -> None:
        if self.role.currentData() == Role.INSPECTOR.value and self.inspector_id() is None:
            self.message.setText(self.tr("检查人员账户须从名录库中选择对应的检查人员。"))
            self.inspector.setFocus()
            return
        super().accept()


class ChangePasswordDialog(QDialog):
    """修改我的密码: the current password, the new one twice."""

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("修改我的密码"))
        form = QFormLayout(self)
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.confirm = QLineEdit()
        for edit in (self.old, self.new, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), QLabel(username))
        form.addRow(self.tr("当前密码"), self.old)
        form.addRow(self.tr("新密码（至少8位）"), self.new)
        form.addRow(self.tr("再次输入新密码"), self.confirm)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @override
    def accept(self) -> None:
        if self.new.text() != self.confirm.text():
            self.message.setText(self.tr("两次输入的新密码不一致。"))
            return
        super().accept()


def change_own_password(ctx: UiContext, parent: QWidget) -> None:
    """Asks for the current and a new password and changes the logged-in user's own."""
    username = ctx.workspace.actor.username
    dialog = ChangePasswordDialog(username, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    old, new = dialog.old.text(), dialog.new.text()
    ctx.run_mutation(
        lambda ws, job: users.change_password(
            ws, username=username, old_password=old, new_password=new
        ),
        lambda _r: QMessageBox.information(
            parent,
            dialog.windowTitle(),
            QCoreApplication.translate("ChangePasswordDialog", "密码已修改。"),
        ),
        on_error=lambda exc: show_error(parent, exc),
    )


class DepartmentDialog(QDialog):
    """所属部门: the department (and unit) an account answers for, or 全县 (county-wide)."""

    def __init__(
        self, username: str, choices: list[tuple[str, str]], current: str, unit: str,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("departmentDialog")
        self.setWindowTitle(self.tr("所属部门"))
        form = QFormLayout(self)
        form.addRow(self.tr("用户名"), QLabel(username))
        self.department = QComboBox()
        self.department.setObjectName("userDepartment")
        self.department.addItem(self.tr("全县（不限部门）"), "")
        for code, name in choices:
            self.department.addItem(name, code)
        self.department.setCurrentIndex(max(0, self.department.findData(current)))
        self.unit = QLineEdit(unit)
        self.unit.setObjectName("userUnit")
        self.unit.setPlaceholderText(self.tr("选填，如 监督一科"))
        form.addRow(self.tr("部门"), self.department)
        form.addRow(self.tr("科室/单位"), self.unit)
        note = QLabel(self.tr("属于某一部门的监管人员只能查看、审核和公示本部门的检查结果。"))
        note.setWordWrap(True)
        form.addRow(note)
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
                self.tr("部门"),
                self.tr("状态"),
                self.tr("上次登录"),
            ],
            object_name="usersTable",
            single_selection=True,
        )
        layout.addWidget(self.table)
        bar = button_row(
            (
                (self.tr("添加…"), self._on_add_clicked),
                (self.tr("更改角色…"), self._on_role_clicked),
                (self.tr("所属部门…"), self._on_department_clicked),
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
            dept = (u.department_name + (f"（{u.unit}）" if u.unit else "")) or self.tr("全县")
            for c, v in enumerate([u.username, u.display_name, u.role_label, dept, state, last]):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.resizeColumnsToContents()

    def _selected(self) -> UserInfo | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _mutate(self, fn: Callable[[Workspace], Changes]) -> None:
        self.ctx.run_mutation(
            lambda ws, job: fn(ws),
            lambda _r: self.refresh(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _on_add_clicked(self) -> None:
        d = NewUserDialog(self.ctx, self)
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        name, display, role, pw, inspector_id = (
            d.username.text(),
            d.display_name.text(),
            d.role.currentData(),
            d.password.text(),
            d.inspector_id(),
        )
        self._mutate(
            lambda ws: users.USER_CHANGES.carrying(
                users.create_user(
                    ws,
                    username=name,
                    display_name=display,
                    role=role,
                    password=pw,
                    inspector_id=inspector_id,
                )
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

    def _on_department_clicked(self) -> None:
        u = self._selected()
        if u is None:
            return
        self.ctx.run_query(
            lambda ws, job: users.department_choices(ws),
            lambda choices: self._ask_department(u, choices),
            on_error=lambda exc: show_error(self, exc),
            key=f"user-departments-{id(self)}",
        )

    def _ask_department(self, u: UserInfo, choices: list[tuple[str, str]]) -> None:
        d = DepartmentDialog(u.username, choices, u.department_code, u.unit, self)
        self.department_dialog = d
        if d.exec() != QDialog.DialogCode.Accepted:
            return
        code, unit = d.department.currentData(), d.unit.text()
        self._mutate(
            lambda ws: users.set_department(
                ws, username=u.username, department=code or None, unit=unit
            )
        )

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
