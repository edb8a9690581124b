"""名录库 tab (placeholder frame until its capability lands): a caption and the tab's counts."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.services import overview
from app.ui.context import UiContext
from app.ui.features.page import Page


class RegistryPage(Page):
    areas = frozenset({"targets"})

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.caption = QLabel(self.tr("检查对象、执法检查人员、专家与抽查事项"))
        self.counts = QLabel()
        layout.addWidget(self.caption)
        layout.addWidget(self.counts)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("名录库")

    def refresh(self) -> None:
        self.ctx.run_query(lambda ws, job: overview.counts(ws), self._on_counts)

    def _on_counts(self, counts: overview.Counts) -> None:
        self.counts.setText(str(counts))
