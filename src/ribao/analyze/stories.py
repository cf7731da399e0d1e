"""From a day's articles to stories: reprints merged, related items joined, members given roles."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ribao.analyze.dedup import reprint_groups
from ribao.analyze.score import Authority, Relevance, authority, relevance
from ribao.analyze.text import TfIdf, distinctive_numbers, tokens
from ribao.text import doc_numbers, normalise, quoted_titles
from ribao.catalog import Catalog
from ribao.lines import LineConfig
from ribao.models import Article, MemberRole

DOCUMENT_TYPES = {"通知", "意见", "办法", "方案", "规划", "指南", "决定", "公告", "通告", "批复"}
INTERPRETATION_TYPES = {"解读", "答记者问"}


@dataclass
class Member:
    article: Article
    role: MemberRole
    relevance: Relevance
    authority: Authority
    reprints: list[Article] = field(default_factory=list)   # same text elsewhere; never cited beside it


@dataclass
class Story:
    key: str
    members: list[Member]            # primary first
    theme: str = ""
    factors: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    chosen: bool = False
    reason: str = ""
    continues: list[str] = field(default_factory=list)     # "date:headline" of earlier bulletins' stories
    background: list[Article] = field(default_factory=list)

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


def build_stories(articles: list[Article], line: LineConfig, catalog: Catalog) -> list[Story]:
    if not articles:
        return []
    sel = line.selection
    texts = [a.title + "\n" + "\n".join(a.body) for a in articles]
    groups = reprint_groups(texts, sel.dedup_threshold)
    items: list[Member] = []
    for g in groups:
        arts = [articles[i] for i in g]
        auths = [authority(a, catalog) for a in arts]
        c = _canonical(arts, auths)
        a = arts[c]
        items.append(Member(article=a, role="primary", relevance=relevance(a, line), authority=auths[c],
                            reprints=[x for i, x in enumerate(arts) if i != c]))
    n = len(items)
    feats = []
    for m in items:
        a = m.article
        full = a.title + "\n" + "\n".join(a.body)
        feats.append((quoted_titles(full), doc_numbers(full), distinctive_numbers(full),
                      normalise(a.title), a.language, normalise(a.doc_no), title_names(a.title)))
    docs = [tokens(m.article.title + " " + m.article.title + " " + " ".join(m.article.body[:3])) for m in items]
    space = TfIdf(docs)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in candidate_pairs(feats, space):
        if find(i) != find(j) and _related(i, j, feats, space, sel.story_similarity):
            parent[find(i)] = find(j)
    clusters: dict[int, list[Member]] = {}
    for i in range(n):
        clusters.setdefault(find(i), []).append(items[i])
    stories = []
    for ms in clusters.values():
        ms.sort(key=_primary_rank)
        for k, m in enumerate(ms):
            m.role = "primary" if k == 0 else "interpretation" if m.article.doc_type in INTERPRETATION_TYPES \
                else "report"
        key = "st-" + hashlib.sha1(ms[0].article.url.encode()).hexdigest()[:10]
        stories.append(Story(key=key, members=ms))
    return stories


MAX_POSTING = 40   # a key shared by more items than this says nothing about any pair


def candidate_pairs(feats, space: TfIdf) -> set[tuple[int, int]]:
    """Pairs worth comparing: they share a 文号, a document name, a figure or a rare key word.

    Keeps story grouping sub-quadratic: a day's 2,000 pages yield thousands of pairs, not millions.
    """
    index: dict[str, list[int]] = {}
    for i, (titles, nos, nums, _title, lang, own_no, names) in enumerate(feats):
        keys = {"t:" + t for t in titles | names} | {"d:" + d for d in nos | ({own_no} if own_no else set())}
        keys |= {f"n:{lang}:{x}" for x in nums if len(x) >= 3}
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


def _related(i: int, j: int, feats, space: TfIdf, threshold: float) -> bool:
    ti, di, ni, hi, li, own_i, names_i = feats[i]
    tj, dj, nj, hj, lj, own_j, names_j = feats[j]
    if (own_i and own_i in dj) or (own_j and own_j in di):
        return True   # one names the other's 文号
    if any(t in hj for t in ti if len(t) >= 8) or any(t in hi for t in tj if len(t) >= 8):
        return True   # one names the other's title
    # both discuss a document named in one of their headlines (not a parent policy both merely cite)
    if any(len(t) >= 8 and (t in hi or t in hj) for t in ti & tj):
        return True
    if li != lj:
        return False
    cos = space.cosine(i, j)
    brands_i = {x for x in names_i if x.startswith("brand:")}
    brands_j = {x for x in names_j if x.startswith("brand:")}
    if cos >= threshold * 0.4 and any(a in b or b in a for a in brands_i for b in brands_j):
        return True   # the same named programme or platform (“皖算” and “皖算券”)
    shared = len(ni & nj)
    if shared >= 3 and shared >= 0.3 * min(len(ni), len(nj)) and cos >= threshold * 0.4:
        return True   # the same release's figures, reported again
    return cos >= threshold
