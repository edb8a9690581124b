"""Answer editors of a checklist row: 是/否/不涉及 (keys 1/2/3), number, text, date, photo.

Each emits `answer_changed` with the plain value the core stores ("yes"/"no"/"na", a
number, a string, an ISO date, or a list of photo hashes).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from typing_extensions import override


class AnswerEditor(QWidget):
    answer_changed = Signal(object)
    photo_requested = Signal()

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_locked(self, locked: bool) -> None:
        for child in self.findChildren(QWidget):
            child.setEnabled(not locked)

    def _advance(self) -> None:
        nxt = self.nextInFocusChain()
        while nxt is not None and nxt is not self and self.isAncestorOf(nxt):
            nxt = nxt.nextInFocusChain()
        if nxt is not None:
            nxt.setFocus(Qt.FocusReason.TabFocusReason)


class YesNoEditor(AnswerEditor):
    """Three exclusive buttons; 1 = 是 wording, 2 = 否 wording, 3 = 不涉及; Enter moves on."""

    def __init__(self, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[str, QPushButton] = {}
        options = [
            ("yes", f"1 {row.get('yes_text') or self.tr('是')}"),
            ("no", f"2 {row.get('no_text') or self.tr('否')}"),
        ]
        if row.get("na", True):
            options.append(("na", self.tr("3 不涉及")))
        for key, label in options:
            b = QPushButton(label)
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            b.setObjectName(f"answer_{key}")
            b.clicked.connect(lambda _=False, k=key: self._choose(k, advance=False))
            self.group.addButton(b)
            self.buttons[key] = b
            layout.addWidget(b)
        layout.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # The chosen answer must read at a glance (and in sunlight): a filled button.
        self.setStyleSheet(
            "QPushButton { padding: 2px 8px; }"
            "QPushButton:checked { background: #1f5fbf; color: white; border: 1px solid #174a94; }"
            "QPushButton#answer_no:checked { background: #c0392b; border-color: #922b21; }"
        )
        self._value: str | None = None

    def _choose(self, key: str, *, advance: bool) -> None:
        self.set_value(None if self._value == key and not advance else key)
        self.answer_changed.emit(self._value)
        if advance:
            self._advance()

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value if value in self.buttons else None
        for key, b in self.buttons.items():
            b.setChecked(key == self._value)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = {
            Qt.Key.Key_1: "yes",
            Qt.Key.Key_2: "no",
            Qt.Key.Key_3: "na",
            Qt.Key.Key_Y: "yes",
            Qt.Key.Key_N: "no",
        }
        key = keys.get(Qt.Key(event.key()))
        if key in self.buttons and self.isEnabled():
            self._choose(key, advance=True)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._advance()
            return
        super().keyPressEvent(event)


class LineEditor(AnswerEditor):
    """Number, text or date typed in one line (saved as typed; the core checks it on 完成检查)."""

    def __init__(self, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = row.get("answer", "text")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        if self.kind == "number":
            self.edit.setValidator(QDoubleValidator(-1e9, 1e9, 3, self.edit))
            self.edit.setMaximumWidth(140)
        elif self.kind == "date":
            self.edit.setPlaceholderText("YYYY-MM-DD")
            self.edit.setInputMask("0000-00-00;_")
            self.edit.setMaximumWidth(140)
        layout.addWidget(self.edit, 1 if self.kind == "text" else 0)
        if row.get("unit"):
            layout.addWidget(QLabel(str(row["unit"])))
        self.na = QCheckBox(self.tr("不涉及"))
        if row.get("na", True):
            layout.addWidget(self.na)
        layout.addStretch(0 if self.kind == "text" else 1)
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.edit.returnPressed.connect(self._advance)
        self.na.toggled.connect(self._on_na_toggled)
        self.setFocusProxy(self.edit)

    def _on_edit_text_edited(self, _text: str) -> None:
        if self.na.isChecked():
            self.na.setChecked(False)
        self.answer_changed.emit(self.value())

    def _on_na_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(not checked)
        self.answer_changed.emit(self.value())

    def value(self) -> Any:
        if self.na.isChecked():
            return "na"
        text = self.edit.text().strip()
        if self.kind == "date" and text.replace("-", "").strip() == "":
            return None
        if self.kind == "number" and text:
            try:
                number = float(text)
            except ValueError:
                return text
            return int(number) if number.is_integer() else number
        return text or None

    def set_value(self, value: Any) -> None:
        self.na.blockSignals(True)
        self.na.setChecked(value == "na")
        self.na.blockSignals(False)
        self.edit.setEnabled(value != "na")
        self.edit.setText(
            ""
            if value in (None, "na")
            else (f"{value:g}" if isinstance(value, float) else str(value))
        )


class PhotoEditor(AnswerEditor):
    """照片: how many photos answer the row, a button to add one, or 不涉及."""

    def __init__(self, row: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.add = QPushButton(self.tr("添加照片…"))
        self.add.clicked.connect(self.photo_requested.emit)
        self.count = QLabel()
        self.na = QCheckBox(self.tr("不涉及"))
        layout.addWidget(self.add)
        layout.addWidget(self.count)
        if row.get("na", True):
            layout.addWidget(self.na)
        layout.addStretch(1)
        self.na.toggled.connect(lambda _c: self.answer_changed.emit(self.value()))
        self._photos: list[str] = []
        self.setFocusProxy(self.add)

    def value(self) -> Any:
        if self.na.isChecked() and not self._photos:
            return "na"
        return list(self._photos) or None

    def set_value(self, value: Any) -> None:
        self._photos = list(value) if isinstance(value, list) else []
        self.na.blockSignals(True)
        self.na.setChecked(value == "na")
        self.na.blockSignals(False)
        self.count.setText(self.tr("{0} 张").format(len(self._photos)) if self._photos else "")


def editor_for(row: dict[str, Any], parent: QWidget | None = None) -> AnswerEditor:
    kind = row.get("answer", "yesno")
    if kind == "yesno":
        return YesNoEditor(row, parent)
    if kind == "photo":
        return PhotoEditor(row, parent)
    return LineEditor(row, parent)
