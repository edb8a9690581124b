"""检查表 tab (placeholder frame until its capability lands): a caption and the tab's counts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.services import overview
from app.ui.context import UiContext
from app.ui.features.page import Page


class ChecklistPage(Page):
    areas = frozenset({"inspections"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.caption = QLabel(self.tr("随机抽查检查表（现场检查）"))
        self.counts = QLabel()
        layout.addWidget(self.caption)
        layout.addWidget(self.counts)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("检查表")

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: overview.counts(ws), self._on_counts)

    def _on_counts(self, counts: overview.Counts) -> None:
        self.counts.setText(str(counts))
