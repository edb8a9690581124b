"""结果公示 tab: review queue, deadlines, publication, follow-ups, business history, dashboard.

Each sub-page is a panel module of this package; the page only arranges them and refreshes
the visible one when its data changes.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.core.services.kernel.workspace import Area
from app.ui.context import UiContext
from app.ui.features.page import Page
from app.ui.features.results.dashboard import DashboardPanel
from app.ui.features.results.panels import (
    DeadlinePanel,
    FollowUpPanel,
    HistoryPanel,
    PublicationPanel,
)
from app.ui.features.results.proposals import ProposalPanel
from app.ui.features.results.review import ReviewPanel


class ResultsPage(Page):
    areas = frozenset(
        {
            Area.RESULTS,
            Area.DEADLINES,
            Area.FOLLOWUPS,
            Area.STATS,
            Area.CALENDAR,
            Area.INSPECTIONS,
            Area.TARGETS,
        }
    )

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.review = ReviewPanel(ctx, self)
        self.deadlines = DeadlinePanel(ctx, self)
        self.publication = PublicationPanel(ctx, self)
        self.followups = FollowUpPanel(ctx, self)
        self.history = HistoryPanel(ctx, self)
        self.dashboard = DashboardPanel(ctx, self)
        self.proposals = ProposalPanel(ctx, self)
        self.sections = QTabWidget(self)
        self.sections.setObjectName("resultSections")
        for panel, label in (
            (self.review, self.tr("审核")),
            (self.deadlines, self.tr("期限")),
            (self.publication, self.tr("公示")),
            (self.followups, self.tr("后续处置")),
            (self.history, self.tr("企业检查记录")),
            (self.proposals, self.tr("名录变更建议")),
            (self.dashboard, self.tr("统计")),
        ):
            self.sections.addTab(panel, label)
        self.sections.currentChanged.connect(self._on_sections_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.sections)
        self.calendar_action = QAction(self.tr("工作日历（法定节假日）…"), self)
        self.calendar_action.triggered.connect(self._on_calendar_action_triggered)
        self.deadline_settings_action = QAction(self.tr("期限设置…"), self)
        self.deadline_settings_action.setObjectName("deadlineSettingsAction")
        self.deadline_settings_action.triggered.connect(self._on_deadline_settings_triggered)
        self.year_rules_action = QAction(self.tr("年度规则设置…"), self)
        self.year_rules_action.setObjectName("yearRulesAction")
        self.year_rules_action.triggered.connect(self._on_year_rules_triggered)
        self._loaded: set[int] = set()

    def title(self) -> str:
        return self.tr("结果公示")

    def menu_actions(self) -> list[QAction]:
        return [self.calendar_action, self.deadline_settings_action, self.year_rules_action]

    def show_section(self, name: str) -> None:
        panel = getattr(self, name)
        self.sections.setCurrentWidget(panel)

    def refresh(self) -> None:
        """Reloads the visible panel now; the others when they are next shown."""
        self._loaded.clear()
        self._refresh_current()

    def _refresh_current(self) -> None:
        index = self.sections.currentIndex()
        if index not in self._loaded:
            self._loaded.add(index)
            self.sections.currentWidget().refresh()  # type: ignore[attr-defined]

    def _on_sections_current_changed(self, index: int) -> None:
        del index
        self._refresh_current()

    def _on_calendar_action_triggered(self) -> None:
        from app.ui.features.results.dialogs import CalendarDialog

        CalendarDialog(self.ctx, self).exec()

    def _on_deadline_settings_triggered(self) -> None:
        from app.ui.features.results.deadline_settings import DeadlineSettingsDialog

        DeadlineSettingsDialog(self.ctx, self).exec()

    def _on_year_rules_triggered(self) -> None:
        from app.ui.features.results.year_rules_dialog import YearRulesDialog

        dialog = YearRulesDialog(self.ctx, self)
        self.last_dialog = dialog
        dialog.open()
