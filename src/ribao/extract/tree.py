"""Walks over a parsed page that the extraction rules share, in plain lxml.

Each walk returns a named value (``Survey``, ``Outside``) or plain elements and strings; what the
values mean — which line is boilerplate, which is a metadata line, which is the 文号 stamp — is
decided by the rules in ``page.py``, never here.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple

from lxml import etree

INVISIBLE = frozenset(("script", "style", "noscript", "template"))
# Unicode's private-use area: a font's own glyphs (icons, a GB2312 user-defined cell) that mean nothing
# in another font; neither a headline nor the text keeps them.
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def text_of(el) -> str:
    """The subtree's text as ``"".join(el.itertext())`` gives it, serialised by libxml2 (a
    quarter of the cost: itertext pays Python overhead per piece)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def text_before(block, stop) -> str:
    """The block's text that comes before the element ``stop`` inside it."""
    above = set(stop.iterancestors())
    out = []
    for node in block.iter():
        if node is stop:
            break
        out.append(node.text or "")
        if node is not block and node not in above:
            out.append(node.tail or "")
    return "".join(out)


def squash(s: str | None) -> str:
    """Without any whitespace. str.split() does in C what a regex does per character."""
    return "".join(s.split()) if s else ""


def clean_text(s: str | None) -> str:
    """Whitespace runs (including 　 and nbsp) as one space, trimmed."""
    return " ".join(s.split()) if s else ""


def line_text(el, limit: int) -> str | None:
    """The element's text pieces (``itertext``) joined by spaces, whitespace collapsed, or None
    when longer than ``limit`` (a metadata line is short; the page's container is not)."""
    out: list[str] = []
    size = 0
    for piece in el.itertext():
        words = piece.split()
        if not words:
            continue
        out.extend(words)
        size += sum(map(len, words)) + len(words)
        if size > limit + 1:
            t = " ".join(out)
            if len(t) > limit:
                return None
    t = " ".join(out)
    return t if len(t) <= limit else None


def visible_at_least(el, n: int) -> bool:
    """Whether the element's text has at least ``n`` non-whitespace characters."""
    if n <= 0:
        return True
    seen = 0
    for piece in el.itertext():
        seen += len(squash(piece))
        if seen >= n:
            return True
    return False


class Survey(NamedTuple):
    """What the page says about itself, from one walk over its tags (document order)."""

    metas: list[tuple[str, str]]   # (key stripped and lower-cased, content with whitespace collapsed)
    titles: list                   # <title> elements
    scripts: list                  # <script> elements with their text in the page
    times: list[str]               # non-empty <time datetime> values
    canonicals: list[str]          # non-empty <link rel=canonical> hrefs
    file_links: bool               # some <a href> (or a link's text) names a file with one of the given extensions


def survey(root, link_extensions: Iterable[str]) -> Survey:
    exts = tuple(f".{e}" for e in link_extensions)
    metas: list[tuple[str, str]] = []
    titles, scripts, times, canonicals = [], [], [], []
    file_links = False
    for el in root.iter("meta", "title", "script", "time", "link", "a"):
        tag = el.tag
        if tag == "a":
            if not file_links and (href := el.get("href")) and "." in href:
                low = href.lower()
                file_links = any(e in low for e in exts) or \
                    (el.text or "").rstrip().lower().endswith(exts)  # a download action named 招标文件.pdf
        elif tag == "meta":
            key = el.get("name") or el.get("property") or el.get("itemprop")
            val = el.get("content") or el.get("value")
            if key and val:
                metas.append((key.strip().lower(), clean_text(val)))
        elif tag == "title":
            titles.append(el)
        elif tag == "script":
            if el.text and el.get("src") is None:
                scripts.append(el)
        elif tag == "time":
            if dt := el.get("datetime"):
                times.append(dt)
        elif (el.get("rel") or "").lower() == "canonical" and (href := el.get("href")):
            canonicals.append(href)
    return Survey(metas, titles, scripts, times, canonicals, file_links)


def outside(root, box=None, body_nodes: list | tuple = ()) -> Iterator:
    """Every node outside the body, in document order: the body is ``box`` (a container) or the
    subtrees of ``body_nodes`` (a run of siblings between markers). For a ``box``, one ``None``
    marks where the nodes after it begin."""
    if box is None:
        skip = set(body_nodes)  # lxml keeps one proxy per node while it is referenced
        stack = [root]
        while stack:
            el = stack.pop()
            if el in skip:
                continue
            yield el
            if len(el):
                stack.extend(reversed(el))
        return
    path = [*box.iterancestors()][::-1]
    path.append(box)
    later = []
    for anc, nxt in zip(path, path[1:]):
        yield anc
        kids = iter(anc)
        for child in kids:
            if child is nxt:
                break
            yield from child.iter()
        later.append(kids)
    yield None
    for kids in reversed(later):
        for child in kids:
            yield from child.iter()
