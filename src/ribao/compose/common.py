"""What both writers share: references, how a source is named and credited, usage notes, leads.

A reference's publisher, title and date always come from the article record; the writer never
invents them. A 来源 that is a department of the site's agency is credited to the agency with
the department named (安徽省数据资源管理局（数据要素处）); a page carried by one agency's site
from another publisher is credited to the site that carried it (国家能源局转载), the original
named in ``Reference.original``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ribao.analyze.score import authority, clean_publisher
from ribao.analyze.stories import DOCUMENT_TYPES, INTERPRETATION_TYPES
from ribao.catalog import Catalog
from ribao.models import Article, Reference
from ribao.text import document_name

_CJK = re.compile(r"[\u4e00-\u9fff]")
GOV_TIERS = ("central_ministry", "state_council", "provincial_government")


def month_day(a: Article) -> str:
    """'7月14日' from the article's own record."""
    return f"{a.published.month}月{a.published.day}日" if a.published else ""


def full_date(a: Article) -> str:
    return f"{a.published.year}年{month_day(a)}" if a.published else ""


def provincial(name: str, a: Article, catalog: Catalog) -> str:
    """"省发展改革委" on a Jiangsu site reads "江苏省发展改革委" in a national bulletin."""
    site = catalog.for_url(a.url)
    if name.startswith("省") and site and "省" in site.name:
        return site.name[:site.name.index("省")] + name
    return name


def attribution(a: Article, catalog: Catalog) -> str:
    """A Chinese name for a publisher (路透社 for Reuters; 江苏省发展改革委 for a provincial
    page's bare 省发展改革委) for the lead's attribution."""
    src = catalog.agency_of(a.publisher) or catalog.for_url(a.url)
    if a.language != "zh" and src:
        zh = next((x for x in src.names if _CJK.search(x)), None)
        return zh or a.publisher
    name = clean_publisher(a.publisher)
    site = catalog.for_url(a.url)
    if name and site and site.tier in GOV_TIERS and _is_department(name, site, catalog) and authority(a, catalog).own:
        return f"{site.publisher}{name}"         # 装备工业一司 → 工业和信息化部装备工业一司
    return provincial(name, a, catalog) if name else (src.publisher if src else a.site_name)


def _is_department(name: str, site, catalog: Catalog) -> bool:
    return name not in site.names and catalog.agency_of(name) is None and site.publisher not in name


def issuer(title: str, fallback: str) -> str:
    """Who a document's title says issued it (the words before 关于), else ``fallback``."""
    k = title.find("关于")
    head = title[:k].strip() if k > 0 else ""
    return head if 2 <= len(head) <= 40 else fallback


def is_document(a: Article) -> bool:
    return a.doc_type in DOCUMENT_TYPES and "关于" in a.title


def is_interpretation(a: Article) -> bool:
    return a.doc_type in INTERPRETATION_TYPES


@dataclass(frozen=True)
class Credit:
    publisher: str
    original: str = ""      # a reprint's original publisher


def credit(a: Article, catalog: Catalog) -> Credit:
    """The reference's publisher: the 来源, a department under its agency, or the carrying site's 转载."""
    pub = clean_publisher(a.publisher) or a.site_name
    site = catalog.for_url(a.url)
    if site is None:
        return Credit(a.publisher or a.site_name)
    auth = authority(a, catalog)
    if auth.own:
        if site.tier in GOV_TIERS and _is_department(pub, site, catalog):
            return Credit(f"{site.publisher}（{pub}）")      # a department: 装备工业一司
        return Credit(provincial(pub, a, catalog))
    if site.tier in GOV_TIERS and site.publisher not in pub:
        return Credit(f"{site.publisher}转载", original=provincial(pub, a, catalog))
    return Credit(a.publisher or a.site_name)


def usage_note(kind: str, theme_name: str, *, role: str = "facts") -> str:
    """What a reference was used for, by what the article is to the section."""
    if kind == "primary":
        return f"用于{theme_name}事实核验。"
    if kind == "background":
        return f"用于{theme_name}背景核验。"
    if kind == "context":
        return f"用于{theme_name}长期脉络梳理。"
    if kind == "interpretation":
        return "用于政策意图与影响分析。"
    return "用于媒体报道与市场反应核验。" if role == "facts" else "用于行业影响分析。"


@dataclass
class Refs:
    """Reference list in order of first citation; the writer never invents reference metadata."""

    catalog: Catalog
    items: list[Reference] = field(default_factory=list)
    by_url: dict[str, int] = field(default_factory=dict)

    def cite(self, a: Article, usage: str) -> int:
        if a.url in self.by_url:
            return self.by_url[a.url]
        n = len(self.items) + 1
        c = credit(a, self.catalog)
        if c.original:
            usage = f"原载{c.original}；{usage}"
        self.items.append(Reference(n=n, publisher=c.publisher, original=c.original, title=a.title,
                                    date=a.published.date().isoformat() if a.published else "", url=a.url,
                                    usage=usage))
        self.by_url[a.url] = n
        return n


def doc_title(a: Article) -> str:
    """The name for 《》: the document's own name, else its title as shown."""
    return document_name(a.title) or re.sub(r"\s+", " ", a.title).strip()
