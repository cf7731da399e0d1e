"""Rules-first extraction of Chinese official and media article pages.

Official sites are regular: meta tags (ArticleTitle, PubDate, ContentSource, ColumnName),
a visible 发布时间/来源 line and one of a few CMS body containers. Those rules run first;
trafilatura handles layouts no rule knows.

Speed (``bench/extract_speed.py``): the page is parsed once with lxml's plain HTML parser (no
Python element-class lookup). Every attribute or text read crosses into lxml and costs about as
much as the Python around it, and a whole-tree XPath predicate (``contains(@class, …)`` on every
element) costs a fifth of the parse, so the rules touch as little of the tree as they can:
tag-filtered iteration for <head> tags and body containers, libxml2's id index for container ids,
one walk of the body for paragraphs, and a walk of the rest of the page (来源/时间 lines, date
boxes, breadcrumbs) only when the meta tags leave a field open. On small pages the fixed costs
dominate; ``bench/extract_speed.py`` reports the figures.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from ribao.catalog import Catalog, Source, load_catalog
from ribao.extract.dates import Stamp, parse_datetime
from ribao.extract.decode import decode_html
from ribao.extract.patterns import (ATTACHMENT_EXT, AUTHOR, DOC_NO, DOC_TYPES, PUBTIME_LABEL, SOURCE,
                                    is_boilerplate)
from ribao.models import Article, Attachment

# Known body containers, most specific first (ids, then classes); the rank orders candidates.
BODY_IDS = ["UCAP-CONTENT", "detailContent", "con_con", "zoom", "detail", "js_content", "ContentStart",
            "article_content", "content"]
BODY_CLASSES = ["TRS_Editor", "pages_content", "article-body", "rm_txt_con", "wzcon", "article_con",
                "detail-content", "ccontent", "wzxq_neirong2", "article-content", "content"]
_ID_RANK = {k: i for i, k in enumerate(BODY_IDS)}
_CLASS_RANK = {k: i for i, k in enumerate(BODY_CLASSES, start=len(BODY_IDS))}
DROP_TAGS = frozenset(("script", "style", "noscript", "iframe", "form", "button", "select", "nav", "footer"))
DROP_CLASSES = frozenset(("share", "edit", "editor", "tiyi1", "related", "side", "hot", "page", "sign-off",
                          "attach"))
META_TITLE = ("articletitle", "og:title")
META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "publishtime", "og:release_date",
             "datepublished", "dc.date", "date")
BLOCKS = frozenset(("p", "div", "li", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "section", "table", "ul",
                    "ol"))
INFO_TAGS = frozenset(("div", "span", "p", "td", "h2", "li"))  # elements that can hold a 发布时间/来源 line
_SPAN_HOSTS = frozenset(("div", "td", "p"))  # a span inside one of these is part of the host's line
_INVISIBLE = frozenset(("script", "style", "noscript", "template"))
_INLINE = frozenset(("a", "br", "img", "b", "strong", "i", "u", "sub", "sup"))  # never a date box or breadcrumb
_CONTAINER_TAGS = ("div", "td", "section", "article", "main")  # where a class names the body container
_ID_LIST = " ".join(BODY_IDS)
_BY_IDS = etree.XPath("id($ids)")          # libxml2 indexes HTML ids: no tree walk
_BY_ID = etree.XPath("//*[@id=$id]")

# Over this many bytes a page is cut before parsing (after inline data: URIs are dropped): a 20 MB
# page is a data dump or an inlined image, its title and opening are in the first megabytes, and
# the walk over millions of elements would take many seconds.
MAX_BYTES = 4_000_000
_DATA_URI = re.compile(rb"""(["'(])data:[^"')]{1024,}""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_DOC_END = re.compile(r"</(?:html|body)\s*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_BODY_WS = re.compile(r"[ \t\r\n]+")
_CENTRED = re.compile(r"text-align\s*:\s*center", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|--| - |-(?=[^-]*$))\s*")
_TRAILING_NOTE = re.compile(r"(?:[（(][^）)]{1,20}[）)])+$")
_TITLE_LIKE = etree.XPath('//*[contains(@class,"title") or contains(@id,"title")]')
_LINE_MAX = 160  # a metadata line is short
_AUTHOR_LABEL = re.compile(r"(?:作者|记者)\s*[:：]")
# Whether the page source names a file with an attachment extension at all (case by hand: re.I
# makes the search several times slower); most pages have none and their links are not read.
_ATTACHMENT_HINT = re.compile("|".join(
    r"\." + "".join(f"[{c.lower()}{c.upper()}]" for c in ext) for ext in sorted(ATTACHMENT_EXT)))


@dataclass(frozen=True)
class ExtractError:
    url: str
    reason: str


def extract_page(raw: bytes, url: str, content_type: str | None = None, *,
                 catalog: Catalog | None = None) -> Article | ExtractError:
    """Extract one article page. Returns an ExtractError (never raises) when it cannot.

    Pages over ``MAX_BYTES`` are extracted best-effort from their first ``MAX_BYTES`` (inline
    ``data:`` URIs removed first), so no page costs more than a bounded parse.
    """
    try:
        return _extract(raw, url, content_type, catalog or load_catalog())
    except Exception as exc:  # the batch must go on; the reason is kept in the store
        return ExtractError(url, f"{type(exc).__name__}: {exc}")


def _extract(raw: bytes, url: str, content_type: str | None, catalog: Catalog) -> Article | ExtractError:
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        return ExtractError(url, f"page body is {type(raw).__name__}, not bytes")
    raw = bytes(raw)
    if not raw.strip():
        return ExtractError(url, "empty response body")
    start = raw[:1024].lstrip()
    if start[:5] == b"%PDF-":
        return ExtractError(url, "a PDF document served as a web page")
    if start[:2] == b"\x1f\x8b":
        return ExtractError(url, "gzip-compressed bytes served as a web page (Content-Encoding lost)")
    if len(raw) > MAX_BYTES:
        raw = _DATA_URI.sub(rb"\1", raw)[:MAX_BYTES]
    if b"\x00" in raw:  # binary junk in a page; no control byte is text (nor inside a UTF-8/GB18030 character)
        raw = raw.translate(None, _CONTROL_BYTES)
    text, _enc = decode_html(raw, content_type)
    root = _parse(text)
    if root is None:
        return ExtractError(url, "no HTML document could be parsed")
    source = _source_for(catalog, url)
    head = _head(root)
    ld = _json_ld(head.ld_scripts)
    meta = head.meta

    title = _title(root, head, ld, source)
    if not title:
        return ExtractError(url, "no title found")
    body = _body(root, source)
    outside = _Outside(root, body, title, text)
    published = _published(head, ld, outside, source, root)
    attachments = _attachments(root, body, url) if _ATTACHMENT_HINT.search(text) else []
    paragraphs, stamp = _paragraphs(body) if body is not None else ([], "")
    if attachments:
        names = [x.name for x in attachments if x.name]
        paragraphs = [p for p in paragraphs if not (p.startswith("附件") and any(n in p for n in names))]
    if not paragraphs:
        paragraphs = _fallback_body(text)
    if not paragraphs:
        return ExtractError(url, "no article body found")
    doc_no = _doc_no(outside, stamp, paragraphs)
    publisher = _publisher(meta, ld, outside, source)
    return Article(
        url=url, title=title,
        published=published.when if published else None,
        published_precision=published.precision if published else "minute",
        publisher=publisher, site=source.id if source else (urlsplit(url).hostname or ""),
        site_name=source.name if source else meta.get("sitename", ""),
        column=_column(outside, meta, source, url), author=_author(outside, ld),
        doc_no=doc_no, doc_type=_doc_type(title, source, publisher), language=_language(title, paragraphs),
        canonical_url=urljoin(url, head.canonical) if head.canonical else url, body=paragraphs,
        attachments=attachments,
    )


_SOURCES: dict[int, tuple[Catalog, dict[str, Source | None]]] = {}


def _source_for(catalog: Catalog, url: str) -> Source | None:
    """``catalog.for_url``, remembered per host: the lookup scans every source's hosts."""
    host = urlsplit(url).hostname or ""
    entry = _SOURCES.get(id(catalog))
    if entry is None or entry[0] is not catalog:
        entry = _SOURCES[id(catalog)] = (catalog, {})  # holding the catalog keeps its id unique
    known = entry[1]
    if host not in known:
        known[host] = catalog.for_url(url)
    return known[host]


# -- parsing ---------------------------------------------------------------------------------------

_local = threading.local()


def _parser() -> etree.HTMLParser:
    """lxml parsers must not be shared between threads; one per thread, reused."""
    p = getattr(_local, "parser", None)
    if p is None:
        p = _local.parser = etree.HTMLParser(remove_pis=True)
    return p


def _parse(text: str):
    """The document root, or None. Two back-to-back <html> documents (a redirect stub before the
    page, an include after it) become one: libxml2 stops at the first </html>, so the end tags of
    <html> and <body> go and the second document's nodes land in the first one's body."""
    if "<?xml" in text[:200]:
        text = _XML_DECL.sub("", text, count=1)
    if text.count("<html") + text.count("<HTML") > 1:
        text = _DOC_END.sub("", text)
    try:
        root = etree.fromstring(text, _parser())
    except ValueError:  # NUL and other control characters lxml refuses in a str
        try:
            root = etree.fromstring(_CONTROL.sub("", text), _parser())
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return None
    except (etree.ParserError, etree.XMLSyntaxError):
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return root


def _squash(s: str) -> str:
    """Without any whitespace. str.split() does in C what a regex does per character."""
    return "".join(s.split()) if s else ""


def _clean_text(s: str) -> str:
    """Whitespace runs (including 　 and nbsp) as one space, trimmed."""
    return " ".join(s.split())


def _text(el) -> str:
    return "".join(el.itertext())


class _Head:
    """What the page says about itself outside its visible text: meta tags, <title>, JSON-LD,
    <time datetime>, the canonical link."""

    __slots__ = ("meta", "page_title", "ld_scripts", "time_attrs", "canonical")

    def __init__(self):
        self.meta: dict[str, str] = {}
        self.page_title = ""
        self.ld_scripts: list = []
        self.time_attrs: list[str] = []
        self.canonical = ""


def _head(root) -> _Head:
    hd = _Head()
    meta = hd.meta
    for el in root.iter("meta", "title", "script", "time", "link"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
            val = el.get("content")
            if key and val and key not in meta:
                meta[key] = _clean_text(val)
        elif tag == "title":
            if not hd.page_title:
                hd.page_title = _clean_text(_text(el))
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json":
                hd.ld_scripts.append(el)
        elif tag == "time":
            if dt := el.get("datetime"):
                hd.time_attrs.append(dt)
        elif not hd.canonical and (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            hd.canonical = el.get("href").strip()
    return hd


def _json_ld(scripts) -> dict:
    for s in scripts:
        try:
            data = json.loads(_text(s))
        except (ValueError, TypeError, RecursionError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        if not isinstance(items, list):
            continue
        for it in items:
            if isinstance(it, dict) and ("headline" in it or "datePublished" in it):
                return it
    return {}


@lru_cache(maxsize=64)
def _selector(css: str) -> CSSSelector:
    return CSSSelector(css, translator="html")


# -- fields ----------------------------------------------------------------------------------------

def _title(root, head: _Head, ld: dict, source: Source | None) -> str:
    meta = head.meta
    if source and source.extract.title:
        el = _selector(source.extract.title)(root)
        if el:
            return _clean_text(_text(el[0]))
    for k in META_TITLE:
        if meta.get(k):
            return meta[k]
    if isinstance(ld.get("headline"), str) and ld["headline"].strip():
        return _clean_text(ld["headline"])
    page_title = head.page_title
    for tag in ("h1", "h2"):
        for h in root.iter(tag):
            t = _clean_text(_text(h))
            if len(t) >= 4 and (not page_title or t in page_title or page_title in t):
                return t
    for el in _TITLE_LIKE(root):
        t = _clean_text(_text(el))
        if len(t) >= 4 and page_title and t in page_title:
            return t
    if page_title:
        return _TITLE_SPLIT.split(page_title)[0].strip()
    return ""


class _Body:
    """The article body: one container element, or (Hanweb markers) the run of sibling nodes
    between <!--ContentStart--> and <!--ContentEnd-->."""

    __slots__ = ("nodes", "lead", "scope", "container", "_members")

    def __init__(self, nodes: list, lead: str, scope, container: bool = False):
        self.nodes = nodes          # the container, or the nodes between the markers
        self.lead = lead            # text before the first node (the start marker's tail)
        self.scope = scope          # where attachment links are looked for
        self.container = container  # one element whose children are the body
        self._members = None

    @property
    def members(self) -> set:
        """Every element in the body (computed once, for "is it inside the body?")."""
        if self._members is None:
            self._members = {e for n in self.nodes if isinstance(n.tag, str) for e in n.iter()}
        return self._members


def _body(root, source: Source | None) -> _Body | None:
    """The catalog's selector, else the Hanweb markers, else the best-ranked known container with
    at least 20 visible characters (the longest of equally ranked ones). Containers by id come
    from libxml2's id index; by class, from the block elements that hold bodies."""
    if source and source.extract.body:
        found = _selector(source.extract.body)(root)
        if found:
            return _container(found[0])
    marked = _between_markers(root)
    if marked is not None:
        return marked
    cands = [(_ID_RANK[el.get("id")], el) for el in _BY_IDS(root, ids=_ID_LIST)]
    for el in root.iter(*_CONTAINER_TAGS):
        cls = el.get("class")
        if cls:
            ranks = [_CLASS_RANK[c] for c in cls.split() if c in _CLASS_RANK]
            if ranks:
                cands.append((min(ranks), el))
    cands.sort(key=lambda c: c[0])  # stable: document order within a rank
    i = 0
    while i < len(cands):
        rank = cands[i][0]
        j = i
        while j < len(cands) and cands[j][0] == rank:
            j += 1
        group = [el for _, el in cands[i:j]]
        if rank < len(BODY_IDS) and not _visible_at_least(group[0], 20):
            group = _BY_ID(root, id=BODY_IDS[rank])  # a duplicated id: the index holds only the first
        if len(group) == 1:
            if _visible_at_least(group[0], 20):
                return _container(group[0])
        elif group:
            sized = [(len(_squash(_text(el))), el) for el in group]
            n, el = max(sized, key=lambda x: x[0])  # the first of the longest
            if n >= 20:
                return _container(el)
        i = j
    return None


def _visible_at_least(el, n: int) -> bool:
    seen = 0
    for piece in el.itertext():
        seen += len(_squash(piece))
        if seen >= n:
            return True
    return False


def _container(el) -> _Body:
    parent = el.getparent()
    return _Body([el], "", _attachment_scope(parent if parent is not None else el), container=True)


def _attachment_scope(el):
    """Where a body's attachment links are listed: the element around the body, or in a table
    layout (the body in a cell: Hanweb, old TRS) the whole table — the 附件 row follows."""
    if el.tag in ("td", "th", "tr"):
        table = next(el.iterancestors("table"), None)
        if table is not None:
            return table
    return el


def _between_markers(root) -> _Body | None:
    """Hanweb pages wrap the body in <!--ContentStart--> … <!--ContentEnd--> comments."""
    start = end = None
    for c in root.iter(etree.Comment):
        t = c.text or ""
        if start is None and ("ContentStart" in t or "信息内容]>begin" in t):
            start = c
        elif start is not None and ("ContentEnd" in t or "信息内容]>end" in t):
            end = c
            break
    if start is None:
        return None
    nodes = []
    node = start.getnext()
    while node is not None and node is not end:
        nodes.append(node)
        node = node.getnext()
    parent = start.getparent()
    if not any(isinstance(n.tag, str) for n in nodes):
        return _container(parent) if parent is not None else None
    return _Body(nodes, start.tail or "", _attachment_scope(parent))


class _Outside:
    """What the page shows outside its body — the metadata lines (发布时间/来源/作者/发文字号), date
    boxes, the Xinhua split date, breadcrumbs — gathered by one walk that runs only when a rule
    asks: where the meta tags answer everything, it never runs. ``shows`` tests the page source
    first: a label absent from the HTML cannot be on a line."""

    __slots__ = ("_root", "_body", "_title", "_source", "_scanned", "_labels", "_dates", "_headers", "_crumbs",
                 "_text")

    def __init__(self, root, body: _Body | None, title: str, source_text: str):
        self._root, self._body, self._title, self._source = root, body, title, source_text
        self._scanned = False
        self._labels: list = []    # elements whose own text (or a child's tail) has a label
        self._dates: list = []     # elements classed *date*/*time* or with an id *time*
        self._headers: list = []   # Xinhua split-date boxes (class header-time)
        self._crumbs: list = []    # breadcrumb boxes
        self._text: str | None = None

    def shows(self, *words: str) -> bool:
        return any(w in self._source for w in words)

    def matches(self, pattern: re.Pattern) -> bool:
        return pattern.search(self._source) is not None

    def _scan(self) -> None:
        """One pass over every node outside the body, in document order, a few reads each.
        Script and style text is not visible and not read."""
        self._scanned = True
        labels, dates, headers, crumbs = self._labels, self._dates, self._headers, self._crumbs
        body = self._body
        if body is not None and body.container:
            box = body.nodes[0]
            nodes = _outside(box)
        else:
            box = None
            inside = body.members if body is not None else ()
            nodes = (n for n in self._root.iter() if n not in inside)
        for el in nodes:
            tag = el.tag
            if tag.__class__ is str and tag not in _INVISIBLE:
                text = el.text
                if text and ("来源" in text or "时间" in text or "日期" in text or "字号" in text):
                    labels.append(el)
                if tag not in _INLINE:
                    cls = el.get("class")
                    ident = el.get("id")
                    if (cls and ("date" in cls or "time" in cls)) or (ident and "time" in ident):
                        dates.append(el)
                        if cls and "header-time" in cls:
                            headers.append(el)
                    if cls and ("crumb" in cls or "location" in cls or "position" in cls):
                        crumbs.append(el)
            tail = el.tail
            if tail and ("来源" in tail or "时间" in tail or "日期" in tail or "字号" in tail):
                parent = el.getparent()
                if parent is not None:
                    labels.append(parent)
        if box is not None and (tail := box.tail) and ("来源" in tail or "时间" in tail or "日期" in tail) \
                and (parent := box.getparent()) is not None:
            labels.append(parent)  # the text right after the body is outside it

    @property
    def labels(self) -> list:
        if not self._scanned:
            self._scan()
        return self._labels

    @property
    def date_boxes(self) -> list:
        if not self._scanned:
            self._scan()
        return self._dates

    @property
    def header_times(self) -> list:
        if not self._scanned:
            self._scan()
        return self._headers

    @property
    def crumb_links(self) -> list:
        """The links of the last breadcrumb box that has any."""
        if not self._scanned:
            self._scan()
        for box in reversed(self._crumbs):
            links = list(box.iter("a"))
            if links:
                return links
        return []

    @property
    def text(self) -> str:
        """The metadata lines, one per line."""
        if self._text is None:
            self._text = _info_text(self.labels, self._title)
        return self._text


def _outside(box) -> Iterator:
    """Every node of the document outside ``box``'s subtree, in document order: the ancestors of
    ``box``, and the whole subtrees of their other children (each walked by lxml in C)."""
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
    for kids in reversed(later):
        for child in kids:
            yield from child.iter()


def _info_text(label_nodes: list, title: str) -> str:
    """The visible metadata lines (发布时间/来源/日期): around each labelled text outside the body
    (a body's 报名时间：… is not the publish time), the widest enclosing block of 6–160 characters.
    A <span> inside a div/td/p is never a line of its own: its host is."""
    chosen: dict = {}
    read: dict = {}
    seen: set = set()
    for node in label_nodes:
        if node in seen:
            continue
        seen.add(node)
        best = None
        el = node
        while el is not None:
            parent = el.getparent()
            tag = el.tag
            if tag in INFO_TAGS and not (tag == "span" and parent is not None and parent.tag in _SPAN_HOSTS):
                t = read[el] if el in read else read.setdefault(el, _line_text(el))
                if t is None:
                    break
                if len(t) >= 6 and ("来源" in t or PUBTIME_LABEL.search(t)) and t != title:
                    best = (el, t)
            el = parent
        if best is not None:
            chosen[best[0]] = best[1]
    lines: list[str] = []
    for t in chosen.values():  # label nodes come in document order, and so do their lines
        if not any(t in x for x in lines):
            lines.append(t)
    return "\n".join(lines[:6])


def _line_text(el) -> str | None:
    """The element's text as one line, or None when it is longer than a metadata line. Reading
    stops once the visible text passes the limit: the enclosing container holds the whole page."""
    pieces = []
    raw = 0
    check = _LINE_MAX
    for piece in el.itertext():
        pieces.append(piece)
        raw += len(piece)
        if raw > check:
            if len(_clean_text(" ".join(pieces))) > _LINE_MAX:
                return None
            check = raw + _LINE_MAX
    t = _clean_text(" ".join(pieces))
    return t if len(t) <= _LINE_MAX else None


def _published(head: _Head, ld: dict, outside: _Outside, source: Source | None, root) -> Stamp | None:
    """The first dated candidate; when it shows only the day, the first later candidate showing a
    time on that day (meta PubDate has the date, the visible line the time)."""
    first = None
    for st in _date_candidates(head, ld, outside, source, root):
        if first is None:
            if st.precision == "minute":
                return st
            first = st
        elif st.precision == "minute" and st.when.date() == first.when.date():
            return st
    return first


def _date_candidates(head: _Head, ld: dict, outside: _Outside, source: Source | None, root) -> Iterator[Stamp]:
    """Publish-time candidates, most trusted first (a generator: the later ones cost a walk and
    are rarely needed). Element text only, never attribute values other than meta content and
    <time datetime> — templates leave stale dates in alt/title attributes."""
    if source and source.extract.date:
        for el in _selector(source.extract.date)(root):
            if st := parse_datetime(_text(el)):
                yield st
    meta = head.meta
    for k in META_DATE:
        if k in meta and (st := parse_datetime(meta[k])):
            yield st
    if isinstance(ld.get("datePublished"), str) and (st := parse_datetime(ld["datePublished"])):
        yield st
    for dt in head.time_attrs:
        if st := parse_datetime(dt):
            yield st
    for line in outside.text.splitlines():
        m = PUBTIME_LABEL.search(line)
        if st := parse_datetime(line[m.start():] if m else line):
            yield st
    if split := _split_date(outside.header_times):
        yield split
    for el in outside.date_boxes:
        if st := parse_datetime(_clean_text(_text(el))[:40]):
            yield st


def _split_date(boxes: list) -> Stamp | None:
    """Xinhua-style header: year, month/day and time in separate spans."""
    for box in boxes:
        year = day = tm = None
        for e in box.iterdescendants():
            cls = (e.get("class") or "") if isinstance(e.tag, str) else ""
            if year is None and "year" in cls:
                year = e
            if day is None and "day" in cls:
                day = e
            if tm is None and "time" in cls:
                tm = e
        if year is not None and day is not None:
            md = re.findall(r"\d+", _text(day))
            y = re.findall(r"\d{4}", _text(year))
            if y and len(md) >= 2:
                t = _text(tm).strip() if tm is not None else ""
                return parse_datetime(f"{y[0]}-{md[0]}-{md[1]} {t}")
    return None


def _publisher(meta: dict, ld: dict, outside: _Outside, source: Source | None) -> str:
    if meta.get("contentsource"):
        return meta["contentsource"]
    if outside.shows("来源") and (m := SOURCE.search(outside.text)):
        return m.group(1).strip("：: ")
    if meta.get("source"):
        return meta["source"]
    pub = ld.get("publisher")
    if isinstance(pub, dict) and pub.get("name"):
        return str(pub["name"])
    return source.publisher if source else ""


def _author(outside: _Outside, ld: dict) -> str:
    if outside.shows("作者", "记者") and outside.matches(_AUTHOR_LABEL) and (m := AUTHOR.search(outside.text)):
        return m.group(1)
    a = ld.get("author")
    if isinstance(a, dict):
        return str(a.get("name", ""))
    if isinstance(a, list) and a and isinstance(a[0], dict):
        return str(a[0].get("name", ""))
    return ""


def _column(outside: _Outside, meta: dict, source: Source | None, url: str) -> str:
    if meta.get("columnname"):
        return meta["columnname"]
    if source and (col := source.column_for(url)):
        return col
    links = outside.crumb_links
    return _clean_text(_text(links[-1])) if links else ""


def _language(title: str, body: list[str]) -> str:
    """zh when more than a tenth of the opening text is wide characters (U+0800 and up: CJK),
    counted from the UTF-8 length — a regex class over CJK text costs more than the whole parse."""
    head = (title + "".join(body[:3]))[:400]
    wide = (len(head.encode("utf-8")) - len(head)) / 2
    return "zh" if wide > 0.1 * max(1, len(head)) else "en"


def _doc_type(title: str, source: Source | None, publisher: str) -> str:
    """答记者问/解读 anywhere in the title; a document type only where a document title ends."""
    for needle, kind in DOC_TYPES[:3]:
        if needle in title:
            return kind
    if source and source.tier in ("state_media", "trade_media", "foreign_media"):
        return "评论" if "评论" in title else "报道"
    bare = _TRAILING_NOTE.sub("", title.strip())
    for needle, kind in DOC_TYPES[3:]:
        if bare.endswith(needle) or bare.endswith(needle + "》"):
            return kind
    if "新闻发布会" in title:
        return "新闻发布会"
    return "新闻稿"


def _doc_no(outside: _Outside, stamp: str, body: list[str]) -> str:
    """The 文号: the gov.cn 发文字号 table cell (value after the label or in the next cell), else
    the centred line heading the body, else a standalone 文号 paragraph among the body's first
    three (a 文号 cited inside a sentence is another document's)."""
    for node in outside.labels if outside.shows("发文字号") else ():
        cell = node if node.tag in ("td", "th") else next(node.iterancestors("td", "th"), None)
        if cell is None:
            continue
        own = _squash(_text(cell))
        if "发文字号" not in own:
            continue
        if m := DOC_NO.search(own.split("发文字号", 1)[1]):
            return m.group(0)
        nxt = cell.getnext()
        if nxt is not None and (m := DOC_NO.search(_squash(_text(nxt)))):
            return m.group(0)
    if stamp:
        return stamp
    for p in body[:3]:
        if len(p) <= 40 and (m := DOC_NO.fullmatch(_squash(p))):
            return m.group(0)
    return ""


# -- body ------------------------------------------------------------------------------------------

def _paragraphs(body: _Body) -> tuple[list[str], str]:
    """Block-level text of the body, boilerplate removed, in document order; and the 文号 when the
    body opens with it as a centred line (the document's header stamp, not a paragraph)."""
    out: list[str] = []
    buf: list[str] = []
    stamp = ""

    def flush():
        t = "".join(buf)
        buf.clear()
        if "\xa0" in t:
            t = t.replace("\xa0", " ")
        if "\n" in t or "  " in t or "\t" in t or "\r" in t:
            t = _BODY_WS.sub(" ", t)
        t = t.strip(" \t\r\n\u3000")  # outer (full-width) indentation goes, inner 　 stays
        if t and not is_boilerplate(t):
            out.append(t)

    def walk(children):
        nonlocal stamp
        for child in children:
            tag = child.tag
            tail = child.tail
            if tag.__class__ is str and tag not in DROP_TAGS:
                cls = child.get("class")
                if not cls or DROP_CLASSES.isdisjoint(cls.lower().split()):
                    if tag in BLOCKS:
                        if buf:
                            flush()
                        n = len(out)
                        text = child.text
                        if text:
                            buf.append(text)
                        if len(child):
                            walk(child)
                        if buf:
                            flush()
                        if n <= 1 and len(out) == n + 1 and not stamp and len(out[-1]) <= 40 and _centred(child) \
                                and (m := DOC_NO.fullmatch(_squash(out[-1]))):
                            stamp = m.group(0)
                            out.pop()
                    elif tag == "br":
                        if buf:
                            flush()
                    else:
                        text = child.text
                        if text:
                            buf.append(text)
                        if len(child):
                            walk(child)
            if tail:  # a dropped element's tail is still the body's text
                buf.append(tail)

    if body.lead:
        buf.append(body.lead)
    if body.container:
        box = body.nodes[0]
        if box.text:
            buf.append(box.text)
        walk(box)
    else:
        walk(body.nodes)
    if buf:
        flush()
    return out, stamp


def _centred(el) -> bool:
    return (el.get("align") or "").lower() == "center" or bool(_CENTRED.search(el.get("style") or ""))


def _attachments(root, body: _Body | None, url: str) -> list[Attachment]:
    scope = body.scope if body is not None else root
    seen: set[str] = set()
    out: list[Attachment] = []
    for a in scope.iter("a"):
        href = (a.get("href") or "").strip()
        if "." not in href:
            continue
        # the path's extension, else the query's (Hanweb: downfile.jsp?…&filename=2603171520455.xls)
        path = href.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if ext not in ATTACHMENT_EXT:
            ext = href.split("#", 1)[0].rsplit(".", 1)[-1].lower()
        if ext in ATTACHMENT_EXT:
            full = urljoin(url, href)
            if full not in seen:
                seen.add(full)
                out.append(Attachment(name=_clean_text(_text(a)) or full.rsplit("/", 1)[-1], url=full, type=ext))
    return out


def _fallback_body(html_text: str) -> list[str]:
    import trafilatura

    txt = trafilatura.extract(html_text, include_comments=False, include_tables=False, favor_precision=True)
    if not txt:
        return []
    return [p for p in (_clean_text(x) for x in txt.splitlines()) if p and not is_boilerplate(p)]
