"""Registry dialogs: the edit form (built from the field specs) and the history of a row.

The edit form checks values through the service as the user saves; errors are listed in the
dialog, warnings (a wrong check digit…) can be accepted with a tick. Nothing blocks the GUI.
The form keeps the row version it loaded and saves against it: when another workstation saved
the row meanwhile, the refusal is shown, the user's input stays, and 载入最新内容 offers the
stored row (docs/security.md "Concurrent edits").
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import AppError, StaleEditError
from app.core.domain.localtime import fmt_time
from app.core.services.kernel.workspace import Changes
from app.core.services.registry.fields import SPECS, Field, display, format_permille, format_tags
from app.ui.context import UiContext
from app.ui.table_text import header_text

_LONG = {"legal_basis", "content", "inspector_requirements", "change_reason"}


class RecordDialog(QDialog):
    """Add or edit one registry row; `saved` fires after the service accepted it."""

    saved = Signal()

    def __init__(
        self,
        ctx: UiContext,
        *,
        kind: str,
        title: str,
        values: dict[str, Any] | None,
        save: Callable[[Any, dict[str, Any], bool, int | None], Changes],
        choices: dict[str, list[tuple[Any, str]]],
        version: int | None = None,
        reload: Callable[[Any], tuple[dict[str, Any], int]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordDialog")
        self.setWindowTitle(title)
        self.ctx, self.kind, self._save = ctx, kind, save
        self.version, self._reload, self._choices = version, reload, choices
        self.spec = SPECS[kind]
        self.editors: dict[str, QWidget] = {}
        form_host = QWidget()
        form = QFormLayout(form_host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for f in self.spec.fields:
            editor = self._editor(f, choices.get(f.key))
            if f.key == "last_inspected_on" and isinstance(editor, QLineEdit):
                # Derived from the ledger of checks (drawn, joint, outside): not typed by hand.
                editor.setReadOnly(True)
                editor.setPlaceholderText(self.tr("由检查台账得出"))
                editor.setToolTip(
                    self.tr(
                        "上次检查日期由检查台账自动得出；登记随机抽查以外的检查请用“登记检查”。"
                    )
                )
            self.editors[f.key] = editor
            label = QLabel(("* " if f.required else "") + header_text(f.header))
            label.setToolTip(f.hint)
            form.addRow(label, editor)
            if values is not None:
                self._set(f, editor, values.get(f.key), choices.get(f.key))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_host)
        self.messages = QLabel()
        self.messages.setObjectName("recordMessages")
        self.messages.setWordWrap(True)
        self.messages.setTextFormat(Qt.TextFormat.RichText)
        self.accept_warnings = QCheckBox(self.tr("我已核对，接受以上警告并保存"))
        self.accept_warnings.setObjectName("acceptWarnings")
        self.accept_warnings.setVisible(False)
        self.reload_button = QPushButton(self.tr("载入最新内容（放弃本次填写）"))
        self.reload_button.setObjectName("reloadRecord")
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self._on_reload_clicked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.messages)
        layout.addWidget(self.accept_warnings)
        layout.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.resize(560, 640)

    def _editor(self, f: Field, choices: list[tuple[Any, str]] | None) -> QWidget:
        if choices is not None:
            box = QComboBox()
            box.addItem("", None)
            for value, text in choices:
                box.addItem(text, value)
            return box
        if f.key in _LONG:
            edit = QPlainTextEdit()
            edit.setFixedHeight(60)
            return edit
        line = QLineEdit()
        line.setPlaceholderText(f.hint)
        return line

    def _set(self, f: Field, editor: QWidget, value: Any, choices: Any) -> None:
        if isinstance(editor, QComboBox):
            i = editor.findData(value)
            editor.setCurrentIndex(max(i, 0))
            return
        if f.type == "tags":
            text = format_tags(value or [])
        elif f.type in ("permille", "ratio"):
            text = format_permille(value)
        else:
            text = display(value)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                data = editor.currentData()
                out[key] = data if data is not None else None
                if isinstance(out[key], bool):
                    out[key] = "是" if out[key] else "否"
            elif isinstance(editor, QPlainTextEdit):
                out[key] = editor.toPlainText()
            elif isinstance(editor, QLineEdit):
                out[key] = editor.text()
        if "department" in out and isinstance(out["department"], int):
            out["department"] = self._dept_name(out["department"])
        return out

    def _dept_name(self, dept_id: int) -> str:
        box = self.editors["department"]
        assert isinstance(box, QComboBox)
        return box.itemText(box.findData(dept_id))

    def _on_save_clicked(self) -> None:
        values = self.values()
        accept, version = self.accept_warnings.isChecked(), self.version
        self.buttons.setEnabled(False)
        self.ctx.run_mutation(
            lambda ws, job: self._save(ws, values, accept, version),
            self._on_saved,
            on_error=self._on_failed,
        )

    def _on_saved(self, _result: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, AppError):
            from app.ui.errors import show_error

            show_error(self, exc)
            return
        if isinstance(exc, StaleEditError):  # the input stays; reloading is the user's choice
            self.messages.setText(f"<b style='color:#c0392b'>{escape(exc.message)}</b>")
            self.reload_button.setVisible(self._reload is not None)
            return
        warning = exc.message.startswith("存在需要确认的警告")
        lines = exc.details or [exc.message]
        color = "#b26a00" if warning else "#c0392b"
        head = self.tr("请确认以下警告：") if warning else self.tr("不能保存：")
        self.messages.setText(
            f"<b style='color:{color}'>{head}</b><br>" + "<br>".join(f"· {x}" for x in lines)
        )
        self.accept_warnings.setVisible(warning or self.accept_warnings.isChecked())

    def _on_reload_clicked(self) -> None:
        reload = self._reload
        assert reload is not None
        self.reload_button.setEnabled(False)
        self.ctx.run_query(lambda ws, job: reload(ws), self._on_reloaded)

    def _on_reloaded(self, loaded: tuple[dict[str, Any], int]) -> None:
        values, self.version = loaded
        for f in self.spec.fields:
            self._set(f, self.editors[f.key], values.get(f.key), self._choices.get(f.key))
        self.reload_button.setEnabled(True)
        self.reload_button.setVisible(False)
        self.messages.setText(self.tr("已载入最新内容，请核对后再修改、保存。"))


class HistoryDialog(QDialog):
    """变更记录 of one row: when, who, what, field by field."""

    def __init__(self, title: str, entries: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(title)
        rows = []
        for e in entries:
            changes = e.changes or (("", "", ""),)
            for label, before, after in changes:
                rows.append(
                    (
                        fmt_time(e.at),
                        e.actor,
                        e.action,
                        label,
                        before,
                        after,
                        e.note,
                    )
                )
        table = QTableWidget(len(rows), 7)
        table.setHorizontalHeaderLabels(
            [
                self.tr("时间"),  # local time (fmt_time), the office's zone
                self.tr("操作人"),
                self.tr("操作"),
                self.tr("字段"),
                self.tr("原值"),
                self.tr("新值"),
                self.tr("说明"),
            ]
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(str(value or "")))
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        empty = QLabel(self.tr("尚无变更记录（导入新增的行从导入时起记录修改）。"))
        empty.setVisible(not rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(empty)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.table = table
        self.resize(820, 420)
