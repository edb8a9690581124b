"""年度规则设置: the ceiling of checks per business, the national/provincial yearly ratios and
the timetable preset (services.plan.year_settings). Front end only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.services.kernel.workspace import Changes, Workspace
from app.core.services.plan import timetable, year_settings
from app.ui.context import UiContext


class YearRulesDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("yearRulesDialog")
        self.setWindowTitle(self.tr("年度规则设置"))
        self.ctx = ctx
        self.ceiling = QSpinBox()
        self.ceiling.setObjectName("yearCeiling")
        self.ceiling.setRange(0, 99)
        self.ceiling.setSpecialValueText(self.tr("不设上限"))
        self.items = QLineEdit()
        self.items.setObjectName("yearItemRatios")
        self.items.setPlaceholderText(self.tr("如 A07:30、*:50（* 为全部一般事项）"))
        self.departments = QLineEdit()
        self.departments.setObjectName("yearDepartmentRatios")
        self.departments.setPlaceholderText(self.tr("如 市场监管:50（部门代码，* 为全部部门）"))
        self.preset = QComboBox()
        self.preset.setObjectName("yearPreset")
        self.preset.addItem(self.tr("本县自定"), "")
        for name in timetable.PRESETS:
            self.preset.addItem(name, name)
        form = QFormLayout()
        form.addRow(self.tr("每户每年检查上限（跨部门）"), self.ceiling)
        form.addRow(self.tr("一般事项年度比例（‰）"), self.items)
        form.addRow(self.tr("部门年度比例（‰）"), self.departments)
        form.addRow(self.tr("年度时间表"), self.preset)
        note = QLabel(
            self.tr(
                "上限和比例在保存任务和锁定抽取时检查；达到上限的企业列入抽取清单的排除名单。留空表示不设。"
            )
        )
        note.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("yearRulesMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        for edit in (self.items, self.departments):
            edit.textChanged.connect(lambda _t: self.message.clear())
        self.resize(560, 300)
        self.loaded = False
        ctx.run_query(lambda ws, job: year_settings.get_year_settings(ws), self._on_loaded)

    def _on_loaded(self, current: year_settings.YearSettings) -> None:
        self.ceiling.setValue(current.ceiling)
        self.items.setText(year_settings.format_ratios(current.item_ratios))
        self.departments.setText(year_settings.format_ratios(current.department_ratios))
        self.preset.setCurrentIndex(max(0, self.preset.findData(current.preset)))
        self.loaded = True

    def _on_save_clicked(self) -> None:
        items_text, depts_text = self.items.text(), self.departments.text()
        ceiling, preset = self.ceiling.value(), self.preset.currentData() or ""

        def save(ws: Workspace) -> Changes:
            new = year_settings.YearSettings(
                ceiling=ceiling,
                item_ratios=year_settings.parse_ratios(items_text, "一般事项年度比例"),
                department_ratios=year_settings.parse_ratios(depts_text, "部门年度比例"),
                preset=preset,
            )
            return year_settings.save_year_settings(ws, new)

        self.buttons.setEnabled(False)
        self.ctx.run_mutation(lambda ws, job: save(ws), self._on_saved, on_error=self._on_failed)

    def _on_saved(self, _changes: object) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f"<span style='color:#b00020'>{exc}</span>")
