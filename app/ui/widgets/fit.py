"""Windows that fit the screen they open on: sizes from the available screen geometry.

County laptops are 1366×768 (often at 125 % or 150 % scaling, so 1093×614 or 911×512 logical
pixels); a window larger than that puts its buttons under the taskbar or off the screen. One
rule for every window of the app:

- `available(widget)`: the available geometry (without taskbar) of the screen the widget is on,
  or of the primary screen;
- `fit_window(widget)`: shrinks a top-level window to that area (keeping room for the window
  frame) and moves it inside it; never makes it larger;
- `ScreenFitter`: an application-wide event filter that applies `fit_window` to every dialog
  the moment it is shown, so a dialog's preferred `resize()` is an upper bound, not a promise;
- `scrolling(widget)`: a scroll area around a dialog's form, for content taller than a small
  screen; the dialog's buttons stay outside it, always visible; `scroll_if_too_tall` does
  that at show time for a dialog whose least size does not fit;
- `geometry_fits(rect)`: whether a saved window rectangle lies on one of today's screens.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# Room for a window frame (title bar, borders) the window system adds around the client area.
FRAME_ALLOWANCE = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry of the screen `widget` (or its parent) is on, else the primary."""
    screen = None
    w = widget
    while w is not None and screen is None:
        handle = w.window().windowHandle() if w.window() is not None else None
        screen = handle.screen() if handle is not None else None
        if screen is None and w.isVisible():
            screen = w.screen()
        w = w.parentWidget()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def max_client_size(widget: QWidget | None = None) -> QSize:
    """The largest client area a window may have on its screen, frame included."""
    area = available(widget)
    return QSize(
        max(200, area.width() - FRAME_ALLOWANCE.width()),
        max(150, area.height() - FRAME_ALLOWANCE.height()),
    )


def fitted_size(widget: QWidget, preferred: QSize) -> QSize:
    """`preferred`, shrunk to what fits the widget's screen."""
    return preferred.boundedTo(max_client_size(widget))


def fit_window(widget: QWidget) -> None:
    """Shrinks a top-level window to its screen's available area and moves it inside it."""
    limit = max_client_size(widget)
    size = widget.size()
    if size.width() > limit.width() or size.height() > limit.height():
        widget.resize(size.boundedTo(limit))
    area = available(widget)
    frame = widget.frameGeometry()
    extra_w = max(0, frame.width() - widget.width())
    extra_h = max(0, frame.height() - widget.height())
    x = min(max(frame.x(), area.left()), area.right() + 1 - widget.width() - extra_w)
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - widget.height() - extra_h)
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, area.left()), max(y, area.top()))


def geometry_fits(rect: QRect) -> bool:
    """True when `rect` (a window's frame) lies wholly within one screen's available area."""
    return any(s.availableGeometry().contains(rect) for s in QGuiApplication.screens())


def scrolling(content: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """`content` in a frameless scroll area that scrolls only when the screen is too small."""
    area = QScrollArea(parent)
    area.setObjectName("fitScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    hint = content.sizeHint()
    area.setMinimumSize(QSize(min(hint.width(), 320), min(hint.height(), 200)))
    return area


def scroll_if_too_tall(dialog: QWidget) -> bool:
    """A dialog whose least size is larger than its screen gets its content in a scroll area,
    the button row (a QDialogButtonBox at the end of its top layout) kept outside, visible.
    True when it was rearranged."""
    layout = dialog.layout()
    limit = max_client_size(dialog)
    if not isinstance(layout, QBoxLayout) or dialog.findChild(QScrollArea, "fitScroll") is not None:
        return False
    least = layout.totalMinimumSize()
    if least.width() <= limit.width() and least.height() <= limit.height():
        return False
    content = QWidget()
    inner = QBoxLayout(layout.direction(), content)
    inner.setContentsMargins(0, 0, 0, 0)
    buttons: QDialogButtonBox | None = None
    items = []
    while layout.count():
        stretch = layout.stretch(0)
        taken = layout.takeAt(0)
        if taken is not None:
            items.append((taken, stretch))
    for item, stretch in items:
        widget, sub = item.widget(), item.layout()
        if isinstance(widget, QDialogButtonBox) and item is items[-1][0]:
            buttons = widget
        elif widget is not None:
            inner.addWidget(widget, stretch)
        elif sub is not None:
            sub.setParent(None)
            inner.addLayout(sub, stretch)
        elif item.spacerItem() is not None:
            inner.addStretch(stretch)
    outer = QVBoxLayout()
    outer.addWidget(scrolling(content), 1)
    if buttons is not None:
        outer.addWidget(buttons)
    layout.addLayout(outer)
    layout.activate()  # the new, smaller least size before the window is fitted
    return True


_SHOW = QEvent.Type.Show


class ScreenFitter(QObject):
    """Fits every dialog to its screen when it is shown (installed once on the application)."""

    @staticmethod
    def install(app: QObject) -> None:
        if app.findChild(ScreenFitter, "screenFitter") is None:
            fitter = ScreenFitter(app)
            fitter.setObjectName("screenFitter")
            app.installEventFilter(fitter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # Every event of the application passes here: the cheap test first (most are not a
        # dialog's), since asking an event its type makes a Python enum each time.
        if isinstance(watched, QDialog) and event.type() == _SHOW and watched.isWindow():
            scroll_if_too_tall(watched)
            fit_window(watched)
        return False
