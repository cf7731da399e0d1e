"""No sentence twice and no construction twice: what was printed, and how to say a thing anew.

Two tests, for two kinds of text:

* A sentence **taken from a source** is not printed again if it, a close rewording of it (most of
  its character pairs) or a 14-character run of it (document names aside) was printed earlier in
  the bulletin or in the line's bulletins of the last week.
* What **the writer builds around it** (a lead, an attribution, a link between sections, the
  abstract, the trend) is held to its wording: its 14-character runs, once digits and the line's
  theme names are blanked, must not have been printed in the line's bulletins of the last
  ``selection.repeat_days`` or earlier in this one. "安徽省数据资源管理局报道称，" printed on two
  days is a template whatever follows it. The writer offers the honest ways of saying the same
  thing in order and takes the first whose own wording is new (``pick``).
"""
from __future__ import annotations

import re
from typing import Iterable

from ribao.text import DOC_NO, normalise

RUN = 14
_NAME = re.compile(r"《[^》]*》")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def bigrams(s: str) -> set[str]:
    t = re.sub(r"[^\w%]", "", s)
    return {t[i:i + 2] for i in range(len(t) - 1)}


def overlaps(s: str, used: str) -> bool:
    """The same sentence, one holding the other (a lead plus the sentence), or a close rewording
    of it (another outlet's copy of the same paragraph): most of its character pairs are there."""
    a, b = normalise(s), normalise(used)
    if a in b or b in a:
        return True
    ga = bigrams(a)
    return bool(ga) and len(ga & bigrams(b)) >= 0.6 * len(ga)


def runs(t: str) -> set[str]:
    return {t[i:i + RUN] for i in range(len(t) - RUN + 1)}


def windows(s: str) -> set[str]:
    """The sentence's 14-character runs outside 《document names》 (naming a document again is no repeat)."""
    return runs(_NAME.sub("《》", normalise(s)))


class Printed:
    """What the reader has seen: this bulletin so far and the line's recent bulletins."""

    def __init__(self, recent: Iterable[str] = (), older: Iterable[str] = (), themes: Iterable[str] = ()):
        recent = list(recent)
        self.themes = sorted({t for t in themes if t}, key=lambda t: (-len(t), t))
        self.used: set[str] = {normalise(t) for t in recent}
        self.exact: set[str] = set().union(*(windows(t) for t in recent)) if recent else set()
        self.past_exact = set(self.exact)                      # the last week's runs only
        self.frames: set[str] = set()
        self.templates: set[str] = set()
        earlier = [self.blank(t) for t in [*recent, *older]]
        for t in [*recent, *older]:
            self.frames |= runs(self.blank(t))
            self.templates |= runs(self.blank(t, names=True))
        self.past_frames = set(self.frames)                    # the earlier bulletins' wording only
        self.past_templates = set(self.templates)
        self.past_text = "\n".join(earlier)

    def blank(self, s: str, names: bool = False) -> str:
        """Digits and theme names blanked, whitespace removed: what a template keeps; with
        ``names``, documents' names and 文号 blanked too (the frame around a document)."""
        t = normalise(s)
        for name in self.themes:
            t = t.replace(name, "§")
        if names:
            t = DOC_NO.sub("〔〕", _NAME.sub("《》", t))
        return _NUMBER.sub("#", t)

    def fresh(self, s: str) -> bool:
        """A source's sentence not printed yet: neither it, nor a close rewording, nor a run of it."""
        return not any(overlaps(s, u) for u in self.used) and not (windows(s) & self.exact)

    def own_runs(self, s: str, content: Iterable[str] = (), names: bool = False) -> set[str]:
        """The blanked runs of ``s`` that are the writer's wording, not one of the ``content`` parts."""
        out = runs(self.blank(s, names))
        for c in content:
            out -= runs(self.blank(c, names))
        return out

    def new_wording(self, s: str, content: Iterable[str] = (), *, past_only: bool = False) -> bool:
        """Neither the wording around the content nor, with documents' names blanked, its frame
        was printed before."""
        content = list(content)
        frames, templates = (self.past_frames, self.past_templates) if past_only else (self.frames, self.templates)
        return not (self.own_runs(s, content) & frames) and not (self.own_runs(s, content, True) & templates)

    def seen_before(self, s: str) -> bool:
        """Whether ``s`` (a document's name, say) was printed in an earlier bulletin of the window."""
        t = self.blank(s)
        return bool(t) and t in self.past_text

    def pick(self, options: Iterable[str], content: Iterable[str] = (), ok=lambda text: True) -> str:
        """The first option whose own wording (outside ``content``) is new and that ``ok`` accepts
        (the fact check); else the first that ``ok`` accepts; else the first."""
        options = [o for o in options if o]
        content = [c for c in content if c]
        passing = [o for o in options if ok(o)]
        for o in passing:
            if self.new_wording(o, content):
                return o
        return passing[0] if passing else options[0] if options else ""

    def take(self, s: str) -> None:
        self.used.add(normalise(s))
        self.exact |= windows(s)
        self.frames |= runs(self.blank(s))
        self.templates |= runs(self.blank(s, names=True))
