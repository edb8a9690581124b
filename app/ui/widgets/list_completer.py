"""Searchable pickers. `ListCompleter`: for fields that hold a list of codes ("B07、A07:50",
"乡镇甲、乡镇乙"): typing any part of a code or its name lists the matches; choosing one puts
its code in place of the word being typed, after the ones already there. The field stays free
text, so a list pasted from a plan file still works; the service checks every code on 保存.
`searchable_combo`: one pick from a list (an officer), found by any part of its text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit

_SEPARATORS = re.compile(r"[、,，;；\s]+")


class ListCompleter(QCompleter):
    def __init__(self, edit: QLineEdit, entries: Sequence[tuple[str, str]]) -> None:
        texts = [f"{value}  {words}" if words else value for value, words in entries]
        super().__init__(edit)
        self._model = QStringListModel(texts, self)  # owned by the completer, not collected
        self.setModel(self._model)
        self._edit = edit
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(12)
        edit.setCompleter(self)
        if entries:
            edit.setToolTip(self.tr("输入代码或名称的任意部分，从列表中选择；多项用“、”分隔"))

    def _head(self) -> str:
        """The text before the word being typed (the entries already chosen)."""
        text = self._edit.text()
        match = list(_SEPARATORS.finditer(text))
        return text[: match[-1].end()] if match else ""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt's name)
        return [_SEPARATORS.split(path)[-1]]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        value = str(index.data()).split("  ", 1)[0]
        head = self._head()
        if head and not head.endswith("、"):
            head = head.rstrip() + "、" if head.strip() else ""
        return head + value


def searchable_combo(object_name: str, placeholder: str) -> QComboBox:
    """An editable list whose entries are found by typing any part of them (a name, a 执法证号,
    a department); typing adds nothing to the list."""
    combo = QComboBox()
    combo.setObjectName(object_name)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    edit, completer = combo.lineEdit(), combo.completer()
    assert edit is not None and completer is not None  # editable
    edit.setPlaceholderText(placeholder)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo
