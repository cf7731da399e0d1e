"""The Atom feed of bulletins (feedgen): the latest editions, each with its 摘要 and headlines.

Entry ids are the pages' absolute URLs when the line has a base URL (``branding.site_url``, else
``branding.website``), and ``urn:ribao:LINE:DATE`` otherwise; links are then relative to the feed.
feedgen escapes every text it writes; the HTML content is built here with ``html.escape``.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator

from ribao.site.manifest import BulletinSummary

FEED_ENTRIES = 50


def atom_feed(*, line: str, title: str, subtitle: str, authors: list[str], base_url: str,
              entries: list[BulletinSummary], page_of) -> bytes:
    """``entries`` newest first; ``page_of(summary)`` is the page's path relative to the site root."""
    fg = FeedGenerator()
    fg.id(base_url + "feed.xml" if base_url else f"urn:ribao:{line}")
    fg.title(title)
    fg.subtitle(subtitle or title)
    fg.language("zh-CN")
    fg.generator("ribao")
    for name in authors or ["ribao"]:
        fg.author({"name": name})
    fg.link(href=(base_url or "") + "feed.xml", rel="self", type="application/atom+xml")
    fg.link(href=(base_url or "") + "index.html", rel="alternate", type="text/html")
    newest = max((datetime.fromisoformat(e.stamp) for e in entries), default=datetime(2000, 1, 1, tzinfo=timezone.utc))
    fg.updated(newest)
    for s in reversed(entries[:FEED_ENTRIES]):   # feedgen prepends: add oldest first
        page = page_of(s)
        fe = fg.add_entry()
        fe.id(base_url + page if base_url else f"urn:ribao:{line}:{s.date}")
        fe.title(f"{s.title}（{s.date}）")
        fe.link(href=(base_url or "") + page, rel="alternate", type="text/html")
        stamp = datetime.fromisoformat(s.stamp)
        fe.updated(stamp)
        fe.published(stamp)
        if s.abstract:
            fe.summary(s.abstract)
        items = "".join(f"<li>{html.escape(f'{sec.number}. {sec.headline}')}</li>" for sec in s.sections)
        fe.content(f"<p>{html.escape(s.abstract)}</p><ol>{items}</ol>", type="html")
    return fg.atom_str(pretty=True)
