"""The rows table of the 检查表模板 editor: one version's rows as editable (or read-only) cells.

Widgets only: it never reaches a service; the service validates and normalises what it reads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.services.checklist import checklists

ANSWER_KEYS = checklists.ANSWER_TYPES  # yesno / number / text / date / photo
COL_NO, COL_CONTENT, COL_METHOD, COL_ANSWER, COL_YES, COL_NOTEXT, COL_NA, COL_UNIT = range(8)
READ_ONLY_BG = QColor("#f1f1f1")


def normalized(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as the service would store them (stripped, defaults dropped) — for 'anything changed?'."""
    out = []
    for raw in rows:
        row = checklists.row_from_json(raw)
        out.append(
            checklists.TemplateRow(
                row.no.strip(),
                row.content.strip(),
                row.method.strip(),
                row.answer,
                row.yes_text.strip() or "是",
                row.no_text.strip() or "否",
                row.allow_na,
                row.unit.strip(),
            ).to_json()
        )
    return out


class TemplateRowsTable(QTableWidget):
    """The rows of one template version: text cells, an answer-type combo, a 不涉及 checkbox."""

    rows_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 8, parent)
        self.setObjectName("templateRows")
        self.setHorizontalHeaderLabels(
            [
                self.tr("序号"),
                self.tr("检查内容"),
                self.tr("检查方法/要领"),
                self.tr("答案类型"),
                self.tr("“是”的表述"),
                self.tr("“否”的表述"),
                self.tr("可选不涉及"),
                self.tr("单位"),
            ]
        )
        self.answer_labels = {
            "yesno": self.tr("是/否/不涉及"),
            "number": self.tr("数值"),
            "text": self.tr("文字"),
            "date": self.tr("日期"),
            "photo": self.tr("照片"),
        }
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for col, width in (
            (COL_NO, 44),
            (COL_METHOD, 210),
            (COL_ANSWER, 116),
            (COL_YES, 92),
            (COL_NOTEXT, 92),
            (COL_NA, 76),
            (COL_UNIT, 48),
        ):
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_a: self.fit_rows())  # keep long text wrapped
        self.editable = False
        self._loading = False
        self._combos: list[QComboBox] = []  # answer type per row (inside a centring holder)
        self.itemChanged.connect(self._on_item_changed)

    def set_rows(self, rows: list[dict[str, Any]], *, editable: bool) -> None:
        self._loading = True
        self.editable = editable
        self.clearContents()
        self.setRowCount(len(rows))
        self._combos = []
        for r, raw in enumerate(rows):
            row = checklists.row_from_json(raw)
            for col, text in (
                (COL_NO, row.no),
                (COL_CONTENT, row.content),
                (COL_METHOD, row.method),
                (COL_YES, row.yes_text),
                (COL_NOTEXT, row.no_text),
                (COL_UNIT, row.unit),
            ):
                cell = QTableWidgetItem(text)
                if col in (COL_CONTENT, COL_METHOD):
                    cell.setToolTip(text)
                self.setItem(r, col, cell)
            na = QTableWidgetItem()
            na.setCheckState(Qt.CheckState.Checked if row.allow_na else Qt.CheckState.Unchecked)
            self.setItem(r, COL_NA, na)
            combo = QComboBox()
            combo.setObjectName(f"answerType{r}")
            for key in ANSWER_KEYS:
                combo.addItem(self.answer_labels[key], key)
            if row.answer not in ANSWER_KEYS:  # shown as is; the service names the row
                combo.addItem(row.answer, row.answer)
            combo.setCurrentIndex(combo.findData(row.answer))
            combo.setEnabled(editable)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._on_combo_changed(c))
            holder = QWidget()
            hl = QVBoxLayout(holder)
            hl.setContentsMargins(2, 0, 2, 0)
            hl.addWidget(combo, 0, Qt.AlignmentFlag.AlignVCenter)
            self._combos.append(combo)
            self.setCellWidget(r, COL_ANSWER, holder)
            self._apply_flags(r)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.fit_rows()
        self._loading = False

    def fit_rows(self) -> None:
        """Row heights that show the whole wrapped 检查内容 and 方法 (Qt's own hint elides CJK)."""
        metrics = self.fontMetrics()
        for r in range(self.rowCount()):
            height = 30  # room for the answer-type combo
            for col in (COL_CONTENT, COL_METHOD):
                item = self.item(r, col)
                if item is None or not item.text():
                    continue
                width = max(20, self.columnWidth(col) - 24)  # the delegate's margins, with room
                box = metrics.boundingRect(
                    0, 0, width, 10_000, Qt.TextFlag.TextWordWrap, item.text()
                )
                height = max(height, box.height() + 10)
            self.setRowHeight(r, height)

    def answer_of(self, r: int) -> str:
        return str(self._combos[r].currentData()) if 0 <= r < len(self._combos) else "yesno"

    def answer_combo(self, r: int) -> QComboBox:
        return self._combos[r]

    def rows(self) -> list[dict[str, Any]]:
        """The rows as shown (raw; the service validates and normalises)."""
        out = []
        for r in range(self.rowCount()):

            def text(col: int, r: int = r) -> str:
                item = self.item(r, col)
                return item.text() if item is not None else ""

            na = self.item(r, COL_NA)
            out.append(
                {
                    "no": text(COL_NO),
                    "content": text(COL_CONTENT),
                    "method": text(COL_METHOD),
                    "answer": self.answer_of(r),
                    "yes_text": text(COL_YES),
                    "no_text": text(COL_NOTEXT),
                    "na": na is None or na.checkState() == Qt.CheckState.Checked,
                    "unit": text(COL_UNIT),
                }
            )
        return out

    def add_row(self) -> None:
        rows = self.rows()
        at = self.currentRow() + 1 if self.currentRow() >= 0 else len(rows)
        renumber = _sequential(rows)
        rows.insert(at, {"no": str(len(rows) + 1), "content": "", "method": "", "answer": "yesno"})
        self._replace(rows, at, renumber)
        cell = self.item(at, COL_CONTENT)
        if cell is not None:
            self.editItem(cell)

    def remove_current(self) -> None:
        r = self.currentRow()
        rows = self.rows()
        if not 0 <= r < len(rows):
            return
        renumber = _sequential(rows)
        del rows[r]
        self._replace(rows, min(r, len(rows) - 1), renumber)

    def move_current(self, delta: int) -> None:
        r = self.currentRow()
        rows = self.rows()
        to = r + delta
        if not (0 <= r < len(rows) and 0 <= to < len(rows)):
            return
        renumber = _sequential(rows)
        rows[r], rows[to] = rows[to], rows[r]
        self._replace(rows, to, renumber)

    def _replace(self, rows: list[dict[str, Any]], current: int, renumber: bool) -> None:
        if renumber:  # 1..n stays 1..n; hand-made numbers ("3.1") are left alone
            for i, row in enumerate(rows, start=1):
                row["no"] = str(i)
        self.set_rows(rows, editable=self.editable)
        if 0 <= current < len(rows):
            self.setCurrentCell(current, COL_CONTENT)
        self.rows_edited.emit()

    def _apply_flags(self, r: int) -> None:
        """Yes/no wording applies to 是/否 rows only, the unit to numbers only."""
        answer = self.answer_of(r)
        for col in range(self.columnCount()):
            item = self.item(r, col)
            if item is None:
                continue
            applies = (col not in (COL_YES, COL_NOTEXT) or answer == "yesno") and (
                col != COL_UNIT or answer == "number"
            )
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if self.editable and applies:
                flags |= (
                    Qt.ItemFlag.ItemIsUserCheckable if col == COL_NA else Qt.ItemFlag.ItemIsEditable
                )
            if not applies:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            if col == COL_NA:
                item.setToolTip(self.tr("勾选后该行可以回答“不涉及”"))
            item.setBackground(READ_ONLY_BG if not applies else QColor(0, 0, 0, 0))

    def _on_combo_changed(self, combo: QComboBox) -> None:
        for r, c in enumerate(self._combos):
            if c is combo:
                self._loading = True
                self._apply_flags(r)
                self._loading = False
        self.rows_edited.emit()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        del item
        if not self._loading:
            self.rows_edited.emit()


def _sequential(rows: list[dict[str, Any]]) -> bool:
    return [str(r.get("no", "")).strip() for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
