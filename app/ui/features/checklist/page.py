"""检查表 tab: the user's visits (待检查 / 草稿 / 已完成 with search) beside the open form.

Opening a visit shows its form (header filled by the core; nothing stored until the first
change); printing goes through the preview (QPainter, same layout as the PDF) or straight
to a PDF file.

The form is always the visit the user selected last (`current_visit`): the list keeps the
selection by visit id across refreshes; loading a form is keyed (`FORM_KEY`, the latest
request wins) and its answer is dropped unless it is for the visit selected now; while it
loads the shown form is read-only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTabBar,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.errors import ValidationError
from app.core.domain.ids import InspectionId, VisitId
from app.core.domain.roles import Permission
from app.core.services.checklist import inspections, sheets, visit_list
from app.core.services.checklist.inspection_views import VisitRow
from app.core.services.kernel.workspace import NO_CHANGES, Area
from app.ui.context import UiContext, guarded
from app.ui.errors import show_error
from app.ui.features.checklist.dialogs import CorrectionDialog
from app.ui.features.checklist.form import ChecklistForm
from app.ui.features.checklist.preview import SheetPreviewDialog
from app.ui.features.page import Page
from app.ui.widgets import files
from app.ui.widgets.read_only_table import read_only_table

TAB_KEYS = ("todo", "drafts", "done")
FORM_KEY = "checklist.form"
ROWS_KEY = "checklist.rows"


class ChecklistPage(Page):
    areas = frozenset({Area.INSPECTIONS, Area.VISITS, Area.DRAWS})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rows: list[VisitRow] = []
        self.current_visit: VisitId | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(self.splitter)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.tab_bar = QTabBar()
        self.tab_bar.setObjectName("visitTabs")
        for label in (self.tr("待检查"), self.tr("草稿"), self.tr("已完成")):
            self.tab_bar.addTab(label)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("visitSearch")
        self.search_edit.setPlaceholderText(self.tr("搜索：名称、代码、地址、任务编号"))
        self.search_edit.setClearButtonEnabled(True)
        self.table = read_only_table(
            [self.tr("被检查单位"), self.tr("任务编号"), self.tr("检查人员")],
            object_name="visitTable",
            single_selection=True,
            stretch_last=True,
        )
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 150)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        lv.addWidget(self.tab_bar)
        lv.addWidget(self.search_edit)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.empty_label)
        self.form = ChecklistForm(ctx)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 980])
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        self.tab_bar.currentChanged.connect(lambda _i: self.refresh())
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.table.itemActivated.connect(self._on_table_item_activated)
        self.table.cellClicked.connect(lambda row, _c: self._open_row(row))
        self.form.form_changed.connect(self._reload_visit)
        self.form.form_started.connect(self._on_form_started)
        self.form.preview_requested.connect(self.preview_sheet)
        self.form.correction_requested.connect(self._on_form_correction_requested)
        self.form.completion_requested.connect(self._on_form_completion_requested)
        self.print_task_action = QAction(self.tr("批量打印任务检查表…"), self)
        self.print_task_action.triggered.connect(self._on_print_task_triggered)
        self.print_notice_action = QAction(self.tr("打印随机抽查通知书…"), self)
        self.print_notice_action.triggered.connect(self._on_print_notice_triggered)
        self.save_pdf_action = QAction(self.tr("检查表另存为PDF…"), self)
        self.save_pdf_action.triggered.connect(self._on_save_pdf_triggered)
        self.templates_action = QAction(self.tr("检查表模板…"), self)
        self.templates_action.setObjectName("checklistTemplatesAction")
        # 模板由监管人员维护 (issue 5); the service enforces it, the menu only mirrors it.
        self.templates_action.setEnabled(ctx.workspace.actor.can(Permission.EDIT_REGISTRY))
        self.templates_action.triggered.connect(self._on_templates_triggered)

    def title(self) -> str:
        return self.tr("检查表")

    def menu_actions(self) -> list[QAction]:
        return [
            self.save_pdf_action,
            self.print_task_action,
            self.print_notice_action,
            self.templates_action,
        ]

    def _on_templates_triggered(self) -> None:
        from app.ui.features.checklist.template_editor import TemplateEditorDialog

        TemplateEditorDialog(self.ctx, self).exec()

    # -- the list ------------------------------------------------------------------------

    def refresh(self) -> None:
        tab = TAB_KEYS[max(0, self.tab_bar.currentIndex())]
        search = self.search_edit.text()
        self.ctx.run_query(
            lambda ws, job: (
                visit_list.list_visits(ws, tab=tab, search=search),
                visit_list.visit_counts(ws),
            ),
            self._on_rows,
            key=ROWS_KEY,
        )

    def _on_rows(self, result: tuple[list[VisitRow], dict[str, int]]) -> None:
        rows, counts = result
        for i, (key, label) in enumerate(
            zip(TAB_KEYS, (self.tr("待检查"), self.tr("草稿"), self.tr("已完成")), strict=True)
        ):
            self.tab_bar.setTabText(i, f"{label} ({counts.get(key, 0)})")
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.business_name)
            name.setToolTip(f"{row.business_name}\n{row.business_code}\n{row.address}")
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(row.task_no))
            self.table.setItem(r, 2, QTableWidgetItem(row.team))
        self.empty_label.setText(self.tr("没有符合条件的检查对象。") if not rows else "")
        self.empty_label.setVisible(not rows)
        self._select_visit(self.current_visit)

    def _select_visit(self, visit_id: VisitId | None) -> None:
        """Highlights the row of `visit_id` (by identity, not by row index), or none."""
        row = next((r for r, v in enumerate(self.rows) if v.visit_id == visit_id), -1)
        blocked = self.table.blockSignals(True)
        try:
            if row < 0:
                self.table.clearSelection()
                self.table.setCurrentCell(-1, -1)
            else:
                self.table.setCurrentCell(row, 0)
                self.table.selectRow(row)
        finally:
            self.table.blockSignals(blocked)

    def _on_table_item_activated(self, item: QTableWidgetItem) -> None:
        self._open_row(item.row())

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            visit_id = self.rows[row].visit_id
            if visit_id != self.current_visit or self.form.form is None:
                self.open_visit(visit_id)

    def selected_visit(self) -> VisitRow | None:
        return next((v for v in self.rows if v.visit_id == self.current_visit), None)

    # -- the form ------------------------------------------------------------------------

    def open_visit(self, visit_id: VisitId) -> None:
        """Shows the visit's current form (a blank unsaved one before its first change).

        One guarded step: the shown form is saved and turns read-only at once, and only the
        answer for the visit selected last is loaded (writes are serialised, so the load
        sees every save made before it)."""
        if self.form.form is not None:
            self.form.save_now()
        self.current_visit = visit_id
        self._select_visit(visit_id)
        self.form.set_busy(self.tr("正在打开…"))
        self._load(visit_id)

    def _load(self, visit_id: VisitId) -> None:
        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(  # opening stores nothing (writes queue behind)
                (inspections.open_form(ws, visit_id), inspections.form_codes(ws))
            ),
            guarded(self, lambda result: self._on_form_loaded(visit_id, result)),
            on_error=guarded(self, lambda exc: self._on_open_failed(visit_id, exc)),
            key=FORM_KEY,
        )

    def _on_form_loaded(self, visit_id: VisitId, result: tuple[Any, Any]) -> None:
        form, codes = result
        if visit_id != self.current_visit or form.visit_id != visit_id:
            return  # the user has moved on: this answer is for another visit
        self.form.load(form, codes)

    def _on_open_failed(self, visit_id: VisitId, exc: BaseException) -> None:
        if visit_id != self.current_visit:
            return
        self.current_visit = None
        self._select_visit(None)
        self.form.clear(self.tr("未能打开检查表。"))
        show_error(self, exc)

    def _reload_visit(self, visit_id: VisitId) -> None:
        """Reloads the shown form after a write for it (signed, completed, corrected)."""
        if visit_id != self.current_visit:
            return
        self._load(visit_id)
        self.refresh()

    def _on_form_started(self, visit_id: VisitId) -> None:
        """The first change stored the form: the visit moved from 待检查 to 草稿."""
        self.refresh()

    def _on_form_completion_requested(self, form_id: InspectionId) -> None:
        visit_id = self.current_visit

        def done(form: Any) -> None:
            if visit_id is not None:
                self._reload_visit(visit_id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError) and exc.details:
                QMessageBox.warning(
                    self,
                    self.tr("不能完成检查"),
                    exc.message + "\n\n" + "\n".join(exc.details[:25]),
                )
            else:
                show_error(self, exc)

        self.ctx.run_mutation(
            lambda ws, job: inspections.COMPLETED_CHANGES.carrying(
                inspections.complete_inspection(
                    ws, form_id, base_version=self.form.seen_versions.get(form_id)
                )
            ),
            guarded(self, done),
            on_error=guarded(self, failed),
        )

    def _on_form_correction_requested(self, form_id: InspectionId) -> None:
        dialog = CorrectionDialog(self)
        if dialog.exec() != CorrectionDialog.DialogCode.Accepted:
            return
        reason = dialog.reason_edit.toPlainText().strip()
        self.ctx.run_mutation(
            lambda ws, job: inspections.CORRECTION_CHANGES.carrying(
                inspections.start_correction(ws, form_id, reason=reason)
            ),
            guarded(self, lambda form: self._reload_visit(form.visit_id)),
            on_error=lambda exc: show_error(self, exc),
        )

    # -- printing ------------------------------------------------------------------------

    def preview_sheet(self, form_id: InspectionId) -> None:
        """The sheet as printed now (after the saves sent before), if the form is still open."""
        visit_id = self.current_visit

        def show(doc: Any) -> None:
            if visit_id == self.current_visit:
                self._show_preview(doc, inspection_id=form_id)

        self.ctx.run_mutation(
            lambda ws, job: NO_CHANGES.carrying(sheets.sheet_document(ws, form_id)),
            guarded(self, show),
            on_error=lambda exc: show_error(self, exc),
            key="checklist.preview",
        )

    def _show_preview(
        self,
        doc: Any,
        *,
        inspection_id: InspectionId | None = None,
        visit_id: VisitId | None = None,
    ) -> None:
        def printed() -> None:  # the trail notes every print of personal data
            self.ctx.run_mutation(
                lambda ws, job: sheets.log_printed(
                    ws, doc, inspection_id=inspection_id, visit_id=visit_id
                ),
            )

        dialog = SheetPreviewDialog(doc, self, on_printed=printed)
        dialog.exec()

    def _on_save_pdf_triggered(self) -> None:
        form = self.form.form
        if form is None or form.unsaved:
            QMessageBox.information(
                self, self.tr("另存为PDF"), self.tr("请先打开一份已开始填写的检查表。")
            )
            return
        name = form.header.get("business", {}).get("name", self.tr("检查表"))
        path, _ = files.getSaveFileName(
            self, self.tr("检查表另存为PDF"), f"{name}.pdf", "PDF (*.pdf)"
        )
        if path:
            self.ctx.run_query(
                lambda ws, job: sheets.export_sheet_pdf(ws, form.id, path),
                lambda pages: QMessageBox.information(
                    self, self.tr("另存为PDF"), self.tr("已保存 {0} 页。").format(pages)
                ),
                key=None,  # a file written: every one is confirmed, none cancelled by the next
            )

    def _on_print_task_triggered(self) -> None:
        row = self.selected_visit()
        task_no = (
            row.task_no
            if row
            else (self.form.form.header.get("task_no", "") if self.form.form else "")
        )
        if not task_no:
            QMessageBox.information(
                self, self.tr("批量打印"), self.tr("请先在列表中选择该任务的一个检查对象。")
            )
            return
        path, _ = files.getSaveFileName(
            self, self.tr("批量打印：{0}").format(task_no), f"{task_no}.pdf", "PDF (*.pdf)"
        )
        if path:
            self.ctx.run_query(
                lambda ws, job: sheets.export_task_sheets(
                    ws, task_no, path, progress=job.progress, cancelled=job.cancelled
                ),
                lambda n: QMessageBox.information(
                    self, self.tr("批量打印"), self.tr("已输出 {0} 份检查表。").format(n)
                ),
                on_error=lambda exc: show_error(self, exc),
                key=None,  # a file written: every one is confirmed, none cancelled by the next
            )

    def _on_print_notice_triggered(self) -> None:
        visit_id = self.current_visit
        if visit_id is None:
            QMessageBox.information(self, self.tr("通知书"), self.tr("请先打开一个检查对象。"))
            return
        self.ctx.run_query(
            lambda ws, job: sheets.notice_document(ws, visit_id),
            lambda doc: self._show_preview(doc, visit_id=visit_id),
            key=f"sheet-preview-{id(self)}",
        )
