"""Rules-first extraction of Chinese official and media article pages, general where no rule fits.

Official sites are regular: meta tags (ArticleTitle, PubDate, ContentSource, ColumnName), a
visible 发布时间/来源 line and one of a few CMS body containers; those rules run first. A page of
unknown layout gets its container from text density (``density.py``) and keeps the densest run of
running text in it. Either way the body is then cleaned the same way: metadata lines and tables
inside it go to their fields, the headline repeated as the document's own title (with the 文号
under it), bylines, captions, share prompts and credits leave it. The fields come from what the
page shows: labelled lines wherever markup splits them, the line under the headline, metadata
tables; 发布日期 before 成文日期.

The page is parsed once, as bytes in its declared charset (libxml2 validates them as it decodes;
only a page whose bytes fail is decoded by Python's rules and parsed again), within a budget (see
``MAX_BYTES``). The walks over the tree are in ``tree.py``; every predicate on what they find is
decided here.
"""
from __future__ import annotations

import itertools
import json
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Iterator, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector
from tld import is_tld

from ribao.catalog import Catalog, Source, load_catalog
from ribao.errors import RibaoError
from ribao.extract import density, tree
from ribao.extract.body import (DECK as _DECK, Body as _Body, MetaTable as _MetaTable, PUNCTUATION as _PUNCTUATION,
                                ISSUER_INFO as _ISSUER_INFO, SENTENCE_END as _SENTENCE_END,
                                clean_body as _clean_body, comments_start as _comments_start,
                                densest_run as _densest_run, meta_tables as _meta_tables,
                                not_an_article as _not_an_article, off_headline as _off_headline,
                                paragraphs as _paragraphs, restates_headline as _restates_headline,
                                signature_end as _signature_end, summary_box as _summary_box, text_end as _text_end)
from ribao.extract.tree import clean_text as _clean_text, squash as _squash, text_before as _text_before, text_of as _text
from ribao.extract.dates import Stamp, epoch_stamp, parse_datetime
from ribao.extract.decode import Decoded, declared_charset, decode_html, wide_bom
from ribao.extract.patterns import (ATTACHMENT_EXT, AUTHOR, BARE_SOURCE, CJK as _CJK, DOC_NO, DOC_TYPES, FROM_FIELD, MEDIA_NAME,
                                    NOTICE_NO, PUBTIME_LABEL, is_boilerplate, join_labels, sources)
from ribao.models import Article, Attachment

# Known body containers, most specific first (ids, then classes); the rank orders candidates.
BODY_IDS = ["UCAP-CONTENT", "detailContent", "con_con", "zoom", "detail", "js_content", "ContentStart",
            "article_content", "content"]
BODY_CLASSES = ["TRS_Editor", "pages_content", "article-body", "rm_txt_con", "wzcon", "article_con",
                "detail-content", "ccontent", "wzxq_neirong2", "article-content", "content"]
META_TITLE = ("articletitle", "og:title")
META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "og:article:published_time",
             "publishtime", "og:release_date", "datepublished", "dc.date", "date")
INFO_TAGS = frozenset(("div", "span", "p", "td", "h2", "li", "center"))  # elements that can hold a 发布时间/来源 line
_SPAN_HOSTS = frozenset(("div", "td", "p"))  # a span inside one of these is part of the host's line
_INLINE = frozenset(("a", "br", "img", "b", "strong", "i", "u", "sub", "sup"))  # never a date box or breadcrumb
_CONTAINER_TAGS = ("div", "td", "section", "article", "main")  # where a class names the body container
_CANDIDATE_TAGS = (*_CONTAINER_TAGS, "span", "font", "table")  # where an id names the body container
# words of a metadata line (发布时间/来源/日期/[字号]), and the end of a label split by markup (来<span> </span>源：)
_LABELS = re.compile("来源|稿源|出自|出处|转载自|时间|日期|字号|源[：:]|[表布]于|于(?:19|20)")
_DATE_CLASSES = ("date", "time")  # class words of a date box
_CRUMB_CLASSES = ("crumb", "location", "position")  # class words of a breadcrumb
_SOURCE_WORDS = ("来源", "稿源", "出自", "出处", "转载自")  # the labels of a 来源 line (出自[人民文学出版社])
_MARK_START = ("ContentStart", "信息内容]>begin")  # Hanweb body markers (comments)
_MARK_END = ("ContentEnd", "信息内容]>end")


# The per-page budget. Over MAX_BYTES a page is cut before parsing (after inline data: URIs and
# runs of empty elements are dropped): a 20 MB page is a data dump or an inlined image, its title
# and opening are in the first megabytes, and the walks over millions of elements would take many
# seconds. libxml2's HTML parser is super-quadratic in the attributes of one element (200,000 took
# 7 minutes), so a start tag is cut to MAX_TAG bytes of attributes; it stops nesting at 256 levels
# (the rest of such a page is lost, and reported).
MAX_BYTES = 2_000_000
MAX_TAG = 16_384
_DATA_URI = re.compile(rb"""(["'(])data:[^"')]{1024,}""")
_EMPTY_ELEMENT = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]{0,9})(?:\s[^<>]{0,200})?>\s*</\1\s*>")
_LONG_TAG = re.compile(rb"<([a-zA-Z][^\s<>/]{0,20})(\s[^<>]{%d,})>" % MAX_TAG)
_TOO_DEEP = "Excessive depth"
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_DOC_END = re.compile(r"</(?:html|body)\s*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜»]|--| - |-(?=[^-]*$))\s*")
_TRAILING_NOTE = re.compile(r"(?:[（(][^）)]{1,20}[）)])+$")
_LINE_MAX = 160  # a metadata line is short
_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class ExtractError:
    """A page that yields no article, and why: counted and stored, the batch goes on."""

    url: str
    reason: str


class ExtractorBroken(RibaoError):
    """The extractor itself cannot run (a module it needs is missing or broken): a broken install,
    not a bad page, so it stops the batch instead of being counted against every page."""


def extract_page(raw: bytes, url: str, content_type: str | None = None, *,
                 catalog: Catalog | None = None) -> Article | ExtractError:
    """Extract one article page. Returns an ExtractError (never raises) when it cannot.

    Pages over ``MAX_BYTES`` are extracted best-effort from their first ``MAX_BYTES`` (inline
    ``data:`` URIs removed first), so no page costs more than a bounded parse.
    """
    try:
        return _extract(raw, url, content_type, catalog or load_catalog())
    except ImportError as exc:
        raise ExtractorBroken(f"the extractor cannot run: {exc}; the installation is broken, reinstall ribao "
                              f"(pip install .)") from exc
    except Exception as exc:  # a bug met on this page: the batch goes on, the reason names it as ours
        return ExtractError(url, f"internal error: {type(exc).__name__}: {exc}")


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
    if (wide := wide_bom(raw)) is not None:  # UTF-16/32: as UTF-8, which every later rule reads
        raw = raw.decode(wide, "replace").encode("utf-8")
        content_type = "text/html; charset=utf-8"
    if len(raw) > MAX_BYTES:
        raw = _squeeze(_without_bundles(_DATA_URI.sub(rb"\1", raw)))[:4 * MAX_BYTES]
    if len(raw) > MAX_TAG and _LONG_TAG.search(raw):
        raw = _LONG_TAG.sub(_cut_tag, raw)
    raw = raw[:MAX_BYTES]
    if b"\x00" in raw:  # binary junk in a page; no control byte is text (nor inside a UTF-8/GB18030 character)
        raw = raw.translate(None, _CONTROL_BYTES)
    root, decoded, deep = _parse(raw, content_type)
    if root is None:
        return ExtractError(url, "no HTML document could be parsed")
    if deep:
        return ExtractError(url, "elements nested more than 256 deep: the parser stops there, the page's text past "
                                 "that depth is lost")
    source = _source_for(catalog, url)
    head = _Head(root)
    ld = _json_ld(head.ld_scripts)
    meta = head.meta

    title = _tidy_title(_title(root, head, ld, source))
    board = ""
    body = _body(root, source, head, title)
    if body is not None and _weak_title(root, head, title, source, ld, url, body) and \
            (above := _tidy_title(_headline_above(body, title, url, head.page_title))):
        board = head.page_title  # <title> names the site or board; the post's headline is shown over its text
        title = above
    if not title:
        return ExtractError(url, "no title found")
    if body is None:
        return ExtractError(url, "no article body found")
    if meta.get("generator", "").lower().startswith(_REFERENCE_SOFTWARE):
        return ExtractError(url, "no article body found (an entry of a wiki: a reference page, not a dated article)")
    if b"Answer" in raw and _answers(root, head.ld_scripts) > 1:  # the bytes first: the walk costs 0.5 ms a page
        return ExtractError(url, "no article body found (a question with its answers: a Q&A thread, not an article)")
    tables = _meta_tables(body, root)
    outside = _Outside(root, body, title)
    paras = _paragraphs(body, {t.element for t in tables})
    lead = trail = 0
    if body.known:  # a CMS's container can hold the page's foot too: the article ends where its text does
        end = _text_end(paras, _densest_run(paras)[1])
        trail = min(len(paras) - end, 4)
        below = _post_lines(paras[max(end - _POST_TAIL, 0):])
        paras = paras[:end + trail]
    else:
        start, end = _densest_run(paras)
        if (cut := _comments_start(paras, start, end)) < end:  # the run went on into the comments
            first, last = _densest_run(paras[start:cut])
            start, end = start + first, start + last
        start -= _described_lead(paras, start, head, title)
        end = _signature_end(paras, end)
        lead = min(start, 8)  # the lines just before the run: the headline, 文号, info lines it left out
        trail = min(len(paras) - end, 4)  # and just after it: a 来源 credit
        below = _post_lines(paras[max(end - _POST_TAIL, start):])
        paras = paras[start - lead:end + trail]
    cleaned = _clean_body(paras, title, lead, trail)
    paragraphs = cleaned.paragraphs
    boxed = set(_ATTACH_BOX_LINKS(root)) if _ATTACH_CLASS.search(raw) else set()  # the bytes first: 0.4 ms
    attachments = _attachments(root, body, url, boxed) if head.file_links or boxed else []
    if not paragraphs:
        return ExtractError(url, "no article body found")
    if (reason := _not_an_article(cleaned, body, title)):
        return ExtractError(url, f"no article body found ({reason})")
    if density.listing(body.nodes[0]):
        return ExtractError(url, "no article body found (a list of entries, each led by its headline's link)")
    if not body.known and density.teaser(body.nodes[0]):
        return ExtractError(url, "no article body found (a teaser leading on to a story elsewhere)")
    if not body.known and density.list_entry(body.nodes[0]):
        return ExtractError(url, "no article body found (the text found is one entry of a list: search results, posts)")
    if not body.known and density.among_stamps(body.nodes[0]):
        return ExtractError(url, "no article body found (a short text among timestamped entries: a thread, a feed)")
    byline = _byline(root, title)
    info = _Info(outside, cleaned.info, cleaned.foot, tables, byline.text, byline.linked, byline.above, below)
    published = _published(head, ld, info, source, root)
    if published is None and not body.known and _off_headline(title, "".join(paragraphs)) and _heads_links(root, title):
        return ExtractError(url, "no article body found (an undated text under a heading it never mentions: "
                                 "a box's heading, no headline)")
    doc_no = _doc_no(info, cleaned.stamp, paragraphs)
    publisher = _named_once(_publisher(meta, ld, info, source, root, head, title, url, board))
    return Article(
        url=url, title=title,
        published=published.when if published else None,
        published_precision=published.precision if published else "minute",
        publisher=publisher, site=source.id if source else (urlsplit(url).hostname or ""),
        site_name=source.name if source else meta.get("sitename", ""),
        column=_column(info, meta, source, url), author=_author(info, ld),
        doc_no=doc_no, doc_type=_doc_type(title, source, publisher), language=_language(title, paragraphs),
        canonical_url=urljoin(url, head.canonical) if head.canonical else url, body=paragraphs,
        attachments=attachments,
    )


_SOURCES: dict[int, tuple[Catalog, dict[str, Source | None]]] = {}


def _source_for(catalog: Catalog, url: str) -> Source | None:
    """``catalog.for_url``, remembered per scheme://host prefix (the lookup parses the URL and scans
    every source's hosts; the prefix is a slice)."""
    entry = _SOURCES.get(id(catalog))
    if entry is None or entry[0] is not catalog:
        entry = _SOURCES[id(catalog)] = (catalog, {})  # holding the catalog keeps its id unique
    known = entry[1]
    cut = url.find("/", url.find("//") + 2)
    key = url[:cut] if cut > 0 else url
    if key not in known:
        if len(known) > 4096:
            known.clear()
        source = catalog.for_url(url)
        known[key] = source if source is not None and _owns(source, urlsplit(url).hostname or "") else None
    return known[key]


def _owns(source: Source, host: str) -> bool:
    """Whether the catalog's source is this host's own site. A listed host that is a public suffix
    (gov.cn, com.cn) owns only itself and its www name: www.mof.gov.cn is the Ministry of Finance,
    not a page of gov.cn, so its publisher is the one the page shows."""
    host = host.lower().rstrip(".")
    for h in source.hosts:
        if host == h or host == "www." + h:
            return True
        if host.endswith("." + h) and not is_tld(h):
            return True
    return False


# -- parsing ---------------------------------------------------------------------------------------

_local = threading.local()
_BYTE_ENCODINGS = ("utf-8", "gb18030")  # libxml2 decodes these itself (and rejects what Python's codecs do)
_INVALID_ENCODING = etree.ErrorTypes.ERR_INVALID_ENCODING


def _parser(encoding: str | None = None) -> etree.HTMLParser:
    """lxml parsers must not be shared between threads; one per thread and encoding, reused.
    No id index (``collect_ids``): containers are found by a filtered walk, not ``id()``."""
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    p = parsers.get(encoding)
    if p is None:
        p = parsers[encoding] = etree.HTMLParser(remove_pis=True, collect_ids=False, encoding=encoding)
    return p


def _squeeze(raw: bytes) -> bytes:
    """The page without the empty elements it repeats by the thousand (20 MB of <i></i> before the
    article): sampled in the part a cut would keep, then removed everywhere at C speed."""
    for _ in range(3):
        mid = min(len(raw), MAX_BYTES) // 2
        sample = raw[mid: mid + 65_536]
        forms: dict[bytes, int] = {}
        for m in _EMPTY_ELEMENT.finditer(sample):
            forms[m.group(0)] = forms.get(m.group(0), 0) + 1
        junk = [f for f, n in forms.items() if n >= 64]
        if not junk:
            break
        for f in junk:
            raw = raw.replace(f, b"")
    return raw


def _without_bundles(raw: bytes) -> bytes:
    """The page with the code of its inline library bundles left out (2.5 MB of script before the
    page's own small scripts and text, on a WeChat article): what a cut at MAX_BYTES would keep
    is then the page, and the scripts that set its date."""
    out, at = [], 0
    low = raw.lower()
    while (start := low.find(b"<script", at)) >= 0:
        body = low.find(b">", start) + 1
        end = low.find(b"</script", body) if body else -1
        if end < 0:
            break
        out.append(raw[at:body] if end - body > _BUNDLE else raw[at:end])
        at = end
    out.append(raw[at:])
    return b"".join(out)


_BUNDLE = 50_000  # an inline script this long (bytes or characters) is a library's bundle, not the page's


def _cut_tag(m: re.Match) -> bytes:
    """A start tag with its attributes cut to MAX_TAG bytes (at an attribute boundary)."""
    attrs = m.group(2)[:MAX_TAG]
    k = attrs.rfind(b" ")
    return b"<" + m.group(1) + (attrs[:k] if k > 0 else b"") + b">"


def _parse(raw: bytes, content_type: str | None) -> tuple[etree._Element | None, Decoded | None, bool]:
    """The document root (None when there is no document), the decoded text when it had to be made,
    and whether the parser stopped at its nesting limit.

    The usual page is parsed once, as bytes, in the charset ``decode_html`` would try first (a str
    would cost libxml2 a UTF-16 → UTF-8 pass, and the decode itself as much again): libxml2 reports
    bytes invalid in that charset exactly where Python's codec rejects them, and then
    ``decode_html``'s rules choose (a lying charset, broken bytes). Two back-to-back <html>
    documents (a redirect stub before the page, an include after it) become one: libxml2 stops at
    the first </html>, so the end tags of <html> and <body> go and the second document's nodes
    land in the first one's body."""
    two = raw.count(b"<html") + raw.count(b"<HTML") > 1
    if not two and (enc := declared_charset(raw, content_type)) in _BYTE_ENCODINGS:
        parser = _parser(enc)
        try:
            root = etree.fromstring(raw, parser)
        except (etree.ParserError, etree.XMLSyntaxError):
            root = None
        if not any(e.type == _INVALID_ENCODING for e in parser.error_log):
            return _document(root), None, _too_deep(parser)
    decoded = decode_html(raw, content_type)
    if decoded.exact and not two and decoded.encoding in _BYTE_ENCODINGS:
        parser = _parser(decoded.encoding)
        try:
            return _document(etree.fromstring(raw, parser)), decoded, _too_deep(parser)
        except (etree.ParserError, etree.XMLSyntaxError):
            return None, decoded, False
    text = decoded.text
    if "<?xml" in text[:200]:
        text = _XML_DECL.sub("", text, count=1)
    if two:
        text = _DOC_END.sub("", text)
    parser = _parser()
    try:
        root = etree.fromstring(text, parser)
    except ValueError:  # NUL and other control characters lxml refuses in a str
        try:
            root = etree.fromstring(_CONTROL.sub("", text), parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return None, decoded, False
    except (etree.ParserError, etree.XMLSyntaxError):
        return None, decoded, False
    return _document(root), decoded, _too_deep(parser)


def _too_deep(parser) -> bool:
    return any(_TOO_DEEP in e.message for e in parser.error_log)


def _document(root) -> etree._Element | None:
    if root is None or not isinstance(root.tag, str):
        return None
    if root.getnext() is not None:
        _adopt_after_end(root)
    return root


def _adopt_after_end(root) -> None:
    """What follows </html> (libxml2 makes it a second top-level <html>, outside ``root``) goes
    into <body>, where a browser shows it, as a <div>: every walk then sees the whole page."""
    body = root.find("body")
    if body is None:
        body = root
    sib = root.getnext()
    while sib is not None:
        nxt = sib.getnext()
        if isinstance(sib.tag, str):
            for el in sib.iter("html", "head", "body"):
                el.tag = "div"
        body.append(sib)
        sib = nxt


class _Head:
    """What the page says about itself outside its visible text: meta tags, <title>, JSON-LD,
    <time datetime>, the canonical link (``tree.survey``); the elements that may hold the body and
    the Hanweb body markers."""

    __slots__ = ("meta", "page_title", "ld_scripts", "scripts", "time_attrs", "canonical", "named", "candidates", "marks",
                 "file_links")

    def __init__(self, root):
        found = tree.survey(root, ATTACHMENT_EXT)
        meta: dict[str, str] = {}
        for key, val in found.metas:  # the first of a name wins
            if key and key not in meta:
                meta[key] = val
        self.meta = meta
        self.page_title = ""
        for el in found.titles:
            if t := _clean_text((el.text or "") if len(el) == 0 else _text(el)):
                self.page_title = t
                break
        self.ld_scripts = [el for el in found.scripts if (el.get("type") or "").strip().lower() == "application/ld+json"]
        self.scripts = found.scripts
        self.time_attrs: list[str] = found.times
        self.canonical = next((h for h in (x.strip() for x in found.canonicals) if h), "")
        self.named = _CANDIDATES(root)  # every element with an id or a class, in document order
        self.candidates = _candidates(self.named)
        self.marks = _markers(root)
        self.file_links: bool = found.file_links  # an <a href> names a file with an attachment extension


class _Candidate(NamedTuple):
    rank: int  # position in BODY_IDS, or len(BODY_IDS) + position in BODY_CLASSES
    element: object


_ID_RANK = {k: i for i, k in enumerate(BODY_IDS)}
_GENERIC_RANKS = frozenset((BODY_IDS.index("content"), len(BODY_IDS) + BODY_CLASSES.index("content")))
_CLASS_RANK = {k: i for i, k in enumerate(BODY_CLASSES, start=len(BODY_IDS))}


_CANDIDATES = etree.XPath("//*[@id or @class]")


def _candidates(named: list) -> list[_Candidate]:
    """Elements that may hold the body, in document order: a known id on a candidate tag, a known
    class token on a container tag (XPath finds the elements with an id or a class)."""
    out = []
    for el in named:
        if el.tag not in _CANDIDATE_TAGS:
            continue
        if (rank := _ID_RANK.get(el.get("id"))) is not None:
            out.append(_Candidate(rank, el))
        if el.tag in _CONTAINER_TAGS and (cls := el.get("class")):
            ranks = [_CLASS_RANK[c] for c in cls.split() if c in _CLASS_RANK]
            if ranks:
                out.append(_Candidate(min(ranks), el))
    return out


class _Markers(NamedTuple):
    start: object  # the <!--ContentStart--> comment, or None
    end: object


def _markers(root) -> _Markers:
    start = None
    for c in root.iter(etree.Comment):
        t = c.text or ""
        if start is None:
            if any(m in t for m in _MARK_START):
                start = c
        elif any(m in t for m in _MARK_END):
            return _Markers(start, c)
    return _Markers(start, None)


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
    """The catalog's selector; else the title meta tags (ArticleTitle, og:title, JSON-LD headline;
    markup inside them dropped) unless a headline on the page is that title less a site or column
    name; else an h1/h2 (or title-like element) that <title> holds; else <title> up to its first
    separator."""
    meta = head.meta
    if source and source.extract.title:
        el = _selector(source.extract.title)(root)
        if el:
            return _clean_text(_text(el[0]))
    page_title = head.page_title
    headings, title_like = _headings(root, head.named)
    shown = _shown(headings)
    n_headings = len(shown)
    shown += _shown(title_like)
    claimed = [_strip_markup(meta[k]) for k in META_TITLE if meta.get(k)]
    if isinstance(ld.get("headline"), str) and ld["headline"].strip():
        claimed.append(_clean_text(ld["headline"]))
    for m in (c for c in claimed if c):
        if page_title and m not in page_title and _squash(m) not in _squash(page_title):
            # a claimed title <title> does not hold (the site's name in og:title): a shown headline it does
            agreed = next((t for t in shown if len(t) >= 4 and _squash(t) in _squash(page_title)), "")
            if agreed:
                return agreed
        return _within(m, shown) or _cut_at_quote(m, shown) or m
    # the longest headline <title> holds (a site's logo is often an <h1> too)
    agreed = [t for t in shown[:n_headings] if not page_title or t in page_title or page_title in t]
    if agreed:
        return max(agreed, key=len)
    agreed = [t for t in shown[n_headings:] if page_title and t in page_title]
    if agreed:
        return max(agreed, key=len)
    if page_title:
        return _shown_prefix(root, page_title) or _unbranded(root, _TITLE_SPLIT.split(page_title))
    return next((t for t in shown if len(t) <= 100), "")  # no <title>: the page's own headline


def _tidy_title(title: str) -> str:
    title = _TITLE_TAIL.sub("", tree.PRIVATE_USE.sub("", title)).strip()
    return m.group("name") if (m := _DECREE_TITLE.fullmatch(title)) else title


# A title that is a decree's head and the name of what it issues (…商务部令　（第20号）　　电子招标投标办法):
# the regulation's name is the headline.
_DECREE_TITLE = re.compile(r".{2,300}?令\s*[（(]?\s*第\s*\d{1,4}\s*号\s*[）)]?\s+(?P<name>[^\s（(].{1,80})")


def _weak_title(root, head: _Head, title: str, source: Source | None, ld: dict, url: str,
                body: _Body | None = None) -> bool:
    """Whether the title came from <title> alone and the page never shows it as an element's whole
    text outside the text (a board's or site's name, a greeting, "1"; a site's name the text shows only
    as its signature), or the page has no <title> at all: then the headline shown over the text is
    the better one."""
    if (source and source.extract.title) or any(head.meta.get(k) for k in META_TITLE) or \
            (isinstance(ld.get("headline"), str) and ld["headline"].strip()):
        return False
    if not head.page_title:
        return True
    if len(title) < 4:
        return True
    page_title = head.page_title
    if len(title) <= _COLUMN_NAME and page_title != title and page_title.endswith(title) and \
            not _TITLE_SPLIT.search(page_title):
        return True  # <title> is the site's name and a section's, unseparated (X部政府信息公开), the section's <h1> too
    if _TEXT_WITH(root, key=f"《{title}》"):
        return False  # the page quotes it as a title (《…》已有1件评论)
    want = _squash(title)
    shown = [el for el in _showing(root, title[:4]) if _squash(_text(el)) == want and not _signed(el, body)]
    if len(want) <= _COLUMN_NAME and any(el.tag == "a" and _links_away(el, url) for el in shown):
        return True  # a column's name the menus link to (通知公告 - 新闻动态 - 某某集团): the headline is shown apart
    return not any(not _links_away(el, url) for el in shown)


_COLUMN_NAME = 12  # a column's name is short


def _signed(el, body: _Body | None) -> bool:
    """Whether ``el`` closes the body under its running text, a short line with no sentence after
    it: the document's signature (the site's name as the organ that signed it), not a headline."""
    if body is None or not body.container:
        return False
    box = body.nodes[0]
    if not any(a is box for a in el.iterancestors()) or len(_squash(_text(el))) > _SIGNATURE_NAME:
        return False
    before = _text_before(box, el)
    after = _text(box)[len(before) + len(_text(el)):]
    return bool(_SENTENCE_END.search(before)) and not _SENTENCE_END.search(after)


_SIGNATURE_NAME = 30  # an organ's name signing a text is short


def _links_away(el, url: str) -> bool:
    """Whether ``el`` is (inside) a link to another page than this one: a board's or site's name in
    the breadcrumb, not the post's headline linked to itself."""
    for a in (el, *itertools.islice(el.iterancestors(), 2)):
        if a.tag == "a" and (href := (a.get("href") or "").strip()) and not href.startswith("#"):
            there = urlsplit(urljoin(url, href))
            here = urlsplit(url)
            same = _STEM.sub("", there.path) == _STEM.sub("", here.path) and there.query in ("", here.query)
            return not same
    return False


_STEM = re.compile(r"\.\w{2,5}$")  # a page's .html and .aspx addresses are one page


_ABOVE_NODES = 40  # text nodes looked at over the body for its headline
_HEADLINE_CHARS = (4, 80)
_EMPHASIS = frozenset(("b", "strong", "big", "h1", "h2", "h3", "h4", "h5", "h6"))
_BLOCK_TAGS = frozenset(("p", "div", "td", "th", "li", "center", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                         "body", "section", "article", "header", "dd", "dt"))
_NOT_HEADLINE = re.compile(r"[。；;:：]$|来源|作者|(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}|\d{1,2}/\d{1,2}/(?:19|20)\d{2}|"
                           r"扫一扫|分享到|分享至|[:：]\s*分享$|"  # a share box's prompt (微信扫一扫：分享)
                           r"^[\W\d_]*$")  # no word at all: a gallery's counter (1/25), a page number


_H1 = etree.XPath("//body//h1")


def _headline_above(body: _Body, title: str, url: str, page_title: str) -> str:
    """The post's headline shown over its text: the page's one <h1> when it stands outside the text
    and <title> does not hold it; else the first block of the body's container, or else
    the nearest block above it, of headline length whose text is emphasised (bold, big, a heading,
    a font size or colour, centred, a class or id naming a title), not a link to another page, not
    a metadata line, a sentence or a label, nor a part of <title> (a column's name). Old forum and
    blog layouts put it in a table cell over the post, or at the head of the post's own cell, while
    <title> names the board. A page without <title> keeps the heading it found when that heading is
    shown right there."""
    first = body.nodes[0]
    if len(h1 := [h for h in _H1(first.getroottree()) if not _hidden(h)]) == 1 and \
            _HEADLINE_CHARS[0] <= len(text := _clean_text(_text(h1[0]))) <= _HEADLINE_CHARS[1] and \
            text not in page_title and not any(_links_away(a, url) for a in (h1[0], *h1[0].iter("a"))) and \
            not any(a is first for a in h1[0].iterancestors()):
        return text  # the page's one <h1>, over the text: its headline
    inside = first.xpath(f".//text()[position() <= {_ABOVE_NODES}]") if body.container else []
    above = first.xpath(f"preceding::text()[position() <= {_ABOVE_NODES}]")
    want = "" if page_title else _squash(title)
    for piece in (*inside, *above):  # the page's own heading, found without <title>, shown right there
        el = piece.getparent()
        if want and el is not None and (el := el.getparent() if piece.is_tail else el) is not None and \
                _squash(_text(el)) == want and not _links_away(el, url):
            return title
    seen: set = set()
    for pieces in (inside, reversed(above)):
        for piece in pieces:
            words = _clean_text(piece)
            if not words:
                continue
            if len(words) > 200:
                break  # running text: no headline block beyond it
            found = _headline_block(piece, seen, url)
            if found and found != title and found not in page_title:  # not a column or site name <title> adds
                return found
    return ""


def _names_title(el) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return "title" in names or "head" in names


def _headline_block(piece, seen: set, url: str) -> str:
    """The text of the block holding ``piece`` when it reads as a headline (see ``_headline_above``)."""
    el = piece.getparent()
    if el is None or not isinstance(el.tag, str) or el.tag in tree.INVISIBLE or el.tag == "title":
        return ""
    if piece.is_tail:
        el = el.getparent()
        if el is None:
            return ""
    emphasised = False
    block = el
    while block is not None and block.tag not in _BLOCK_TAGS:
        if block.tag == "a" and _links_away(block, url):
            return ""
        emphasised = emphasised or block.tag in _EMPHASIS or _names_title(block) or \
            (block.tag == "font" and bool(block.get("size") or block.get("color")))
        block = block.getparent()
    if block is None or block in seen:
        return ""
    seen.add(block)
    emphasised = emphasised or block.tag in _EMPHASIS or (block.get("align") or "").lower() == "center" or \
        _names_title(block)
    text = _clean_text(_text(block))
    if not emphasised or not (_HEADLINE_CHARS[0] <= len(text) <= _HEADLINE_CHARS[1]) or \
            _NOT_HEADLINE.search(text) or any(_links_away(a, url) for a in block.iter("a")) or _hidden(block):
        return ""
    return text


# What a template leaves after a headline: a page number (页 1), separators with nothing between them (- -).
_TITLE_TAIL = re.compile(r"(?:\s*[(（]\s*(?:页|第)\s*\d{1,3}\s*页?\s*[)）]|(?:\s*[-－_|｜»])+)\s*$")
_HOME_HREF = re.compile(r"^(?:https?://[^/]+)?(?:\.{0,2}/)*(?:index\.\w{2,5})?$")
_HOME_LINKS = etree.XPath("//a[@href]")


def _unbranded(root, parts: list[str]) -> str:
    """The first of <title>'s parts that is not the site's name, which the page shows as the words
    or the logo's alt text of a link to its home page ("Joel on Software - 给计算机系学生的建议"); a
    part the page quotes in 《》 is the headline ("多维博客 » 播客热潮…")."""
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < 2:
        return parts[0] if parts else ""
    for p in parts:  # a headline the page quotes as a title (《…》已有1件评论)
        if len(p) >= 4 and _TEXT_WITH(root, key=f"《{p}》"):
            return p
    home: set[str] = set()
    for a in _HOME_LINKS(root):
        if _HOME_HREF.match(a.get("href", "").strip()):
            home.add(_clean_text(_text(a)))
            home.update(img.get("alt", "").strip() for img in a.iter("img"))
    return next((p for p in parts if p not in home), parts[0])


def _shown_prefix(root, page_title: str) -> str:
    """The longest start of <title>, up to one of its separators, that the page shows as an
    element's whole text ("书记市长这一周 | 奋马扬鞭…" shown as such is the headline, "| 扬子晚报" is not
    part of it): <title> split at its separators is only right where the page does not show more."""
    parts = _TITLE_SPLIT.split(page_title)
    if len(parts) < 2 or len(parts[0]) < 4:
        return ""
    best = ""
    for el in _showing(root, parts[0][:6], tails=False):
        t = _clean_text(_text(el))
        if len(t) <= len(best) or not page_title.startswith(t):
            continue
        if len(t) > len(parts[0]) and (len(t) == len(page_title) or _TITLE_SPLIT.match(page_title, len(t))):
            best = t
        elif 4 <= len(t) < len(parts[0]) and page_title[len(t)] == "-" and len(page_title) - len(t) < len(t):
            best = t  # …在我校举行-重庆市合川广播电视大学-重庆广播电视大学: the site's name has a hyphen too
    return best


_SEPARATED = re.compile(r"^\s*(?:[_|｜\-·:：]|\s)\s*|\s*(?:[_|｜\-·:：]|\s)\s*$")  # —— opens a subtitle
_LATIN = re.compile(r"^[\sA-Za-z0-9,.;:'()&\-]+$")


def _cut_at_quote(claimed: str, shown: list[str]) -> str:
    """The shown headline a meta title is the start of, up to a straight quote: the attribute was
    cut where the headline's own " closed it (content="河北小学生"被踢后"身亡…")."""
    return next((t for t in shown if len(t) > len(claimed) and t.startswith(claimed) and t[len(claimed)] == '"'), "")


def _within(claimed: str, shown: list[str]) -> str:
    """A headline the page shows that is the claimed title less what a site glues to it: a site or
    column name after a separator, an English subtitle."""
    for t in shown:
        if t == claimed or t not in claimed:
            continue
        k = claimed.find(t)
        rest = (claimed[:k] + "|" + claimed[k + len(t):]).strip("|")
        before, after = claimed[:k], claimed[k + len(t):]
        subtitle = not before and bool(after) and bool(_LATIN.match(after)) and bool(_CJK.search(t))
        if (not before or _SEPARATED.search(before)) and (not after or _SEPARATED.match(after) or _LATIN.match(after)) \
                and (len(t) >= 0.3 * len(claimed) or subtitle) and rest:
            return t
    return ""


def _strip_markup(value: str) -> str:
    """A meta value that holds raw HTML (ArticleTitle with <div>s in it) as its text."""
    if "<" not in value or ">" not in value:
        return value
    try:
        frag = etree.fromstring(f"<div>{value}</div>", etree.HTMLParser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return value
    return _clean_text(_text(frag)) if frag is not None else value


_HEADINGS = etree.XPath("//h1|//h2")
_TITLE_WORDS = re.compile("title|heading|Heading|headline")


def _headings(root, named: list) -> tuple[list, list]:
    """The <h1> then the <h2> elements, and the elements (of those with an id or a class) whose
    class or id says title or heading."""
    hs = _HEADINGS(root)
    like = [el for el in named if _TITLE_WORDS.search(f"{el.get('class') or ''} {el.get('id') or ''}")]
    return [h for h in hs if h.tag == "h1"] + [h for h in hs if h.tag == "h2"], like


def _shown(elements: list) -> list[str]:
    """The headlines' texts of 4–200 characters, none that the page hides (a share box's copy of
    <title>)."""
    out = []
    for h in elements:
        t = _clean_text(_text(h))
        if 4 <= len(t) <= 200 and not _hidden(h):
            out.append(_heading_text(h, t))
    return out


def _hidden(el) -> bool:
    return density.hidden(el) or any(density.hidden(a) for a in el.iterancestors())


_BR = re.compile(r"<br\s*/?>", re.I)


def _heading_text(h, text: str) -> str:
    """A headline's text; one over an English subtitle on its own line (标题<br>English subtitle) is
    the Chinese line."""
    if next(h.iter("br"), None) is None or not _CJK.search(text):
        return text
    lines = [_clean_text(_text(etree.fromstring(f"<div>{part}</div>", etree.HTMLParser())))
             for part in _BR.split(etree.tostring(h, encoding=str, method="html", with_tail=False))]
    lines = [x for x in lines if x]
    if len(lines) > 1 and _CJK.search(lines[0]) and all(_LATIN.match(x) for x in lines[1:]):
        return lines[0]
    return text


def _body(root, source: Source | None, head: _Head, title: str = "") -> _Body | None:
    """The catalog's selector, else the Hanweb markers, else the best-ranked known container that
    holds running text (the longest of equally ranked ones), else the container the page's running
    text gathers in (``density.ranked_containers``) — or, where that is a short box that does not
    restate the headline, the first one that does (a one-line flash beside its related reports' summaries)."""
    if source and source.extract.body:
        found = _selector(source.extract.body)(root)
        if found:
            return _container(found[0])
    marked = _between_markers(*head.marks)
    if marked is not None:
        return marked
    ranked: list[density.Scored] | None = None  # the page's containers by density, computed once when asked
    by_rank: dict[int, list] = {}
    for rank, el in head.candidates:
        if (not density.hidden(el) or rank < len(BODY_IDS) and density.shown_by_script(el)) and \
                not any(density.hidden(a) for a in el.iterancestors()) and not density.overlay(el):
            by_rank.setdefault(rank, []).append(el)
    for rank in sorted(by_rank):
        group = by_rank[rank]  # document order
        if rank < len(BODY_IDS):
            el = group[0]  # an id names one element; a duplicate is a template's mistake
        else:
            el = max(group, key=lambda e: len(_squash(_text(e))))  # the first of the longest
        if _holds_text(el):
            if rank in _GENERIC_RANKS:
                ranked = density.ranked_containers(root) if ranked is None else ranked
                if ranked and _text_elsewhere(ranked[0], el):
                    continue  # a box named only "content" beside the text (a list of collections)
            if rank in _GENERIC_RANKS and (inner := density.best_container(el)) is not None \
                    and inner.element is not el and _wraps_text(el, inner):
                return _container(inner.element, known=False)  # "content" named the page's wrapper
            return _container(el)
    ranked = density.ranked_containers(root) if ranked is None else ranked
    if not ranked:
        return None
    best = ranked[0]
    if title and best.chars < _SHORT_BOX and not _restates_headline(title, _text(best.element)):
        lead = _squash(head.meta.get("description") or head.meta.get("og:description"))[:_LEAD_CHARS]
        if len(lead) < _LEAD_CHARS or lead in _squash(_text(best.element)) or lead[:_LEAD_CHARS // 2] in _squash(title):
            lead = ""  # no description, the text's own, or the headline's (中方减少…顺差？ 外交部这样回应 -新闻频道-和讯网)
        best = next((c for c in ranked[1:] if c.link_density < _RESTATING_LINKS and
                     (_restates_headline(title, _beside_headline(title, c.element)) or
                      lead and lead in _squash(_text(c.element)) and not _summary_box(c.element, 2)) and
                     best.element not in c.element.iterancestors() and c.element not in best.element.iterancestors()),
                    best)
    parts = density.split_text(best, ranked)
    if len(parts) > 1:  # a text cut apart by boxes: its parts, not what stands between them
        parent = parts[0].getparent()
        return _Body(parts, "", _attachment_scope(parent if parent is not None else parts[0]), known=False)
    return _container(best.element, known=False)


def _described_lead(paras: list, start: int, head: _Head, title: str) -> int:
    """1 when the page's description opens with the line just above the densest run and goes on
    into the run's first line: the CMS cut it from the text's start, so that line (left out for
    want of a full stop: 这篇文章是…一个教程——【…】) is the text's first, not a deck or a label."""
    if start == 0:
        return 0
    desc = _squash(head.meta.get("description") or head.meta.get("og:description"))
    line, nxt = _squash(paras[start - 1].text), _squash(paras[start].text)
    if len(line) < _LEAD_CHARS // 2 or line in _squash(title) or line.endswith((":", "：")) or \
            not desc.startswith(line):
        return 0  # nor a line that introduces the text (The following is issued on behalf of …:)
    return int(desc[len(line):].startswith(nxt[:_LEAD_CHARS // 2]))


_REFERENCE_SOFTWARE = ("mediawiki",)  # what a reference site's <meta name="generator"> names
_SHORT_BOX = 500  # a container found this short may be a box beside the text …
_RESTATING_LINKS = 0.5  # … and the one that restates the headline holds less than this share of links
_LEAD_CHARS = 20  # … or holds this much of the opening of the page's description (the text's lead)


_MICRODATA_ANSWERS = etree.XPath(
    "count(//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' acceptedAnswer ') or "
    "contains(concat(' ', normalize-space(@itemprop), ' '), ' suggestedAnswer ')])")
_ANSWER_KEYS = ("acceptedAnswer", "suggestedAnswer")


def _answers(root, ld_scripts: list) -> int:
    """How many answers the page marks up for a schema.org Question (microdata, or a JSON-LD
    QAPage's mainEntity): a question shown with several answers by several people is a thread."""
    n = int(_MICRODATA_ANSWERS(root))
    for s in ld_scripts:
        try:
            data = json.loads(_text(s))
        except (ValueError, TypeError, RecursionError):
            continue
        for it in data if isinstance(data, list) else [data]:
            q = it.get("mainEntity", it) if isinstance(it, dict) else None
            if isinstance(q, dict) and q.get("@type") == "Question":
                n = max(n, sum(len(a) if isinstance(a, list) else 1 for k in _ANSWER_KEYS if (a := q.get(k))))
    return n


def _text_elsewhere(best: density.Scored, el) -> bool:
    """Whether the page's running text gathers outside ``el``, in a container (density's best) more
    than twice its size that neither holds it nor stands inside it."""
    if best.element is el:
        return False
    if any(a is el for a in best.element.iterancestors()) or any(a is best.element for a in el.iterancestors()):
        return False
    return best.chars > 2 * len(_squash(_text(el)))


def _beside_headline(title: str, el) -> str:
    """The element's text without the headline it may hold (a block of the headline, its info line
    and a short text under them)."""
    return _squash(_text(el)).replace(_squash(title), "", 1)


def _wraps_text(el, inner: density.Scored) -> bool:
    """Whether a container named only "content" wraps the text's own container: the text holds
    under 60 % of it, or all it adds is tools and labels without a sentence (a sidebar of the
    date, the account, 分享 and 评论 beside the text)."""
    whole = _text(el)
    if inner.chars < 0.6 * len(_squash(whole)):
        return True
    return not _SENTENCE_END.search(whole.replace(_text(inner.element), "", 1))


def _holds_text(el) -> bool:
    """Whether a known container holds the article: some running text, not mostly links."""
    if not tree.visible_at_least(el, 4):
        return False
    text = _text(el)
    return bool(_PUNCTUATION.search(text) or len(_squash(text)) >= 200) and density.link_density(el) < 0.6


def _container(el, known: bool = True) -> _Body:
    parent = el.getparent()
    return _Body([el], "", _attachment_scope(parent if parent is not None else el), container=True, known=known)


def _attachment_scope(el):
    """Where a body's attachment links are listed: the element around the body, or in a table
    layout (the body in a cell: Hanweb, old TRS) the whole table — the 附件 row follows."""
    if el.tag in ("td", "th", "tr"):
        table = next(el.iterancestors("table"), None)
        if table is not None:
            return table
    return el


def _between_markers(start, end) -> _Body | None:
    """Hanweb pages wrap the body in <!--ContentStart--> … <!--ContentEnd--> comments."""
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
    boxes, the Xinhua split date, breadcrumbs — from one walk of every node outside the body
    (``tree.outside``). The lines themselves are built only when a rule asks for them."""

    __slots__ = ("_title", "labels", "early", "date_boxes", "header_times", "_crumbs", "_visible", "_text",
                 "_early_text")

    def __init__(self, root, body: _Body | None, title: str):
        self._title = title
        if body is not None and body.container:
            nodes = tree.outside(root, box=body.nodes[0])
            after = body.nodes[0].tail  # the text right after the body is outside it
        else:
            nodes = tree.outside(root, body_nodes=body.nodes if body is not None else ())
            after = None
        # labels: elements whose own text (or a child's tail) has a label word; date boxes: elements
        # classed *date*/*time* or with an id *time*; header times: Xinhua split-date boxes
        labels, dates, headers, crumbs, visible = [], [], [], [], []
        late = None
        for el in nodes:
            if el is None:  # past the body
                late = len(labels)
                continue
            tag = el.tag
            if tag.__class__ is str and tag not in tree.INVISIBLE:
                if text := el.text:
                    visible.append(text)
                    if _LABELS.search(text):
                        labels.append(el)
                if tag not in _INLINE:
                    cls = el.get("class")
                    ident = el.get("id")
                    if (cls and any(w in cls for w in _DATE_CLASSES)) or \
                            (ident and any(w in ident.lower() for w in _DATE_CLASSES)):
                        dates.append(el)
                        if cls and "header-time" in cls:
                            headers.append(el)
                    if cls and any(w in cls for w in _CRUMB_CLASSES):
                        crumbs.append(el)
            if tail := el.tail:
                visible.append(tail)
                if _LABELS.search(tail) and (parent := el.getparent()) is not None:
                    labels.append(parent)
        if after:
            visible.append(after)
            if _LABELS.search(after) and (parent := body.nodes[0].getparent()) is not None:
                labels.append(parent)
        self.labels, self.date_boxes, self.header_times, self._crumbs = labels, dates, headers, crumbs
        self.early = labels[:late] if late is not None else labels  # the labels above the body
        self._visible = "\n".join(visible)
        self._text: str | None = None
        self._early_text: str | None = None

    def mentions(self, word: str) -> bool:
        """Whether the visible text outside the body has ``word``, whitespace between its characters
        allowed (来<span>&nbsp;</span>源): a label that is not on the page cannot be on a metadata line."""
        if word in self._visible:
            return True
        return word[0] in self._visible and _spread(word).search(self._visible) is not None

    @property
    def crumb_links(self) -> list:
        """The links of the last breadcrumb box that has any."""
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

    @property
    def early_text(self) -> str:
        """The metadata lines above the body (the others are a comment's 发表时间, a related item's date)."""
        if self._early_text is None:
            self._early_text = self.text if self.early is self.labels else _info_text(self.early, self._title)
        return self._early_text


class _Info:
    """Every metadata line of the page: outside the body (``_Outside``), those the body's head and
    foot held (taken out of it), and the label → value pairs of metadata tables."""

    __slots__ = ("outside", "inner", "foot", "pairs", "byline", "byline_links", "above", "post_lines", "_text")

    def __init__(self, outside: _Outside, inner: list[str], foot: list[str], tables: list[_MetaTable], byline: str,
                 byline_links: frozenset = frozenset(), above: str = "", post_lines: tuple = ()):
        self.outside = outside
        self.inner = inner
        self.post_lines = post_lines  # the container's own time lines under the text (a forum post's 发布时间)
        self.foot = foot  # the body's closing credits (来源：新华社), after everything the head shows
        self.byline = byline  # the text right under the headline
        self.byline_links = byline_links  # its pieces that are a link's words
        self.above = above  # the text right above the headline
        self.pairs: dict[str, str] = {}
        for t in tables:
            for k, v in t.pairs.items():
                self.pairs.setdefault(k, v)
        for line in inner:  # the issuer a document's red head names (clean_body reads it as 发文机关：X)
            if line.startswith(_ISSUER_INFO):
                self.pairs.setdefault(_ISSUER_INFO.rstrip("："), line[len(_ISSUER_INFO):])
        self._text: str | None = None

    def mentions(self, word: str) -> bool:
        return self.outside.mentions(word) or any(word in line for line in self.inner)

    @property
    def head_text(self) -> str:
        """The metadata lines outside the body and at its head, one per line, label words joined
        up (来 源： → 来源：)."""
        if self._text is None:
            lines = [join_labels(x) for x in self.outside.text.splitlines()]
            self._text = "\n".join([*lines, *self.inner])
        return self._text

    @property
    def text(self) -> str:
        """Every metadata line, the foot's last."""
        return "\n".join([self.head_text, *self.foot]) if self.foot else self.head_text


@lru_cache(maxsize=32)
def _spread(word: str) -> re.Pattern:
    return re.compile(r"[\s\u3000\xa0]*".join(map(re.escape, word)))


_BYLINE_CHARS = 160
_TEXT_WITH = etree.XPath("//body//text()[contains(., $key)]")


def _showing(root, key: str, tails: bool = True) -> Iterator[etree._Element]:
    """The visible elements whose text holds ``key`` (a tail's text is its parent's; ``tails=False``
    leaves tails out): where the page shows a string, not where its head names it."""
    for piece in _TEXT_WITH(root, key=key):
        el = piece.getparent()
        if piece.is_tail:
            if not tails:
                continue
            el = el.getparent() if el is not None else None
        if el is not None and el.tag not in tree.INVISIBLE and el.tag != "title":
            yield el
_MEDIA_NAME = re.compile(MEDIA_NAME)


class _Byline(NamedTuple):
    """The visible text right after the headline, and which of its pieces are the words of a link."""

    text: str
    linked: frozenset
    above: str = ""  # the visible text right before the headline (a post's date line over it)


_NO_BYLINE = _Byline("", frozenset())
_ABOVE_CHARS = 60


def _byline(root, title: str) -> _Byline:
    """The visible text right after the headline (its first ``_BYLINE_CHARS`` characters): where a
    page without labels shows its time and source ("2017-11-24 15:13:18 和讯网")."""
    want = _squash(title)
    if len(want) < 4:
        return _NO_BYLINE
    head = None
    for el in _showing(root, want[:3]):
        if el.tag == "option" or next(el.iterancestors("select"), None) is not None:
            continue  # a jump menu's entry for the page, not its headline
        t = _squash(_text(el))
        if want in t and len(t) <= len(want) + 20:
            head = el
            break
    if head is None:
        return _NO_BYLINE
    out: list[str] = []
    linked: set[str] = set()
    n = 0
    for t in head.xpath("following::text()[position() <= 80]"):
        parent = t.getparent()
        if parent is None or (not t.is_tail and parent.tag in tree.INVISIBLE) or \
                (t.is_tail and parent.getparent() is not None and parent.getparent().tag in tree.INVISIBLE):
            continue
        if words := _clean_text(t):
            out.append(words)
            if not t.is_tail and parent.tag == "a":
                linked.add(words)
            n += len(words)
            if n >= _BYLINE_CHARS:
                break
    above: list[str] = []
    n = 0
    for t in reversed(head.xpath("preceding::text()[position() <= 12]")):
        parent = t.getparent()
        if parent is None or (not t.is_tail and parent.tag in tree.INVISIBLE) or parent.tag == "title":
            continue
        if words := _clean_text(t):
            above.insert(0, words)
            n += len(words)
            if n >= _ABOVE_CHARS:
                break
    return _Byline(" ".join(out)[:_BYLINE_CHARS * 2], frozenset(linked), " ".join(above)[-_ABOVE_CHARS:])


def _byline_source(line: str) -> str:
    """An unlabelled source beside the byline's time, the piece of text right after or right before
    it when that piece is a media name: "2017-11-24 15:13:18 和讯网", "2005年03月21日 11:21 《理财周刊》",
    "TNW中文站2016年10月14日07:17", "第一财经 2018-05-22". A person's name there is the author's."""
    m = _DATE_IN_LINE.search(line)
    if not m:
        return ""
    if bare := BARE_SOURCE.search(line[:_BYLINE_CHARS]):
        return bare.group(1)
    after = line[m.end():].lstrip(")） ").split(None, 1)
    before = _LINK_LABEL.sub("", line[:m.start()].rstrip("(（ ")).rsplit(None, 1)  # 北京新浪網 (2020-01-21 11:12)
    names = [name for piece in (after[0] if after else "", before[-1] if before else "")
             if _MEDIA_NAME.fullmatch(name := piece.strip("《》【】[]"))]
    if len(names) == 2 and not _MEDIA_WORD.search(names[0]) and _MEDIA_WORD.search(names[1]):
        return names[1]  # "第一财经APP 2017-09-18 22:19:00 陈益刊": the author's name may end like a 刊
    return names[0] if names else ""


# A bracketed link's label between a source and the time (腾讯财经 [微博] 2016-01-19 09:54).
_LINK_LABEL = re.compile(r"\s*[\[【][^\]】]{1,8}[\]】]$")
_MEDIA_WORD = re.compile(r"(?:新闻|新聞|财经|財經|周刊|週刊|杂志|雜誌|客户端|客戶端|频道|頻道|在线|在線|传媒|傳媒|APP|App)$")


def _byline_link(line: str, linked: frozenset) -> str:
    """A short name right after the byline's time that is a link's whole words ("2018-01-23 15:43:07
    <a>华尔街见闻</a>": the source's site, whatever its name ends with)."""
    m = _DATE_IN_LINE.search(line)
    after = line[m.end():].split(None, 1) if m else []
    return after[0] if after and after[0] in linked and _LINK_NAME.fullmatch(after[0]) and \
        not is_boilerplate(after[0]) else ""  # a toolbar's link (打印本页) names no one


_LINK_NAME = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9·]{2,16}")


_DATE_IN_LINE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：时]\d{2}(?:[:：分]\d{2})?秒?)?")


def _info_text(label_nodes: list, title: str) -> str:
    """The visible metadata lines (发布时间/来源/日期): around each labelled text outside the body
    (a body's 报名时间：… is not the publish time), the widest enclosing block of 6–160 characters
    that holds 来源 or a publish-time label and is not the title; the walk up stops at the first
    longer block. A <span> inside a div/td/p is never a line of its own: its host is."""
    read: dict = {}
    seen: set = set()
    chosen: dict = {}
    for label in label_nodes:
        if label in seen:
            continue
        seen.add(label)
        best = None
        el = label
        while el is not None:
            parent = el.getparent()
            if el.tag in INFO_TAGS and not (el.tag == "span" and parent is not None and parent.tag in _SPAN_HOSTS):
                if el not in read:
                    read[el] = tree.line_text(el, _LINE_MAX)
                t = read[el]
                if t is None:
                    break
                j = join_labels(t)
                if len(t) >= 6 and (any(w in j for w in _SOURCE_WORDS) or PUBTIME_LABEL.search(j)) and t != title:
                    best = (el, t)
            el = parent
        if best is not None:
            chosen[best[0]] = best[1]
    lines: list[str] = []
    for t in chosen.values():  # in the order the labels first chose them
        if not any(t in x for x in lines):
            lines.append(t)
    return "\n".join(lines[:6])


def _published(head: _Head, ld: dict, outside: _Info, source: Source | None, root) -> Stamp | None:
    """The first dated candidate; when it shows only the day, the first later candidate showing a
    time on that day (meta PubDate has the date, the visible line the time)."""
    first = None
    for st in _date_candidates(head, ld, outside, source, root):
        if first is None:
            if st.precision == "minute":
                return _as_shown(st, outside)
            first = st
        elif st.precision == "minute" and st.when.date() == first.when.date():
            return st
    return first


def _as_shown(st: Stamp, info: _Info) -> Stamp:
    """The time the page shows under its headline, where it differs from the meta tags' on the
    same day (a CMS's record time against the shown publish time)."""
    shown = parse_datetime(info.byline[:80]) if info.byline else None
    if shown and shown.precision == "minute" and shown.when.date() == st.when.date() and shown.when != st.when:
        return shown
    return st


def _date_candidates(head: _Head, ld: dict, outside: _Info, source: Source | None, root) -> Iterator[Stamp]:
    """Publish-time candidates, most trusted first (a generator: the later ones cost a walk and
    are rarely needed). Element text only, never attribute values other than meta content and
    <time datetime> — templates leave stale dates in alt/title attributes."""
    if source and source.extract.date:
        for el in _selector(source.extract.date)(root):
            if st := parse_datetime(_text(el)):
                yield st
    for key in _TABLE_DATES:  # shown in the page's own table: before a CMS's record time in the meta tags
        if st := parse_datetime(outside.pairs.get(key)):
            yield st
    meta = head.meta
    rendered = _render_time(meta)
    for k in META_DATE:
        if k in meta and (st := parse_datetime(meta[k])) and st.when != rendered:
            yield st
    if isinstance(ld.get("datePublished"), str) and (st := parse_datetime(ld["datePublished"])):
        yield st
    for dt in head.time_attrs:
        if st := parse_datetime(dt):
            yield st
    lines = outside.text.splitlines()
    above = set(outside.outside.early_text.splitlines())
    # 发布日期 before any other label, 成文日期 (the day it was signed) last; the lines only below
    # the body (a comment's 发表时间) after the date under the headline
    yield from _labelled_dates([x for x in lines if x in above])
    if st := parse_datetime(outside.byline[:80]):
        yield st
    yield from _labelled_dates(list(outside.post_lines))  # the post's own, before the replies' under it
    yield from _labelled_dates([x for x in lines if x not in above])
    if split := _split_date(outside.outside.header_times):
        yield split
    for el in outside.outside.date_boxes:
        if st := parse_datetime(_clean_text(_text(el))[:40]):
            yield st
    boxes = outside.outside.date_boxes
    if split := _split_date(list(dict.fromkeys(p for el in boxes if (p := el.getparent()) is not None))):
        yield split  # a date in parts, each a box of its own, under one parent
    yield from _script_dates(head.scripts)
    if outside.above and (st := parse_datetime(outside.above)):
        yield st  # last: a post's date line over its headline (Saturday, September 10th, 2005 10:56 am)
    for el in _PUBTIME_STAMPS(root):  # a publish time the page's script formats from an epoch
        if st := epoch_stamp((el.get("data-time") or "").strip()):
            yield st


# An element named as the publish time (ne-role="pubTime") whose data-time its script formats into the
# line under the headline (1570324767 → 2019-10-06 09:19).
_PUBTIME_STAMPS = etree.XPath("//*[@data-time][@*[contains(translate(., 'PUBTIME', 'pubtime'), 'pubtime')]]")
_POST_LABELS = ("发布", "发表", "发贴", "发帖")


def _labelled_dates(lines: list[str]) -> Iterator[Stamp]:
    """The dates of metadata lines: 发布/发表 lines first, other labels next, 成文日期 (the day it
    was signed) and unlabelled lines last."""
    for rank in (0, 1, 2):
        for line in lines:
            m = PUBTIME_LABEL.search(line)
            label = m.group(0) if m else ""
            r = 0 if label[:2] in _POST_LABELS else 2 if "成文" in label or not m else 1
            if not m and (_DECK.match(line) or (len(line) > _UNLABELLED_LINE and _RUNNING.search(line))):
                continue  # a summary or running text (…晚间公告，截至2018年1月14日，…): its dates are what it reports
            if r == rank and (st := parse_datetime(line[m.start():] if m else line)):
                yield st


_UNLABELLED_LINE = 80  # an unlabelled time line is short, …
_RUNNING = re.compile(r"[，。；]")  # … and a longer line with clauses is running text, as a summary (简介：…) is


_POST_LINES = 12  # how far under its text a post's container shows the post's time
_POST_TAIL = 4  # the text's last lines, where a post's tag line (标签：… 发布于：…) may close it


def _post_lines(after: list) -> tuple[str, ...]:
    """The short lines with a post's time label (发布/发表/发贴 时间 or 于, no other label) that the
    body's container holds at the foot of the text or under it (a forum post's "〓 … 发布时间 2005/05/17
    22:11:42 by X 〓", "本贴由X于…发表", a blog's "标签：… 发布于：2015-11-05 11:34"): the post's own time,
    where the replies below the container show theirs."""
    lines = []
    for p in after[:_POST_LINES]:
        t = join_labels(p.text)
        if len(t) <= _LINE_MAX and (m := PUBTIME_LABEL.search(t)) and \
                (m.group(0)[:2] in _POST_LABELS or m.group(0) == "于"):
            lines.append(t[m.start():])
    return tuple(lines)


def _render_time(meta: dict) -> datetime | None:
    """The time a CMS says it generated the page (<meta name="others" content="页面生成时间 …">): a
    PubDate meta that equals it is the page's render time, not the article's publish time."""
    for value in meta.values():
        if "生成时间" in value and (st := parse_datetime(value)):
            return st.when
    return None


# A metadata table's publish dates (生成日期: the day an information-disclosure record was made
# public), never its 成文日期 (the day signed).
_TABLE_DATES = ("发布日期", "发文日期", "生成日期")


# A publish time a page sets in a script (WeChat's var ct = "1521408600", publish_time = "2018-03-19";
# window.DATA = {…"pubtime": "2018-06-13 07:36:34"}), for pages that render it later or not at all.
_SCRIPT_DATE = re.compile(r"""\b(?:pubtime|pub_time|publish_?time|publishtime|pubDate|pub_date|publishDate|ptime|ct|
                          create_time|datePublished)["']?\s*[:=]\s*["']([^"'\n]{8,32})["']""", re.I | re.X)
_SCRIPT_BUDGET = 200_000  # characters of script read for a date


def _script_dates(scripts: list) -> Iterator[Stamp]:
    """Dates a page's scripts set (var ct = "1762243169", publish_time: …), the page's own small
    scripts first: a few library bundles inlined before them can take the whole budget."""
    budget = _SCRIPT_BUDGET
    for el in sorted(scripts, key=lambda e: len(e.text or "") > _BUNDLE):
        t = el.text or ""
        if budget <= 0:
            return
        budget -= len(t)
        if "time" not in t and "ate" not in t and "ct" not in t:
            continue
        for m in _SCRIPT_DATE.finditer(t[:_SCRIPT_BUDGET]):
            if st := parse_datetime(m.group(1)) or epoch_stamp(m.group(1)):
                yield st


def _split_date(boxes: list) -> Stamp | None:
    """A date shown in parts, each in an element classed for it: Xinhua's header (year; month/day;
    time), a blog's post head (month; date; weekday; year; time — "Dec 28 Sat 2013 00:28")."""
    for box in boxes:
        part: dict[str, str] = {}
        for e in box.iterdescendants():
            cls = (e.get("class") or "").lower() if isinstance(e.tag, str) else ""
            for key in _DATE_PARTS:
                if key not in part and key in cls:
                    part[key] = _text(e).strip()
                    break
        y = _YEAR.findall(part.get("year", ""))
        if not y:
            continue
        month = _month(part.get("month", ""))
        days = [int(d) for d in _DIGITS.findall(part.get("date", "")) or _DIGITS.findall(part.get("day", ""))]
        if month and days:
            md = (month, days[0])
        elif len(days) >= 2:
            md = (days[0], days[1])
        else:
            continue
        return parse_datetime(f"{y[0]}-{md[0]}-{md[1]} {part.get('time', '')}")
    return None


_DATE_PARTS = ("year", "month", "date", "day", "time")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _month(text: str) -> int:
    """A month shown as its number or its English name (Dec, December); 0 if neither."""
    text = text.strip().lower()
    if text[:3] in _MONTHS:
        return _MONTHS.index(text[:3]) + 1
    n = _DIGITS.findall(text)
    return int(n[0]) if n and 1 <= int(n[0]) <= 12 else 0


def _publisher(meta: dict, ld: dict, outside: _Info, source: Source | None, root, head: _Head, title: str,
               url: str, board: str = "") -> str:
    """The 来源 the page shows (meta ContentSource, the visible 来源 line, meta source, JSON-LD),
    else the issuing agency of a metadata table, else the catalog's publisher of the site. A
    table's 发布机构 the page shows comes before the hidden meta, and after a 来源 shown under the
    headline (信息来源：市府办 beside the time, 发布机构 市政府 in the table: the reader's credit)."""
    if v := outside.pairs.get("发布机构"):
        if outside.byline and (name := next(sources(join_labels(outside.byline)), "")):
            return name
        return v
    if meta.get("contentsource") and not _channel_name(meta["contentsource"], outside):
        if _SOURCE_WORDS[0] in outside.head_text and (shown := next(sources(outside.head_text), "")) and \
                _abbreviates(shown, meta["contentsource"]) and shown not in meta["contentsource"]:
            return shown  # 来源：中国民航局 under the headline, ContentSource 中国民用航空局: the form the reader sees
        if outside.byline and (shown := next(sources(join_labels(outside.byline)), "")) and \
                len(_CJK.findall(shown)) >= 2 and shown not in meta["contentsource"]:
            return shown  # 来源：南京云平台 beside the time, ContentSource the portal's own (a republished notice)
        return _joint_issuers(meta["contentsource"], outside.byline) or meta["contentsource"]
    if any(outside.mentions(w) for w in _SOURCE_WORDS) and (name := next(sources(outside.head_text), "")):
        if name.endswith(_COMPILED) and (own := next(sources("\n".join(outside.inner)), "")):
            return own  # the portal credits its own desk (网易财经综合); the text names where it came from
        return name
    if name := outside.pairs.get("来源"):
        return name
    if meta.get("source"):
        if meta["source"] == meta.get("og:site_name") and outside.byline and \
                (name := _byline_source(outside.byline) or _byline_link(outside.byline, outside.byline_links)):
            return name  # the template's own name in meta source: the source shown beside the time is the story's
        return next(sources(meta["source"]), meta["source"])  # meta source "来源：某某网 原创稿": the name
    if outside.byline and (name := _byline_source(outside.byline)):
        return name  # shown beside the time under the headline: before JSON-LD's publisher, the site's operator
    pub = ld.get("publisher")
    if isinstance(pub, dict) and pub.get("name"):
        return _shown_form(_own_name(str(pub["name"]), title), _title_site(head, title))
    for key in ("发文机关", "发文单位", "责任部门"):
        if v := outside.pairs.get(key):
            return v
    if outside.byline and (name := next(sources(join_labels(outside.byline)), "")):
        return name
    if outside.byline and (name := _byline_source(outside.byline)):
        return name
    if outside.byline and _DATE_IN_LINE.search(line := outside.byline[:_BYLINE_CHARS]) and \
            (m := FROM_FIELD.search(line)):
        return m.group(1)
    if name := next(sources("\n".join(outside.foot)), ""):
        return name
    if outside.byline and (name := _byline_link(outside.byline, outside.byline_links)):
        return name
    if name := _banner_organ(root):
        return name
    if source:
        return source.publisher
    if name := _account(root, url) or _platform_account(outside.byline, root):
        return name
    if name := _site_name(head, title):
        return _both_names(root, name) if _LATIN.match(name) else name
    return _board_name(board) or _copyright_holder(root) or _disclaimer_site(root) or _home_link_name(root) or \
        _host_name(url)


_CJK_NAME = re.compile(r"[\u4e00-\u9fa5]{2,12}")
_CHANNEL_WORDS = ("信息公开", "门户网站", "网站")  # what a CMS channel's name ends with, never an organ's


def _channel_name(name: str, outside: _Info) -> bool:
    """Whether a ContentSource the page never shows names a CMS channel (上海市发改委信息公开), not
    the organ that published the page: then the site's own name is the publisher."""
    return name.endswith(_CHANNEL_WORDS) and not outside.mentions(name)


def _both_names(root, name: str) -> str:
    """A site's English name as its banner shows it, with its Chinese name beside it in one line
    ("Joel on Software   周思博趣谈软件"); else ``name``."""
    for el in _showing(root, name):
        while el is not None and el.tag not in _BLOCK_TAGS:
            el = el.getparent()
        text = _clean_text(_text(el)) if el is not None else ""
        if text.startswith(name) and _CJK_NAME.fullmatch(rest := text[len(name):].strip()):
            return f"{name} {rest}"
    return name


# A disclaimer that names the site: "任何言论纯属作者个人观点，与乐趣园无关", "不代表新浪网立场".
_DISCLAIMER = re.compile(r"(?:(?:观点|言论)[^。，,]{0,12}[，,]?\s*与|不代表)\s*([\u4e00-\u9fa5A-Za-z0-9]{2,12}?)\s*"
                         r"(?:无关|的?立场|的?观点)")
_DISCLAIMER_TEXT = etree.XPath("//body//text()[contains(., '无关') or contains(., '立场')]")
_SELF = ("本", "我", "作者", "个人", "网友")  # 本站, 本网, 我们: no name
_LEGAL_CHARS = 120  # a disclaimer is a short line


def _disclaimer_site(root) -> str:
    """The site's name as its disclaimer gives it, for a page that names itself nowhere else."""
    for piece in _DISCLAIMER_TEXT(root):
        el = piece.getparent()
        if el is None or el.tag in tree.INVISIBLE:
            continue
        for m in _DISCLAIMER.finditer(piece[:_LEGAL_CHARS]):
            if not m.group(1).startswith(_SELF):
                return m.group(1)
    return ""


def _host_name(url: str) -> str:
    """The host, for a page that shows no name of its own at all (cclw.net)."""
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host


_BRACKETED = re.compile(r"[〖【\[]([^〗】\]]{2,20})[〗】\]]")
_CRUMB_SPLIT = re.compile(r"\s*(?:[_|｜－—»>＞]|--| - )\s*")


def _board_name(board: str) -> str:
    """The site's name from a <title> that names only the site or board (the headline was found on the
    page): the name it brackets ("谢谢您访问〖关注中国中心〗"), else its first part ("世艺网>艺术教育", "网易娱乐")."""
    if not board:
        return ""
    if m := _BRACKETED.search(board):
        return m.group(1).strip()
    first = _CRUMB_SPLIT.split(board)[0].strip()
    return first if 2 <= len(first) <= 20 and not _CODE.fullmatch(first) else ""


_JOINT_MAX = 3  # organs that sign one bulletin together


def _joint_issuers(name: str, byline: str) -> str:
    """The organs the line under the headline shows before its date when the meta tag names only the
    first of them ("上海市统计局 国家统计局上海调查总队 2025-03-25" against ContentSource 上海市统计局): a
    bulletin issued jointly is published by both; else ""."""
    m = _DATE_IN_LINE.search(byline[:_BYLINE_CHARS]) if byline else None
    shown = byline[:m.start()].strip() if m else ""
    if not shown.startswith(name) or shown == name:
        return ""
    rest = shown[len(name):].split()
    if 0 < len(rest) < _JOINT_MAX and all(_ORGAN.fullmatch(p) for p in rest):
        return " ".join((name, *rest))
    return ""


# An organ's name as a sub-site's banner shows it beside the parent's logo (债务管理司, 办公厅, 统计中心).
_ORGAN = re.compile(r"[\u4e00-\u9fa5]{1,14}(?:司|局|厅|处|委员会|委|办公室|中心|署|院|所|总队|支队)")
_BANNER_IMAGES = 12  # the first images of a page hold its logo
_BANNER_LEVELS = 3   # how far up from the logo the banner's boxes are


def _heads_links(root, title: str) -> bool:
    """Whether the headline found is a heading over a box of links (相关组织 over the related
    records' names): a side box's heading, not an article's headline."""
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if _clean_text(_text(el)) != title:
            continue
        box = el
        while (up := box.getparent()) is not None and _squash(_text(up)) == _squash(_text(box)):
            box = up
        nxt = box.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is None:
            return False
        return len(nxt.findall(".//a")) >= 2 and density.link_density(nxt) >= _LINK_BOX
    return False


_LINK_BOX = 0.6  # the share of links in a box of links


_HOME_TITLE = re.compile(r"(?:返回|回到)?([\u4e00-\u9fa5]{2,20}?)(?:网站)?首页")


def _home_link_name(root) -> str:
    """The site's name as its logo says it, for a page that names itself nowhere else: the title
    of the first link around a picture (title="返回信息化建设管理服务中心首页")."""
    body = root.find("body")
    for k, img in enumerate((body if body is not None else root).iter("img")):
        if k >= _BANNER_IMAGES:
            break
        if (link := next(img.iterancestors("a"), None)) is not None and link.get("href"):
            m = _HOME_TITLE.fullmatch(_clean_text(link.get("title")))
            return m.group(1) if m else ""
    return ""


def _banner_organ(root) -> str:
    """The department a sub-site belongs to, where the page shows it only in its banner: a
    short organ's name, not a link, in the box beside the parent's logo (an image in a link to
    home, its alt text the parent's name). The catalog and the site's meta name the parent (a
    ministry); the reader of the department's sub-site sees the department."""
    body = root.find("body")
    for k, img in enumerate((body if body is not None else root).iter("img")):
        alt = _clean_text(img.get("alt"))
        link = next(img.iterancestors("a"), None)
        if k >= _BANNER_IMAGES:
            break
        if not alt or link is None or not link.get("href"):
            continue
        box = link
        for _ in range(_BANNER_LEVELS):
            box = box.getparent()
            if box is None:
                break
            for sib in (*box.itersiblings(preceding=True), *box.itersiblings()):
                if isinstance(sib.tag, str) and sib.tag != "a" and not len(sib.findall(".//a")) and \
                        (name := _clean_text(_text(sib))) and name != alt and _ORGAN.fullmatch(name):
                    return name
        break  # only the first linked image with a name is the logo
    return ""


# A portal's 来源 that names only its own desk compiling the story (新浪综合, 网易财经综合).
_COMPILED = "综合"
_ACCOUNT_TAGS = ("a", "strong", "span")
_SITE_SPLIT = re.compile(r"\s*(?:[_|｜－—»]|--| - | / )\s*")  # … -- 上報 / 焦點: a site, then its channel
_BARE_HYPHEN = re.compile(rf"{_SITE_SPLIT.pattern}|-")
_ACCOUNT_IDS = ("js_name", "post-user")


def _account(root, url: str) -> str:
    """The account a platform page was published by, where no 来源 is shown: a WeChat article's
    (#js_name), else an outlet's name on a link to the account's page on the site, classed as the
    author's (a.author "纵相新闻 企鹅号" → 纵相新闻) or as the name on an account's card, beside the
    card's other link to the same page (a.s-pic, a.s-name 环球时报新媒体). A person's byline link names
    no outlet; a menu's links (a.nav-name 国际新闻) each lead elsewhere."""
    for el in root.iter(*_ACCOUNT_TAGS):
        if el.get("id") in _ACCOUNT_IDS and (name := _clean_text(_text(el))):
            return name
    host = urlsplit(url).hostname
    site = _registered(host or "")  # the platform's own hosts (zhuanlan.zhihu.com and www.zhihu.com)
    for a in root.iter("a"):
        classes = (a.get("class") or "").lower().split()
        href = a.get("href") or ""
        if not classes or not href or href.startswith(("#", "javascript:")):
            continue
        target = urlsplit(urljoin(url, href))
        if _registered(target.hostname or "") == site and _profile_link(a, target.path) and (name := _link_name(a)):
            return name  # the author's link to their profile on the platform (/people/…, /users/…)
        if target.hostname != host:
            continue
        if not any("author" in c for c in classes) and not (any(c.endswith("name") for c in classes) and
                                                            _card_link(a, href)):
            continue
        first = next((p.strip() for p in a.itertext() if p.strip()), "")
        if _MEDIA_NAME.fullmatch(first) and not density.hidden(a):
            return first
    return ""


# The first part of a user's profile path on a writing platform (知乎 /people/ and /org/, 简书 /users/,
# 微博 /u/); not an outlet's staff pages (/user/, /member/, /author/: a 36氪 or 虎嗅 writer's page)
_PROFILE_PATHS = frozenset(("people", "users", "u", "org"))
_AUTHOR_LEVELS = 3  # how far up from the link a box classed as the author's may be


def _profile_link(a, path: str) -> bool:
    """Whether ``a`` is the post's author's link to their profile: a profile path, the link or a
    box a few levels above it classed as the author's. A platform's account posted the text."""
    first = path.strip("/").split("/", 1)[0].lower()
    if first not in _PROFILE_PATHS or path.strip("/") == first:
        return False
    for el in (a, *list(a.iterancestors())[:_AUTHOR_LEVELS]):
        if "author" in f"{el.get('class') or ''} {el.get('itemprop') or ''}".lower():
            return True
    return False


def _link_name(a) -> str:
    name = _clean_text(_text(a))
    return name if 2 <= len(name) <= _ACCOUNT_CHARS and not density.hidden(a) else ""


_ACCOUNT_CHARS = 30


def _registered(host: str) -> str:
    """The host less its first label when it has three or more (www.zhihu.com → zhihu.com)."""
    parts = host.split(".")
    return ".".join(parts[1:]) if len(parts) > 2 else host


# A self-media platform's mark on its posts' pages (the 网易号 logo over a 网易订阅 post).
_PLATFORMS = ("网易号", "百家号", "搜狐号", "企鹅号", "头条号", "澎湃号", "大风号", "一点号")
_PLATFORM_MARK = etree.XPath("//body//text()[" + " or ".join(f"normalize-space()='{w}'" for w in _PLATFORMS) + "]")
_AFTER_DATE = re.compile(r"\s*[·|｜]\s*([^\s·|｜，。！？:：]{2,20})")


def _platform_account(byline: str, root) -> str:
    """On a self-media platform's post (its mark 网易号 on the page), the account named after the
    day under the headline (2019-09-29 · 了不起的中国制造): whatever its name, the account posted it."""
    if not byline or not (m := _DATE_IN_LINE.search(byline[:_BYLINE_CHARS])) or \
            not (name := _AFTER_DATE.match(byline, m.end())) or not _PLATFORM_MARK(root):
        return ""
    return name.group(1)


def _card_link(a, href: str) -> bool:
    """Whether another link in the same box leads to the same page (an account card's picture)."""
    parent = a.getparent()
    return parent is not None and any(o is not a and o.get("href") == href for o in parent.iter("a"))


def _site_name(head: _Head, title: str) -> str:
    """The site's own name, for a page that shows no 来源: og:site_name or application-name, else
    what <title> adds to the headline ("…-腾讯网", "… - BBC中文网 - 两岸三地", "…-搜狐汽车": the
    part that names a site, else the last). Where the meta name and <title>'s differ in form, the
    one the reader sees wins ("BBC" → "BBC中文网", "Bloomberg.com" → "Bloomberg"); a name given in
    two languages is the Chinese one ("RFI - 法国国际广播电台")."""
    in_title = _title_site(head, title)
    for key in ("og:site_name", "application-name", "sitename"):
        if name := head.meta.get(key):
            if in_title and (name in in_title or in_title in name):  # the form the reader sees in <title>
                return in_title
            return _shown_form(_own_name(name, title), in_title)
    return in_title


def _title_site(head: _Head, title: str) -> str:
    """What <title> adds to the headline that names the site (the part that names a site, else the last)."""
    page_title = head.page_title
    k = page_title.find(title) if title else -1
    rest = page_title[k + len(title):] if k >= 0 else ""
    if k > 0 and not rest.strip(" -－—_|｜»"):
        rest = page_title[:k]  # the site's name first: 万载县人民政府 | headline, 博客名 » headline
    split = _SITE_SPLIT.split
    if rest.startswith("-") and not rest.startswith(("--", "- ")):
        split = _BARE_HYPHEN.split  # …隐私事件-安全资讯-360官网: the hyphen <title> puts after the headline parts the rest
    parts = [p.strip(" -－—_|｜") for p in split(rest)]
    parts = [p for p in parts if p and len(p) <= 20 and not _CODE.fullmatch(p)]
    if len(parts) >= 2 and _BLOG_HOST.search(parts[-1]) and not _BLOG_HOST.search(parts[-2]):
        return parts[-2]  # 恍惚而美好_织女_新浪博客: the blog's own name, before the platform's
    named = [p for p in parts if _MEDIA_NAME.fullmatch(p) or _LATIN.match(p)]
    in_title = named[0] if named else ""
    if not in_title and parts and len(parts[-1]) <= 12:
        in_title = parts[-1]
    if in_title.endswith(_CHANNEL) and len(named) > 1 and named[1].endswith("网") and \
            not in_title.startswith(brand := named[1][:-1]):
        return brand + in_title  # 读书频道_新浪网: the portal's channel, 新浪读书频道
    return in_title


_CHANNEL = "频道"
_BLOG_HOST = re.compile(r"(?:博客|部落格|[Bb]log)$")  # a blog platform's name closing <title>

# A language or country code (CN, EN) or a bracketed note among <title>'s parts: no site's name.
_CODE = re.compile(r"[A-Za-z]{1,3}|\(.*\)|（.*）")


def _shown_form(name: str, in_title: str) -> str:
    """A publisher's name in the short form <title> shows it in, where <title>'s is its abbreviation
    ("中央社 CNA" for "中央通訊社 Central News Agency" → 中央社); else ``name``."""
    if in_title and _abbreviates(short := _LATIN_AFTER.sub("", in_title), _LATIN_AFTER.sub("", name)):
        return short
    return name


_HOLDER_BEFORE = re.compile(r"([\u4e00-\u9fa5A-Za-z0-9·]{2,24})\s*版权所有")
_HOLDER_AFTER = re.compile(r"(?:版权所有|Copyright)\s*[:：]?\s*(?:©|\(c\)|&copy;)?\s*(?:(?:19|20)\d{2}(?:\s*-\s*(?:19|20)\d{2})?)?\s*"
                           r"([\u4e00-\u9fa5][\u4e00-\u9fa5A-Za-z0-9·]{1,24})", re.I)
_HOLDER_LEAD = re.compile(r"^.*[为由]")  # 所有内容为中国西藏新闻网版权所有: the name after 为
_COMPANY = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团|公司)$")
# Chinese companies are named place + brand + trade + form (江苏扬子晚报有限公司): the brand is the outlet.
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
              "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西",
              "西藏", "宁夏", "新疆", "香港", "澳门", "台湾")
_HOLDER_TEXT = etree.XPath("//body//text()[contains(., '版权所有') or contains(., 'opyright')]")


def _copyright_holder(root) -> str:
    """The site's name from its copyright line, for a page that names itself nowhere else: the
    holder when it is a media outlet ("所有内容为中国西藏新闻网版权所有", "版权所有 江苏扬子晚报有限公司"
    → 扬子晚报), never a company that is not one."""
    for piece in reversed(_HOLDER_TEXT(root)):  # the foot's line, not a reprint notice in the text
        el = piece.getparent()
        if piece.is_tail and el is not None:
            el = el.getparent()
        if el is None or el.tag in tree.INVISIBLE:
            continue
        line = _clean_text(_text(el))[:200]
        for m in (*_HOLDER_BEFORE.finditer(line), *_HOLDER_AFTER.finditer(line)):
            name = _COMPANY.sub("", _HOLDER_LEAD.sub("", m.group(1)))
            for place in _PROVINCES:
                if name.startswith(place) and _MEDIA_NAME.fullmatch(name[len(place):]):
                    name = name[len(place):]
                    break
            if _MEDIA_NAME.fullmatch(name):
                return name
    return ""


_LATIN_AFTER = re.compile(r"\s+[A-Za-z][A-Za-z .&-]*$")  # a Chinese name's English one after it


def _abbreviates(short: str, name: str) -> bool:
    """``short`` is ``name``'s abbreviation: its Chinese characters, in order, first and last kept."""
    return 2 <= len(short) < len(name) and bool(_CJK.fullmatch(short[0])) and short[0] == name[0] and \
        short[-1] == name[-1] and bool(re.fullmatch(".*?".join(map(re.escape, short)), name))


def _named_once(name: str) -> str:
    """A publisher whose CMS field repeats an organ ("北京市统计局 国家统计局北京调查总队 北京市统计局"): each
    name once, in the order shown."""
    parts = name.split()
    return " ".join(dict.fromkeys(parts)) if len(parts) > len(set(parts)) else name


def _own_name(name: str, title: str) -> str:
    """A Chinese page's publisher named in two languages ("RFI - 法国国际广播电台"): the Chinese name."""
    parts = [p.strip() for p in _SITE_SPLIT.split(name) if p.strip()]
    if len(parts) > 1 and _CJK.search(title or "") and not all(_CJK.search(p) for p in parts):  # not 史蒂文的家_藍天
        return next((p for p in parts if _CJK.search(p)), name)
    return name


def _author(outside: _Info, ld: dict) -> str:
    if (outside.mentions("作者") or outside.mentions("记者")) and (m := AUTHOR.search(outside.text)):
        return m.group(1)
    a = ld.get("author")
    if isinstance(a, dict):
        return str(a.get("name", ""))
    if isinstance(a, list) and a and isinstance(a[0], dict):
        return str(a[0].get("name", ""))
    return ""


def _column(outside: _Info, meta: dict, source: Source | None, url: str) -> str:
    if meta.get("columnname"):
        return meta["columnname"]
    if source and (col := source.column_for(url)):
        return col
    links = outside.outside.crumb_links
    return _clean_text(_text(links[-1])) if links else ""


def _language(title: str, body: list[str]) -> str:
    """zh when more than a tenth of the opening text is wide characters (U+0800 and up: CJK),
    counted from the UTF-8 length — a regex class over CJK text costs more than the whole parse."""
    head = title
    for p in body[:3]:
        if len(head) >= 400:
            break
        head += p
    head = head[:400]
    wide = (len(head.encode("utf-8")) - len(head)) / 2
    return "zh" if wide > 0.1 * max(1, len(head)) else "en"


_ENDINGS = {needle: (i, kind) for i, (needle, kind) in enumerate(DOC_TYPES[3:])}
_ENDING_LENGTHS = sorted({len(needle) for needle in _ENDINGS})


def _doc_type(title: str, source: Source | None, publisher: str) -> str:
    """答记者问/解读 anywhere in the title; a document type only where a document title ends."""
    for needle, kind in DOC_TYPES[:3]:
        if needle in title:
            return kind
    if source and source.tier in ("state_media", "trade_media", "foreign_media"):
        return "评论" if "评论" in title else "报道"
    bare = title.strip()
    if bare.endswith((")", "）")):
        bare = _TRAILING_NOTE.sub("", bare)
    if bare.endswith("》"):
        bare = bare[:-1]  # 关于…的通知》: the document named in the headline
    hits = [_ENDINGS[end] for n in _ENDING_LENGTHS if (end := bare[-n:]) in _ENDINGS]
    if hits:
        return min(hits)[1]  # the first in DOC_TYPES' order
    if "新闻发布会" in title:
        return "新闻发布会"
    return "新闻稿"


def _doc_no(outside: _Info, stamp: str, body: list[str]) -> str:
    """The 文号: the gov.cn 发文字号 table cell (value after the label or in the next cell), a
    metadata table's 发文字号/文号, else the centred line heading the body, else a standalone 文号
    paragraph among the body's first three (a 文号 cited inside a sentence is another document's)."""
    for key in ("发文字号", "文号"):
        v = _squash(outside.pairs.get(key))
        if v and (m := DOC_NO.search(v) or NOTICE_NO.search(v)):
            return m.group(0)
    for node in outside.outside.labels if outside.mentions("发文字号") else ():
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


# Links in a box the page names for its attachments (div.attach, ul.fujian): files however their
# address reads (…/api/attach/preview?attachId=…, no extension in it).
_ATTACH_BOX_LINKS = etree.XPath("//*[contains(@class, 'attach') or contains(@class, 'fujian')]//a[@href]")
_ATTACH_CLASS = re.compile(rb"""class\s*=\s*["']?[^"'>]*(?:attach|fujian)""")


def _attachments(root, body: _Body | None, url: str, boxed: set = frozenset()) -> list[Attachment]:
    """Links to files (by extension) around the body, and in the page's download box wherever it
    sits: a link under a 附件/下载 label within four levels, or whose own text says 下载 (a bare
    "【下载】" only in the article's own box: its toolbar, not a sidebar's)."""
    scope = body.scope if body is not None else root
    inside = set(scope.iter("a"))
    around = {*scope.iterancestors(), scope} if body is not None else set()
    seen: set[str] = set()
    out: list[Attachment] = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if "." not in href and a not in boxed:
            continue
        # the path's extension, else the query's (Hanweb: downfile.jsp?…&filename=2603171520455.xls)
        path = href.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[-1]
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if ext not in ATTACHMENT_EXT:
            ext = href.split("#", 1)[0].rsplit(".", 1)[-1].lower()
        if ext not in ATTACHMENT_EXT and (m := _FILE_NAMED.search(_squash(_text(a)))):
            ext = m.group(1).lower()  # a download action (…/SSO4Web.action?cmd=download&a=…) named 招标文件正文.pdf
        if ext not in ATTACHMENT_EXT and a in boxed and _squash(_text(a)) and not href.startswith(("#", "javascript:")):
            ext = ""  # a named link in the attachments' box: a file, of a type its address does not say
        elif ext not in ATTACHMENT_EXT or (a not in inside and a not in boxed and not _in_download_box(a) and
                                           not _toolbar(a, around)):
            continue
        full = urljoin(url, href)
        if _cited_address(a, full, url):
            continue
        if full not in seen:
            seen.add(full)
            out.append(Attachment(name=_clean_text(_text(a)) or full.rsplit("/", 1)[-1], url=full, type=ext))
    return out


def _cited_address(a, full: str, url: str) -> bool:
    """Whether the link's words are its own address on another site (请访问：www.example.com/docs/
    method.pdf): a source the text cites, not a file the page offers."""
    words = _squash(_text(a)).lower()
    host = urlsplit(full).hostname or ""
    return words.startswith(("http", "www.")) and _registered(host) != _registered(urlsplit(url).hostname or "")


_FILE_NAMED = re.compile(r"\S\.([A-Za-z0-9]{2,5})$")  # a link's text that is a file's name
_DOWNLOAD_WORDS = ("附件", "下载")
_TOOLBAR_CHARS = 200


def _toolbar(a, around: set) -> bool:
    """A bare 下载 link in a small box beside the body (its toolbar): the branch of the page that
    holds the link, below what holds the body too, has little text (a sidebar has much)."""
    if not around or "下载" not in _squash(_text(a)):
        return False
    node = a
    while (parent := node.getparent()) is not None and parent not in around:
        node = parent
    return parent is not None and not tree.visible_at_least(node, _TOOLBAR_CHARS)


_BOX_LEVELS = 4  # a → span → li → ul → the box holding the 附件下载 label


def _in_download_box(a) -> bool:
    """A file link outside the body that is an attachment: its text names a download (下载 and more
    than that word: "[下载]" beside a sidebar's schedule is not one), or a 附件/下载 label heads the box
    it sits in."""
    own = _squash(_text(a))
    if "下载" in own and len(own.strip("[]【】()（）")) > 2:
        return True
    el = a
    for _ in range(_BOX_LEVELS):
        el = el.getparent()
        if el is None:
            return False
        own = _squash("".join(t for t in el.xpath("text()|*[not(self::a)]/text()")))
        if any(w in own for w in _DOWNLOAD_WORDS):
            return True
    return False
