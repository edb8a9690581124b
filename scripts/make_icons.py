"""Renders resources/icons/shuangsuiji.svg to the committed PNGs (256, 48) and the multi-size .ico.

Run after editing the SVG: `QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_icons.py`.
Needs Pillow (installed beside reportlab). Writes only into resources/icons/.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(ICONS / "shuangsuiji.svg"))
    for size in (256, 48):
        render(renderer, size).save(str(ICONS / f"shuangsuiji-{size}.png"))
    Image.open(ICONS / "shuangsuiji-256.png").save(ICONS / "shuangsuiji.ico", sizes=ICO_SIZES)
    print("icons written to", ICONS)


if __name__ == "__main__":
    main()
