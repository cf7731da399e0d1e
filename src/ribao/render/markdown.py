"""The Markdown edition: every interpolated value escaped unless we generated it (``MdRaw``), so the
file stays safe if a reader's tool later converts it to HTML."""
from __future__ import annotations

import re
from urllib.parse import quote

from jinja2 import Environment, StrictUndefined

from ribao.models import Bulletin
from ribao.render.common import LOADER, add_filters, context, safe_href


class MdRaw(str):
    """Markdown we generated ourselves (citation marks, link targets): exempt from escaping."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!{}])")


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


ENV = add_filters(Environment(
    loader=LOADER, autoescape=False, finalize=_md_finalize,
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
))
ENV.filters.update(md_url=md_url, cites=md_cites, raw=MdRaw)


def render_markdown(b: Bulletin) -> str:
    """Markdown edition: same content, 目录 without page numbers, citations as ``[n]``."""
    return ENV.get_template("bulletin.md.j2").render(context(b))
