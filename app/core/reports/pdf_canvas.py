"""Draws layout pages (core.reports.layout) onto a reportlab canvas: the PDF back end.

Caches what repeats across a batch (the font, decoded signature images) so a task's sheets
print fast. Never reads storage; fed with Document objects.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from .fonts import CJK_FONT, register_cjk_font
from .layout import (
    PAGE_H,
    PAGE_W,
    Box,
    Document,
    Image,
    Line,
    Qr,
    Rect,
    Text,
    printable,
)

_INVERT = str.maketrans("01", "10")  # QR dark = 1; in a DeviceGray 1-bit image 0 is black


class PdfWriter:
    """One PDF file receiving any number of documents (a batch of sheets)."""

    def __init__(self, out: str | Path | BinaryIO, *, title: str = "", author: str = "") -> None:
        register_cjk_font()
        # Binary (Flate only) streams: reportlab's pure-Python ASCII85 step dominated batch
        # printing. rl_config is read when objects are created and written, so it is switched
        # for this writer's life and restored by save().
        self._old_a85 = rl_config.useA85
        rl_config.useA85 = 0
        self.canvas = Canvas(
            out if not isinstance(out, Path) else str(out),
            pagesize=(PAGE_W, PAGE_H),
            initialFontName=CJK_FONT,
            initialFontSize=10,
        )
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.canvas.setCreator("双随机、一公开 抽查工作台")
        self._images: dict[str, str] = {}  # image key → form XObject name
        self._sizes: dict[str, tuple[int, int]] = {}
        self.pages = 0

    def _draw_image(self, op: Image, data: bytes) -> None:
        """Each image is encoded once per PDF as a form XObject and placed wherever it is used."""
        c = self.canvas
        name = self._images.get(op.key)
        if name is None:
            name = f"img{len(self._images)}"
            reader = ImageReader(io.BytesIO(data))
            iw, ih = reader.getSize()
            c.beginForm(name, lowerx=0, lowery=0, upperx=iw, uppery=ih)
            c.drawImage(reader, 0, 0, iw, ih)
            c.endForm()
            self._images[op.key] = name
            self._sizes[name] = (iw, ih)
        iw, ih = self._sizes[name]
        scale = min(op.w / iw, op.h / ih)
        dx = op.x + (op.w - iw * scale) / 2
        dy = PAGE_H - op.y - op.h + (op.h - ih * scale) / 2
        c.saveState()
        c.translate(dx, dy)
        c.scale(scale, scale)
        c.doForm(name)
        c.restoreState()

    def add(self, doc: Document) -> None:
        c = self.canvas
        for page in doc.pages:
            font_size = None
            for op in page.ops:
                if isinstance(op, Text):
                    if op.size != font_size:
                        c.setFont(CJK_FONT, op.size)
                        font_size = op.size
                    if op.gray:
                        c.setFillGray(op.gray)
                    y = PAGE_H - op.y
                    text = printable(op.text)
                    if op.align == "center":
                        c.drawCentredString(op.x, y, text)
                    elif op.align == "right":
                        c.drawRightString(op.x, y, text)
                    else:
                        c.drawString(op.x, y, text)
                    if op.gray:
                        c.setFillGray(0)
                elif isinstance(op, Rect):
                    c.setLineWidth(op.width)
                    if op.fill is not None:
                        c.setFillGray(op.fill)
                    c.rect(
                        op.x,
                        PAGE_H - op.y - op.h,
                        op.w,
                        op.h,
                        stroke=1 if op.stroke else 0,
                        fill=1 if op.fill is not None else 0,
                    )
                    if op.fill is not None:
                        c.setFillGray(0)
                elif isinstance(op, Line):
                    c.setLineWidth(op.width)
                    c.line(op.x1, PAGE_H - op.y1, op.x2, PAGE_H - op.y2)
                elif isinstance(op, Box):
                    c.setLineWidth(0.7)
                    c.rect(op.x, PAGE_H - op.y - op.size, op.size, op.size, stroke=1, fill=0)
                    if op.checked:
                        s, x0, y0 = op.size, op.x, PAGE_H - op.y - op.size
                        c.setLineWidth(1.2)
                        p = c.beginPath()
                        p.moveTo(x0 + s * 0.18, y0 + s * 0.52)
                        p.lineTo(x0 + s * 0.42, y0 + s * 0.2)
                        p.lineTo(x0 + s * 0.85, y0 + s * 0.85)
                        c.drawPath(p, stroke=1, fill=0)
                elif isinstance(op, Image):
                    data = doc.images.get(op.key)
                    if data:
                        self._draw_image(op, data)
                elif isinstance(op, Qr):
                    self._qr(op)
            c.showPage()
            self.pages += 1

    def _qr(self, op: Qr) -> None:
        """The QR code as a 1-bit inline image: a few hundred bytes, crisp at any scale."""
        n = len(op.modules)
        quiet = 2  # modules of white margin (scanners need a quiet zone)
        size = n + 2 * quiet
        white = "1" * quiet
        rows = []
        for row in (
            ["1" * size] * quiet
            + [white + r.translate(_INVERT) + white for r in op.modules]
            + ["1" * size] * quiet
        ):
            bits = row + "0" * (-len(row) % 8)
            rows.append(int(bits, 2).to_bytes(len(bits) // 8, "big").hex())
        y = PAGE_H - op.y - op.size
        self.canvas.addLiteral(
            f"q {op.size:.2f} 0 0 {op.size:.2f} {op.x:.2f} {y:.2f} cm "
            f"BI /W {size} /H {size} /BPC 1 /CS /G /F /AHx ID {''.join(rows)}> EI Q"
        )

    def save(self) -> None:
        try:
            self.canvas.save()
        finally:
            rl_config.useA85 = self._old_a85


def write_pdf(docs: list[Document], out: str | Path | BinaryIO, *, title: str = "") -> int:
    """Writes documents into one PDF; returns the page count."""
    writer = PdfWriter(out, title=title)
    for doc in docs:
        writer.add(doc)
    writer.save()
    return writer.pages
