"""What every format shares: dates and numerals as printed, safe links, paragraph order, the
template context and the Jinja loader.

A leaf of the render package (the format modules and the archive site import it, never each other).
Every text field of a bulletin comes from the web and is untrusted: no helper here marks one safe.
"""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ribao.models import Bulletin, Paragraph, Section
from ribao.render.qr import qr_images
from ribao.text import cn_numeral

#: Where the templates live; every format reads its template from here.
LOADER = PackageLoader("ribao.render", "templates")


def cn_date(d: date) -> str:
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


_SITE_PATH = re.compile(r"(?:\.\./)*[A-Za-z0-9][A-Za-z0-9._/-]*")


def archived_href(value: str | None) -> str | None:
    """A reference's ``archived`` link: an http(s) URL, or a relative path of the archive site
    (letters, digits, ``._-/``, leading ``../`` only) so a hand-edited bulletin.json cannot
    smuggle a scheme or a protocol-relative ``//host`` in."""
    value = (value or "").strip()
    if safe_href(value):
        return value
    return value if _SITE_PATH.fullmatch(value) and "//" not in value and ".." not in value.lstrip("./") else None


def paragraphs(text: str) -> list[str]:
    """Split a free-text field (摘要, 趋势判断) into paragraphs on blank or single newlines."""
    return [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]


def ordered_paragraphs(section: Section) -> list[Paragraph]:
    """Facts before analysis, whatever order the composer produced (stable within a role)."""
    return sorted(section.paragraphs, key=lambda p: p.role != "facts")


def headline(section: Section) -> str:
    """A section's numbered heading: ``一、…``."""
    return f"{cn_numeral(section.number)}、{section.headline}"


def context(b: Bulletin) -> dict:
    """What every bulletin template reads."""
    return {
        "b": b,
        "date_cn": cn_date(b.date),
        "ref_ids": {r.n for r in b.references},
        "qrs": qr_images(b.branding.qr_codes),
        "website": safe_href(b.branding.website),
        "colours": b.branding.colours,
        "fonts": b.branding.fonts,
    }


def add_filters(env: Environment) -> Environment:
    env.filters.update(cn=cn_numeral, paras=paragraphs, ordered=ordered_paragraphs, href=safe_href,
                       archived=archived_href)
    return env


def html_environment() -> Environment:
    """Autoescaped HTML templates (``.css.j2`` is not escaped: its values are validated colours/fonts)."""
    return add_filters(Environment(
        loader=LOADER, autoescape=select_autoescape(["html", "html.j2", "xml.j2"], default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    ))
