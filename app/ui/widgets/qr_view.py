"""A widget that paints a QR code matrix (from the core's encoder) crisp at any size.

Paints only; the matrix comes from a service (app.core.services.draw.draw_views.qr_matrix).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

QUIET = 4  # modules of white border the QR standard asks for


class QrView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: Sequence[Sequence[bool]] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)

    def set_matrix(self, matrix: Sequence[Sequence[bool]]) -> None:
        self._matrix = matrix
        self.update()

    def matrix(self) -> Sequence[Sequence[bool]]:
        return self._matrix

    @override
    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return width

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        side = min(self.width(), self.height())
        x0 = (self.width() - side) / 2
        y0 = (self.height() - side) / 2
        painter.fillRect(QRectF(x0, y0, side, side), QColor("white"))
        n = len(self._matrix)
        if not n:
            painter.end()
            return
        cell = side / (n + 2 * QUIET)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for r, row in enumerate(self._matrix):
            for c, dark in enumerate(row):
                if dark:
                    painter.drawRect(
                        QRectF(
                            x0 + (c + QUIET) * cell, y0 + (r + QUIET) * cell, cell + 0.5, cell + 0.5
                        )
                    )
        painter.end()
