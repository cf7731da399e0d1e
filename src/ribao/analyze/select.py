"""The day's selection: candidates from the store → scored stories → the chosen few, with reasons."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ribao.analyze.stories import Story, build_stories
from ribao.text import doc_numbers, document_name, normalise, quoted_titles
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
    recent_themes: dict[str, int] = field(default_factory=dict)   # theme → bulletins of the last week covering it

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
    week = (day - timedelta(days=7)).isoformat()
    for theme in {e.theme for e in earlier if e.date >= week and e.theme}:
        result.recent_themes[theme] = len({e.date for e in earlier if e.date >= week and e.theme == theme})
    stories = build_stories(articles, line, catalog)
    recent = [e for e in earlier if e.date >= (day - timedelta(days=sel.continuation_days)).isoformat()]
    earlier_keys = _earlier_keys(store, recent)
    for st in stories:
        _score(st, line, cutoff)
        developed = _continuations(st, earlier_keys)
        st.continues = [e.label for e in developed]
        # yesterday's primary is the natural context for what is new today
        st.background = [e.primary for e in developed if e.primary is not None][:1]
        if st.continues:
            st.factors["novelty"] = 0.85
            st.score *= 0.85
    stories.sort(key=lambda s: -s.score)
    _choose(stories, sel, store.overrides(line.id, day.isoformat()))
    attach_background(store, [s for s in stories if s.chosen], before=cutoff, fetched_by=end_of_day,
                      exclude={s.article.url for s in pool} | cited_before)
    result.stories = stories
    return result


def _choose(stories: list[Story], sel, overrides: dict[str, str]) -> None:
    """Editor overrides first, then the best stories above the minimum score, up to the section count."""
    picked = 0
    for st in stories:
        if overrides.get(st.key) == "include":
            st.chosen, st.reason = True, "included by the editor"
            picked += 1
    for st in stories:
        if st.chosen:
            continue
        if overrides.get(st.key) == "exclude":
            st.reason = "excluded by the editor"
        elif st.score < sel.min_score:
            st.reason = f"score {st.score:.2f} under the minimum {sel.min_score:.2f}"
        elif picked >= sel.sections:
            st.reason = f"below the top {sel.sections}"
        else:
            st.chosen = True
            picked += 1
            st.reason = "chosen" + (" (development of " + "; ".join(st.continues) + ")" if st.continues else "")


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


def _story_text(st: Story) -> str:
    return "\n".join(a.title + "\n" + "\n".join(a.body) for a in st.articles)


@dataclass(frozen=True)
class _Earlier:
    label: str              # "date:story_key"
    keys: frozenset[str]    # document names and 文号 its articles carry
    primary: Article | None


def _earlier_keys(store: Store, earlier: list[ChosenStory]) -> list[_Earlier]:
    """For each recent bulletin story: its label, the documents it covered and its primary page."""
    arts = store.articles_by_url(u for e in earlier for u in e.article_urls)
    out = []
    for e in earlier:
        found = [arts[u].article for u in e.article_urls if u in arts]
        keys = {k for a in found for k in (document_name(a.title), normalise(a.doc_no)) if k}
        out.append(_Earlier(f"{e.date}:{e.story_key}", frozenset(keys), found[0] if found else None))
    return out


def _continuations(st: Story, earlier: list[_Earlier]) -> list[_Earlier]:
    """Earlier bulletins' stories this one develops: it names their document or 文号."""
    if not earlier:
        return []
    text = _story_text(st)
    named = quoted_titles(text) | doc_numbers(text)
    return [e for e in earlier if e.keys & named]


def attach_background(store: Store, chosen: list[Story], *, before: datetime, fetched_by: datetime,
                      exclude: set[str], per_story: int = 2) -> None:
    """Earlier documents a story builds on, found by the 《title》 or 文号 its text names.

    An index lookup per story (``doc_name``/``doc_no`` columns), so it costs the same on an
    archive of a thousand pages or a million.
    """
    used = set(exclude)
    for st in chosen:
        text = _story_text(st)
        own = {document_name(a.title) for a in st.articles} | {normalise(a.doc_no) for a in st.articles}
        names = quoted_titles(text) - own
        nos = doc_numbers(text) - own
        found = [s.article for s in store.articles_named(names, nos, published_before=before, fetched_by=fetched_by)
                 if s.article.url not in used]
        found.sort(key=lambda a: a.published, reverse=True)
        st.background = (st.background + [a for a in found if a.url not in {b.url for b in st.background}])[:per_story]
        used.update(a.url for a in st.background)
