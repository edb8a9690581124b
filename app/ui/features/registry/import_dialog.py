"""Import wizard: choose a file, check the column mapping, read the row-level report, confirm.

Nothing is written until 导入 is pressed; the write is one transaction in the chosen mode.
Reading and validation run off the GUI thread with progress and cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.services.kernel.workspace import NO_CHANGES, Done
from app.core.services.registry.excel import write_import_report
from app.core.services.registry.fields import REGISTRY_LABELS, SPECS
from app.core.services.registry.imports.mapping import ignored_why
from app.core.services.registry.imports.pipeline import (
    ImportPreview,
    ImportResult,
    import_registry,
    preview_import,
)
from app.ui.context import UiContext
from app.ui.widgets import files


class MappingDialog(QDialog):
    """列对应: each spreadsheet column → a registry field, or 不导入."""

    def __init__(
        self,
        kind: str,
        headers: tuple[str, ...],
        mapping: dict[int, str],
        parent: QWidget | None = None,
        suggested: dict[int, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mappingDialog")
        suggested = suggested or {}
        self.setWindowTitle(self.tr("列对应 — {0}").format(REGISTRY_LABELS[kind]))
        spec = SPECS[kind]
        cols = [i for i, h in enumerate(headers) if h]
        self.table = QTableWidget(len(cols), 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("列"), self.tr("文件中的表头"), self.tr("对应字段"), self.tr("依据")]
        )
        self.combos: dict[int, QComboBox] = {}
        for r, col in enumerate(cols):
            letter = _column_letter(col)
            self.table.setItem(r, 0, QTableWidgetItem(letter))
            self.table.setItem(r, 1, QTableWidgetItem(headers[col]))
            box = QComboBox()
            box.addItem(self.tr("（不导入）"), "")
            for f in spec.fields:
                box.addItem(("* " if f.required else "") + f.header, f.key)
            # A loose (partial) match is offered preselected; it counts once OK is pressed.
            box.setCurrentIndex(max(box.findData(mapping.get(col) or suggested.get(col, "")), 0))
            self.table.setCellWidget(r, 2, box)
            why = (
                self.tr("表头或别名相同")
                if col in mapping
                else self.tr("建议：表头部分相同，请确认")
                if col in suggested
                else self.tr(ignored_why(headers, col, mapping))
            )
            item = QTableWidgetItem(why)
            item.setToolTip(why)
            if col in suggested and col not in mapping:
                item.setForeground(Qt.GlobalColor.darkYellow)
            self.table.setItem(r, 3, item)
            self.combos[col] = box
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        note = QLabel(
            self.tr(
                "自动对应依据表头和常见别名（含省级平台、登记系统的列名）；表头只部分相同的列"
                "列为“建议”，按“确定”后才采用。带 * 的字段必须有对应的列。"
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 560)

    def overrides(self) -> dict[int, str | None]:
        return {col: (box.currentData() or None) for col, box in self.combos.items()}


def _column_letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


class ImportDialog(QDialog):
    """The import wizard of one registry."""

    imported = Signal(object)  # ImportResult

    def __init__(self, ctx: UiContext, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.ctx, self.kind = ctx, kind
        self.setWindowTitle(self.tr("导入{0}").format(REGISTRY_LABELS[kind]))
        self.preview: ImportPreview | None = None
        self.overrides: dict[int, str | None] = {}
        self._job: Any = None

        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importPath")
        self.path_edit.setReadOnly(True)
        browse = QPushButton(self.tr("选择文件…"))
        browse.clicked.connect(self._on_browse_clicked)
        self.mapping_button = QPushButton(self.tr("列对应…"))
        self.mapping_button.setObjectName("mappingButton")
        self.mapping_button.setEnabled(False)
        self.mapping_button.clicked.connect(self._on_mapping_clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("文件：")))
        top.addWidget(self.path_edit, 1)
        top.addWidget(browse)
        top.addWidget(self.mapping_button)

        self.summary = QLabel(
            self.tr("请选择要导入的 Excel 文件（没有现成的文件时，可在名录库点“下载模板…”）。")
        )
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        self.issues = QTableWidget(0, 5)
        self.issues.setObjectName("importIssues")
        self.issues.setHorizontalHeaderLabels(
            [
                self.tr("单元格"),
                self.tr("列（文件表头）"),
                self.tr("值"),
                self.tr("级别"),
                self.tr("原因"),
            ]
        )
        self.issues.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.issues.horizontalHeader().setStretchLastSection(True)
        self.issues.verticalHeader().setVisible(False)
        self.sample = QTableWidget(0, 0)
        self.sample.setObjectName("importSample")
        self.sample.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        tabs = QTabWidget()
        tabs.addTab(self.issues, self.tr("问题清单"))
        tabs.addTab(self.sample, self.tr("数据预览（规范化后）"))
        self.tabs = tabs

        self.mode_valid = QRadioButton(self.tr("导入所有有效行，跳过有问题的行"))
        self.mode_all = QRadioButton(self.tr("全部通过才导入（有任何问题则不写入）"))
        self.mode_valid.setChecked(True)
        self.accept_warnings = QCheckBox(self.tr("接受警告（如校验位不符）：仅有警告的行也导入"))
        self.accept_warnings.setObjectName("importAcceptWarnings")
        self.accept_warnings.toggled.connect(self._update_buttons)
        self.report_button = QPushButton(self.tr("保存问题报告…"))
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self._on_report_clicked)
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.cancel_button = QPushButton(self.tr("取消校验"))
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        # Inspectors: units below a department named in 所在业务部门（机构） are registered on
        # import only when the clerk ticks this and picks their department. Items: the
        # department a 抽查主体 written as text stands for (the wording is kept).
        self.dept_option = QCheckBox(
            self.tr("登记表中的下属执法单位（…所、分局、科、大队），归入部门：")
            if kind == "inspectors"
            else self.tr("抽查主体写成文字（如“市、县级市场监督管理部门”）时，对应部门：")
        )
        self.dept_option.setObjectName("importDeptOption")
        self.dept_combo = QComboBox()
        self.dept_combo.setObjectName("importDeptCombo")
        self.dept_combo.setEnabled(False)
        self.dept_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.dept_option.toggled.connect(self.dept_combo.setEnabled)
        self.dept_option.toggled.connect(self._on_option_changed)
        self.dept_combo.currentIndexChanged.connect(self._on_option_changed)
        option_row = QHBoxLayout()
        option_row.addWidget(self.dept_option)
        option_row.addWidget(self.dept_combo)
        option_row.addStretch(1)
        self._option_row = option_row
        if kind in ("inspectors", "items"):
            from app.core.services.registry.departments import list_departments

            self.ctx.run_query(lambda ws, job: list_departments(ws), self._on_departments)
        else:
            self.dept_option.setVisible(False)
            self.dept_combo.setVisible(False)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.report_button)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.mode_valid)
        layout.addWidget(self.mode_all)
        layout.addWidget(self.accept_warnings)
        layout.addLayout(option_row)
        layout.addLayout(bottom)
        self.resize(980, 640)

    # -- flow -------------------------------------------------------------------------------

    def _on_browse_clicked(self) -> None:
        path, _ = files.getOpenFileName(
            self,
            self.tr("选择 Excel 文件"),
            "",
            self.tr("表格文件 (*.xlsx *.xlsm *.xls *.ods *.xml *.csv *.txt);;所有文件 (*)"),
        )
        if path:
            self.load(path)

    def _on_departments(self, departments: Any) -> None:
        self.dept_combo.blockSignals(True)
        for d in departments:
            self.dept_combo.addItem(d.name, d.name)
        self.dept_combo.blockSignals(False)

    def _dept_option(self) -> str | None:
        if not self.dept_option.isChecked() or self.dept_combo.currentIndex() < 0:
            return None
        return str(self.dept_combo.currentData())

    def _options(self) -> dict[str, Any]:
        chosen = self._dept_option()
        if chosen is None:
            return {}
        return (
            {"create_units": chosen}
            if self.kind == "inspectors"
            else {"subject_department": chosen}
        )

    def _on_option_changed(self, *_: Any) -> None:
        if self.path_edit.text():
            self._run_preview()

    def load(self, path: str) -> None:
        """Reads and checks `path` (also the entry point for tests)."""
        self.path_edit.setText(path)
        self.overrides = {}
        self._run_preview()

    def _run_preview(self) -> None:
        path, kind, overrides = self.path_edit.text(), self.kind, dict(self.overrides)
        accept = self.accept_warnings.isChecked()
        options = self._options()
        self._busy(True, self.tr("正在读取并校验…"))
        self._job = self.ctx.run_query(
            lambda ws, job: preview_import(
                ws,
                kind=kind,
                path=path,
                mapping=overrides,
                accept_warnings=accept,
                progress=job.progress,
                cancelled=job.cancelled,
                **options,
            ),
            self._on_preview,
            on_error=self._on_failed,
            on_progress=self._on_progress,
        )

    def _busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.cancel_button.setVisible(busy)
        if busy:
            self.summary.setText(text)
            self.import_button.setEnabled(False)

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.summary.setText(text)

    def _on_cancel_clicked(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy(False)
        from app.ui.errors import message_for

        self.summary.setText(
            "<span style='color:#c0392b'>" + message_for(exc)[1].replace("\n", "<br>") + "</span>"
        )
        self._update_buttons()

    def _on_preview(self, preview: ImportPreview) -> None:
        self._busy(False)
        self.preview = preview
        self.mapping_button.setEnabled(True)
        self.report_button.setEnabled(True)
        spec = SPECS[self.kind]
        mapped = "、".join(
            f"{preview.headers[c]}→{spec.field(k).header}"
            for c, k in sorted(preview.mapping.items())
            if preview.headers[c] != spec.field(k).header
        )
        text = self.tr(
            "工作表“{0}”，表头在第{1}行；数据 {2} 行：无问题 {3}，仅有警告 {4}，有错误 {5}。"
            "将新增 {6}，更新 {7}（按代码识别）。"
        ).format(
            preview.sheet,
            preview.header_row,
            preview.data_rows,
            preview.valid_rows,
            preview.warning_rows,
            preview.error_rows,
            preview.would_insert,
            preview.would_update,
        )
        if mapped:
            text += "<br>" + self.tr("自动对应的列：") + mapped
        if preview.suggested:
            text += (
                "<br><span style='color:#b7950b'>"
                + self.tr("建议对应（未采用，请在“列对应…”中确认）：")
                + "、".join(
                    f"{preview.headers[c]}→{spec.field(k).header}"
                    for c, k in sorted(preview.suggested.items())
                )
                + "</span>"
            )
        if preview.skipped or preview.blank_rows:
            text += (
                "<br>"
                + self.tr("已跳过（不作为数据）：")
                + "、".join(f"第{r}行 {why}" for r, why in preview.skipped[:8])
                + ("…" if len(preview.skipped) > 8 else "")
                + (
                    self.tr("；空行 {0} 行").format(preview.blank_rows)
                    if preview.blank_rows
                    else ""
                )
            )
        if preview.new_units:
            text += "<br>" + self.tr("导入时将登记的执法单位：") + "、".join(preview.new_units)
        if preview.merged:
            text += (
                "<br>"
                + self.tr("合并单元格已按所见填充：")
                + "、".join(preview.merged[:8])
                + ("…" if len(preview.merged) > 8 else "")
            )
        if preview.missing_required:
            text += (
                "<br><b style='color:#c0392b'>"
                + self.tr("缺少必填列：{0}，请点“列对应…”指定。").format(
                    "、".join(preview.missing_required)
                )
                + "</b>"
            )
        self.summary.setText(text)
        self.summary.updateGeometry()  # several lines now: the layout gives them room
        self._fill_issues(preview)
        self._fill_sample(preview)
        self._update_buttons()

    def _fill_issues(self, preview: ImportPreview) -> None:
        shown = preview.issues[:5000]
        self.issues.setRowCount(len(shown))
        for r, issue in enumerate(shown):
            cells = (
                issue.cell or self.tr("第{0}行").format(issue.row),
                issue.column,
                issue.value,
                self.tr("错误") if issue.severity == "error" else self.tr("警告"),
                issue.reason,
            )
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setForeground(
                        Qt.GlobalColor.red
                        if issue.severity == "error"
                        else Qt.GlobalColor.darkYellow
                    )
                self.issues.setItem(r, c, item)
        self.issues.resizeColumnsToContents()
        self.issues.horizontalHeader().setStretchLastSection(True)
        self.tabs.setTabText(0, self.tr("问题清单（{0}）").format(len(preview.issues)))

    def _fill_sample(self, preview: ImportPreview) -> None:
        spec = SPECS[self.kind]
        headers = [self.tr("行号"), *(f.header for f in spec.fields)]
        self.sample.setColumnCount(len(headers))
        self.sample.setHorizontalHeaderLabels(headers)
        self.sample.setRowCount(len(preview.sample))
        for r, (row_no, values) in enumerate(preview.sample):
            self.sample.setItem(r, 0, QTableWidgetItem(str(row_no)))
            for c, value in enumerate(values, start=1):
                self.sample.setItem(r, c, QTableWidgetItem(value))

    def _update_buttons(self, *_: Any) -> None:
        p = self.preview
        ok = (
            p is not None
            and not p.missing_required
            and p.importable(self.accept_warnings.isChecked()) > 0
        )
        self.import_button.setEnabled(bool(ok))
        if p is not None:
            self.import_button.setText(
                self.tr("导入 {0} 行").format(p.importable(self.accept_warnings.isChecked()))
            )

    def _on_mapping_clicked(self) -> None:
        if self.preview is None:
            return
        dialog = MappingDialog(
            self.kind,
            self.preview.headers,
            self.preview.mapping,
            self,
            suggested=self.preview.suggested,
        )
        dialog.accepted.connect(lambda: self._on_mapping_accepted(dialog))
        dialog.open()

    def _on_mapping_accepted(self, dialog: MappingDialog) -> None:
        self.overrides = dialog.overrides()
        self._run_preview()

    def _on_report_clicked(self) -> None:
        if self.preview is None:
            return
        default = str(
            Path(self.preview.file).with_name(
                Path(self.preview.file).stem + self.tr("-校验报告") + ".xlsx"
            )
        )
        path, _ = files.getSaveFileName(self, self.tr("保存问题报告"), default, "Excel (*.xlsx)")
        if path:
            preview = self.preview
            self.ctx.run_query(
                lambda ws, job: write_import_report(preview, path),
                lambda _r: self.summary.setText(
                    self.summary.text() + "<br>" + self.tr("报告已保存：") + path
                ),
                key=None,  # a file written: every one is confirmed, none cancelled by the next
            )

    def _on_import_clicked(self) -> None:
        path, kind, overrides = self.path_edit.text(), self.kind, dict(self.overrides)
        mode = "all_or_nothing" if self.mode_all.isChecked() else "valid_rows"
        accept = self.accept_warnings.isChecked()
        options = self._options()
        self._busy(True, self.tr("正在导入…"))
        self._job = self.ctx.run_mutation(
            lambda ws, job: self._import(ws, job, kind, path, overrides, mode, accept, options),
            self._on_imported,
            on_error=self._on_failed,
            on_progress=self._on_progress,
        )

    @staticmethod
    def _import(
        ws: Any,
        job: Any,
        kind: str,
        path: str,
        overrides: dict,
        mode: str,
        accept: bool,
        options: dict[str, Any] | None = None,
    ) -> Done[ImportResult]:
        result = import_registry(
            ws,
            kind=kind,
            path=path,
            mapping=overrides,
            mode=mode,  # type: ignore[arg-type]
            accept_warnings=accept,
            progress=job.progress,
            cancelled=job.cancelled,
            **(options or {}),
        )
        return (result.changes if result.written else NO_CHANGES).carrying(result)

    def _on_imported(self, result: ImportResult) -> None:
        self._busy(False)
        self.imported.emit(result)
        if result.written:
            text = self.tr("已导入：新增 {0}，更新 {1}，未变 {2}，跳过 {3}。").format(
                result.inserted, result.updated, result.unchanged, result.skipped
            )
        else:
            text = self.tr("未写入任何数据：{0}").format(result.message)
        self.summary.setText(text)
        self.import_button.setEnabled(False)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.windowTitle(),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("importDoneBox")
        box.open()
