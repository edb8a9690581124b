"""检查表模板: supervisors edit an item's checklist rows and save them as a new version.

Older versions are shown read-only (a form keeps the version it was started with). Reads and
saves only through the context and services.checklist.checklists; the service validates and decides.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid
from typing_extensions import override

from app.core.domain.roles import Permission
from app.core.services.checklist import checklists
from app.core.services.checklist.checklists import Template
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.features.checklist.template_rows import TemplateRowsTable, normalized


class TemplateEditorDialog(QDialog):
    """检查表模板: the templates (code, name, current version), one template's rows in a table,
    its version history; an edit is saved, with a required reason, as a new version."""

    template_saved = Signal(str, int)  # code, new version number

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_edit = ctx.workspace.actor.can(Permission.EDIT_REGISTRY)
        self.setObjectName("templateEditor")
        self.setWindowTitle(self.tr("检查表模板"))
        self.resize(1240, 720)
        self.versions: dict[str, list[Template]] = {}
        self.codes: list[str] = []
        self.shown: Template | None = None  # the version whose rows the table shows
        self.base_rows: list[dict[str, Any]] = []  # what "unchanged" means for the save button

        self.template_list = QTableWidget(0, 3)
        self.template_list.setObjectName("templateList")
        self.template_list.setHorizontalHeaderLabels(
            [self.tr("代码"), self.tr("名称"), self.tr("当前版本")]
        )
        self.history = QTableWidget(0, 3)
        self.history.setObjectName("templateHistory")
        self.history.setHorizontalHeaderLabels(
            [self.tr("版本"), self.tr("行数"), self.tr("修改原因")]
        )
        for table in (self.template_list, self.history):
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
        self.template_list.horizontalHeader().setStretchLastSection(False)
        self.template_list.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch
        )
        self.template_list.setColumnWidth(0, 64)
        self.template_list.setColumnWidth(2, 64)
        self.history.setColumnWidth(0, 96)
        self.history.setColumnWidth(1, 40)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("模板")))
        lv.addWidget(self.template_list, 3)
        lv.addWidget(QLabel(self.tr("版本历史（旧版本只读）")))
        lv.addWidget(self.history, 2)

        self.banner = QLabel()
        self.banner.setObjectName("templateBanner")
        self.banner.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("templateName")
        self.rows_table = TemplateRowsTable()
        self.add_button = QPushButton(self.tr("添加行"))
        self.add_button.setObjectName("addRow")
        self.add_button.setShortcut(QKeySequence("Ctrl+N"))
        self.remove_button = QPushButton(self.tr("删除行"))
        self.remove_button.setObjectName("removeRow")
        self.up_button = QPushButton(self.tr("上移"))
        self.up_button.setObjectName("moveRowUp")
        self.down_button = QPushButton(self.tr("下移"))
        self.down_button.setObjectName("moveRowDown")
        self.restore_button = QPushButton(self.tr("以此版本内容为基础修改"))
        self.restore_button.setObjectName("restoreVersion")
        self.restore_button.setToolTip(
            self.tr("把这个旧版本的内容载入编辑区；保存后成为新的当前版本")
        )
        row_buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.restore_button)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("changeReason")
        self.reason_edit.setPlaceholderText(
            self.tr("必填，例如：依据2026年新规增加第18行“散装食品标签”")
        )
        self.status = QLabel()
        self.status.setObjectName("templateStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存为新版本"))
        self.save_button.setObjectName("saveTemplate")
        self.save_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("放弃修改"))
        self.discard_button.setObjectName("discardTemplate")
        close_button = QPushButton(self.tr("关闭"))
        close_button.setObjectName("closeTemplateEditor")
        close_button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(self.tr("模板名称"), self.name_edit)
        bottom = QFormLayout()
        bottom.addRow(self.tr("修改原因"), self.reason_edit)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.save_button)
        actions.addWidget(close_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.banner)
        rv.addLayout(form)
        rv.addWidget(self.rows_table, 1)
        rv.addLayout(row_buttons)
        rv.addLayout(bottom)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 910])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(actions)

        self.template_list.currentCellChanged.connect(self._on_template_list_current_changed)
        self.history.currentCellChanged.connect(self._on_history_current_changed)
        self.rows_table.rows_edited.connect(self._update_buttons)
        self.rows_table.itemSelectionChanged.connect(self._update_buttons)
        self.name_edit.textEdited.connect(lambda _t: self._update_buttons())
        self.reason_edit.textChanged.connect(lambda _t: self._update_buttons())
        self.add_button.clicked.connect(self.rows_table.add_row)
        self.remove_button.clicked.connect(self.rows_table.remove_current)
        self.up_button.clicked.connect(lambda: self.rows_table.move_current(-1))
        self.down_button.clicked.connect(lambda: self.rows_table.move_current(1))
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.discard_button.clicked.connect(self._on_discard_clicked)
        close_button.clicked.connect(self.reject)
        self._saving = False
        self._pending_status = ""  # shown once the list is reloaded after a save
        self._update_buttons()
        self.refresh()

    # -- loading -------------------------------------------------------------------------

    def refresh(self, select_code: str | None = None) -> None:
        """Reloads every template and version (off the GUI thread)."""
        want = select_code or self.current_code()
        self.ctx.run_query(
            lambda ws, job: checklists.list_templates(ws, include_old=True),
            lambda found: self._on_templates(found, want),
            on_error=lambda exc: show_error(self, exc),
            key=f"templates-{id(self)}",  # an older list never lands after a newer one (a save)
        )

    def _on_templates(self, found: list[Template], want: str | None) -> None:
        if not isValid(self) or not isValid(self.template_list):  # closed before the answer
            return
        by_code: dict[str, list[Template]] = defaultdict(list)
        for t in found:
            by_code[t.code].append(t)
        self.versions = {
            code: sorted(ts, key=lambda t: t.version_no, reverse=True)
            for code, ts in sorted(by_code.items())
        }
        self.codes = list(self.versions)
        self.template_list.blockSignals(True)
        self.template_list.setRowCount(len(self.codes))
        for r, code in enumerate(self.codes):
            current = self.current_of(code)
            for col, text in enumerate(
                (code, current.name, self.tr("第{0}版").format(current.version_no))
            ):
                self.template_list.setItem(r, col, QTableWidgetItem(text))
        self.template_list.blockSignals(False)
        row = self.codes.index(want) if want in self.codes else 0
        if self.codes:
            self.template_list.blockSignals(True)
            self.template_list.setCurrentCell(row, 0)
            self.template_list.blockSignals(False)
            self.show_template(self.codes[row])

    def current_code(self) -> str | None:
        r = self.template_list.currentRow()
        return self.codes[r] if 0 <= r < len(self.codes) else None

    def current_of(self, code: str) -> Template:
        found = self.versions[code]
        return next((t for t in found if t.is_current), found[0])

    def show_template(self, code: str, version_no: int | None = None) -> None:
        """Shows a template's history and one version (the current one unless given)."""
        found = self.versions[code]
        self.history.blockSignals(True)
        self.history.setRowCount(len(found))
        for r, t in enumerate(found):
            label = self.tr("第{0}版").format(t.version_no)
            if t.is_current:
                label += self.tr("（当前）")
            cells = (label, str(len(t.rows)), t.change_reason or "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(r, col, item)
        wanted = version_no or self.current_of(code).version_no
        row = next((r for r, t in enumerate(found) if t.version_no == wanted), 0)
        self.history.setCurrentCell(row, 0)
        self.history.blockSignals(False)
        self._show_version(found[row])

    def _show_version(self, t: Template) -> None:
        self.shown = t
        editable = t.is_current and self.can_edit
        self.base_rows = [r.to_json() for r in t.rows]
        self.rows_table.set_rows(self.base_rows, editable=editable)
        self.name_edit.setText(t.name)
        self.name_edit.setReadOnly(not editable)
        self.reason_edit.clear()
        if not t.is_current:
            text = self.tr(
                "正在查看 {0} 第{1}版（旧版本，只读）。按此版本开始的检查表仍使用它。"
            ).format(t.code, t.version_no)
            style = "background:#fdf1d6;padding:6px;"
        elif not self.can_edit:
            text = self.tr("{0} 第{1}版（当前）。只有监管人员可以修改检查表模板。").format(
                t.code, t.version_no
            )
            style = "background:#eeeeee;padding:6px;"
        else:
            text = self.tr(
                "{0} 第{1}版（当前）。修改后保存为第{2}版；已开始的检查表仍保留原来的版本。"
            ).format(t.code, t.version_no, t.version_no + 1)
            style = "background:#e3f0e3;padding:6px;"
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.status.setText(self._pending_status)
        self._pending_status = ""
        self._update_buttons()

    # -- editing -------------------------------------------------------------------------

    def is_dirty(self) -> bool:
        if self.shown is None or not self.rows_table.editable:
            return False
        return normalized(self.rows_table.rows()) != normalized(self.base_rows) or (
            self.name_edit.text().strip() != self.shown.name
        )

    def _update_buttons(self) -> None:
        editable = self.rows_table.editable and not self._saving
        has_row = 0 <= self.rows_table.currentRow() < self.rows_table.rowCount()
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and has_row and self.rows_table.rowCount() > 1)
        self.up_button.setEnabled(editable and has_row and self.rows_table.currentRow() > 0)
        self.down_button.setEnabled(
            editable and has_row and self.rows_table.currentRow() < self.rows_table.rowCount() - 1
        )
        shown = self.shown
        self.restore_button.setVisible(shown is not None and not shown.is_current)
        self.restore_button.setEnabled(self.can_edit)
        self.reason_edit.setEnabled(editable)
        dirty = self.is_dirty()
        self.discard_button.setEnabled(dirty and not self._saving)
        self.save_button.setEnabled(dirty and editable and bool(self.reason_edit.text().strip()))
        if dirty and not self.reason_edit.text().strip():
            self.save_button.setToolTip(self.tr("请先填写修改原因"))
        else:
            self.save_button.setToolTip("")

    def _confirm_discard(self) -> bool:
        if not self.is_dirty():
            return True
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("当前模板的修改尚未保存，是否放弃？"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def _on_template_list_current_changed(self, row: int, _c: int, prev: int, _pc: int) -> None:
        if not 0 <= row < len(self.codes) or row == prev:
            return
        if not self._confirm_discard():
            self.template_list.blockSignals(True)
            self.template_list.setCurrentCell(prev, 0)
            self.template_list.blockSignals(False)
            return
        self.show_template(self.codes[row])

    def _on_history_current_changed(self, row: int, _c: int, prev: int, _pc: int) -> None:
        code = self.current_code()
        if code is None or not 0 <= row < len(self.versions[code]) or row == prev:
            return
        if not self._confirm_discard():
            self.history.blockSignals(True)
            self.history.setCurrentCell(prev, 0)
            self.history.blockSignals(False)
            return
        self._show_version(self.versions[code][row])

    def _on_restore_clicked(self) -> None:
        old = self.shown
        if old is None or old.is_current:
            return
        current = self.current_of(old.code)
        self.show_template(old.code, current.version_no)
        self.rows_table.set_rows([r.to_json() for r in old.rows], editable=self.rows_table.editable)
        self.name_edit.setText(old.name)
        self.reason_edit.setText(self.tr("恢复第{0}版的内容").format(old.version_no))
        self._update_buttons()

    def _on_discard_clicked(self) -> None:
        if self.shown is not None:
            self._show_version(self.shown)

    def _on_save_clicked(self) -> None:
        shown = self.shown
        if shown is None or not self.is_dirty():
            return
        reason = self.reason_edit.text().strip()
        if not reason:
            self.status.setText(self.tr("请填写修改原因。"))
            self.reason_edit.setFocus()
            return
        rows = self.rows_table.rows()  # read the widgets here, never in the worker
        name = self.name_edit.text().strip()
        code = shown.code
        base = self.current_of(code).version_no  # the current version this editor loaded
        self._saving = True
        self._update_buttons()
        self.status.setText(self.tr("正在保存…"))
        self.ctx.run_mutation(
            lambda ws, job: checklists.template_changes().carrying(
                checklists.update_template(
                    ws,
                    code,
                    rows=rows,
                    reason=reason,
                    name=name if name != shown.name else None,
                    base_version_no=base,
                )
            ),
            self._on_saved,
            on_error=self._on_save_failed,
        )

    def _on_saved(self, new: Template) -> None:
        if not isValid(self) or not isValid(self.status):
            return
        self._saving = False
        self.shown = None  # the edits are saved: nothing left to discard
        self.template_saved.emit(new.code, new.version_no)
        self._pending_status = self.tr(
            "已保存为 {0} 第{1}版。已开始的检查表仍使用原来的版本。"
        ).format(new.code, new.version_no)
        self.status.setText(self._pending_status)
        self.refresh(new.code)

    def _on_save_failed(self, exc: BaseException) -> None:
        if not isValid(self) or not isValid(self.status):
            show_error(None, exc)
            return
        self._saving = False
        self.status.clear()
        self._update_buttons()
        show_error(self, exc)

    @override
    def reject(self) -> None:
        if self._saving:
            return
        if self._confirm_discard():
            super().reject()
