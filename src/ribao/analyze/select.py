"""The day's selection: candidates from the store → scored stories → the chosen few → the sections.

Nothing is mutated after it is made: ``build_stories`` gives frozen ``Story`` values, scoring
gives a ``Candidate`` per story (its score, factors, decision, what it continues, its background
and archive context), and planning gives the bulletin's ``Slot`` list (one section each: a
whole story, one angle of a big story, or the long-term frame a story sits in).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from ribao.analyze.context import find_context
from ribao.analyze.history import History, history
from ribao.analyze.stories import Member, Story, build_stories
from ribao.text import doc_numbers, document_name, normalise, quoted_titles
from ribao.catalog import Catalog, load_catalog
from ribao.lines import LineConfig, Selection
from ribao.models import Article
from ribao.store import Store
from ribao.store.repo import ChosenStory
from ribao.timeutil import CST

Angle = Literal["story", "content", "scope", "mechanism", "context"]


@dataclass(frozen=True)
class Candidate:
    """A story as the selection judged it."""

    story: Story
    theme: str
    score: float
    factors: dict[str, float]
    continues: tuple[str, ...] = ()         # "date:story_key" of earlier bulletins' stories it develops
    background: tuple[Article, ...] = ()    # earlier documents it names, or an earlier bulletin's primary
    context: tuple[Article, ...] = ()       # earlier documents the archive search found it belongs with
    chosen: bool = False
    reason: str = ""

    @property
    def key(self) -> str:
        return self.story.key

    @property
    def members(self) -> tuple[Member, ...]:
        return self.story.members

    @property
    def primary(self) -> Member:
        return self.story.primary

    @property
    def articles(self) -> list[Article]:
        return self.story.articles

    @property
    def all_urls(self) -> list[str]:
        return self.story.all_urls


@dataclass(frozen=True)
class Slot:
    """One section to write: which story, from which of its members, and from what angle.

    ``story``: the whole story in one section; ``content`` / ``scope`` / ``mechanism``: one angle of
    a big story from its own members; ``context``: the archive documents the story belongs with.
    """

    candidate: Candidate
    angle: Angle
    members: tuple[Member, ...]
    background: tuple[Article, ...] = ()


@dataclass(frozen=True)
class DaySelection:
    line: LineConfig
    date: date
    as_of: datetime
    since: datetime                  # previous edition's as-of: what was fetched after it is new
    stories: list[Candidate] = field(default_factory=list)   # ranked, chosen and not
    slots: list[Slot] = field(default_factory=list)          # the sections, in order
    history: History | None = None   # the line's themes over the last 7 and 30 days
    printed: tuple[str, ...] = ()    # sentences of the line's bulletins of the last week: not to be printed again
    wording: tuple[str, ...] = ()    # everything the line printed in the last ``repeat_days``: constructions not to repeat
    earlier: dict[str, str] = field(default_factory=dict)   # "date:story_key" of earlier bulletins → their headline

    @property
    def chosen(self) -> list[Candidate]:
        return [s for s in self.stories if s.chosen]

    def cited_articles(self) -> list[Article]:
        """Every article a section may cite: members, their reprints, background and context."""
        out: dict[str, Article] = {}
        for c in self.chosen:
            for a in [*(x for m in c.members for x in (m.article, *m.reprints)), *c.background, *c.context]:
                out.setdefault(a.url, a)
        return list(out.values())


def as_of(line: LineConfig, day: date) -> datetime:
    return datetime.combine(day, line.selection.crawl_time, tzinfo=CST)


def select_day(store: Store, line: LineConfig, day: date, *, catalog: Catalog | None = None) -> DaySelection:
    """The day's candidates scored and chosen, with background, archive context and the sections planned."""
    catalog = catalog or load_catalog()
    sel = line.selection
    cutoff = as_of(line, day)
    end_of_day = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=CST)
    earlier = store.chosen_stories_before(line.id, day.isoformat())
    prev_dates = sorted({s.date for s in earlier if s.date < day.isoformat()})
    default_start = cutoff - timedelta(hours=sel.look_back_hours)
    since = as_of(line, date.fromisoformat(prev_dates[-1])) if prev_dates else cutoff - timedelta(hours=sel.cadence_hours)
    since = max(since, default_start)
    cited_before = {u for st in earlier for u in st.article_urls}

    def candidate(s) -> bool:
        src = catalog.for_url(s.article.url)
        tier = src.tier if src else None
        if not _in_window(s.article, cutoff - timedelta(hours=sel.window_hours(tier))):
            return False
        # a tier with its own (longer) window: new if no earlier bulletin cited it, whenever fetched
        return tier in sel.tier_windows or s.fetched_at > since

    pool = [s for s in store.articles(published_from=cutoff - timedelta(hours=sel.longest_window, days=1),
                                      published_before=cutoff, fetched_by=end_of_day) if candidate(s)]
    articles = [s.article for s in pool if s.article.url not in cited_before]
    stories = build_stories(articles, line, catalog)
    recent = [e for e in earlier if e.date >= (day - timedelta(days=sel.continuation_days)).isoformat()]
    earlier_keys = _earlier_keys(store, recent)
    scored = []
    for st in stories:
        c = _score(st, sel, cutoff, catalog)
        developed = _continuations(st, earlier_keys)
        if developed:
            # yesterday's primary is the natural context for what is new today
            c = replace(c, continues=tuple(e.label for e in developed), score=c.score * sel.continuation_novelty,
                        background=tuple(e.primary for e in developed if e.primary is not None)[:1],
                        factors={**c.factors, "novelty": sel.continuation_novelty})
        scored.append(c)
    scored.sort(key=lambda s: -s.score)
    scored = _choose(scored, sel, store.overrides(line.id, day.isoformat()))
    exclude = {s.article.url for s in pool} | cited_before
    scored = attach_background(store, scored, before=cutoff, fetched_by=end_of_day, exclude=exclude,
                               per_story=sel.context.per_story)
    week = (day - timedelta(days=7)).isoformat()
    quarter = (day - timedelta(days=sel.repeat_days)).isoformat()
    older = [b for d in prev_dates if quarter <= d for b in [store.bulletin(line.id, d)] if b]
    past = [b for b in older if b.date.isoformat() >= week]
    printed = tuple([x.text for b in past for sec in b.sections for p in sec.paragraphs for x in p.sentences] +
                    [sec.headline for b in past for sec in b.sections])
    wording = tuple(t for b in older for t in [b.abstract, b.trend, *(sec.headline for sec in b.sections),
                                               *(x.text for sec in b.sections for p in sec.paragraphs
                                                 for x in p.sentences)] if t)
    window_start = cutoff - timedelta(hours=sel.look_back_hours)
    # context already given in the last week's bulletins is not given again
    scored = find_context(store, scored, line, catalog, before=window_start, fetched_by=end_of_day,
                          exclude=exclude | {r.url for b in past for r in b.references})
    hist = history(store, line, day, cutoff=cutoff, fetched_by=end_of_day, earlier=earlier)
    return DaySelection(line=line, date=day, as_of=cutoff, since=since, stories=scored,
                        slots=plan(scored, sel), history=hist, printed=printed, wording=wording,
                        earlier={f"{e.date}:{e.story_key}": e.headline for e in reversed(recent)})


def _choose(stories: list[Candidate], sel: Selection, overrides: dict[str, str]) -> list[Candidate]:
    """Editor overrides first, then the best stories above the minimum score, up to the section count."""
    included = {c.key for c in stories if overrides.get(c.key) == "include"}
    picked = len(included)
    out = []
    for c in stories:
        if c.key in included:
            out.append(replace(c, chosen=True, reason="included by the editor"))
        elif overrides.get(c.key) == "exclude":
            out.append(replace(c, reason="excluded by the editor"))
        elif c.score < sel.min_score:
            out.append(replace(c, reason=f"score {c.score:.2f} under the minimum {sel.min_score:.2f}"))
        elif picked >= sel.sections:
            out.append(replace(c, reason=f"below the top {sel.sections}"))
        else:
            picked += 1
            out.append(replace(c, chosen=True, reason="chosen" + (
                " (development of " + "; ".join(c.continues) + ")" if c.continues else "")))
    return out


def _in_window(a: Article, start: datetime) -> bool:
    """Date-only pages (shown as midnight) count when their day overlaps the window."""
    if a.published_precision == "day":
        return a.published.date() >= start.date()
    return a.published >= start


def _age_hours(a: Article, sel: Selection, cutoff: datetime, catalog: Catalog) -> float:
    """How old an item is as news: hours before the as-of, scaled to its tier's window (a foreign
    report six days into a seven-day window is as old as a day-and-a-half item in a two-day one)."""
    src = catalog.for_url(a.url)
    hours = max(0.0, (cutoff - a.published).total_seconds() / 3600) if a.published else 0.0
    return hours * sel.look_back_hours / sel.window_hours(src.tier if src else None)


def _score(st: Story, sel: Selection, cutoff: datetime, catalog: Catalog) -> Candidate:
    rel = max(m.relevance.score for m in st.members)
    theme_votes: dict[str, float] = {}
    for m in st.members:
        if m.relevance.theme:
            theme_votes[m.relevance.theme] = theme_votes.get(m.relevance.theme, 0) + m.relevance.score
    theme = max(theme_votes, key=theme_votes.get) if theme_votes else ""
    auth = max(m.authority.score for m in st.members)
    age_h = min((_age_hours(m.article, sel, cutoff, catalog) for m in st.members), default=0.0)
    recency = 1.0 if age_h <= sel.fresh_hours else \
        max(sel.recency_floor, 1.0 - sel.recency_per_day * (age_h - sel.fresh_hours) / 24)
    sites = {a.site for m in st.members for a in [m.article, *m.reprints]}
    coverage = min(sel.coverage_max, 1.0 + sel.coverage_per_site * (len(sites) - 1))
    factors = {"relevance": round(rel, 3), "authority": round(auth, 3), "recency": round(recency, 3),
               "coverage": round(coverage, 3), "novelty": 1.0}
    return Candidate(story=st, theme=theme, score=rel * auth * recency * coverage, factors=factors)


def story_text(st: Story) -> str:
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
    text = story_text(st)
    named = quoted_titles(text) | doc_numbers(text)
    return [e for e in earlier if e.keys & named]


def attach_background(store: Store, stories: list[Candidate], *, before: datetime, fetched_by: datetime,
                      exclude: set[str], per_story: int = 2) -> list[Candidate]:
    """Earlier documents a chosen story builds on, found by the 《title》 or 文号 its text names.

    An index lookup per story (``doc_name``/``doc_no`` columns), so it costs the same on an
    archive of a thousand pages or a million.
    """
    used = set(exclude)
    out = []
    for c in stories:
        if not c.chosen:
            out.append(c)
            continue
        text = story_text(c.story)
        own = {document_name(a.title) for a in c.articles} | {normalise(a.doc_no) for a in c.articles}
        names = quoted_titles(text) - own
        nos = doc_numbers(text) - own
        found = [s.article for s in store.articles_named(names, nos, published_before=before, fetched_by=fetched_by)
                 if s.article.url not in used]
        found.sort(key=lambda a: a.published, reverse=True)
        have = {b.url for b in c.background}
        background = (list(c.background) + [a for a in found if a.url not in have])[:per_story]
        used.update(a.url for a in background)
        out.append(replace(c, background=tuple(background)))
    return out


ANGLE_ROLES: dict[str, tuple[str, ...]] = {"content": ("primary",), "scope": ("report",),
                                           "mechanism": ("interpretation",)}


def plan(stories: list[Candidate], sel: Selection) -> list[Slot]:
    """The sections: one per chosen story; on a day with places to spare, the strongest stories
    take more — an angle for each kind of member they have (content from the document, scope
    and who is affected from reports, mechanism and reasons from the interpretation), then the
    long-term frame from the archive context they were found to belong with."""
    chosen = [c for c in stories if c.chosen]
    free = max(0, sel.sections - len(chosen))
    extra: dict[str, list[Slot]] = {}
    for c in chosen:
        if free <= 0:
            break
        angles = [(a, tuple(m for m in c.members if m.role in roles and m.article.language == "zh"))
                  for a, roles in ANGLE_ROLES.items()]
        angles = [(a, ms) for a, ms in angles if ms][:sel.angles.max_per_story]
        if len(angles) >= 2 and len(angles) - 1 <= free:
            extra[c.key] = [Slot(c, a, ms, c.background if a == "content" else ()) for a, ms in angles]
            free -= len(angles) - 1
    for c in chosen:
        if free <= 0 or not sel.context.section:
            break
        if len(c.context) >= 2:
            extra.setdefault(c.key, [Slot(c, "story", c.members, c.background)]).append(
                Slot(c, "context", (), c.context))
            free -= 1
    slots: list[Slot] = []
    for c in chosen:
        slots += extra.get(c.key, [Slot(c, "story", c.members, (*c.background, *c.context))])
    return slots
