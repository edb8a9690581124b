"""Dialogs of the 检查表 tab: a signature, a refusal to sign with its witness, a correction reason.

They collect input only; the page sends it to the services.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from app.core.domain.codes import check_id_number
from app.ui.widgets.signature_pad import SignaturePad


def id_number_problem(text: str) -> str:
    """Why a signer's 身份证号 cannot be taken as typed ("" when it can): the same check as
    every other ID number, check character included."""
    check = check_id_number(text)
    return "" if check.ok else check.reason


class SignatureDialog(QDialog):
    """签名: the signer's name (and ID number for a witness) and the pad."""

    def __init__(
        self, title: str, *, name: str = "", ask_id: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name_edit = QLineEdit(name)
        form.addRow(self.tr("签名人姓名"), self.name_edit)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(self.tr("18位居民身份证号码"))
        if ask_id:
            form.addRow(self.tr("身份证号码"), self.id_edit)
        layout.addLayout(form)
        self.pad = SignaturePad(self)
        layout.addWidget(self.pad, 1)
        layout.addLayout(_pad_buttons(self, self.pad))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.ask_id = ask_id
        self.resize(640, 380)

    @override
    def accept(self) -> None:
        if not self.name_edit.text().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("请填写签名人姓名。"))
            return
        if self.pad.is_empty():
            QMessageBox.warning(self, self.windowTitle(), self.tr("请先在签名板上签名。"))
            return
        if self.ask_id and not self.id_edit.text().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("请填写身份证号码。"))
            return
        problem = id_number_problem(self.id_edit.text()) if self.ask_id else ""
        if problem:
            QMessageBox.warning(
                self, self.windowTitle(), self.tr("身份证号码有误：{0}").format(problem)
            )
            return
        super().accept()


def _pad_buttons(parent: QWidget, pad: SignaturePad) -> QHBoxLayout:
    row = QHBoxLayout()
    undo = QPushButton(QCoreApplication.translate("SignaturePad", "撤销一笔"))
    undo.clicked.connect(pad.undo)
    clear = QPushButton(QCoreApplication.translate("SignaturePad", "清除"))
    clear.clicked.connect(pad.clear)
    row.addWidget(undo)
    row.addWidget(clear)
    row.addStretch(1)
    return row


class RefusalDialog(QDialog):
    """拒绝签字: the reason, and the witness's name, ID number and signature."""

    def __init__(self, party: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("记录拒绝签字"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("被检查单位法定代表人（负责人）{0}拒绝在检查表上签字。").format(party))
        )
        form = QFormLayout()
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("拒绝签字的原因（如实记录当事人的表述）"))
        self.reason_edit.setFixedHeight(64)
        form.addRow(self.tr("拒绝原因"), self.reason_edit)
        self.witness_edit = QLineEdit()
        form.addRow(self.tr("见证人姓名"), self.witness_edit)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText(self.tr("18位居民身份证号码"))
        form.addRow(self.tr("见证人身份证号"), self.id_edit)
        self.no_id_edit = QLineEdit()
        self.no_id_edit.setObjectName("noIdReason")
        self.no_id_edit.setPlaceholderText(self.tr("见证人未提供身份证号码时，说明原因"))
        form.addRow(self.tr("未提供号码的原因"), self.no_id_edit)
        self.id_problem = QLabel()
        self.id_problem.setObjectName("idProblem")
        self.id_problem.setStyleSheet("color: #b00020;")
        form.addRow("", self.id_problem)
        self.id_edit.textChanged.connect(self._on_id_text_changed)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("见证人签名：")))
        self.pad = SignaturePad(self)
        layout.addWidget(self.pad, 1)
        layout.addLayout(_pad_buttons(self, self.pad))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(660, 520)

    @override
    def accept(self) -> None:
        missing = [
            label
            for label, ok in (
                (self.tr("拒绝原因"), self.reason_edit.toPlainText().strip()),
                (self.tr("见证人姓名"), self.witness_edit.text().strip()),
                (
                    self.tr("见证人身份证号（或未提供的原因）"),
                    self.id_edit.text().strip() or self.no_id_edit.text().strip(),
                ),
                (self.tr("见证人签名"), not self.pad.is_empty()),
            )
            if not ok
        ]
        if missing:
            QMessageBox.warning(
                self, self.windowTitle(), self.tr("请填写：{0}").format("、".join(missing))
            )
            return
        problem = id_number_problem(self.id_edit.text()) if self.id_edit.text().strip() else ""
        if problem:
            self.id_problem.setText(self.tr("身份证号码有误：{0}").format(problem))
            self.id_edit.setFocus()
            return
        super().accept()

    def _on_id_text_changed(self, text: str) -> None:
        """Says what is wrong as soon as the number is complete (18 characters)."""
        problem = id_number_problem(text) if len(text.strip()) >= 18 else ""
        self.id_problem.setText(self.tr("身份证号码有误：{0}").format(problem) if problem else "")


class CorrectionDialog(QDialog):
    """更正: a completed form gets a new version; the reason is printed on the sheet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("更正检查表"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("已完成的检查表不能直接修改。更正将生成新版本，原版本保留备查。"))
        )
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(self.tr("更正原因"))
        layout.addWidget(self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @override
    def accept(self) -> None:
        if not self.reason_edit.toPlainText().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("请填写更正原因。"))
            return
        super().accept()
