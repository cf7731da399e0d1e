"""QR codes for the footer (official account, website) as inline SVG.

Inline SVG keeps the HTML self-contained and is vector in the PDF. segno writes only path
data (the encoded text is not in the markup), so its output is the one piece of markup the
templates may trust.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from markupsafe import Markup

from ribao.models import QRCode


@dataclass(frozen=True)
class QRImage:
    label: str
    url: str
    svg: Markup | None  # None when the data cannot be encoded (too long)


@lru_cache(maxsize=64)
def qr_svg(data: str, *, scale: int = 4, border: int = 2) -> Markup:
    """Encode ``data`` as an inline ``<svg>`` element (no XML declaration, no title/desc).

    Cached: the same few codes (the line's account and website) are on every page of the site."""
    code = segno.make(data, error="m", micro=False)
    return Markup(code.svg_inline(scale=scale, border=border, dark="#111", light="#fff"))


def qr_images(codes: list[QRCode]) -> list[QRImage]:
    """One image per configured QR code; an unencodable one keeps its label without image."""
    out = []
    for c in codes:
        try:
            svg = qr_svg(c.url)
        except (segno.DataOverflowError, ValueError):
            svg = None
        out.append(QRImage(label=c.label, url=c.url, svg=svg))
    return out


def qr_png_data_uri(data: str, *, scale: int = 3, border: int = 2) -> str | None:
    """The code as a ``data:image/png`` URI (1-bit PNG, a few hundred bytes), for formats that take
    no SVG (the WeChat article); None when the data cannot be encoded."""
    import base64
    import io

    try:
        buf = io.BytesIO()
        segno.make(data, error="m", micro=False).save(buf, kind="png", scale=scale, border=border)
    except (segno.DataOverflowError, ValueError):
        return None
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
