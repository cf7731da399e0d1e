"""The day's selection: candidates from the store → scored stories → the chosen few, with reasons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ribao.analyze.score import authority, relevance
from ribao.analyze.stories import Story, build_stories
from ribao.analyze.text import TfIdf, doc_numbers, normalise, quoted_titles, tokens
from ribao.catalog import Catalog, load_catalog
from ribao.lines import LineConfig
from ribao.models import Article
from ribao.store import Store
from ribao.store.repo import ChosenStory
from ribao.timeutil import CST


@dataclass
class DaySelection:
    line: LineConfig
    date: date
    as_of: datetime
    since: datetime                  # previous edition's as-of: what was fetched after it is new
    stories: list[Story] = field(default_factory=list)   # ranked, chosen and not

    @property
    def chosen(self) -> list[Story]:
        return [s for s in self.stories if s.chosen]


def as_of(line: LineConfig, day: date) -> datetime:
    hh, mm = (int(x) for x in line.selection.crawl_time.split(":"))
    return datetime.combine(day, time(hh, mm), tzinfo=CST)


def select_day(store: Store, line: LineConfig, day: date, *, catalog: Catalog | None = None) -> DaySelection:
    catalog = catalog or load_catalog()
    sel = line.selection
    cutoff = as_of(line, day)
    window_start = cutoff - timedelta(hours=sel.look_back_hours)
    end_of_day = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=CST)
    earlier = store.chosen_stories_before(line.id, day.isoformat())
    prev_dates = sorted({s.date for s in earlier if s.date < day.isoformat()})
    since = as_of(line, date.fromisoformat(prev_dates[-1])) if prev_dates else cutoff - timedelta(hours=sel.cadence_hours)
    since = max(since, window_start)

    pool = [s for s in store.articles(published_from=window_start - timedelta(days=1), published_before=cutoff,
                                      fetched_by=end_of_day)
            if s.fetched_at > since and _in_window(s.article, window_start)]
    cited_before = {u for st in earlier for u in st.article_urls}
    articles = [s.article for s in pool if s.article.url not in cited_before]
    result = DaySelection(line=line, date=day, as_of=cutoff, since=since)
    stories = build_stories(articles, line, catalog)
    for st in stories:
        _score(st, line, cutoff)
        st.continues = _continuations(st, earlier)
        if st.continues:
            st.factors["novelty"] = 0.85
            st.score *= 0.85
    stories.sort(key=lambda s: -s.score)
    picked = 0
    for st in stories:
        if picked >= sel.sections:
            st.reason = f"below the top {sel.sections}"
        elif st.score < sel.min_score:
            st.reason = f"score {st.score:.2f} under the minimum {sel.min_score:.2f}"
        else:
            st.chosen = True
            picked += 1
            st.reason = "chosen" + (" (development of " + "; ".join(st.continues) + ")" if st.continues else "")
    in_pool = {s.article.url for s in pool}
    background_pool = [s.article for s in store.articles(published_before=cutoff, fetched_by=end_of_day)
                       if s.article.url not in in_pool and s.article.url not in cited_before
                       and day - s.article.published.date() <= timedelta(days=sel.background_days)]
    attach_background([s for s in stories if s.chosen], background_pool, line, catalog)
    result.stories = stories
    return result


def _in_window(a: Article, start: datetime) -> bool:
    """Date-only pages (shown as midnight) count when their day overlaps the window."""
    if a.published_precision == "day":
        return a.published.date() >= start.date()
    return a.published >= start


def _score(st: Story, line: LineConfig, cutoff: datetime) -> None:
    rel = max(m.relevance.score for m in st.members)
    theme_votes: dict[str, float] = {}
    for m in st.members:
        if m.relevance.theme:
            theme_votes[m.relevance.theme] = theme_votes.get(m.relevance.theme, 0) + m.relevance.score
    st.theme = max(theme_votes, key=theme_votes.get) if theme_votes else ""
    auth = max(m.authority.score for m in st.members)
    newest = max((m.article.published for m in st.members if m.article.published), default=cutoff)
    age_h = max(0.0, (cutoff - newest).total_seconds() / 3600)
    recency = 1.0 if age_h <= 24 else max(0.7, 1.0 - 0.25 * (age_h - 24) / 24)
    sites = {a.site for m in st.members for a in [m.article, *m.reprints]}
    coverage = min(1.3, 1.0 + 0.1 * (len(sites) - 1))
    st.factors = {"relevance": round(rel, 3), "authority": round(auth, 3), "recency": round(recency, 3),
                  "coverage": round(coverage, 3), "novelty": 1.0}
    st.score = rel * auth * recency * coverage


def _continuations(st: Story, earlier: list[ChosenStory]) -> list[str]:
    """Earlier bulletins' stories this one develops: it names their document or 文号."""
    if not earlier:
        return []
    text = "\n".join(a.title + "\n" + "\n".join(a.body) for a in st.articles)
    titles, nos = quoted_titles(text), doc_numbers(text)
    out = []
    for e in earlier:
        h = normalise(e.headline)
        if any(t in h for t in titles if len(t) >= 8) or any(n in h for n in nos):
            out.append(f"{e.date}:{e.headline}")
    return out


def attach_background(chosen: list[Story], archive: list[Article], line: LineConfig, catalog: Catalog,
                      per_story: int = 2) -> None:
    """Earlier documents a story builds on: named by 《title》 or 文号, or close in text and theme."""
    if not chosen or not archive:
        return
    docs = [tokens(a.title + " " + a.title + " " + " ".join(a.body[:2])) for a in archive]
    story_docs = [tokens(" ".join(a.title + " " + " ".join(a.body[:2]) for a in s.articles)) for s in chosen]
    space = TfIdf(docs + story_docs)
    used: set[str] = set()
    for k, st in enumerate(chosen):
        text = "\n".join(a.title + "\n" + "\n".join(a.body) for a in st.articles)
        titles, nos = quoted_titles(text), doc_numbers(text)
        scored = []
        for i, a in enumerate(archive):
            if a.url in used:
                continue
            named = any(t and t in normalise(a.title) for t in titles if len(t) >= 8) or \
                (a.doc_no and normalise(a.doc_no) in nos)
            sim = space.cosine(len(archive) + k, i)
            auth = authority(a, catalog)
            rel = relevance(a, line)
            if named or (sim >= 0.3 and auth.own and auth.score >= 0.75 and rel.score >= 0.5 and rel.theme == st.theme):
                scored.append((1.0 if named else 0.0, sim, a))
        scored.sort(key=lambda x: (-x[0], -x[1]))
        st.background = [a for _, _, a in scored[:per_story]]
        used.update(a.url for a in st.background)
