"""Rules-first extraction of Chinese official and media article pages.

Official sites are regular: meta tags (ArticleTitle, PubDate, ContentSource, ColumnName),
a visible 发布时间/来源 line and one of a few CMS body containers. Those rules run first;
trafilatura handles layouts no rule knows.

Speed: the page is parsed once with lxml's plain HTML parser (no Python element-class lookup)
and walked once (``_scan``) to collect everything the rules need — meta tags, body container
candidates, date-bearing elements, the text nodes that carry a 来源/时间 label. Whole-tree XPath
scans (``contains(@class, …)`` over every element) cost more than the parse itself; they are
used only in rare fallbacks. ``bench/extract_speed.py`` holds the figures.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector

from ribao.catalog import Catalog, Source, load_catalog
from ribao.extract.dates import Stamp, parse_datetime
from ribao.extract.decode import decode_html
from ribao.extract.patterns import (ATTACHMENT_EXT, AUTHOR, BOILERPLATE, CJK, DOC_NO, DOC_TYPES, EDITOR_LINE,
                                    PUBTIME_LABEL, SOURCE)
from ribao.models import Article, Attachment

# Known body containers, most specific first (ids, then classes); the rank orders candidates.
BODY_IDS = ["UCAP-CONTENT", "detailContent", "con_con", "zoom", "detail", "js_content", "ContentStart",
            "article_content", "content"]
BODY_CLASSES = ["TRS_Editor", "pages_content", "article-body", "rm_txt_con", "wzcon", "article_con",
                "detail-content", "ccontent", "wzxq_neirong2", "article-content", "content"]
_ID_RANK = {k: i for i, k in reversed(list(enumerate(BODY_IDS)))}
_CLASS_RANK = {k: i for i, k in reversed(list(enumerate(BODY_CLASSES, start=len(BODY_IDS))))}
DROP_TAGS = frozenset(("script", "style", "noscript", "iframe", "form", "button", "select", "nav", "footer"))
DROP_CLASSES = frozenset(("share", "edit", "editor", "tiyi1", "related", "side", "hot", "page", "sign-off",
                          "attach"))
META_TITLE = ("articletitle", "og:title", "title", "twitter:title")
META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "publishtime", "og:release_date",
             "datepublished", "dc.date", "date")
META_SOURCE = ("contentsource", "source", "og:site_name")
META_COLUMN = ("columnname", "column")
BLOCKS = frozenset(("p", "div", "li", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "section", "table", "ul",
                    "ol"))
INFO_TAGS = frozenset(("div", "span", "p", "td", "h2", "li"))  # elements that can hold a 发布时间/来源 line

# Over this many bytes a page is cut before parsing (after inline data: URIs are dropped): a 20 MB
# page is a data dump or an inlined image, its title and opening are in the first megabytes, and
# the one-pass walk over millions of elements would take seconds.
MAX_BYTES = 4_000_000
_DATA_URI = re.compile(rb"""(["'(])data:[^"')]{1024,}""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WS = re.compile(r"\s+")
_BODY_WS = re.compile(r"[ \t\r\n]+")
_CENTRED = re.compile(r"text-align\s*:\s*center", re.I)
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|--| - |-(?=[^-]*$))\s*")
_TRAILING_NOTE = re.compile(r"(?:[（(][^）)]{1,20}[）)])+$")
_DATE_XPATH = etree.XPath('.//*[contains(@class,"year")]|.//*[contains(@class,"day")]|.//*[contains(@class,"time")]')
_TITLE_LIKE = etree.XPath('//*[contains(@class,"title") or contains(@id,"title")]')
_CRUMB_LINKS = etree.XPath(
    '//*[contains(@class,"crumb") or contains(@class,"location") or contains(@class,"position")]//a')


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
    if not raw or not raw.strip():
        return ExtractError(url, "empty response body")
    head = raw[:1024].lstrip()
    if head[:5] == b"%PDF-":
        return ExtractError(url, "a PDF document served as a web page")
    if head[:2] == b"\x1f\x8b":
        return ExtractError(url, "gzip-compressed bytes (a missing Content-Encoding) served as a web page")
    if len(raw) > MAX_BYTES:
        raw = _DATA_URI.sub(rb"\1", raw)[:MAX_BYTES]
    text, _enc = decode_html(raw, content_type)
    root = _parse(text)
    if root is None:
        return ExtractError(url, "no HTML document could be parsed")
    source = catalog.for_url(url)
    scan = _scan(root)
    ld = _json_ld(scan.ld_scripts)
    meta = scan.meta

    title = _title(root, scan, ld, source)
    if not title:
        return ExtractError(url, "no title found")
    body = _body_element(root, scan, source)
    info = _info_text(scan.label_nodes, title, body, scan.pos)
    published = _published(root, scan, ld, info, source, body)
    attachments = _attachments(root, body, url)
    paragraphs, stamp = _paragraphs(body) if body is not None else ([], "")
    names = {x.name for x in attachments}
    paragraphs = [p for p in paragraphs if not (p.startswith("附件") and any(n and n in p for n in names))]
    if not paragraphs:
        paragraphs = _fallback_body(text)
    if not paragraphs:
        return ExtractError(url, "no article body found")
    doc_no = _doc_no(scan.label_nodes, stamp, paragraphs)
    publisher = _publisher(meta, ld, info, source)
    head_text = title + "".join(paragraphs[:3])
    language = "zh" if len(CJK.findall(head_text)) > 0.1 * max(1, len(head_text)) else "en"
    return Article(
        url=url, title=title,
        published=published.when if published else None,
        published_precision=published.precision if published else "minute",
        publisher=publisher, site=source.id if source else (urlsplit(url).hostname or ""),
        site_name=source.name if source else meta.get("sitename", ""),
        column=_column(root, meta, source, url), author=_author(info, ld),
        doc_no=doc_no, doc_type=_doc_type(title, source, publisher), language=language,
        canonical_url=urljoin(url, scan.canonical) if scan.canonical else url, body=paragraphs,
        attachments=attachments,
    )


# -- parsing ---------------------------------------------------------------------------------------

_local = threading.local()


def _parser() -> etree.HTMLParser:
    """lxml parsers must not be shared between threads; one per thread, reused."""
    p = getattr(_local, "parser", None)
    if p is None:
        p = _local.parser = etree.HTMLParser(remove_pis=True)
    return p


def _parse(text: str):
    """The document root, or None. Two back-to-back <html> documents (some CMS templates) parse as
    one: libxml2 merges the second document's head and body into the first."""
    text = _XML_DECL.sub("", text, count=1)
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
    return _WS.sub("", s or "")


def _clean_text(s: str) -> str:
    return _WS.sub(" ", s.replace("\xa0", " ").replace("\u3000", " ")).strip()


def _text(el) -> str:
    return "".join(el.itertext())


@dataclass
class _Scan:
    """What one walk over the tree collects for the rules."""

    meta: dict[str, str] = field(default_factory=dict)
    page_title: str = ""
    ld_scripts: list = field(default_factory=list)
    time_attrs: list[str] = field(default_factory=list)          # <time datetime=…>
    body_candidates: list = field(default_factory=list)          # (rank, element)
    date_elements: list = field(default_factory=list)            # class *date*/*time*, id *time*
    header_times: list = field(default_factory=list)             # Xinhua split date boxes
    label_nodes: list = field(default_factory=list)              # elements whose own text has a label
    markers: list = field(default_factory=list)                  # (kind, comment) for Hanweb markers
    canonical: str = ""
    pos: dict = field(default_factory=dict)                      # element → document order


def _has_label(s: str) -> bool:
    return "来源" in s or "时间" in s or "日期" in s or "字号" in s


def _scan(root) -> _Scan:
    sc = _Scan()
    meta, pos, labels, cands, dates = sc.meta, sc.pos, sc.label_nodes, sc.body_candidates, sc.date_elements
    for i, el in enumerate(root.iter()):
        tag = el.tag
        if tag.__class__ is not str:
            if tag is etree.Comment:
                c = el.text or ""
                if "ContentStart" in c or "信息内容]>begin" in c:
                    sc.markers.append(("start", el))
                elif "ContentEnd" in c or "信息内容]>end" in c:
                    sc.markers.append(("end", el))
            tail = el.tail
            if tail and _has_label(tail) and (p := el.getparent()) is not None:
                labels.append(p)
            continue
        pos[el] = i
        text = el.text
        if text and _has_label(text):
            labels.append(el)
        tail = el.tail
        if tail and _has_label(tail) and (p := el.getparent()) is not None:
            labels.append(p)
        if tag == "meta":
            key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
            val = el.get("content")
            if key and val and key not in meta:
                meta[key] = _clean_text(val)
            continue
        if tag == "title":
            if not sc.page_title:
                sc.page_title = _clean_text(_text(el))
            continue
        if tag == "script":
            if el.get("type") == "application/ld+json":
                sc.ld_scripts.append(el)
            continue
        if tag == "time":
            if dt := el.get("datetime"):
                sc.time_attrs.append(dt)
        elif tag == "link":
            if not sc.canonical and el.get("rel") == "canonical" and el.get("href"):
                sc.canonical = el.get("href")
        ident = el.get("id")
        cls = el.get("class")
        if ident:
            if ident in _ID_RANK:
                cands.append((_ID_RANK[ident], el))
            if "time" in ident:
                dates.append(el)
                continue
        if cls:
            for c in cls.split():
                if c in _CLASS_RANK:
                    cands.append((_CLASS_RANK[c], el))
            if "date" in cls or "time" in cls:
                dates.append(el)
                if "header-time" in cls:
                    sc.header_times.append(el)
    return sc


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

def _title(root, scan: _Scan, ld: dict, source: Source | None) -> str:
    meta = scan.meta
    if source and source.extract.title:
        el = _selector(source.extract.title)(root)
        if el:
            return _clean_text(_text(el[0]))
    for k in META_TITLE[:2]:
        if meta.get(k):
            return meta[k]
    if isinstance(ld.get("headline"), str) and ld["headline"].strip():
        return _clean_text(ld["headline"])
    page_title = scan.page_title
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

    __slots__ = ("nodes", "lead", "scope")

    def __init__(self, nodes: list, lead: str, scope):
        self.nodes = nodes      # top-level nodes of the body, in order
        self.lead = lead        # text before the first node (container text / the marker's tail)
        self.scope = scope      # where attachment links are looked for

    def contains(self, el) -> bool:
        """Whether ``el`` is one of the body's nodes or inside one."""
        nodes = self.nodes
        while el is not None:
            for n in nodes:
                if n is el:
                    return True
            el = el.getparent()
        return False


def _body_element(root, scan: _Scan, source: Source | None) -> _Body | None:
    if source and source.extract.body:
        found = _selector(source.extract.body)(root)
        if found:
            return _container(found[0])
    marked = _between_markers(scan.markers)
    if marked is not None:
        return marked
    best = None
    for rank, el in scan.body_candidates:
        if best is not None and rank > best[0][0]:
            continue
        n = len(_squash(_text(el)))
        if n < 20:
            continue
        key = (rank, -n)
        if best is None or key < best[0]:
            best = (key, el)
    return _container(best[1]) if best else None


def _container(el) -> _Body:
    parent = el.getparent()
    return _Body([el], "", parent if parent is not None else el)


def _between_markers(markers: list) -> _Body | None:
    """Hanweb pages wrap the body in <!--ContentStart--> … <!--ContentEnd--> comments."""
    start = next((el for kind, el in markers if kind == "start"), None)
    if start is None:
        return None
    end = next((el for kind, el in markers if kind == "end"), None)
    nodes = []
    node = start.getnext()
    while node is not None and node is not end:
        nodes.append(node)
        node = node.getnext()
    parent = start.getparent()
    if not any(isinstance(n.tag, str) for n in nodes):
        return _container(parent) if parent is not None else None
    return _Body(nodes, start.tail or "", parent)


def _info_text(label_nodes: list, title: str, body: _Body | None, pos: dict) -> str:
    """The visible metadata lines (发布时间/来源/日期): the widest short block (6–160 characters)
    around each labelled text, outside the body (a body's 报名时间：… is not the publish time).

    A <span> inside a div/td/p never stands alone: its parent is the line."""
    chosen: dict = {}
    seen: set = set()
    for node in label_nodes:
        if node in seen:
            continue
        seen.add(node)
        inside = body is not None and body.contains(node)
        best = None
        el = node
        while el is not None:
            parent = el.getparent()
            if inside:
                if any(n is el for n in body.nodes):
                    inside = False  # the body's top: its ancestors are outside
                el = parent
                continue
            tag = el.tag
            if tag in INFO_TAGS and not (tag == "span" and parent is not None and parent.tag in ("div", "td", "p")):
                t = _clean_text(" ".join(el.itertext()))
                if len(t) > 160:
                    break
                if len(t) >= 6 and ("来源" in t or PUBTIME_LABEL.search(t)) and t != title:
                    best = (el, t)
            el = parent
        if best is not None:
            chosen[best[0]] = best[1]
    lines: list[str] = []
    for el in sorted(chosen, key=lambda e: pos.get(e, 0)):
        t = chosen[el]
        if not any(t in x for x in lines):
            lines.append(t)
    return "\n".join(lines[:6])


def _published(root, scan: _Scan, ld: dict, info: str, source: Source | None, body: _Body | None) -> Stamp | None:
    candidates: list[Stamp] = []
    if source and source.extract.date:
        for el in _selector(source.extract.date)(root):
            if st := parse_datetime(_text(el)):
                candidates.append(st)
    meta = scan.meta
    for k in META_DATE:
        if st := parse_datetime(meta.get(k)):
            candidates.append(st)
    if isinstance(ld.get("datePublished"), str) and (st := parse_datetime(ld["datePublished"])):
        candidates.append(st)
    for dt in scan.time_attrs:
        if st := parse_datetime(dt):
            candidates.append(st)
    for line in info.splitlines():
        m = PUBTIME_LABEL.search(line)
        if st := parse_datetime(line[m.start():] if m else line):
            candidates.append(st)
    if split := _split_date(scan.header_times):
        candidates.append(split)
    for el in scan.date_elements:
        if body is not None and body.contains(el):
            continue
        if st := parse_datetime(_clean_text(_text(el))[:40]):
            candidates.append(st)
    if not candidates:
        return None
    best = candidates[0]
    if best.precision == "day":  # a later candidate may show the time of the same day
        for c in candidates[1:]:
            if c.precision == "minute" and c.when.date() == best.when.date():
                return c
    return best


def _split_date(boxes: list) -> Stamp | None:
    """Xinhua-style header: year, month/day and time in separate spans."""
    for box in boxes:
        parts = _DATE_XPATH(box)
        year = [e for e in parts if "year" in (e.get("class") or "")]
        day = [e for e in parts if "day" in (e.get("class") or "")]
        tm = [e for e in parts if "time" in (e.get("class") or "")]
        if year and day:
            md = re.findall(r"\d+", _text(day[0]))
            y = re.findall(r"\d{4}", _text(year[0]))
            if y and len(md) >= 2:
                t = _text(tm[0]).strip() if tm else ""
                return parse_datetime(f"{y[0]}-{md[0]}-{md[1]} {t}")
    return None


def _publisher(meta: dict, ld: dict, info: str, source: Source | None) -> str:
    if meta.get("contentsource"):
        return meta["contentsource"]
    m = SOURCE.search(info)
    if m:
        return m.group(1).strip("：: ")
    if meta.get("source"):
        return meta["source"]
    pub = ld.get("publisher")
    if isinstance(pub, dict) and pub.get("name"):
        return str(pub["name"])
    return source.publisher if source else ""


def _author(info: str, ld: dict) -> str:
    m = AUTHOR.search(info)
    if m:
        return m.group(1)
    a = ld.get("author")
    if isinstance(a, dict):
        return str(a.get("name", ""))
    if isinstance(a, list) and a and isinstance(a[0], dict):
        return str(a[0].get("name", ""))
    return ""


def _column(root, meta: dict, source: Source | None, url: str) -> str:
    if meta.get("columnname"):
        return meta["columnname"]
    if source and (col := source.column_for(url)):
        return col
    crumbs = _CRUMB_LINKS(root)
    return _clean_text(_text(crumbs[-1])) if crumbs else ""


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


def _doc_no(label_nodes: list, stamp: str, body: list[str]) -> str:
    """The 文号: the gov.cn 发文字号 table cell (value in the next cell or after the label), else the
    centred line heading the body, else a standalone 文号 paragraph among the body's first three
    (a 文号 cited inside a sentence is another document's)."""
    for node in label_nodes:
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
        if not buf:
            return
        t = _BODY_WS.sub(" ", "".join(buf).replace("\xa0", " ")).strip(" \t\r\n\u3000")
        buf.clear()
        if t and not BOILERPLATE.match(t) and not EDITOR_LINE.match(t):
            out.append(t)

    def walk(children):
        nonlocal stamp
        for child in children:
            tag = child.tag
            if tag.__class__ is not str:
                if child.tail:
                    buf.append(child.tail)
                continue
            if tag in DROP_TAGS:
                if child.tail:
                    buf.append(child.tail)
                continue
            cls = child.get("class")
            if cls and not DROP_CLASSES.isdisjoint(cls.lower().split()):
                if child.tail:
                    buf.append(child.tail)
                continue
            if tag in BLOCKS:
                flush()
                n = len(out)
                if child.text:
                    buf.append(child.text)
                walk(child)
                flush()
                if len(out) == n + 1 and n <= 1 and not stamp and _centred(child) and len(out[-1]) <= 40 \
                        and (m := DOC_NO.fullmatch(_squash(out[-1]))):
                    stamp = m.group(0)
                    out.pop()
            elif tag == "br":
                flush()
            else:
                if child.text:
                    buf.append(child.text)
                walk(child)
            if child.tail:
                buf.append(child.tail)

    if body.lead:
        buf.append(body.lead)
    if len(body.nodes) == 1 and isinstance(body.nodes[0].tag, str):
        box = body.nodes[0]
        if box.text:
            buf.append(box.text)
        walk(box)
    else:
        walk(body.nodes)
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
        last = href.rsplit("/", 1)[-1].split("?", 1)[0].split("#", 1)[0]
        ext = last.rsplit(".", 1)[-1].lower() if "." in last else ""
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
    return [p for p in (_clean_text(x) for x in txt.splitlines()) if p and not BOILERPLATE.match(p)]
