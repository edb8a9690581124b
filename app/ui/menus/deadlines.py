"""Status-bar deadline warning: "N 项即将到期 / M 项已逾期", refreshed whenever data changes.

Clicking it opens the results tab's deadline list. Reads through the context only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QPushButton

from app.core.services.kernel.workspace import Area
from app.core.services.results import deadlines

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class DeadlineStatus(QPushButton):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("statusDeadlines")
        self.setFlat(True)
        self.setToolTip(self.tr("检查结果公示等工作日期限（点击查看清单）"))
        self.clicked.connect(self._on_clicked)
        window.ctx.data_changed.connect(self._on_ctx_data_changed)

    def refresh(self) -> None:
        self.window_.ctx.run_query(
            lambda ws, job: deadlines.deadline_summary(ws),
            self._on_summary,
            on_error=lambda exc: self.setText(self.tr("期限：无法计算")),
        )

    def _on_summary(self, s: deadlines.DeadlineSummary) -> None:
        text = self.tr("{0} 项即将到期 / {1} 项已逾期").format(s.due_soon, s.overdue)
        if s.missing_years:
            text += self.tr("（日历缺{0}年）").format("、".join(map(str, s.missing_years)))
        self.setText(text)
        self.setStyleSheet("color: #b00020; font-weight: bold;" if s.overdue else "")

    def _on_ctx_data_changed(self, areas: frozenset[Area]) -> None:
        del areas
        self.refresh()

    def _on_clicked(self) -> None:
        from app.ui.features.results.page import ResultsPage

        for i, page in enumerate(self.window_.pages):
            if isinstance(page, ResultsPage):
                self.window_.tabs.setCurrentIndex(i)
                page.show_section("deadlines")


def install(window: MainWindow) -> None:
    widget = DeadlineStatus(window)
    window.statusBar().addPermanentWidget(widget)
    window.deadline_status = widget  # type: ignore[attr-defined]
    widget.refresh()
