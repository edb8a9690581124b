"""The Qt binding the project pins must not corrupt the interpreter.

PySide6 6.12.0 drops a reference to None each time an item view takes an item; the app
fills tables item by item (the import preview alone: 200 rows × 19 columns), and after a
few thousand items Python aborts at exit with "deallocating None". 6.11.3 is pinned for
that; this test fails on a binding with the fault, before any user meets it.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
)


def test_item_views_leave_the_reference_count_of_none_alone(qapp) -> None:  # type: ignore[no-untyped-def]
    table, model = QTableWidget(100, 3), QStandardItemModel(100, 1)
    listing, tree = QListWidget(), QTreeWidget()
    before = sys.getrefcount(None)
    for r in range(100):
        for c in range(3):
            table.setItem(r, c, QTableWidgetItem(f"{r}-{c}"))
        model.setItem(r, 0, QStandardItem(str(r)))
        listing.addItem(QListWidgetItem(str(r)))
        tree.addTopLevelItem(QTreeWidgetItem([str(r)]))
    # 600 items handed over; a binding with the fault loses 600 references.
    assert sys.getrefcount(None) > before - 100
