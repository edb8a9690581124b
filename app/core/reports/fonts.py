"""The CJK font every PDF export embeds (WenQuanYi Micro Hei, shipped in resources/fonts).

Registers it with reportlab once per process; must not draw anything itself.
"""

from __future__ import annotations

from functools import cache

from app.core.domain.resources import resource_path

CJK_FONT = "WQY"
FONT_FILE = ("fonts", "wqy-microhei.ttc")


@cache
def register_cjk_font() -> str:
    """Embeds the font (subset) so a PDF shows Chinese anywhere it is opened; returns its name.

    Cached: parsing the TTC is the slow part. reportlab is imported here, on first use, so
    that merely importing a report module stays cheap at app start-up.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(CJK_FONT, str(resource_path(*FONT_FILE)), subfontIndex=0))
    return CJK_FONT
