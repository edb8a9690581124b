"""LazyTableModel: a read-only table over millions of rows — ids first, then rows a page at a time.

The source fetches the ordered ids of the current filter in SQL (sorting happens there too)
and the display rows of a page of ids. Loads run through an executor (off the GUI thread in
the app, inline in tests); a row not loaded yet shows "…" until its page arrives. Reusable by
any tab: give it a `TableSource`. `data()` never raises.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from shiboken6 import isValid
from typing_extensions import override

from app.ui.table_text import cell_text, header_text

_Index = QModelIndex | QPersistentModelIndex
Executor = Callable[[Callable[[Any], Any], Callable[[Any], None]], None]
IdRole = Qt.ItemDataRole.UserRole + 1
_INACTIVE = QBrush(QColor("#8a8a8a"))
_FLAGGED = QBrush(QColor("#fde2e1"))


class Row(Protocol):
    id: int
    cells: tuple[str, ...]
    active: bool
    flagged: bool


class TableSource(Protocol):
    """What a LazyTableModel needs: columns, ordered ids of a query, rows of some ids."""

    @property
    def columns(self) -> tuple[tuple[str, str], ...]: ...  # (sort key, header)

    @property
    def sortable(self) -> frozenset[str]: ...

    def ids(self, ws: Any, query: Any) -> Sequence[int]: ...

    def rows(self, ws: Any, ids: Sequence[int]) -> Sequence[Row]: ...


def inline_executor(ws: Any) -> Executor:
    """Runs loads at once on the calling thread (tests, benchmarks)."""

    def run(fn: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        done(fn(ws))

    run.inline = True  # type: ignore[attr-defined]
    return run


class LazyTableModel(QAbstractTableModel):
    ids_loaded = Signal(int)  # number of rows after a (re)load

    def __init__(
        self,
        source: TableSource,
        executor: Executor,
        *,
        page_size: int = 200,
        max_pages: int = 60,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self._run = executor
        self._inline = bool(getattr(executor, "inline", False))
        self.page_size = page_size
        self.max_pages = max_pages
        self.query: Any = None
        self._ids: Sequence[int] = ()
        self._pages: OrderedDict[int, list[Row | None]] = OrderedDict()
        self._pending: set[int] = set()
        self._generation = 0
        self.loading = False

    # -- loading ----------------------------------------------------------------------------

    def set_query(self, query: Any) -> None:
        """Fetches the ids of `query` (its filters and sort) and resets the view when they arrive."""
        self.query = query
        self._generation += 1
        generation = self._generation
        self.loading = True
        source = self.source
        self._run(lambda ws: source.ids(ws, query), lambda ids: self._on_ids(generation, ids))

    def reload(self) -> None:
        if self.query is not None:
            self.set_query(self.query)

    def _on_ids(self, generation: int, ids: Sequence[int]) -> None:
        if not isValid(self) or generation != self._generation:  # closed, or a newer query
            return  # a newer query replaced this one
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self._pending.clear()
        self.loading = False
        self.endResetModel()
        self.ids_loaded.emit(len(ids))

    def _page(self, page: int) -> list[Row | None] | None:
        found = self._pages.get(page)
        if found is not None:
            self._pages.move_to_end(page)
            return found
        if page in self._pending:
            return None
        self._pending.add(page)
        start = page * self.page_size
        ids = list(self._ids[start : start + self.page_size])
        generation = self._generation
        source = self.source
        if self._inline:
            self._pending.discard(page)
            return self._store(page, ids, source.rows(self._ws_for_inline(), ids))
        self._run(
            lambda ws: source.rows(ws, ids), lambda rows: self._on_rows(generation, page, ids, rows)
        )
        return None

    def _ws_for_inline(self) -> Any:
        holder: list[Any] = []
        self._run(lambda ws: ws, holder.append)
        return holder[0]

    def _store(self, page: int, ids: list[int], rows: Sequence[Row]) -> list[Row | None]:
        by_id = {r.id: r for r in rows}
        data = [by_id.get(i) for i in ids]
        self._pages[page] = data
        while len(self._pages) > self.max_pages:
            self._pages.popitem(last=False)
        return data

    def _on_rows(self, generation: int, page: int, ids: list[int], rows: Sequence[Row]) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self._pending.discard(page)
        self._store(page, ids, rows)
        first = page * self.page_size
        last = min(first + len(ids), len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def invalidate_rows(self) -> None:
        """Drops cached pages (after an edit) without refetching the ids."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1)
            )

    # -- access -----------------------------------------------------------------------------

    def id_at(self, row: int) -> int | None:
        return int(self._ids[row]) if 0 <= row < len(self._ids) else None

    def row_for_id(self, row_id: int) -> int | None:
        try:
            return list(self._ids).index(row_id)
        except ValueError:
            return None

    def loaded_row(self, row: int) -> Row | None:
        page = self._pages.get(row // self.page_size)
        return page[row % self.page_size] if page is not None else None

    # -- Qt ---------------------------------------------------------------------------------

    @override
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    @override
    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.source.columns)

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        try:
            if not index.isValid() or index.row() >= len(self._ids):
                return None
            if role == IdRole:
                return int(self._ids[index.row()])
            if role not in (
                Qt.ItemDataRole.DisplayRole,
                Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.BackgroundRole,
            ):
                return None
            page = self._page(index.row() // self.page_size)
            row = page[index.row() % self.page_size] if page is not None else None
            if role == Qt.ItemDataRole.ForegroundRole:
                return _INACTIVE if row is not None and not row.active else None
            if role == Qt.ItemDataRole.BackgroundRole:
                return _FLAGGED if row is not None and row.flagged else None
            if row is None:
                return "…" if role == Qt.ItemDataRole.DisplayRole else None
            col = index.column()
            return cell_text(row.cells[col]) if col < len(row.cells) else ""
        except Exception:  # noqa: BLE001 — a view must never see an exception
            return None

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            cols = self.source.columns
            return header_text(cols[section][1]) if 0 <= section < len(cols) else None
        return section + 1

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        cols = self.source.columns
        if (
            not 0 <= column < len(cols)
            or cols[column][0] not in self.source.sortable
            or self.query is None
        ):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (
            getattr(self.query, "sort", None) == cols[column][0]
            and getattr(self.query, "descending", None) == descending
        ):
            return
        self.set_query(replace(self.query, sort=cols[column][0], descending=descending))
