"""A read-only QTableWidget set up the way every small list in the dialogs shows: whole rows
selected, no row numbers. Builds the widget only; filling it stays with the caller."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QWidget


def read_only_table(
    headers: Sequence[str],
    *,
    object_name: str,
    single_selection: bool = False,
    stretch_column: int | None = None,
    stretch_last: bool = False,
    parent: QWidget | None = None,
) -> QTableWidget:
    """An empty table with these (already translated) headers; `stretch_column` takes the
    spare width, or with `stretch_last` the last section does."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    if stretch_column is not None:
        table.horizontalHeader().setSectionResizeMode(
            stretch_column, QHeaderView.ResizeMode.Stretch
        )
    if stretch_last:
        table.horizontalHeader().setStretchLastSection(True)
    return table
