"""密钥管理 dialog: this installation's key id (copy / export the public key), the trusted keys
with their role, trusting a key file with a role (after comparing its key id), revoking.

Trust and revoke need 管理员; the core checks it again. Private keys never appear here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import ValidationError
from app.core.domain.roles import Permission
from app.core.services.kernel import keys
from app.core.services.kernel.keys import KeyInfo
from app.core.services.kernel.workspace import NO_CHANGES
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.exchange.widgets import PathField, confirm, last_folder, remember_folder
from app.ui.widgets.read_only_table import read_only_table

KEY_FILTER = str(QT_TRANSLATE_NOOP("KeysDialog", "公钥文件 (*.pub *.json);;所有文件 (*)"))


def _grouped(key_id: str) -> str:
    """A key id in groups of four, easy to read aloud over the phone when comparing."""
    return " ".join(key_id[i : i + 4] for i in range(0, len(key_id), 4))


class KeysDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.own: KeyInfo | None = None
        self.trusted: list[KeyInfo] = []
        actor = ctx.workspace.actor
        self.may_exchange = actor.can(Permission.EXCHANGE)
        self.may_administer = actor.can(Permission.ADMINISTER)
        self.setObjectName("keysDialog")
        self.setWindowTitle(self.tr("密钥管理"))
        self.resize(900, 640)
        layout = QVBoxLayout(self)

        own = QGroupBox(self.tr("本机密钥（签名本机导出的数据包；对方用它校验并加密给本机）"))
        own_form = QFormLayout(own)
        self.own_name = QLabel()
        self.own_name.setObjectName("ownKeyName")
        own_form.addRow(self.tr("名称"), self.own_name)
        id_row = QHBoxLayout()
        self.own_key_id = QLineEdit()
        self.own_key_id.setObjectName("ownKeyId")
        self.own_key_id.setReadOnly(True)
        self.own_key_id.setStyleSheet("font-family: monospace;")
        self.copy_button = QPushButton(self.tr("复制"))
        self.copy_button.setObjectName("copyKeyIdButton")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        id_row.addWidget(self.own_key_id, 1)
        id_row.addWidget(self.copy_button)
        own_form.addRow(self.tr("密钥编号"), id_row)
        export_row = QHBoxLayout()
        self.export_path = PathField(
            mode="save", caption=self.tr("导出本机公钥"), name_filter=self.tr(KEY_FILTER)
        )
        self.export_path.setObjectName("exportKeyPath")
        self.export_button = QPushButton(self.tr("导出公钥"))
        self.export_button.setObjectName("exportKeyButton")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.export_button.setEnabled(self.may_exchange)
        export_row.addWidget(self.export_path, 1)
        export_row.addWidget(self.export_button)
        own_form.addRow(self.tr("公钥文件"), export_row)
        layout.addWidget(own)

        trusted = QGroupBox(self.tr("受信任的公钥（只接受这些密钥签发的数据包）"))
        trusted_box = QVBoxLayout(trusted)
        self.table = read_only_table(
            [
                self.tr("名称"),
                self.tr("角色"),
                self.tr("密钥编号"),
                self.tr("可加密"),
                self.tr("状态"),
                self.tr("添加时间"),
                self.tr("终端持有人"),
            ],
            object_name="trustedKeys",
            single_selection=True,
            stretch_column=0,
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        trusted_box.addWidget(self.table, 1)
        revoke_row = QHBoxLayout()
        revoke_row.addStretch(1)
        self.revoke_button = QPushButton(self.tr("吊销所选公钥"))
        self.revoke_button.setObjectName("revokeKeyButton")
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        revoke_row.addWidget(self.revoke_button)
        trusted_box.addLayout(revoke_row)
        layout.addWidget(trusted, 1)

        add = QGroupBox(self.tr("信任新的公钥"))
        add_form = QFormLayout(add)
        self.trust_path = PathField(
            mode="open", caption=self.tr("选择对方的公钥文件"), name_filter=self.tr(KEY_FILTER)
        )
        self.trust_path.setObjectName("trustKeyPath")
        self.trust_path.set_path(str(last_folder()) + "/")
        add_form.addRow(self.tr("公钥文件"), self.trust_path)
        self.role = QComboBox()
        self.role.setObjectName("trustRole")
        for role in keys.ROLES:
            self.role.addItem(self.tr(keys.ROLE_LABELS[role]), role)
        self.role.setCurrentIndex(keys.ROLES.index("laptop"))
        add_form.addRow(self.tr("角色"), self.role)
        self.trust_name = QLineEdit()
        self.trust_name.setObjectName("trustName")
        self.trust_name.setPlaceholderText(
            self.tr("可选，如“朱玉的笔记本”；不填用公钥文件里的名称")
        )
        add_form.addRow(self.tr("名称"), self.trust_name)
        self.trust_inspectors = QLineEdit()
        self.trust_inspectors.setObjectName("trustInspectors")
        self.trust_inspectors.setPlaceholderText(
            self.tr(
                "检查终端必填：持有人的执法证号，多人用逗号分隔；该终端只能交回这些人员的检查表"
            )
        )
        add_form.addRow(self.tr("终端持有人"), self.trust_inspectors)
        self.role.currentIndexChanged.connect(self._on_role_changed)
        trust_row = QHBoxLayout()
        trust_row.addStretch(1)
        self.trust_button = QPushButton(self.tr("信任…"))
        self.trust_button.setObjectName("trustKeyButton")
        self.trust_button.clicked.connect(self._on_trust_clicked)
        trust_row.addWidget(self.trust_button)
        add_form.addRow(trust_row)
        layout.addWidget(add)

        self.note = QLabel()
        self.note.setObjectName("keysNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        if not self.may_administer:
            self.note.setText(
                self.tr("只有管理员可以信任或吊销公钥；当前账号只能查看和导出本机公钥。")
            )
            self.note.setStyleSheet("color: #b26a00;")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.trust_button.setEnabled(self.may_administer)
        self._update_buttons()
        self.reload()

    # -- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.run_mutation(  # list_keys makes this installation's key pair on first use
            lambda ws, job: NO_CHANGES.carrying(keys.list_keys(ws)),
            guarded(self, self._on_loaded),
            on_error=guarded(self, lambda exc: show_error(self, exc)),
        )

    def _on_loaded(self, key_list: list[KeyInfo]) -> None:
        self.own, self.trusted = key_list[0], key_list[1:]
        self.own_name.setText(self.own.name)
        self.own_key_id.setText(_grouped(self.own.key_id))
        if not self.export_path.path():
            self.export_path.set_path(last_folder() / f"本机公钥-{self.own.key_id[:8]}.pub")
        self.table.setRowCount(len(self.trusted))
        grey = QBrush(QColor("#888888"))
        for row, k in enumerate(self.trusted):
            cells = (
                k.name,
                k.role_label,
                _grouped(k.key_id),
                self.tr("是") if k.encryption_key else self.tr("否"),
                self.tr("已吊销") if k.revoked else self.tr("有效"),
                k.added_at,
                "、".join(k.holders) if k.role == "laptop" else "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, k.key_id)
                if k.revoked:
                    item.setForeground(grey)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected(self) -> KeyInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.trusted[rows.pop()] if len(rows) == 1 else None

    def _update_buttons(self) -> None:
        k = self.selected()
        self.revoke_button.setEnabled(self.may_administer and k is not None and not k.revoked)

    # -- own key -------------------------------------------------------------------------

    def _on_copy_clicked(self) -> None:
        if self.own is not None:
            QGuiApplication.clipboard().setText(self.own.key_id)
            self.note.setText(self.tr("密钥编号已复制到剪贴板。"))

    def _on_export_clicked(self) -> None:
        out = self.export_path.path()
        if out is None or out.is_dir():
            show_error(self, ValidationError(self.tr("请填写公钥文件的保存位置（文件名）。")))
            return
        self.export_button.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(keys.export_public_key(ws, out)),
            guarded(self, lambda inst: self._on_exported(out, inst)),
            on_error=guarded(self, self._on_export_failed),
        )

    def _on_exported(self, out: Path, inst: keys.Installation) -> None:
        self.export_button.setEnabled(True)
        remember_folder(out)
        self.note.setText(
            self.tr("已导出本机公钥到 {0}。把它交给对方的管理员，请对方核对密钥编号 {1}。").format(
                out, _grouped(inst.key_id)
            )
        )
        self.note.setStyleSheet("color: #1b5e20;")

    def _on_export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        show_error(self, exc)

    # -- trust / revoke ------------------------------------------------------------------

    def _on_role_changed(self, _index: int) -> None:
        self.trust_inspectors.setEnabled(self.role.currentData() == "laptop")

    def _certs(self) -> list[str]:
        text = self.trust_inspectors.text().replace("，", ",").replace("、", ",")
        return [c.strip() for c in text.split(",") if c.strip()]

    def _on_trust_clicked(self) -> None:
        path = self.trust_path.path()
        if path is None or not path.is_file():
            show_error(self, ValidationError(self.tr("请选择对方导出的公钥文件。")))
            return
        role = str(self.role.currentData())
        name = self.trust_name.text().strip() or None
        self.ctx.run_query(  # read the file first so the admin can compare the key id
            lambda ws, job: keys.read_public_key_file(path),
            guarded(self, lambda payload: self._ask_trust(path, role, name, payload)),
            on_error=guarded(self, lambda exc: show_error(self, exc)),
            key=f"trust-offer-{id(self)}",
        )

    def _ask_trust(self, path: Path, role: str, name: str | None, payload: dict[str, str]) -> None:
        text = self.tr(
            "信任此公钥为“{0}”？\n\n名称：{1}\n密钥编号：{2}\n\n"
            "请与对方电脑“密钥管理”中显示的密钥编号逐位核对（电话或当面），一致后再信任。"
        ).format(
            self.tr(keys.ROLE_LABELS[role]), name or payload["name"], _grouped(payload["key_id"])
        )
        if role == "laptop":
            certs = self._certs()
            text += "\n\n" + (
                self.tr("终端持有人（执法证号）：{0}").format("、".join(certs))
                if certs
                else self.tr("未填写终端持有人：该终端交回的检查结果将被拒收。")
            )
        confirm(
            self,
            title=self.tr("信任公钥"),
            text=text,
            yes_text=self.tr("编号一致，信任"),
            on_yes=lambda: self._trust(path, role, name),
        )

    def _trust(self, path: Path, role: str, name: str | None) -> None:
        certs = self._certs() if role == "laptop" else []
        self.trust_button.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: keys.KEY_CHANGES.carrying(
                keys.trust_key(ws, path, role=role, name=name, inspectors=certs)
            ),
            guarded(self, self._on_trusted),
            on_error=guarded(self, self._on_trust_failed),
        )

    def _on_trusted(self, info: KeyInfo) -> None:
        self.trust_button.setEnabled(True)
        self.trust_name.clear()
        self.trust_inspectors.clear()
        self.note.setText(self.tr("已信任 {0}（{1}）。").format(info.name, info.role_label))
        self.note.setStyleSheet("color: #1b5e20;")
        self.reload()

    def _on_trust_failed(self, exc: BaseException) -> None:
        self.trust_button.setEnabled(self.may_administer)
        show_error(self, exc)

    def _on_revoke_clicked(self) -> None:
        k = self.selected()
        if k is None:
            return
        confirm(
            self,
            title=self.tr("吊销公钥"),
            text=self.tr(
                "吊销 {0}（{1}）？\n吊销后不再接受它签发的数据包，也不能再加密给它。"
            ).format(k.name, k.role_label),
            yes_text=self.tr("吊销"),
            on_yes=lambda: self.ctx.run_mutation(
                lambda ws, job: keys.revoke_key(ws, k.key_id),
                guarded(self, lambda _changes: self.reload()),
                on_error=guarded(self, lambda exc: show_error(self, exc)),
            ),
        )
