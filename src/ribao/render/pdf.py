"""The PDF: WeasyPrint over the bulletin's HTML, A4, the CJK face embedded (subset to the
document's characters), the 目录 with real page numbers (``target-counter``).

The renderer may fetch nothing but the bundled font.
"""
from __future__ import annotations

import re
from pathlib import Path

from ribao.models import Bulletin
from ribao.render import fonts
from ribao.render.html import render_html


def _url_fetcher(allowed: set[str]):
    """A fetcher that serves only the bundled font: the PDF never touches the network."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 66: plain function fetchers
        from weasyprint import default_url_fetcher

        def fetch(url, *a, **kw):
            if url not in allowed:
                raise ValueError(f"blocked resource {url!r}")
            return default_url_fetcher(url, *a, **kw)
        return fetch

    class _Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"blocked resource {url!r}")
            return super().fetch(url, headers)
    return _Fetcher(allowed_protocols={"file"})


_RGB_FILL = re.compile(rb"^([\d.]+ [\d.]+ [\d.]+) rg$")


def _faux_bold(document, pdf) -> None:
    """WeasyPrint finisher: stroke bold runs so they look bold.

    WeasyPrint draws glyphs straight from the font file and never synthesises bold, and the CJK
    font has a single weight, so ``font-weight: bold`` alone changes nothing on paper. We switch
    such runs to text render mode 2 (fill + stroke, outline in the fill colour), the usual faux
    bold of PDF writers, and restore stroke colour and line width after each text object so
    WeasyPrint's own strokes (borders, rules) are unaffected. Works on pydyf's uncompressed
    operator lists; anything unexpected is left untouched.
    """
    import pydyf

    bold = {f.hash.encode() for f in document.fonts.values()
            if getattr(f, "weight", 400) >= 600 and getattr(f, "family", "") == fonts.FONT_FAMILY}
    if not bold:
        return
    for obj in pdf.objects:
        ops = getattr(obj, "stream", None)
        if not isinstance(obj, pydyf.Stream) or not isinstance(ops, list) or b"BT" not in ops:
            continue
        out, fill, state, stack, active = [], None, [b"0 G", b"1 w"], [], False
        for op in ops:
            out.append(op)
            if not isinstance(op, bytes):
                continue
            if op == b"q":
                stack.append(list(state))
            elif op == b"Q" and stack:
                state = stack.pop()
            elif op.endswith((b" RG", b" G", b" K", b" SCN", b" SC")):
                state[0] = op
            elif op.endswith(b" w"):
                state[1] = op
            elif op.endswith(b" rg"):
                fill = _RGB_FILL.match(op)
            elif op.endswith(b" Tf") and op.startswith(b"/"):
                name, size = op[1:].split()[:2]
                if name in bold and fill:
                    out += [fill[1] + b" RG", b"%.3f w" % (float(size) * 0.032), b"2 Tr"]
                    active = True
                elif active:
                    out += [b"0 Tr", *state]
                    active = False
            elif op == b"ET" and active:
                out += [b"0 Tr", *state]
                active = False
        obj.stream[:] = out


def render_pdf(b: Bulletin, path: Path) -> None:
    """A4 PDF via WeasyPrint, CJK font embedded, TOC with real page numbers."""
    from weasyprint import HTML

    font = fonts.subset_for(render_html(b, for_pdf=True))
    HTML(string=render_html(b, for_pdf=True, font=font), url_fetcher=_url_fetcher({font.as_uri()})).write_pdf(
        Path(path), finisher=_faux_bold)
