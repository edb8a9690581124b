"""The base of the five tab pages: a title, a refresh on the areas it shows, its menu actions."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.core.services.kernel.workspace import Area
from app.ui.context import UiContext


class Page(QWidget):
    """A tab of the main window. Subclasses set `areas` and implement `refresh()`."""

    areas: frozenset[Area] = frozenset()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.data_changed.connect(self._on_ctx_data_changed)

    def title(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reloads what the page shows (off the GUI thread)."""

    def menu_actions(self) -> list[QAction]:
        """Actions this page adds to its own menu in the menu bar."""
        return []

    def _on_ctx_data_changed(self, areas: frozenset[Area]) -> None:
        if areas & self.areas:
            self.refresh()
