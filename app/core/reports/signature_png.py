"""Renders captured signature strokes to a PNG (Pillow, no Qt), the image kept with the strokes.

Pure function of the strokes: the same strokes always give the same bytes, so the image is
content-addressed alongside them. Never reads or writes storage.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

Stroke = Sequence[Sequence[float]]  # [[x, y, pressure, t_ms], ...]

WIDTH, HEIGHT = 600, 200
SUPERSAMPLE = 3  # draw large, then shrink: smooth edges without an anti-aliasing path renderer


def render_signature_png(
    strokes: Sequence[Stroke], *, width: int = WIDTH, height: int = HEIGHT, pen: float = 3.2
) -> bytes:
    """Black ink on white, scaled to fit `width`×`height` with a margin; pressure widens the line."""
    points = [p for s in strokes for p in s]
    big = Image.new("L", (width * SUPERSAMPLE, height * SUPERSAMPLE), 255)
    if points:
        min_x = min(p[0] for p in points)
        max_x = max(p[0] for p in points)
        min_y = min(p[1] for p in points)
        max_y = max(p[1] for p in points)
        margin = 0.06
        span_x, span_y = max(max_x - min_x, 1e-6), max(max_y - min_y, 1e-6)
        scale = (
            min(width * (1 - 2 * margin) / span_x, height * (1 - 2 * margin) / span_y) * SUPERSAMPLE
        )
        off_x = (width * SUPERSAMPLE - span_x * scale) / 2
        off_y = (height * SUPERSAMPLE - span_y * scale) / 2
        draw = ImageDraw.Draw(big)

        def at(p: Sequence[float]) -> tuple[float, float]:
            return (off_x + (p[0] - min_x) * scale, off_y + (p[1] - min_y) * scale)

        def thickness(p: Sequence[float]) -> float:
            pressure = p[2] if len(p) > 2 and p[2] is not None else 0.5
            return max(1.0, pen * SUPERSAMPLE * (0.45 + 1.1 * max(0.0, min(1.0, float(pressure)))))

        for stroke in strokes:
            if not stroke:
                continue
            prev = stroke[0]
            w = thickness(prev)
            x, y = at(prev)
            draw.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=0)
            for p in stroke[1:]:
                w = (thickness(prev) + thickness(p)) / 2
                a, b = at(prev), at(p)
                draw.line((a, b), fill=0, width=max(1, round(w)))
                draw.ellipse((b[0] - w / 2, b[1] - w / 2, b[0] + w / 2, b[1] + w / 2), fill=0)
                prev = p
    image = big.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()
