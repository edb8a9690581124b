"""SignaturePad: captures a handwritten signature from mouse, pen (with pressure) or touch.

Emits the strokes as plain lists ([[x, y, pressure, t_ms], ...] per stroke) — the core
renders and stores them; this widget never talks to services.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget
from typing_extensions import override

Stroke = list[list[float]]


class SignaturePad(QWidget):
    """A white pad with a baseline; `strokes_changed` fires after each stroke, clear and undo."""

    strokes_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._t0 = time.monotonic()
        self._tablet_active = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 140)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("签名板"))

    # -- public API ----------------------------------------------------------------------

    def strokes(self) -> list[Stroke]:
        return [list(map(list, s)) for s in self._strokes]

    def set_strokes(self, strokes: list[Stroke]) -> None:
        self._strokes = [list(map(list, s)) for s in strokes]
        self._current = None
        self.update()

    def is_empty(self) -> bool:
        return sum(len(s) for s in self._strokes) < 2

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self.update()
        self.strokes_changed.emit(self.strokes())

    def undo(self) -> None:
        if self._strokes:
            self._strokes.pop()
            self.update()
            self.strokes_changed.emit(self.strokes())

    @override
    def sizeHint(self) -> QSize:
        return QSize(600, 200)

    # -- input ---------------------------------------------------------------------------

    def _ms(self) -> float:
        return round((time.monotonic() - self._t0) * 1000)

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._current = [[round(pos.x(), 1), round(pos.y(), 1), round(pressure, 3), self._ms()]]
        self._strokes.append(self._current)
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._current is None:
            return
        last = self._current[-1]
        if abs(last[0] - pos.x()) + abs(last[1] - pos.y()) < 0.8:
            return
        self._current.append([round(pos.x(), 1), round(pos.y(), 1), round(pressure, 3), self._ms()])
        self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.strokes_changed.emit(self.strokes())

    @override
    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        pressure = max(0.05, float(event.pressure()))
        if kind == QEvent.Type.TabletPress:
            self._tablet_active = True
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove and self._tablet_active:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._tablet_active = False
            self._end()
        event.accept()  # no synthesized mouse events for the pen

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._tablet_active or event.button() != Qt.MouseButton.LeftButton:
            return
        self._begin(event.position(), 0.5)

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._tablet_active and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position(), 0.5)

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self._tablet_active and event.button() == Qt.MouseButton.LeftButton:
            self._end()

    @override
    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:
                p = points[0]
                pressure = float(p.pressure()) if p.pressure() > 0 else 0.5
                if kind == QEvent.Type.TouchBegin:
                    self._begin(p.position(), pressure)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(p.position(), pressure)
                else:
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # -- drawing -------------------------------------------------------------------------

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        guide = QPen(QColor(200, 200, 200), 1, Qt.PenStyle.DashLine)
        painter.setPen(guide)
        base = self.height() * 0.78
        painter.drawLine(QPointF(16, base), QPointF(self.width() - 16, base))
        if self.is_empty() and self._current is None:
            painter.setPen(QColor(170, 170, 170))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("请在此处签名"))
        for stroke in self._strokes:
            for a, b in zip(stroke, stroke[1:], strict=False):
                width = 1.2 + 3.2 * (a[2] + b[2]) / 2
                painter.setPen(
                    QPen(
                        QColor(10, 10, 40),
                        width,
                        Qt.PenStyle.SolidLine,
                        Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin,
                    )
                )
                painter.drawLine(QPointF(a[0], a[1]), QPointF(b[0], b[1]))
            if len(stroke) == 1:
                p = stroke[0]
                pen = QPen(QColor(10, 10, 40), 3)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawPoint(QPointF(p[0], p[1]))
        painter.setPen(QColor(120, 120, 120))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
