"""Render stage: a :class:`~ribao.models.Bulletin` to Markdown, HTML and PDF.

Every text field of a bulletin comes from the web and is untrusted. HTML is produced with
autoescape on and no bulletin field is ever marked safe; links are emitted only for http(s)
URLs; the PDF renderer may fetch nothing but the bundled font. Markdown escapes every
interpolated value by default (see ``_md_finalize``) so that it stays safe if later converted
to HTML.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ribao.models import Bulletin, Paragraph, Section
from ribao.render import fonts
from ribao.render.qr import qr_images
from ribao.text import cn_numeral

__all__ = [
    "RenderedFiles", "render_all", "render_markdown", "render_html", "render_pdf",
    "cn_numeral", "cn_date", "safe_href",
]



@dataclass(frozen=True)
class RenderedFiles:
    markdown: Path
    html: Path
    pdf: Path


def cn_date(d) -> str:
    """Date as printed on the bulletin: ``2026 年 7 月 15 日``."""
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def safe_href(url: str | None) -> str | None:
    """The URL if it is absolute http(s), else None: ``javascript:``/``data:`` never become links."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def paragraphs(text: str) -> list[str]:
    """Split a free-text field (摘要, 趋势判断) into paragraphs on blank or single newlines."""
    return [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]


def ordered_paragraphs(section: Section) -> list[Paragraph]:
    """Facts before analysis, whatever order the composer produced (stable within a role)."""
    return sorted(section.paragraphs, key=lambda p: p.role != "facts")


def _context(b: Bulletin) -> dict:
    return {
        "b": b,
        "date_cn": cn_date(b.date),
        "ref_ids": {r.n for r in b.references},
        "qrs": qr_images(b.branding.qr_codes),
        "website": safe_href(b.branding.website),
    }


def _filters(env: Environment) -> Environment:
    env.filters.update(cn=cn_numeral, paras=paragraphs, ordered=ordered_paragraphs, href=safe_href)
    return env


_html_env = _filters(Environment(
    loader=PackageLoader("ribao.render", "templates"),
    autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
))


class MdRaw(str):
    """Markdown we generated ourselves (citation marks, link targets): exempt from escaping."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")


def md_escape(value) -> str:
    """Backslash-escape Markdown/HTML syntax so untrusted text stays literal text."""
    text = " ".join(str(value).split())  # one line: no injected headings, lists or breaks
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)([.)])|^([-+=])", lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _md_finalize(value):
    return value if isinstance(value, MdRaw) else md_escape(value)


def md_url(url: str | None) -> MdRaw | None:
    """An http(s) URL percent-encoded so it cannot break out of ``(<…>)``."""
    href = safe_href(url)
    return MdRaw(quote(href, safe=":/?#[]@!$&'()*+,;=%~-._")) if href else None


def md_cites(ns: list[int]) -> MdRaw:
    return MdRaw("".join(f"[{int(n)}]" for n in ns))


_md_env = _filters(Environment(
    loader=PackageLoader("ribao.render", "templates"),
    autoescape=False, finalize=_md_finalize,
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
))
_md_env.filters.update(md_url=md_url, cites=md_cites, raw=MdRaw)


def render_markdown(b: Bulletin) -> str:
    """Markdown edition: same content, 目录 without page numbers, citations as ``[n]``."""
    return _md_env.get_template("bulletin.md.j2").render(_context(b))


def render_html(b: Bulletin, *, for_pdf: bool = False, font: Path | None = None) -> str:
    """Self-contained HTML (CSS inlined). ``for_pdf`` adds the ``file://`` font rule (``font``,
    default the full face), which must not leak a local path into the published web page."""
    css = _html_env.loader.get_source(_html_env, "bulletin.css")[0]
    if for_pdf:
        css = fonts.font_face_css(path=font) + f'html {{ font-family: "{fonts.FONT_FAMILY}", sans-serif; }}\n' + css
    return _html_env.get_template("bulletin.html.j2").render(
        _context(b), css=Markup(css), for_pdf=for_pdf)


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


def render_all(bulletin: Bulletin, out_dir: Path) -> RenderedFiles:
    """Write bulletin.md, bulletin.html and bulletin.pdf into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = RenderedFiles(out_dir / "bulletin.md", out_dir / "bulletin.html", out_dir / "bulletin.pdf")
    files.markdown.write_text(render_markdown(bulletin), encoding="utf-8")
    files.html.write_text(render_html(bulletin), encoding="utf-8")
    render_pdf(bulletin, files.pdf)
    return files
