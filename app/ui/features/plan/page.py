"""抽查计划 tab: plans and their tasks (the overview; editing arrives with the plan editor)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.services import overview
from app.ui.context import UiContext
from app.ui.features.page import Page
from app.ui.widgets.simple_table import SimpleTableView


class PlanPage(Page):
    areas = frozenset({"plans", "tasks"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.caption = QLabel(self.tr("年度抽查工作计划与抽查任务"))
        self.table = SimpleTableView(self)
        self.table.setObjectName("taskTable")
        layout.addWidget(self.caption)
        layout.addWidget(self.table)

    def title(self) -> str:
        return self.tr("抽查计划")

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: overview.tasks_table(ws), self.table.set_table)
