"""QR code matrices from reportlab's encoder, for the screen (QR view) and for PDFs.

Only turns text into a square boolean matrix; never draws and never reads the database.
"""

from __future__ import annotations

from reportlab.graphics.barcode import qrencoder

QrMatrix = tuple[tuple[bool, ...], ...]


def qr_matrix(text: str, *, level: str = "M") -> QrMatrix:
    """The modules of the smallest QR code holding `text` (UTF-8), True = dark; no quiet zone."""
    levels = {
        "L": qrencoder.QRErrorCorrectLevel.L,
        "M": qrencoder.QRErrorCorrectLevel.M,
        "Q": qrencoder.QRErrorCorrectLevel.Q,
        "H": qrencoder.QRErrorCorrectLevel.H,
    }
    code = qrencoder.QRCode(None, levels[level])
    code.addData(text)
    code.make()
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))
