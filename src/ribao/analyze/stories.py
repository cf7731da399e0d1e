"""From a day's articles to stories: reprints merged, related items joined, members given roles."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Callable

from ribao.analyze.dedup import reprint_groups
from ribao.analyze.groups import join
from ribao.analyze.score import Authority, Relevance, authority, relevance
from ribao.analyze.text import TfIdf, distinctive_numbers, tokens
from ribao.text import doc_numbers, normalise, quoted_titles
from ribao.catalog import Catalog
from ribao.lines import LineConfig
from ribao.models import Article, MemberRole

DOCUMENT_TYPES = {"通知", "意见", "办法", "方案", "规划", "指南", "决定", "公告", "通告", "批复"}
INTERPRETATION_TYPES = {"解读", "答记者问"}


@dataclass(frozen=True)
class Member:
    article: Article
    role: MemberRole
    relevance: Relevance
    authority: Authority
    reprints: tuple[Article, ...] = ()   # same text elsewhere; never cited beside it


@dataclass(frozen=True)
class Story:
    """Articles about one event: what the analysis found, before any scoring or choice."""

    key: str
    members: tuple[Member, ...]            # primary first

    @property
    def primary(self) -> Member:
        return self.members[0]

    @property
    def articles(self) -> list[Article]:
        return [m.article for m in self.members]

    @property
    def all_urls(self) -> list[str]:
        return [a.url for m in self.members for a in [m.article, *m.reprints]]


def _primary_rank(m: Member) -> tuple:
    a = m.article
    kind = 0 if a.doc_type in DOCUMENT_TYPES else 1 if a.doc_type in ("新闻稿", "新闻发布会") else 2 \
        if a.doc_type in INTERPRETATION_TYPES else 3
    return (not m.authority.own, kind, -m.authority.score, a.published or 0)


def _canonical(group: list[Article], auth: list[Authority]) -> int:
    """The original publisher's own page; else the earliest, most authoritative."""
    order = sorted(range(len(group)), key=lambda i: (not auth[i].own, -auth[i].score,
                                                     group[i].published.timestamp() if group[i].published else 0))
    return order[0]


@dataclass(frozen=True, slots=True)
class Features:
    """What story grouping compares between two items (normalised)."""

    titles: frozenset[str]        # 《titles》 the text names
    doc_nos: frozenset[str]       # 文号 the text names
    numbers: frozenset[str]       # distinctive figures
    title: str
    language: str
    own_no: str                   # the item's own 文号
    names: frozenset[str]         # names its title gives itself (document name, quoted brands)

    @classmethod
    def of(cls, a: Article) -> "Features":
        full = a.title + "\n" + "\n".join(a.body)
        return cls(frozenset(quoted_titles(full)), frozenset(doc_numbers(full)), frozenset(distinctive_numbers(full)),
                   normalise(a.title), a.language, normalise(a.doc_no), frozenset(title_names(a.title)))


def build_stories(articles: list[Article], line: LineConfig, catalog: Catalog) -> list[Story]:
    """Reprints merged into one member, related members joined into stories, roles given."""
    if not articles:
        return []
    sel = line.selection
    texts = [a.title + "\n" + "\n".join(a.body) for a in articles]
    groups = reprint_groups(texts, sel.dedup_threshold)
    items: list[Member] = []
    for g in groups:
        arts = [articles[i] for i in g]
        auths = [authority(a, catalog, sel) for a in arts]
        c = _canonical(arts, auths)
        a = arts[c]
        items.append(Member(article=a, role="primary", relevance=relevance(a, line), authority=auths[c],
                            reprints=tuple(x for i, x in enumerate(arts) if i != c)))
    feats = [Features.of(m.article) for m in items]
    docs = [tokens(m.article.title + " " + m.article.title + " " + " ".join(m.article.body[:3])) for m in items]
    space = TfIdf(docs)
    clusters = join(len(items), sorted(candidate_pairs(feats, space)),
                    lambda i, j: _related(feats[i], feats[j], lambda: space.cosine(i, j), sel.story_similarity))
    stories = []
    for group in clusters:
        ms = sorted((items[i] for i in group), key=_primary_rank)
        ms = [replace(m, role="primary" if k == 0 else "interpretation" if m.article.doc_type in INTERPRETATION_TYPES
                      else "report") for k, m in enumerate(ms)]
        key = "st-" + hashlib.sha1(ms[0].article.url.encode()).hexdigest()[:10]
        stories.append(Story(key=key, members=tuple(ms)))
    return stories


MAX_POSTING = 40   # a key shared by more items than this says nothing about any pair


def candidate_pairs(feats: list[Features], space: TfIdf) -> set[tuple[int, int]]:
    """Pairs worth comparing: they share a 文号, a document name, a figure or a rare key word.

    Keeps story grouping sub-quadratic: a day's 2,000 pages yield thousands of pairs, not millions.
    """
    index: dict[str, list[int]] = {}
    for i, f in enumerate(feats):
        keys = {"t:" + t for t in f.titles | f.names} | {"d:" + d for d in f.doc_nos | ({f.own_no} if f.own_no else set())}
        keys |= {f"n:{f.language}:{x}" for x in f.numbers if len(x) >= 3}
        keys |= {"w:" + w for w in space.top_terms(i, 8)}
        for k in keys:
            index.setdefault(k, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if 1 < len(members) <= MAX_POSTING:
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    pairs.add((members[x], members[y]))
    return pairs


def title_names(title: str) -> set[str]:
    """Names a title gives itself: the document name (关于… or the 《…》 it issues) and quoted brands."""
    names = set()
    t = normalise(title)
    k = t.find("关于")
    if k >= 0:
        names.add(t[k:])
    names |= {normalise(x) for x in re.findall(r"《([^》]{4,80})》", t)}
    names |= {"brand:" + x for x in re.findall(r"“([^”]{2,12})”", t)}
    return names


def _related(x: Features, y: Features, cosine: Callable[[], float], threshold: float) -> bool:
    if (x.own_no and x.own_no in y.doc_nos) or (y.own_no and y.own_no in x.doc_nos):
        return True   # one names the other's 文号
    if any(t in y.title for t in x.titles if len(t) >= 8) or any(t in x.title for t in y.titles if len(t) >= 8):
        return True   # one names the other's title
    # both discuss a document named in one of their headlines (not a parent policy both merely cite)
    if any(len(t) >= 8 and (t in x.title or t in y.title) for t in x.titles & y.titles):
        return True
    if x.language != y.language:
        return False
    cos = cosine()
    brands_x = {b for b in x.names if b.startswith("brand:")}
    brands_y = {b for b in y.names if b.startswith("brand:")}
    if cos >= threshold * 0.4 and any(a in b or b in a for a in brands_x for b in brands_y):
        return True   # the same named programme or platform (“皖算” and “皖算券”)
    shared = len(x.numbers & y.numbers)
    if shared >= 3 and shared >= 0.3 * min(len(x.numbers), len(y.numbers)) and cos >= threshold * 0.4:
        return True   # the same release's figures, reported again
    return cos >= threshold
