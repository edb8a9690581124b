"""A tiny page-layout engine: printed documents become pages of drawing operations.

The same operations are drawn by reportlab (PDF, core) and by QPainter (preview and
printing, ui), so the preview is the sheet. Coordinates are points from the top-left of an
A4 page. Metrics come from the shipped CJK font. No storage, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from .fonts import register_cjk_font

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
# Characters the shipped font maps to an empty glyph, and what prints instead.
GLYPH_FIXES = str.maketrans({"℃": "°C", "℉": "°F"})


def printable(text: str) -> str:
    return text.translate(GLYPH_FIXES)


@cache
def _unit_width(ch: str) -> float:
    from reportlab.pdfbase import pdfmetrics  # on first measurement: keeps app start-up light

    return pdfmetrics.stringWidth(ch, register_cjk_font(), 1000) / 1000.0


def text_width(text: str, size: float) -> float:
    return sum(_unit_width(c) for c in text) * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """Breaks text into lines no wider than `width` (CJK breaks anywhere; newlines kept)."""
    lines: list[str] = []
    for para in printable(text or "").split("\n"):
        line, w = "", 0.0
        for ch in para:
            cw = _unit_width(ch) * size
            if line and w + cw > width:
                lines.append(line)
                line, w = "", 0.0
            line += ch
            w += cw
        lines.append(line)
    return lines or [""]


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # baseline, from the top
    text: str
    size: float = 10.0
    align: str = "left"  # left / center / right (x is the anchor)
    gray: float = 0.0


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    width: float = 0.6
    fill: float | None = None  # gray level 0..1 to fill, None = outline only
    stroke: bool = True


@dataclass(frozen=True, slots=True)
class Box:
    """A checkbox; `checked` draws a tick."""

    x: float
    y: float
    size: float
    checked: bool


@dataclass(frozen=True, slots=True)
class Image:
    x: float
    y: float
    w: float
    h: float
    key: str  # names the PNG bytes in the document's `images`


@dataclass(frozen=True, slots=True)
class Qr:
    x: float
    y: float
    size: float
    modules: tuple[str, ...]  # rows of "1" (dark) / "0"


Op = Text | Line | Rect | Box | Image | Qr


@dataclass
class Page:
    ops: list[Op] = field(default_factory=list)
    width: float = PAGE_W
    height: float = PAGE_H


@dataclass
class Document:
    """Pages plus the images they reference (PNG bytes by key)."""

    pages: list[Page]
    images: dict[str, bytes] = field(default_factory=dict)
    title: str = ""


@cache
def qr_modules(payload: str) -> tuple[str, ...]:
    """The QR code matrix of a payload (error correction M), via reportlab's encoder."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    if qr.version is None:
        qr.version = qr.calculate_version()
    # A fixed mask: choosing the "best" of eight costs ~40 ms a code and changes nothing a
    # scanner needs (every mask is valid; ours carry a quiet zone and high contrast).
    qr.makeImpl(False, 2)
    n = qr.getModuleCount()
    return tuple("".join("1" if qr.isDark(r, c) else "0" for c in range(n)) for r in range(n))


class Flow:
    """Places blocks top to bottom, starting a new page when one does not fit."""

    def __init__(
        self,
        *,
        top: float = 40,
        bottom: float = 70,
        left: float = 42,
        right: float = 42,
        on_new_page: object = None,
    ) -> None:
        self.pages: list[Page] = []
        self.top, self.bottom, self.left = top, PAGE_H - bottom, left
        self.width = PAGE_W - left - right
        self.on_new_page = on_new_page
        self.y = 0.0
        self.new_page()

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Page())
        self.y = self.top
        if callable(self.on_new_page):
            self.on_new_page(self)

    def ensure(self, height: float) -> bool:
        """Moves to a new page unless `height` fits; True when a page was started."""
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()
            return True
        return False

    def add(self, ops: Iterable[Op]) -> None:
        self.page.ops.extend(ops)

    def text(
        self,
        text: str,
        *,
        size: float = 10.0,
        indent: float = 0.0,
        gap: float = 3.0,
        align: str = "left",
        leading: float = 1.45,
    ) -> None:
        """A wrapped paragraph (may continue on the next page)."""
        width = self.width - indent
        for line in wrap(text, width, size):
            self.ensure(size * leading)
            x = (
                self.left + indent
                if align == "left"
                else (self.left + self.width / 2 if align == "center" else self.left + self.width)
            )
            self.page.ops.append(Text(x, self.y + size, line, size, align))
            self.y += size * leading
        self.y += gap

    def checks(
        self,
        entries: Iterable[tuple[str, bool]],
        *,
        size: float = 9.5,
        indent: float = 0.0,
        gap: float = 4.0,
    ) -> None:
        """Checkbox entries flowing left to right, wrapping like words."""
        x = self.left + indent
        line_h = size * 1.6
        self.ensure(line_h)
        for label, checked in entries:
            w = size + 3 + text_width(label, size) + 10
            if x + w > self.left + self.width and x > self.left + indent:
                self.y += line_h
                x = self.left + indent
                self.ensure(line_h)
            self.page.ops.append(Box(x, self.y + 1.5, size * 0.95, checked))
            self.page.ops.append(Text(x + size + 3, self.y + size, label, size))
            x += w
        self.y += line_h + gap


def cell_lines(text: str, width: float, size: float) -> list[str]:
    return wrap(text, max(width - 6, 10), size)


def table_row(
    flow: Flow,
    cells: list[tuple[float, str]],
    *,
    size: float = 9.0,
    fill: float | None = None,
    align: str = "left",
    min_h: float = 0.0,
) -> None:
    """One bordered row of a table; `cells` = (width, text). Rows do not split across pages."""
    wrapped = [cell_lines(t, w, size) for w, t in cells]
    lead = size * 1.35
    h = max(min_h, max(len(lines) for lines in wrapped) * lead + 6)
    flow.ensure(h)
    x = flow.left
    for (w, _t), lines in zip(cells, wrapped, strict=True):
        flow.page.ops.append(Rect(x, flow.y, w, h, 0.6, fill))
        for i, line in enumerate(lines):
            tx = x + 3 if align == "left" else x + w / 2
            flow.page.ops.append(Text(tx, flow.y + 3 + size + i * lead - 1, line, size, align))
        x += w
    flow.y += h
