"""登记回避: an inspector and a business picked from the registry (searched by any part of the
name or code), and the reason — checked together on 保存, the input kept when refused."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)
from typing_extensions import override

from app.core.services.registry import conflicts
from app.ui.context import UiContext
from app.ui.errors import one_language
from app.ui.widgets.list_completer import searchable_combo

REASONS = (
    "配偶、直系亲属在该企业任职或持股",
    "近亲属在该企业任职或持股",
    "本人曾在该企业任职",
    "与该企业有其他利害关系",
)


class ConflictDialog(QDialog):
    declared = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("登记回避"))
        self.setMinimumWidth(520)
        self.inspector = searchable_combo("conflictInspector", self.tr("输入姓名或执法证号查找"))
        self.target = QLineEdit()
        self.target.setObjectName("conflictTarget")
        self.target.setPlaceholderText(self.tr("输入企业名称或统一社会信用代码的一部分查找"))
        self._target_model = QStringListModel(self)
        self._target_codes: dict[str, str] = {}
        completer = QCompleter(self._target_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.target.setCompleter(completer)
        self._search = QTimer(self)
        self._search.setSingleShot(True)
        self._search.setInterval(200)
        self._search.timeout.connect(self._on_search)
        self.target.textEdited.connect(lambda _t: self._search.start())
        self.target.textChanged.connect(self._on_target_changed)
        self.reason = QComboBox()
        self.reason.setObjectName("conflictReason")
        self.reason.setEditable(True)
        self.reason.addItems([self.tr(r) for r in REASONS])
        self.reason.setCurrentIndex(-1)
        reason_edit = self.reason.lineEdit()
        assert reason_edit is not None
        reason_edit.setPlaceholderText(self.tr("选择或填写回避原因"))
        self.message = QLabel()
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        form = QFormLayout(self)
        form.addRow(self.tr("检查人员"), self.inspector)
        form.addRow(self.tr("检查对象"), self.target)
        form.addRow(self.tr("回避原因"), self.reason)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        ctx.run_query(lambda ws, job: conflicts.inspector_picks(ws), self._on_inspectors)

    def _on_target_changed(self, _text: str) -> None:
        self.message.clear()  # the refusal was about the text that changed

    def _on_inspectors(self, picks: list[tuple[str, str]]) -> None:
        self.inspector.clear()
        for cert, label in picks:
            self.inspector.addItem(label, cert)
        self.inspector.setCurrentIndex(-1)

    def _on_search(self) -> None:
        text = self.target.text()
        self.ctx.run_query(
            lambda ws, job: conflicts.target_picks(ws, text),
            self._on_targets,
            key="conflict.targets",
        )

    def _on_targets(self, picks: list[tuple[str, str]]) -> None:
        self._target_codes.update({label: code for code, label in picks})
        self._target_model.setStringList([label for _code, label in picks])
        if self.target.hasFocus() and picks:
            self.target.completer().complete()

    def inspector_cert(self) -> str | None:
        index = self.inspector.findText(self.inspector.currentText())
        return self.inspector.itemData(index) if index >= 0 else None

    def target_code(self) -> str | None:
        return self._target_codes.get(self.target.text().strip())

    def _refuse(self, text: str, field: QWidget) -> None:
        self.message.setText(text)
        field.setFocus()

    @override
    def accept(self) -> None:
        """All three checked together; the dialog stays open with the input on any problem."""
        cert, code, reason = (
            self.inspector_cert(),
            self.target_code(),
            self.reason.currentText().strip(),
        )
        if cert is None:
            return self._refuse(
                self.tr("请从列表中选择检查人员（输入姓名或执法证号查找）。"), self.inspector
            )
        if code is None:
            return self._refuse(
                self.tr("请从列表中选择检查对象（输入名称或代码的一部分查找）。"), self.target
            )
        if not reason:
            return self._refuse(self.tr("请选择或填写回避原因。"), self.reason)
        self.message.clear()
        self.buttons.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: conflicts.declare_conflict(
                ws, inspector_cert_no=cert, target_code=code, reason=reason
            ),
            self._on_declared,
            on_error=self._on_refused,
        )
        return None

    def _on_declared(self, _changes: object) -> None:
        self.buttons.setEnabled(True)
        self.declared.emit()
        super().accept()

    def _on_refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(one_language(str(getattr(exc, "message", exc))))
