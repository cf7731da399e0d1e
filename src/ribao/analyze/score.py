"""Per-article factors: theme relevance from the line's taxonomy, authority from the catalog."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ribao.catalog import Catalog, Source
from ribao.lines import LineConfig, Selection
from ribao.models import Article

_PUBLISHER_SUFFIX = re.compile(r"(?:官方网站|网站|官网|转载)$")
_DEPARTMENT = re.compile(r"(?:司|局|办公厅|办公室|中心|处|委员会)$")


@dataclass(frozen=True)
class Relevance:
    score: float            # 0..1
    theme: str              # best theme id ("" if none)
    raw: dict[str, float]   # theme id → raw weighted hits


def _count(text: str, phrase: str, ascii_: bool) -> int:
    return text.lower().count(phrase.lower()) if ascii_ else text.count(phrase)


def relevance(a: Article, line: LineConfig) -> Relevance:
    """Weighted phrase hits per theme; titles count triple, negatives damp hard.

    Items that merely share a word with the theme lose because terms are phrases, a title
    hit outweighs body mentions, and negative phrases in the title cut the score to a fraction.
    """
    title = a.title
    body = "\n".join(a.body)[:4000]
    lead = a.body[0] if a.body else ""
    raw: dict[str, float] = {}
    for th in line.themes:
        s = 0.0
        for phrase, w in th.terms.items():
            asc = phrase.isascii()
            t = _count(title, phrase, asc)
            b = _count(body, phrase, asc)
            if t or b:
                s += w * (3.0 * min(t, 1) + math.log1p(b))
        s *= th.sources.get(a.site, 1.0)
        for neg in th.negative:
            if neg in title:
                s *= 0.15
            elif neg in lead:
                s *= 0.6
        raw[th.id] = s
    best = max(raw, key=raw.get) if raw else ""
    total = raw.get(best, 0.0)
    if any(n.lower() in title.lower() for n in line.global_negative):
        total *= 0.1
    return Relevance(score=1.0 - math.exp(-total / 8.0), theme=best if total > 0 else "", raw=raw)


def clean_publisher(name: str) -> str:
    return _PUBLISHER_SUFFIX.sub("", (name or "").strip())


_DEFAULTS = Selection()


@dataclass(frozen=True)
class Authority:
    score: float
    own: bool                   # the site's own agency (or one of its departments) published it
    original: Source | None     # the catalog agency named in the 来源 line, when it is another one


def authority(a: Article, catalog: Catalog, sel: Selection | None = None) -> Authority:
    """The issuing ministry's own release ranks above a reprint, which ranks above media.

    The factors are the line's (``Selection.authority_*``); the catalog's tiers give the base.
    """
    sel = sel or _DEFAULTS
    site = catalog.for_url(a.url)
    pub = clean_publisher(a.publisher)
    named = catalog.agency_of(pub)
    if site is None:
        return Authority(named.authority * sel.authority_off_catalog if named else sel.authority_unknown, False, named)
    if not pub or pub in site.names or (named is site):
        return Authority(site.authority, True, None)
    if named is None and _DEPARTMENT.search(pub) and site.tier in ("central_ministry", "provincial_government"):
        return Authority(site.authority, True, None)   # a department of the ministry, e.g. 装备工业一司
    if named is not None:
        return Authority(min(site.authority, named.authority) * sel.authority_reprint, False, named)
    return Authority(min(site.authority, sel.authority_media_on_gov_site), False, None)
