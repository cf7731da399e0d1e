"""List pages → article links (with the date shown beside them) and the next page to visit.

Three shapes real sites use: HTML lists (catalog selectors, else every same-site link that
looks like an article, including links inside JCMS CDATA record sets), JSON feeds (a field
mapping; JSONP wrappers tolerated; written dates or epoch seconds/milliseconds; rows the catalog
says to skip) and RSS/Atom (feedparser). Pagination: TRS's
``createPageHTML(pages, current, "index", "html")``, a 下一页 link, or numbered pages.
An item is kept only when it is on the source's own hosts or on another catalog source's: a feed
row or a list link leading elsewhere (an off-site link, a metadata address) is not crawled.
Parsing never raises on bad input: a page that cannot be read yields no items and says so
(``ListPage.unreadable``), which the crawl reports, or answers by rediscovering the feed.
"""
from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree

from ribao.capture.warc import page_kind
from ribao.catalog import Catalog, ListEndpoint, Source
from ribao.extract.dates import parse_datetime
from ribao.extract.decode import decode_html
from ribao.timeutil import CST


@dataclass(frozen=True)
class ListItem:
    url: str
    title: str
    published: datetime | None = None   # aware; midnight when the list shows only a date


@dataclass
class ListPage:
    items: list[ListItem] = field(default_factory=list)
    next_url: str | None = None
    note: str = ""            # e.g. "item selector matched nothing; links taken generically"
    unreadable: bool = False  # the body is not a list of this endpoint's type at all
    skipped: int = 0          # items dropped: off-site, or rows the catalog says to skip


_CREATE_PAGE = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"])?")
_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|next\s*page|next|›|»|>)\s*$", re.I)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_URL_DATES = (re.compile(r"/t(20\d{2})(\d{2})(\d{2})_"), re.compile(r"/(20\d{2})(\d{2})(\d{2})/"),
              re.compile(r"/(20\d{2})/(\d{2})(\d{2})/"), re.compile(r"/(20\d{2})[-/](\d{2})[-/](\d{2})/"),
              re.compile(r"[-_/](20\d{2})-(\d{2})-(\d{2})/?$"))
_ITEM_CONTAINERS = ("li", "tr", "dd", "dt", "p", "div")
MIN_TITLE = 4


def parse_list(body: bytes, content_type: str, url: str, endpoint: ListEndpoint, source: Source,
               catalog: Catalog, page_no: int = 0) -> ListPage:
    try:
        if endpoint.type == "json":
            page = ListPage(items=_json_items(body, url, endpoint))
        elif endpoint.type in ("rss", "atom"):
            page = ListPage(items=_feed_items(body, url))
        else:
            page = _html_page(body, content_type, url, endpoint, source, catalog, page_no)
    except (ValueError, etree.LxmlError) as e:
        return ListPage(note=f"unreadable list: {e.__class__.__name__}: {str(e)[:200]}", unreadable=True)
    kept = [it for it in page.items if _crawlable(it.url, source, catalog)]
    page.skipped += len(page.items) - len(kept)
    page.items = kept
    return page


def _crawlable(link: str, source: Source, catalog: Catalog) -> bool:
    """On the source's own hosts, or on another catalog source's (MEE lists link gov.cn documents)."""
    return source.owns(link) or catalog.for_url(link) is not None


# HTML ---------------------------------------------------------------------------------------
def _select(el, expr: str) -> list:
    expr = expr.strip()
    if expr.startswith(("/", "(", "./")):
        found = el.xpath(expr)
        return [x for x in found if isinstance(x, etree._Element)]
    return el.cssselect(expr)


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content() if hasattr(el, "text_content") else "").strip()


def _url_date(url: str) -> datetime | None:
    path = urlsplit(url).path
    for rx in _URL_DATES:
        m = rx.search(path)
        if m:
            try:
                return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=CST)
            except ValueError:
                continue
    return None


def _expand_cdata(doc) -> None:
    """JCMS sites ship their list as <script type="text/xml"><recordset><record><![CDATA[<li>…"""
    for script in doc.iter("script"):
        text = script.text or ""
        if "<![CDATA[" not in text:
            continue
        holder = lxml.html.Element("div", {"class": "ribao-cdata"})
        for frag in _CDATA.findall(text):
            try:
                for node in lxml.html.fragments_fromstring(frag):
                    if isinstance(node, etree._Element):
                        holder.append(node)
            except (etree.ParserError, ValueError):
                continue
        script.addnext(holder)


def _html_page(body: bytes, content_type: str, url: str, endpoint: ListEndpoint, source: Source,
               catalog: Catalog, page_no: int) -> ListPage:
    text = decode_html(body, content_type).text
    if not text.strip():
        return ListPage(note="empty list page")
    doc = lxml.html.document_fromstring(text)
    base = next((b.get("href") for b in doc.iter("base") if b.get("href")), None)
    base = urljoin(url, base) if base else url
    _expand_cdata(doc)
    page = ListPage()
    sel = endpoint.selectors
    if sel.item:
        elements = _select(doc, sel.item)
        for el in elements:
            links = [a for a in _select(el, sel.link) if a.get("href")] if sel.link else []
            if not links and el.tag == "a" and el.get("href"):
                links = [el]
            if not links:
                continue
            a = links[0]
            link = _resolve(base, a.get("href"))
            if not link:
                continue
            title = _text(_select(el, sel.title)[0]) if sel.title and _select(el, sel.title) else (
                (a.get("title") or "").strip() or _text(a))
            date_text = (" ".join(_text(x) for x in _select(el, sel.date)) if sel.date
                         else _text(el).replace(_text(a), " "))
            page.items.append(ListItem(link, title, _when(date_text, link)))
        if not elements:
            page.note = f"item selector {sel.item!r} matched nothing; links taken generically"
    if not page.items:
        page.items = _generic_items(doc, base, url, endpoint, source, catalog)
    page.items = _dedupe(page.items)
    page.next_url = _next_url(doc, text, base, url, endpoint, page_no)
    return page


def _resolve(base: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    link = urljoin(base, href).split("#", 1)[0]
    return link if urlsplit(link).scheme in ("http", "https") else None


def _when(text: str, link: str) -> datetime | None:
    stamp = parse_datetime(text)
    return stamp.when if stamp else _url_date(link)


def _generic_items(doc, base: str, url: str, endpoint: ListEndpoint, source: Source, catalog: Catalog) -> list[ListItem]:
    items = []
    for a in doc.iter("a"):
        link = _resolve(base, a.get("href"))
        if not link or link == url or endpoint.is_page(link) or not source.owns(link):
            continue
        if page_kind(link, "", catalog) != "article":
            continue
        title = (a.get("title") or "").strip() or _text(a)
        if len(title) < MIN_TITLE:
            continue
        holder = next((p for p in a.iterancestors() if p.tag in _ITEM_CONTAINERS), None)
        beside = _text(holder).replace(_text(a), " ") if holder is not None else ""   # a title may hold dates
        items.append(ListItem(link, title, _when(beside, link)))
    return items


def _dedupe(items: list[ListItem]) -> list[ListItem]:
    seen: dict[str, ListItem] = {}
    for it in items:
        seen.setdefault(it.url, it)
    return list(seen.values())


def _next_url(doc, text: str, base: str, url: str, endpoint: ListEndpoint, page_no: int) -> str | None:
    mode = endpoint.pagination
    if mode == "none":
        return None
    if mode == "index":
        return endpoint.page(page_no + 1)
    if mode in ("auto", "createPageHTML"):
        m = _CREATE_PAGE.search(text)
        if m:
            pages, current = int(m.group(1)), int(m.group(2))
            if current + 1 >= pages:
                return None
            name, ext = m.group(3), m.group(4)
            if name and ext:
                return urljoin(endpoint.url, f"{name}_{current + 1}.{ext}")
            return endpoint.page(current + 1)
        if mode == "createPageHTML":
            return None
    for a in doc.iter("a"):
        rel = (a.get("rel") or "").lower()
        if rel == "next" or _NEXT_TEXT.match(_text(a) or ""):
            link = _resolve(base, a.get("href"))
            if link and link != url:
                return link
    return None


# JSON ---------------------------------------------------------------------------------------
def _path(obj, dotted: str):
    for part in [p for p in dotted.split(".") if p]:
        if isinstance(obj, dict):
            obj = obj.get(part)
        elif isinstance(obj, list) and part.isdigit() and int(part) < len(obj):
            obj = obj[int(part)]
        else:
            return None
    return obj


def _strip_markup(value) -> str:
    s = "" if value is None else str(value)
    if "<" in s:
        s = lxml.html.fromstring(f"<div>{s}</div>").text_content()
    return re.sub(r"\s+", " ", s).strip()


def _feed_time(value, link: str) -> datetime | None:
    """A feed row's time: epoch seconds or milliseconds (a number or a digit string), else a
    written date; the URL's date when there is neither."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) or (isinstance(value, str) and value.strip().isdigit()):
        n = float(value)
        if n >= 1e11:          # 13 digits: milliseconds (MIIT deploytime, CSRC publishedTime)
            n /= 1000
        if 1e8 <= n < 1e11:
            return datetime.fromtimestamp(n, tz=timezone.utc).astimezone(CST)
    return _when(str(value or ""), link)


def _skipped(row: dict, rules: dict[str, list[str]]) -> bool:
    return any(str(_path(row, f) or "") in values for f, values in rules.items())


def _json_items(body: bytes, url: str, endpoint: ListEndpoint) -> list[ListItem]:
    text = body.decode("utf-8-sig", "replace").strip()
    m = re.match(r"^[\w.$]+\s*\((.*)\)\s*;?\s*$", text, re.S)   # JSONP
    data = json.loads(m.group(1) if m else text)
    f = endpoint.fields
    rows = _path(data, f.items) if f.items else data
    if not isinstance(rows, list):
        raise ValueError(f"no list at {f.items!r}")
    items = []
    for row in rows:
        if not isinstance(row, dict) or _skipped(row, f.skip):
            continue
        link = _resolve(url, _strip_markup(_path(row, f.url)))
        if not link:
            continue
        when = _feed_time(_path(row, f.time), link) if f.time else _url_date(link)
        items.append(ListItem(link, _strip_markup(_path(row, f.title)), when))
    return _dedupe(items)


# RSS / Atom ---------------------------------------------------------------------------------
def _feed_items(body: bytes, url: str) -> list[ListItem]:
    feed = feedparser.parse(body)
    if feed.bozo and not feed.entries:
        raise ValueError(f"unreadable feed: {feed.get('bozo_exception')}")
    items = []
    for e in feed.entries:
        link = _resolve(url, e.get("link"))
        if not link:
            continue
        t = e.get("published_parsed") or e.get("updated_parsed")
        when = datetime.fromtimestamp(calendar.timegm(t), tz=timezone.utc).astimezone(CST) if t else None
        items.append(ListItem(link, _strip_markup(e.get("title")), when))
    return _dedupe(items)
