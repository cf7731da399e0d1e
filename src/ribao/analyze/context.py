"""Context from the archive (扩搜): for each chosen story, the earlier documents it belongs with.

The story's key words go, two at a time, to the archive's full-text index (``store.search``),
newest matches first (a bounded index read, not a ranking of every match); the hits are
kept only when they belong to the line (the same theme, above the line's minimum relevance),
resemble the story (TF-IDF cosine over the story and its hits) and were published before the
day's news window. The most authoritative, most similar ones are the story's context: a
five-year plan, an earlier notice, a similar measure last month.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

from ribao.analyze.score import authority, relevance
from ribao.analyze.stories import DOCUMENT_TYPES, Story
from ribao.analyze.text import STOPWORDS, TfIdf, tokens
from ribao.catalog import Catalog
from ribao.lines import LineConfig
from ribao.models import Article
from ribao.store import Store, search

QUERY_WORDS = 6


def query_words(st: Story) -> list[str]:
    """The words that say what a story is about: its titles' words (thrice) and its primary's lead."""
    weight: Counter[str] = Counter()
    for a in st.articles:
        for w in search.words(a.title):
            weight[w] += 3
    prim = st.primary.article
    for w in search.words(" ".join(prim.body[:2])[:400]):
        weight[w] += 1
    ranked = sorted((w for w in weight if len(w) >= 2 and w not in STOPWORDS and not w.isdigit()),
                    key=lambda w: (-weight[w], -len(w), w))
    return ranked[:QUERY_WORDS]


def _doc(a: Article) -> list[str]:
    return tokens(a.title + " " + a.title + " " + " ".join(a.body[:3]))


def find_context(store: Store, stories: list, line: LineConfig, catalog: Catalog, *, before: datetime,
                 fetched_by: datetime, exclude: set[str]) -> list:
    """``stories`` (``Candidate`` values) with ``context`` set on the chosen ones."""
    cfg = line.selection.context
    if cfg.per_story == 0 or not any(c.chosen for c in stories):
        return stories
    search.ensure_index(store)
    used = set(exclude) | {a.url for c in stories for a in c.background}
    out = []
    for c in stories:
        if not c.chosen:
            out.append(c)
            continue
        # any two of the story's key words together: a hit shares more than one word with it. The
        # newest matches are taken (no ranking of every match), then ranked here by similarity.
        top = query_words(c.story)
        pairs = [f"{a} {b}" for i, a in enumerate(top) for b in top[i + 1:]]
        hits = search.search(store, pairs, published_from=before - timedelta(days=cfg.max_age_days),
                             published_before=before, fetched_by=fetched_by, limit=cfg.candidates, newest=True)
        found = store.articles_by_url(h.url for h in hits if h.url not in used)
        arts = [found[h.url].article for h in hits if h.url in found]
        keep = []
        for a in arts:
            rel = relevance(a, line)
            if rel.theme == c.theme and rel.score >= line.selection.min_score:
                keep.append(a)
        if keep:
            space = TfIdf([tokens("\n".join(x.title + " " + " ".join(x.body[:3]) for x in c.articles)),
                           *(_doc(a) for a in keep)])
            ranked = []
            for i, a in enumerate(keep, 1):
                sim = space.cosine(0, i)
                if sim >= cfg.min_similarity:
                    doc = 1.2 if a.doc_type in DOCUMENT_TYPES else 1.0
                    ranked.append((sim * authority(a, catalog, line.selection).score * doc, a))
            ranked.sort(key=lambda x: -x[0])
            picked = tuple(a for _, a in ranked[:cfg.per_story])
            used.update(a.url for a in picked)
            c = replace(c, context=picked)
        out.append(c)
    return out
