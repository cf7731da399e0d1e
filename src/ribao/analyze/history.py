"""The line's recent history: how often each theme came up in the last 7 and 30 days.

Counted over stored articles (a title carrying one of the theme's phrases and none of its
negatives: an index range on ``published``, so the cost follows the daily volume, not the
archive's size) and over the line's stored bulletins (sections per theme). The 趋势判断 prints
these figures; they are computed here, never written by hand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ribao.lines import LineConfig, Theme
from ribao.store import Store, search
from ribao.store.repo import ChosenStory
from ribao.timeutil import CST


@dataclass(frozen=True)
class ThemeCount:
    theme: str
    articles_7: int       # stored articles of the last 7 days whose title is about the theme
    articles_30: int
    sections_7: int       # sections of the line's bulletins of the last 7 days on the theme
    sections_30: int
    examples: tuple[str, ...] = ()   # the newest such titles of the last 7 days
    last_date: str = ""              # when the line's latest section on the theme was printed


@dataclass(frozen=True)
class History:
    day: date
    themes: tuple[ThemeCount, ...]

    def of(self, theme: str) -> ThemeCount | None:
        return next((t for t in self.themes if t.theme == theme), None)


def _title_pattern(th: Theme) -> re.Pattern:
    return re.compile("|".join(re.escape(t) for t in sorted(th.terms, key=len, reverse=True)), re.I)


def history(store: Store, line: LineConfig, day: date, *, cutoff: datetime, fetched_by: datetime,
            earlier: list[ChosenStory]) -> History:
    start_30 = datetime.combine(day - timedelta(days=30), time(0, 0), tzinfo=CST)
    start_7 = datetime.combine(day - timedelta(days=7), time(0, 0), tzinfo=CST)
    rows = search.titles_between(store, start_30, cutoff, fetched_by=fetched_by)
    recent = [u for u, _ in search.titles_between(store, start_7, cutoff, fetched_by=fetched_by)]
    order = {u: k for k, u in enumerate(recent)}
    negatives = [n.lower() for n in line.global_negative]
    counts = []
    for th in line.themes:
        pat = _title_pattern(th)
        hits = [u for u, t in rows if pat.search(t) and not any(n in t for n in th.negative)
                and not any(n in t.lower() for n in negatives)]
        d30, d7 = (day - timedelta(days=30)).isoformat(), (day - timedelta(days=7)).isoformat()
        titles = dict(rows)
        newest = sorted((u for u in hits if u in order), key=lambda u: -order[u])
        counts.append(ThemeCount(
            theme=th.id, articles_7=len(newest), articles_30=len(hits),
            examples=tuple(dict.fromkeys(titles[u] for u in sorted(newest, key=lambda u: titles[u].isascii())))[:2],
            sections_7=sum(1 for e in earlier if e.theme == th.id and d7 <= e.date < day.isoformat()),
            sections_30=sum(1 for e in earlier if e.theme == th.id and d30 <= e.date < day.isoformat()),
            last_date=max((e.date for e in earlier if e.theme == th.id and d30 <= e.date < day.isoformat()),
                          default="")))
    return History(day=day, themes=tuple(counts))
