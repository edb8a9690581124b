"""Bar charts drawn with QPainter for the dashboard (no Qt Charts: the packaged app stays small).

Grouped vertical bars (per department: drawn / inspected / published) and horizontal bars
(results by code). Pure widgets: fed with plain numbers, they never reach services.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

PALETTE = (
    QColor("#4e79a7"),
    QColor("#f28e2b"),
    QColor("#59a14f"),
    QColor("#e15759"),
    QColor("#76b7b2"),
    QColor("#edc948"),
)


def _nice_ceiling(value: float) -> float:
    """The smallest 4 × (a round step × 10^k) at or above value: round axis ticks."""
    if value <= 0:
        return 4
    step = value / 4
    magnitude = 10 ** math.floor(math.log10(step))
    for m in (1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step <= m * magnitude:
            return 4 * m * magnitude
    return 4 * 10 * magnitude


def _begin_chart(widget: QWidget, title: str) -> tuple[QPainter, QFontMetrics, int]:
    """A painter on the widget's cleared background with the title drawn at the top centre;
    also the font metrics and line height the chart lays out with."""
    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.fillRect(widget.rect(), widget.palette().base())
    fm = QFontMetrics(widget.font())
    h = fm.height()
    p.setPen(widget.palette().text().color())
    p.drawText(QRectF(0, 4, widget.width(), h + 4), Qt.AlignmentFlag.AlignHCenter, title)
    return p, fm, h


class GroupedBarChart(QWidget):
    """Groups of bars (one group per category, one bar per series) with a legend."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.series: tuple[str, ...] = ()
        self.groups: list[tuple[str, tuple[float, ...]]] = []
        self.setMinimumSize(260, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self, series: Sequence[str], groups: Sequence[tuple[str, Sequence[float]]]
    ) -> None:
        self.series = tuple(series)
        self.groups = [(label, tuple(values)) for label, values in groups]
        self.update()

    @override
    def sizeHint(self) -> QSize:
        return QSize(520, 280)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        p, fm, h = _begin_chart(self, self.title)
        legend_y = 8 + h
        x = 10.0
        for i, name in enumerate(self.series):
            p.fillRect(QRectF(x, legend_y + 3, 12, h - 6), PALETTE[i % len(PALETTE)])
            p.drawText(QRectF(x + 16, legend_y, fm.horizontalAdvance(name) + 4, h), name)
            x += fm.horizontalAdvance(name) + 34
        top = legend_y + h + 10
        bottom = self.height() - 2 * h - 8
        left, right = 40.0, self.width() - 10.0
        if not self.groups or bottom <= top:
            p.drawText(QRectF(0, top, self.width(), 40), Qt.AlignmentFlag.AlignCenter, "—")
            return
        peak = _nice_ceiling(max((v for _, vals in self.groups for v in vals), default=0))
        p.setPen(QPen(QColor("#bbbbbb")))
        for k in range(5):
            y = bottom - (bottom - top) * k / 4
            p.drawLine(int(left), int(y), int(right), int(y))
            p.drawText(
                QRectF(0, y - h / 2, left - 4, h),
                Qt.AlignmentFlag.AlignRight,
                f"{peak * k / 4:.0f}",
            )
        slot = (right - left) / len(self.groups)
        n = max(1, len(self.series))
        bar = min(28.0, slot * 0.8 / n)
        p.setPen(self.palette().text().color())
        for g, (label, values) in enumerate(self.groups):
            x0 = left + g * slot + (slot - bar * n) / 2
            for i, v in enumerate(values):
                height = (bottom - top) * v / peak
                rect = QRectF(x0 + i * bar, bottom - height, bar - 2, height)
                p.fillRect(rect, PALETTE[i % len(PALETTE)])
                p.drawText(
                    QRectF(rect.x() - 6, rect.y() - h, bar + 10, h),
                    Qt.AlignmentFlag.AlignHCenter,
                    f"{v:.0f}",
                )
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(slot) - 4)
            p.drawText(
                QRectF(left + g * slot, bottom + 4, slot, h * 2),
                Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                text,
            )
        p.end()


class HorizontalBarChart(QWidget):
    """One bar per label, longest first as given (results by code, dispositions)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.items: list[tuple[str, float]] = []
        self.setMinimumSize(260, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, items: Sequence[tuple[str, float]]) -> None:
        self.items = list(items)
        self.update()

    @override
    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        p, fm, h = _begin_chart(self, self.title)
        if not self.items:
            p.drawText(QRectF(0, 2 * h, self.width(), 40), Qt.AlignmentFlag.AlignCenter, "—")
            return
        label_w = min(self.width() * 0.45, max(fm.horizontalAdvance(t) for t, _ in self.items) + 10)
        top = h + 14
        row = max(h + 4.0, min(28.0, (self.height() - top - 6) / len(self.items)))
        peak = max(v for _, v in self.items) or 1
        avail = self.width() - label_w - 50
        for i, (label, value) in enumerate(self.items):
            y = top + i * row
            text = fm.elidedText(label, Qt.TextElideMode.ElideLeft, int(label_w) - 6)
            p.drawText(
                QRectF(4, y, label_w - 8, row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            width = avail * value / peak
            p.fillRect(QRectF(label_w, y + 3, width, row - 6), PALETTE[i % len(PALETTE)])
            p.drawText(
                QRectF(label_w + width + 4, y, 46, row),
                Qt.AlignmentFlag.AlignVCenter,
                f"{value:.0f}",
            )
        p.end()
