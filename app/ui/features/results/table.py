"""A small read-only table for the results tab: display rows, a key per row, optional row colours.

For lists of at most a few thousand rows (review queue, deadlines, follow-ups); huge lists
belong in an id-paged model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget
from typing_extensions import override

from app.ui.table_text import cell_text, header_text

_Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Rows of display strings, each with a key (an id) and an optional background colour."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[Any] = []
        self._colors: list[QColor | None] = []

    def set_rows(
        self,
        rows: Sequence[Sequence[object]],
        keys: Sequence[Any],
        colors: Sequence[QColor | None] | None = None,
    ) -> None:
        self.beginResetModel()
        self._rows = [tuple("" if v is None else str(v) for v in r) for r in rows]
        self._keys = list(keys)
        self._colors = list(colors) if colors is not None else [None] * len(self._rows)
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    @override
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self._rows[index.row()]
            return cell_text(row[index.column()]) if index.column() < len(row) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._colors[index.row()]
        return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return header_text(self._columns[section]) if section < len(self._columns) else None
        return None


class RowsView(QTableView):
    """A RowsModel view with row selection; `selected_keys()` gives the chosen ids."""

    def __init__(
        self, columns: Sequence[str], parent: QWidget | None = None, *, multi: bool = True
    ) -> None:
        super().__init__(parent)
        self.rows_model = RowsModel(columns, self)
        self.setModel(self.rows_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multi
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)

    def set_rows(
        self,
        rows: Sequence[Sequence[object]],
        keys: Sequence[Any],
        colors: Sequence[QColor | None] | None = None,
    ) -> None:
        if not shiboken6.isValid(self) or not shiboken6.isValid(self.rows_model):
            return  # an answer arriving after its window closed
        kept = set(self.selected_keys())
        self.rows_model.set_rows(rows, keys, colors)
        # A reload (after a decision, a case filed, another desk's change) keeps the rows the
        # person had selected, so the details beside the list follow instead of going blank.
        selection = self.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in range(self.rows_model.rowCount()) if kept else ():
            if self.rows_model.key(row) in kept:
                selection.select(self.rows_model.index(row, 0), flags)
        self.resizeColumnsToContents()
        for col in range(self.rows_model.columnCount()):
            if self.columnWidth(col) > 320:
                self.setColumnWidth(col, 320)

    def selected_keys(self) -> list[Any]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.rows_model.key(r) for r in rows]
