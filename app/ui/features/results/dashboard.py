"""统计 dashboard: per department drawn / inspected / published (100% required), results by
code, coverage, with QPainter charts; exports the annual summary workbook."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.domain.localtime import local_today
from app.core.services.admin import stats
from app.core.services.plan import timetable
from app.ui.context import UiContext
from app.ui.errors import show_error
from app.ui.features.results.charts import GroupedBarChart, HorizontalBarChart
from app.ui.features.results.table import RowsView
from app.ui.widgets import files

SHORT = {"五原县市场监督管理局": "市场监管"}
GAP = QColor("#f8d0cd")


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


class DashboardPanel(QWidget):
    COLUMNS = (
        "部门",
        "抽取户数",
        "已检查",
        "已录入",
        "已公示",
        "逾期未公示",
        "录入率",
        "公示率",
        "随机以外检查",
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = QSpinBox()
        self.year.setObjectName("statsYear")
        self.year.setRange(2000, 2200)
        self.year.setValue(local_today().year)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.headline = QLabel()
        self.headline.setObjectName("statsHeadline")
        export = QPushButton(self.tr("导出年度汇总…"))
        export.clicked.connect(self._on_export_clicked)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("年度")))
        bar.addWidget(self.year)
        bar.addWidget(self.headline, 1)
        bar.addWidget(export)
        self.flow_chart = GroupedBarChart(self.tr("各部门抽查完成情况"))
        self.flow_chart.setObjectName("flowChart")
        self.code_chart = HorizontalBarChart(self.tr("检查结果分类（户次）"))
        self.code_chart.setObjectName("codeChart")
        self.departments = RowsView(self.COLUMNS, self)
        self.departments.setObjectName("statsDepartments")
        self.coverage = RowsView(("事项", "部门", "名录库户数", "已检查", "覆盖率"), self)
        grid = QGridLayout()
        grid.addWidget(self.flow_chart, 0, 0)
        grid.addWidget(self.code_chart, 0, 1)
        grid.addWidget(self.departments, 1, 0)
        grid.addWidget(self.coverage, 1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        self.timetable = QLabel()
        self.timetable.setObjectName("statsTimetable")
        self.timetable.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.timetable)
        layout.addLayout(grid, 1)

    def refresh(self) -> None:
        year = self.year.value()
        self.ctx.run_query(lambda ws, job: stats.dashboard(ws, year=year), self._on_dashboard)
        self.ctx.run_query(lambda ws, job: timetable.year_timetable(ws, year), self._on_timetable)

    def _on_timetable(self, milestones: list[timetable.Milestone]) -> None:
        """The year's timetable (services.plan.timetable): each milestone with its date and state."""
        parts = [f"{m.due.isoformat()} {m.label}：{m.done_note or m.state}" for m in milestones]
        self.timetable.setText(self.tr("年度时间表：") + "；".join(parts))

    def _on_dashboard(self, d: stats.Dashboard) -> None:
        t = d.total
        self.headline.setText(
            self.tr("抽取 {0} · 检查 {1} · 录入率 {2} · 公示率 {3}（要求100%） · 逾期 {4}").format(
                t.drawn, t.inspected, _pct(t.entry_rate), _pct(t.publication_rate), t.overdue
            )
        )
        self.flow_chart.set_data(
            [self.tr("抽取"), self.tr("已检查"), self.tr("已公示"), self.tr("逾期")],
            [
                (
                    SHORT.get(f.name, f.name.removeprefix("五原县")),
                    (f.drawn, f.inspected, f.published, f.overdue),
                )
                for f in d.departments
            ],
        )
        self.code_chart.set_data([(c.text, c.count) for c in d.results_by_code])
        rows = [*d.departments, t]
        self.departments.set_rows(
            [
                (
                    f.name,
                    f.drawn,
                    f.inspected,
                    f.entered,
                    f.published,
                    f.overdue,
                    _pct(f.entry_rate),
                    _pct(f.publication_rate),
                    f.outside,
                )
                for f in rows
            ],
            [f.key for f in rows],
            [GAP if (f.publication_rate or 1) < 1 or f.overdue else None for f in rows],
        )
        cov = [c for c in d.coverage if c.inspected] or list(d.coverage)
        self.coverage.set_rows(
            [(c.name, c.department, c.eligible, c.inspected, _pct(c.rate)) for c in cov],
            [c.code for c in cov],
        )

    def _on_export_clicked(self) -> None:
        year = self.year.value()
        path, _ = files.getSaveFileName(
            self,
            self.tr("导出年度汇总"),
            self.tr("{0}年度双随机抽查汇总.xlsx").format(year),
            self.tr("Excel 工作簿 (*.xlsx)"),
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        self.ctx.run_query(
            lambda ws, job: stats.export_annual_summary(ws, path, year=year),
            lambda p: QMessageBox.information(self, self.tr("导出年度汇总"), str(p)),
            on_error=lambda exc: show_error(self, exc),
            key=None,  # a file written: every one is confirmed, none cancelled by the next
        )
