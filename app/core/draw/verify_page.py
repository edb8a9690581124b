"""The observers' verification page: verify.html, DRAW-v1 recomputed in any browser, offline.

verify.html (beside this module) is one self-contained file with its own JavaScript — no
network, works from file:// — written apart from the Python code so that it checks it. This
module only fills the page's slot with a record's bytes (base64, so any file, even a broken or
tampered one, is embedded exactly as it is) so that the page shows that record's verdict when
opened. Stdlib only.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

PAGE = Path(__file__).with_name("verify.html")
PAGE_NAME = "verify.html"
_SLOT = '<script type="application/octet-stream" id="embedded-record"></script>'

__all__ = ["PAGE", "PAGE_NAME", "page_html", "write_verify_page"]


def page_html(record_bytes: bytes | None = None) -> str:
    """The page's HTML, with `record_bytes` (a record file's exact bytes) embedded when given."""
    html = PAGE.read_text(encoding="utf-8")
    if html.count(_SLOT) != 1:  # the page and this module must agree on the slot
        raise RuntimeError(f"{PAGE}: the embedded-record slot is missing")
    if not record_bytes:
        return html
    b64 = base64.b64encode(record_bytes).decode("ascii")
    lines = "\n".join(b64[i : i + 120] for i in range(0, len(b64), 120))
    return html.replace(_SLOT, _SLOT.replace("></script>", f">\n{lines}\n</script>"))


def write_verify_page(path: str | os.PathLike[str], record_bytes: bytes | None = None) -> Path:
    """Write the page (with the record embedded when given) to `path`, all or nothing."""
    out = Path(path)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(page_html(record_bytes), encoding="utf-8", newline="\n")
    os.replace(tmp, out)
    return out
