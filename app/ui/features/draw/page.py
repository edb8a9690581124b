"""随机抽取 tab (placeholder frame until its capability lands): a caption and the tab's counts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.services import overview
from app.ui.context import UiContext
from app.ui.features.page import Page


class DrawPage(Page):
    areas = frozenset({"draws"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.caption = QLabel(self.tr("公开抽取检查对象和执法检查人员"))
        self.counts = QLabel()
        layout.addWidget(self.caption)
        layout.addWidget(self.counts)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("随机抽取")

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: overview.counts(ws), self._on_counts)

    def _on_counts(self, counts: overview.Counts) -> None:
        self.counts.setText(str(counts))
