"""The WeChat 公众号 article (``bulletin.wechat.html``), shaped by what the platform accepts.

- The editor keeps only inline styles (class rules are dropped on save), so the template's
  stylesheet is inlined with css-inline and every ``class`` removed afterwards; blocks are
  ``<section>``s; no script, no ``<style>``, no external CSS or fonts.
- Links to outside ``mp.weixin.qq.com`` are refused on publishing ("请勿插入非mp.weixin.qq.com
  域名的链接"), so there are none: citation marks point into 参考文献, whose entries print their
  URL as text — the numbered footnotes.
- The draft API takes ``content`` under 20,000 characters and 1 MB, a ``title`` of at most 32
  and a ``digest`` of at most 128 characters. The QR codes are inline PNG ``data:`` images (the
  delivery step uploads them and swaps the ``src``). An edition over the limits drops the 目录,
  then the URL lines; what is still over is reported in ``WeChatArticle.problems``, never cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import css_inline
from lxml import html as lxml_html
from markupsafe import Markup

from ribao.models import Bulletin
from ribao.render.common import cn_date, context, html_environment
from ribao.render.qr import qr_png_data_uri

MAX_CONTENT_CHARS = 20_000
MAX_CONTENT_BYTES = 1_000_000
MAX_TITLE_CHARS = 32
MAX_DIGEST_CHARS = 128
PLATFORM_HOSTS = ("mp.weixin.qq.com",)

ENV = html_environment()
_INLINER = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False,
                                 minify_css=True)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


@dataclass(frozen=True)
class QRPng:
    label: str
    png: str | None


@dataclass(frozen=True)
class WeChatArticle:
    """What the draft API's ``articles[]`` entry needs, plus the file we write."""

    title: str
    digest: str
    author: str
    content: str            # the article body: the HTML the editor or ``draft/add`` takes
    document: str           # ``bulletin.wechat.html``: content wrapped in a page with title and digest
    problems: tuple[str, ...] = ()


def wechat_title(b: Bulletin) -> str:
    """``新质生产力每日动态（2026年7月15日）``, or the title alone if that is over 32 characters."""
    dated = f"{b.title}（{b.date.year}年{b.date.month}月{b.date.day}日）"
    if len(dated) <= MAX_TITLE_CHARS:
        return dated
    return b.title if len(b.title) <= MAX_TITLE_CHARS else b.title[:MAX_TITLE_CHARS - 1] + "…"


def wechat_digest(b: Bulletin) -> str:
    text = " ".join((b.abstract or f"{b.title} {cn_date(b.date)}").split())
    return text if len(text) <= MAX_DIGEST_CHARS else text[:MAX_DIGEST_CHARS - 1] + "…"


def external_links(content: str) -> list[str]:
    """Every ``href``/``src`` leaving the platform (``data:`` images stay inside the article)."""
    tree = lxml_html.fragment_fromstring(content, create_parent="div")
    out = []
    for el in tree.iter():
        for attr in ("href", "src"):
            v = (el.get(attr) or "").strip()
            if v and not v.startswith("data:image/") and urlsplit(v).hostname not in PLATFORM_HOSTS:
                out.append(v)
    return out


def check(article_title: str, content: str) -> tuple[str, ...]:
    """What the platform would refuse; empty when the article is within every limit."""
    problems = []
    if len(content) >= MAX_CONTENT_CHARS:
        problems.append(f"content is {len(content)} characters (limit: under {MAX_CONTENT_CHARS})")
    if len(content.encode("utf-8")) >= MAX_CONTENT_BYTES:
        problems.append(f"content is {len(content.encode('utf-8'))} bytes (limit: under {MAX_CONTENT_BYTES})")
    if len(article_title) > MAX_TITLE_CHARS:
        problems.append(f"title is {len(article_title)} characters (limit: {MAX_TITLE_CHARS})")
    tree = lxml_html.fragment_fromstring(content, create_parent="div")
    if any(el.tag in ("script", "style", "link") or "class" in el.attrib for el in tree.iter() if isinstance(el.tag, str)):
        problems.append("content has a script, style, link or class")
    links = external_links(content)
    if links:
        problems.append(f"{len(links)} links leave the platform, e.g. {links[0]}")
    return tuple(problems)


def _strip_classes(doc: str) -> str:
    tree = lxml_html.document_fromstring(doc)
    for el in tree.iter():
        if isinstance(el.tag, str):
            el.attrib.pop("class", None)
    return "<!DOCTYPE html>\n" + lxml_html.tostring(tree, encoding="unicode")


def _render(b: Bulletin, *, with_toc: bool, with_urls: bool) -> tuple[str, str]:
    ctx = context(b)
    ctx["qrs"] = [QRPng(label=q.label, png=qr_png_data_uri(q.url)) for q in b.branding.qr_codes]
    css = ENV.get_template("wechat.css.j2").render(colours=b.branding.colours)
    page = ENV.get_template("bulletin.wechat.html.j2").render(
        ctx, css=Markup(css), wx_title=wechat_title(b), wx_digest=wechat_digest(b),
        with_toc=with_toc, with_urls=with_urls)
    doc = _strip_classes(_INLINER.inline(page))
    m = _BODY.search(doc)
    return doc, (m[1].strip() if m else doc)


def render_wechat(b: Bulletin) -> WeChatArticle:
    """The article, in the fullest form that fits the draft API's limits."""
    title = wechat_title(b)
    for with_toc, with_urls in ((True, True), (False, True), (False, False)):
        doc, content = _render(b, with_toc=with_toc, with_urls=with_urls)
        problems = check(title, content)
        if not problems:
            break
    author = b.branding.organisations[0].name if b.branding.organisations else ""
    return WeChatArticle(title=title, digest=wechat_digest(b), author=author if len(author) <= 16 else "",
                         content=content, document=doc, problems=problems)
