"""Print preview and printing of laid-out documents (sheets, notices) with QPainter.

Draws the same page operations the PDF writer draws (core.reports.layout), so the preview
and the system printer show exactly the sheet; works offline on any OS (no QtPdf).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from app.core.domain.resources import resource_path
from app.core.services.checklist.sheets import Box, Document, Image, Line, Qr, Rect, Text, printable

SCALE = 10  # painter units per point: QFont pixel sizes are integers, so work in 0.1 pt
_family: str | None = None


def font_family() -> str:
    global _family
    if _family is None:
        fid = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
        families = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
        _family = families[0] if families else "WenQuanYi Micro Hei"
    return _family


def paint_page(painter: QPainter, doc: Document, index: int, images: dict[str, QImage]) -> None:
    """Draws page `index` with the painter's current transform at 1 unit = 1/SCALE pt."""
    page = doc.pages[index]
    family = font_family()
    fonts: dict[float, QFont] = {}
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for op in page.ops:
        if isinstance(op, Text):
            font = fonts.get(op.size)
            if font is None:
                font = QFont(family)
                font.setPixelSize(max(1, round(op.size * SCALE)))
                fonts[op.size] = font
            painter.setFont(font)
            painter.setPen(QColor.fromRgbF(op.gray, op.gray, op.gray))
            text = printable(op.text)
            x, y = op.x * SCALE, op.y * SCALE
            if op.align != "left":
                w = painter.fontMetrics().horizontalAdvance(text)
                x -= w / 2 if op.align == "center" else w
            painter.drawText(QPointF(x, y), text)
        elif isinstance(op, Rect):
            painter.setPen(
                QPen(QColor("black"), op.width * SCALE) if op.stroke else Qt.PenStyle.NoPen
            )
            rect = QRectF(op.x * SCALE, op.y * SCALE, op.w * SCALE, op.h * SCALE)
            if op.fill is not None:
                painter.fillRect(rect, QColor.fromRgbF(op.fill, op.fill, op.fill))
            painter.drawRect(rect)
        elif isinstance(op, Line):
            painter.setPen(QPen(QColor("black"), op.width * SCALE))
            painter.drawLine(
                QPointF(op.x1 * SCALE, op.y1 * SCALE), QPointF(op.x2 * SCALE, op.y2 * SCALE)
            )
        elif isinstance(op, Box):
            s = op.size * SCALE
            x, y = op.x * SCALE, op.y * SCALE
            painter.setPen(QPen(QColor("black"), 0.7 * SCALE))
            painter.drawRect(QRectF(x, y, s, s))
            if op.checked:
                painter.setPen(QPen(QColor("black"), 1.2 * SCALE))
                painter.drawPolyline(
                    [
                        QPointF(x + s * 0.18, y + s * 0.48),
                        QPointF(x + s * 0.42, y + s * 0.8),
                        QPointF(x + s * 0.85, y + s * 0.15),
                    ]
                )
        elif isinstance(op, Image):
            img = images.get(op.key)
            if img is None and op.key in doc.images:
                img = QImage.fromData(doc.images[op.key])
                images[op.key] = img
            if img is not None and not img.isNull():
                target = QRectF(op.x * SCALE, op.y * SCALE, op.w * SCALE, op.h * SCALE)
                scaled = QSizeF(img.size()).scaled(
                    target.size(), Qt.AspectRatioMode.KeepAspectRatio
                )
                fitted = QRectF(
                    target.x() + (target.width() - scaled.width()) / 2,
                    target.y() + (target.height() - scaled.height()) / 2,
                    scaled.width(),
                    scaled.height(),
                )
                painter.drawImage(fitted, img)
        elif isinstance(op, Qr):
            n = len(op.modules)
            module = op.size * SCALE / (n + 4)
            painter.fillRect(
                QRectF(op.x * SCALE, op.y * SCALE, op.size * SCALE, op.size * SCALE),
                QColor("white"),
            )
            painter.setPen(Qt.PenStyle.NoPen)
            for r, row in enumerate(op.modules):
                for c, bit in enumerate(row):
                    if bit == "1":
                        painter.fillRect(
                            QRectF(
                                op.x * SCALE + (c + 2) * module,
                                op.y * SCALE + (r + 2) * module,
                                module + 0.5,
                                module + 0.5,
                            ),
                            QColor("black"),
                        )


def print_document(printer: QPrinter, doc: Document) -> None:
    """Paints every page of `doc` onto a printer (or a preview's printer)."""
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        return
    images: dict[str, QImage] = {}
    try:
        for i in range(len(doc.pages)):
            if i:
                printer.newPage()
            rect = printer.pageRect(QPrinter.Unit.DevicePixel)
            painter.resetTransform()
            factor = rect.width() / (doc.pages[i].width * SCALE)
            painter.scale(factor, factor)
            paint_page(painter, doc, i, images)
    finally:
        painter.end()


def render_page_image(doc: Document, index: int, *, dpi: int = 96) -> QImage:
    """A page as an image (thumbnails, tests, screenshots)."""
    page = doc.pages[index]
    w, h = round(page.width / 72 * dpi), round(page.height / 72 * dpi)
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(w / (page.width * SCALE), h / (page.height * SCALE))
    paint_page(painter, doc, index, {})
    painter.end()
    return image


class SheetPreviewDialog(QPrintPreviewDialog):
    """打印预览: the document's pages; the dialog's print button opens the system print dialog."""

    def __init__(
        self,
        doc: Document,
        parent: QWidget | None = None,
        *,
        on_printed: Callable[[], None] | None = None,
    ) -> None:
        self._printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept alive with the dialog
        self._printer.setDocName(doc.title)
        super().__init__(self._printer, parent)
        self.doc = doc
        self._on_printed = on_printed
        self.setWindowTitle(self.tr("打印预览 — {0}").format(doc.title))
        self.paintRequested.connect(self._on_self_paint_requested)
        self.resize(900, 720)

    def _on_self_paint_requested(self, printer: QPrinter) -> None:
        print_document(printer, self.doc)

    def accept(self) -> None:
        """Qt accepts the preview dialog only once the document went to the printer (closing
        the preview rejects it): that is when a print of personal data is put in the trail."""
        if self._on_printed is not None:
            self._on_printed()
        super().accept()
