"""Rules-first extraction of Chinese official and media article pages.

Official sites are regular: meta tags (ArticleTitle, PubDate, ContentSource, ColumnName),
a visible 发布时间/来源 line and one of a few CMS body containers. Those rules run first;
trafilatura handles layouts no rule knows.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from ribao.catalog import Catalog, Source, load_catalog
from ribao.extract.dates import Stamp, parse_datetime
from ribao.extract.decode import decode_html
from ribao.extract.patterns import (ATTACHMENT_EXT, AUTHOR, BOILERPLATE, CJK, DOC_NO, DOC_TYPES, EDITOR_LINE,
                                    PUBTIME_LABEL, SOURCE)
from ribao.models import Article, Attachment

# Known body containers, most specific first (ids, then classes).
BODY_IDS = ["UCAP-CONTENT", "detailContent", "con_con", "zoom", "detail", "js_content", "ContentStart",
            "article_content", "content"]
BODY_CLASSES = ["TRS_Editor", "pages_content", "article-body", "rm_txt_con", "wzcon", "article_con",
                "detail-content", "ccontent", "wzxq_neirong2", "article-content", "content"]
DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "select", "nav", "footer")
DROP_CLASSES = ("share", "edit", "editor", "tiyi1", "related", "side", "hot", "page", "sign-off", "attach")
META_TITLE = ("articletitle", "og:title", "title", "twitter:title")
META_DATE = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "publishtime", "og:release_date",
             "datepublished", "dc.date", "date")
META_SOURCE = ("contentsource", "source", "og:site_name")
META_COLUMN = ("columnname", "column")


@dataclass(frozen=True)
class ExtractError:
    url: str
    reason: str


def extract_page(raw: bytes, url: str, content_type: str | None = None, *,
                 catalog: Catalog | None = None) -> Article | ExtractError:
    """Extract one article page. Returns an ExtractError (never raises) when it cannot."""
    try:
        return _extract(raw, url, content_type, catalog or load_catalog())
    except Exception as exc:  # the batch must go on; the reason is kept in the store
        return ExtractError(url, f"{type(exc).__name__}: {exc}")


def _extract(raw: bytes, url: str, content_type: str | None, catalog: Catalog) -> Article | ExtractError:
    if not raw or not raw.strip():
        return ExtractError(url, "empty response body")
    if raw.lstrip()[:5] == b"%PDF-":
        return ExtractError(url, "a PDF document served as a web page")
    text, _enc = decode_html(raw, content_type)
    doc = _parse(text)
    if doc is None:
        return ExtractError(url, "no HTML document could be parsed")
    source = catalog.for_url(url)
    meta = _meta(doc)
    ld = _json_ld(doc)

    title = _title(doc, meta, ld, source)
    if not title:
        return ExtractError(url, "no title found")
    body_el = _body_element(doc, source)
    info = _info_text(doc, title, body_el)
    published = _published(doc, meta, ld, info, source, body_el)
    attachments = _attachments(doc, body_el, url)
    body = _paragraphs(body_el) if body_el is not None else []
    names = {x.name for x in attachments}
    body = [p for p in body if not (p.startswith("附件") and any(n and n in p for n in names))]
    if not body:
        body = _fallback_body(text)
    doc_no = _doc_no(doc, body, title)
    if not body:
        return ExtractError(url, "no article body found")
    publisher = _publisher(meta, ld, info, source)
    language = "zh" if len(CJK.findall(title + "".join(body[:3]))) > 0.1 * max(1, len(title + "".join(body[:3]))) else "en"
    return Article(
        url=url, title=title,
        published=published.when if published else None,
        published_precision=published.precision if published else "minute",
        publisher=publisher, site=source.id if source else (urlsplit(url).hostname or ""),
        site_name=source.name if source else meta.get("sitename", ""),
        column=_column(doc, meta, source, url), author=_author(info, ld),
        doc_no=doc_no, doc_type=_doc_type(title, source, publisher), language=language,
        canonical_url=_canonical(doc, url), body=body, attachments=attachments,
    )


# -- parsing ---------------------------------------------------------------------------------------

def _parse(text: str):
    # Some CMS templates emit two <html> documents back to back; lxml keeps the first body's
    # content and merges the rest, which is what we want for metadata and body search.
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def _body_text(s: str) -> str:
    """Paragraph text as printed: outer (full-width) indentation stripped, inner 　 kept."""
    s = s.replace("\xa0", " ")
    return re.sub(r"[ \t\r\n]+", " ", s).strip(" \t\r\n\u3000")


def _clean_text(s: str) -> str:
    s = s.replace("\xa0", " ").replace("\u3000", " ")
    return re.sub(r"\s+", " ", s).strip()


def _meta(doc) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("name") or m.get("property") or m.get("itemprop") or "").strip().lower()
        val = m.get("content")
        if key and val and key not in out:
            out[key] = _clean_text(val)
    return out


def _json_ld(doc) -> dict:
    for s in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(s.text_content())
        except (ValueError, TypeError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for it in items:
            if isinstance(it, dict) and ("headline" in it or "datePublished" in it):
                return it
    return {}


# -- fields ----------------------------------------------------------------------------------------

def _title(doc, meta: dict, ld: dict, source: Source | None) -> str:
    if source and source.extract.title:
        el = doc.cssselect(source.extract.title)
        if el:
            return _clean_text(el[0].text_content())
    for k in META_TITLE[:2]:
        if meta.get(k):
            return meta[k]
    if isinstance(ld.get("headline"), str) and ld["headline"].strip():
        return _clean_text(ld["headline"])
    page_title = _clean_text(doc.findtext(".//title") or "")
    for tag in ("h1", "h2"):
        for h in doc.iter(tag):
            t = _clean_text(h.text_content())
            if len(t) >= 4 and (not page_title or t in page_title or page_title in t):
                return t
    for el in doc.xpath('//*[contains(@class,"title") or contains(@id,"title")]'):
        t = _clean_text(el.text_content())
        if len(t) >= 4 and page_title and t in page_title:
            return t
    if page_title:
        return re.split(r"\s*(?:[_|｜]|--| - |-(?=[^-]*$))\s*", page_title)[0].strip()
    return ""


def _info_text(doc, title: str, body_el) -> str:
    """The visible metadata lines (发布时间/来源/日期): short blocks mentioning those labels,
    outside the body (a body's 报名时间：… is not the publish time)."""
    inside = set(body_el.iter()) if body_el is not None else set()
    lines: list[str] = []
    for el in doc.iter("div", "span", "p", "td", "h2", "li"):
        if el in inside:
            continue
        if el.tag in ("span",) and el.getparent() is not None and el.getparent().tag in ("div", "td", "p"):
            continue
        t = _clean_text(" ".join(el.itertext()))
        if 6 <= len(t) <= 160 and ("来源" in t or PUBTIME_LABEL.search(t)) and t != title:
            if not any(t in x for x in lines):
                lines.append(t)
    return "\n".join(lines[:6])


def _published(doc, meta: dict, ld: dict, info: str, source: Source | None, body_el=None) -> Stamp | None:
    candidates: list[Stamp] = []
    if source and source.extract.date:
        for el in doc.cssselect(source.extract.date):
            if st := parse_datetime(el.text_content()):
                candidates.append(st)
    for k in META_DATE:
        if st := parse_datetime(meta.get(k)):
            candidates.append(st)
    if isinstance(ld.get("datePublished"), str) and (st := parse_datetime(ld["datePublished"])):
        candidates.append(st)
    for t in doc.xpath("//time[@datetime]"):
        if st := parse_datetime(t.get("datetime")):
            candidates.append(st)
    for line in info.splitlines():
        m = PUBTIME_LABEL.search(line)
        if st := parse_datetime(line[m.start():] if m else line):
            candidates.append(st)
    split = _split_date(doc)
    if split:
        candidates.append(split)
    inside = set(body_el.iter()) if body_el is not None else set()
    for el in doc.xpath('//*[contains(@class,"date") or contains(@class,"time") or contains(@id,"time")]'):
        if el in inside:
            continue
        if st := parse_datetime(_clean_text(el.text_content())[:40]):
            candidates.append(st)
    if not candidates:
        return None
    best = candidates[0]
    if best.precision == "day":  # a later candidate may show the time of the same day
        for c in candidates[1:]:
            if c.precision == "minute" and c.when.date() == best.when.date():
                return c
    return best


def _split_date(doc) -> Stamp | None:
    """Xinhua-style header: year, month/day and time in separate spans."""
    for box in doc.xpath('//*[contains(@class,"header-time")]'):
        year = box.xpath('.//*[contains(@class,"year")]')
        day = box.xpath('.//*[contains(@class,"day")]')
        tm = box.xpath('.//*[contains(@class,"time")]')
        if year and day:
            md = re.findall(r"\d+", day[0].text_content())
            y = re.findall(r"\d{4}", year[0].text_content())
            if y and len(md) >= 2:
                t = tm[0].text_content().strip() if tm else ""
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


def _column(doc, meta: dict, source: Source | None, url: str) -> str:
    if meta.get("columnname"):
        return meta["columnname"]
    if source and (col := source.column_for(url)):
        return col
    crumbs = doc.xpath('//*[contains(@class,"crumb") or contains(@class,"location") or contains(@class,"position")]//a')
    return _clean_text(crumbs[-1].text_content()) if crumbs else ""


def _canonical(doc, url: str) -> str:
    for l in doc.xpath('//link[@rel="canonical"][@href]'):
        return urljoin(url, l.get("href"))
    return url


def _doc_type(title: str, source: Source | None, publisher: str) -> str:
    """答记者问/解读 anywhere in the title; a document type only where a document title ends."""
    for needle, kind in DOC_TYPES[:3]:
        if needle in title:
            return kind
    if source and source.tier in ("state_media", "trade_media", "foreign_media"):
        return "评论" if "评论" in title else "报道"
    bare = re.sub(r"(?:[（(][^）)]{1,20}[）)])+$", "", title.strip())
    for needle, kind in DOC_TYPES[3:]:
        if bare.endswith(needle) or bare.endswith(needle + "》"):
            return kind
    if "新闻发布会" in title:
        return "新闻发布会"
    return "新闻稿"


def _doc_no(doc, body: list[str], title: str) -> str:
    for td in doc.xpath('//td[contains(normalize-space(.),"发文字号")]'):
        nxt = td.getnext()
        if nxt is not None and (m := DOC_NO.search(_squash(nxt.text_content()))):
            return m.group(0)
    for p in body[:3]:
        if len(p) <= 40 and (m := DOC_NO.fullmatch(_squash(p))):
            return m.group(0)
    return ""


# -- body ------------------------------------------------------------------------------------------

def _body_element(doc, source: Source | None):
    if source and source.extract.body:
        found = doc.cssselect(source.extract.body)
        if found:
            return found[0]
    marked = _between_markers(doc)
    if marked is not None:
        return marked
    candidates = []
    for rank, i in enumerate(BODY_IDS):
        for el in doc.xpath(f'//*[@id="{i}"]'):
            candidates.append((rank, el))
    for rank, c in enumerate(BODY_CLASSES, start=len(BODY_IDS)):
        for el in doc.xpath(f'//*[contains(concat(" ", normalize-space(@class), " "), " {c} ")]'):
            candidates.append((rank, el))
    best = None
    for rank, el in candidates:
        n = len(_squash(el.text_content()))
        if n < 20:
            continue
        key = (rank, -n)
        if best is None or key < best[0]:
            best = (key, el)
    return best[1] if best else None


def _between_markers(doc):
    """Hanweb pages wrap the body in <!--ContentStart--> … <!--ContentEnd--> comments."""
    start = doc.xpath('//comment()[contains(., "ContentStart")]')
    if not start:
        return None
    end = doc.xpath('//comment()[contains(., "ContentEnd")]')
    parent = start[0].getparent()
    box = lxml.html.Element("div")
    node = start[0].getnext()
    while node is not None and not (end and node is end[0]):
        box.append(_copy(node))
        node = node.getnext()
    return box if len(box) else parent


def _copy(el):
    return lxml.html.fromstring(lxml.html.tostring(el, encoding="unicode")) if isinstance(el.tag, str) else el


def _dropped(el) -> bool:
    if el.tag in DROP_TAGS:
        return True
    cls = (el.get("class") or "").lower().split()
    return any(c in DROP_CLASSES for c in cls)


BLOCKS = {"p", "div", "li", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre", "section", "table", "ul", "ol"}


def _paragraphs(root) -> list[str]:
    """Block-level text of the container, boilerplate removed, in document order."""
    out: list[str] = []

    def walk(el, buf: list[str]):
        for child in el:
            if not isinstance(child.tag, str):
                if child.tail:
                    buf.append(child.tail)
                continue
            if _dropped(child):
                if child.tail:
                    buf.append(child.tail)
                continue
            if child.tag in BLOCKS:
                flush(buf)
                if child.text:
                    buf.append(child.text)
                walk(child, buf)
                flush(buf)
            elif child.tag == "br":
                flush(buf)
            else:
                if child.text:
                    buf.append(child.text)
                walk(child, buf)
            if child.tail:
                buf.append(child.tail)

    def flush(buf: list[str]):
        t = _body_text("".join(buf))
        buf.clear()
        if t and not BOILERPLATE.match(t) and not EDITOR_LINE.match(t):
            out.append(t)

    buf: list[str] = []
    if root.text:
        buf.append(root.text)
    walk(root, buf)
    flush(buf)
    return out


def _attachments(doc, body_el, url: str) -> list[Attachment]:
    scope = body_el.getparent() if body_el is not None and body_el.getparent() is not None else doc
    seen: set[str] = set()
    out: list[Attachment] = []
    for a in scope.iter("a"):
        href = (a.get("href") or "").strip()
        ext = href.rsplit(".", 1)[-1].lower() if "." in href.rsplit("/", 1)[-1] else ""
        if ext in ATTACHMENT_EXT:
            full = urljoin(url, href)
            if full not in seen:
                seen.add(full)
                out.append(Attachment(name=_clean_text(a.text_content()) or full.rsplit("/", 1)[-1], url=full, type=ext))
    return out


def _fallback_body(html_text: str) -> list[str]:
    import trafilatura

    txt = trafilatura.extract(html_text, include_comments=False, include_tables=False, favor_precision=True)
    if not txt:
        return []
    return [p for p in (_clean_text(x) for x in txt.splitlines()) if p and not BOILERPLATE.match(p)]
