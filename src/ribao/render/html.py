"""The web page (``bulletin.html``) and the HTML the PDF is printed from: one template, autoescaped.

No bulletin field is ever marked safe; links are emitted only for http(s) URLs (``safe_href``).
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ribao.models import Bulletin
from ribao.render import fonts
from ribao.render.common import context, html_environment

ENV = html_environment()


def stylesheet(b: Bulletin) -> str:
    """The bulletin's CSS in the line's colours and fonts (screen and print rules)."""
    return ENV.get_template("bulletin.css.j2").render(colours=b.branding.colours, fonts=b.branding.fonts)


def render_html(b: Bulletin, *, for_pdf: bool = False, font: Path | None = None) -> str:
    """Self-contained HTML (CSS inlined). ``for_pdf`` adds the ``file://`` font rule (``font``,
    default the full face), which must not leak a local path into the published web page."""
    css = stylesheet(b)
    if for_pdf:
        css = fonts.font_face_css(path=font) + f'html {{ font-family: "{fonts.FONT_FAMILY}", sans-serif; }}\n' + css
    return ENV.get_template("bulletin.html.j2").render(context(b), css=Markup(css), for_pdf=for_pdf)
