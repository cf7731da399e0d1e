"""Verification: nothing unverified in print, whichever writer wrote it.

Every fact sentence must cite a source, and every number, date, 《title》, quotation, 文号 and
organisation in a sentence must be found in what it cites; an attribution lead (据X消息, X报道称,
X表示, X发布) must name the cited source's publisher or an organisation its text names; a
polarity or comparison word (不低于/不高于, 增长/下降, 以上/以下…) must not be the opposite of
what the cited text says beside the same figure or phrase. ``enforce`` drops (or, given a
repair function, repairs) what fails and records the outcome in ``bulletin.verification``;
headlines, the abstract and the 趋势判断 are checked too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable


from ribao.text import DOC_NO
from ribao.models import Article, Bulletin, DroppedSentence, Paragraph, Sentence, Verification
from ribao.verify.numbers import Quantity, grounded, quantities
from ribao.verify.polarity import attribution_problem, polarity_problems

_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_MONTH = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:底|末|份|初|上旬|中旬|下旬)")
_TITLE = re.compile(r"《([^》]{2,120})》")
_QUOTE = re.compile(r"“([^”]{4,200})”")
_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
SECTION_REF = re.compile(r"第[一二三四五六七八九十]+(?:、[一二三四五六七八九十]+)*部分")
# the line's own earlier bulletin ("本刊7月15日"): checked against the bulletin's computed statements
BULLETIN_REF = re.compile(r"本刊(?:\d{4}年)?\d{1,2}月\d{1,2}日")
SUPPORT_THRESHOLD = 0.5


def _norm(s: str) -> str:
    return _WS.sub("", s or "")


@dataclass(frozen=True)
class SourceText:
    """What a citation may be checked against: the article's own text and metadata."""

    url: str
    text: str                 # normalised: no whitespace
    published: date | None
    quantities: tuple[Quantity, ...]
    bigrams: frozenset[str]
    language: str = "zh"
    publisher: str = ""       # the 来源 and the site's name, normalised: whom a lead may credit
    body: str = ""            # the text alone (title and body, normalised): what polarity is read from
    title: str = ""

    @classmethod
    def of(cls, a: Article) -> "SourceText":
        pub = a.published.date() if a.published else None
        dates = f"{pub.year}年{pub.month}月{pub.day}日{pub.month}月{pub.day}日{pub.isoformat()}" if pub else ""
        raw = "\n".join([a.title, *a.body, a.doc_no, a.publisher, a.site_name, dates])
        text = _norm(raw)
        return cls(url=a.url, text=text, published=pub, quantities=tuple(quantities(text, wide=True)),
                   bigrams=frozenset(_bigrams(text)), language=a.language,
                   publisher=_norm(a.publisher + "|" + a.site_name), body=_norm("\n".join([a.title, *a.body])),
                   title=a.title.strip())


def _bigrams(text: str) -> set[str]:
    t = re.sub(r"[^\w\u4e00-\u9fff%]", "", text.lower())
    return {t[i:i + 2] for i in range(len(t) - 1)}


@lru_cache(maxsize=1)
def organisations() -> list[tuple[str, tuple[str, ...]]]:
    """(name, its group) for every known organisation name, longest first: the catalog's
    publishers with their aliases, plus ``aliases.yaml``'s other organisations and names."""
    from ribao.catalog import organisation_groups

    groups = organisation_groups(Path(__file__).with_name("aliases.yaml"))
    groups = [[_norm(n) for n in g] for g in groups]   # matched against whitespace-free text
    pairs = [(name, tuple(g)) for g in groups for name in g]
    return sorted(pairs, key=lambda p: -len(p[0]))


def org_mentions(text: str) -> list[tuple[str, tuple[str, ...]]]:
    found, taken = [], [False] * len(text)
    for name, group in organisations():
        for m in re.finditer(re.escape(name), text):
            if not any(taken[m.start():m.end()]):
                found.append((name, group))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return found


@dataclass(frozen=True)
class Problem:
    kind: str      # uncited | unknown_cite | date | number | title | quote | doc_no | organisation | support
    #                attribution | polarity
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


def check_sentence(text: str, sources: list[SourceText], *, role: str, bulletin_date: date,
                   cited: bool = True, own: frozenset[str] = frozenset()) -> list[Problem]:
    """Every checkable fact in ``text`` against the union of ``sources``; ``own`` are the earlier
    bulletins (本刊7月15日) the bulletin's computed statements say it printed."""
    problems: list[Problem] = []
    if role == "facts" and not cited:
        problems.append(Problem("uncited", "a fact sentence must cite a source"))
    if not sources:
        return problems + ([Problem("unknown_cite", "no cited text to check against")] if cited else [])
    src = "".join(s.text for s in sources)
    flat = SECTION_REF.sub("", _norm(text))     # 第三部分: a cross-reference inside the bulletin, not a fact
    for m in BULLETIN_REF.findall(flat):
        if m not in own:
            problems.append(Problem("date", f"{m}: no such earlier bulletin"))
        flat = flat.replace(m, "本刊")
    rest = flat
    for m in _DATE.finditer(flat):
        if not _date_ok(m, sources, src, bulletin_date, flat):
            problems.append(Problem("date", m.group(0)))
        rest = rest.replace(m.group(0), " ")
    for m in _MONTH.finditer(rest):
        if m.group(0) not in src:
            problems.append(Problem("date", m.group(0)))
        rest = rest.replace(m.group(0), " ")
    for t in _TITLE.findall(flat):
        if _norm(t) not in src:
            problems.append(Problem("title", f"《{t}》"))
        rest = rest.replace(t, " ")
    for q in _QUOTE.findall(flat):
        if _norm(q) not in src:
            problems.append(Problem("quote", f"“{q[:40]}”"))
    for no in DOC_NO.findall(flat):
        if _norm(no) not in src:
            problems.append(Problem("doc_no", no))
        rest = rest.replace(no, " ")
    # a Chinese sentence written from foreign-language sources (the LLM writer translates them):
    # figures are matched by value alone and wording overlap is not expected
    cross = bool(_CJK.search(flat)) and all(s.language != "zh" for s in sources)
    src_q = [q for s in sources for q in s.quantities]
    for q in quantities(rest):
        if not grounded(q, src_q, cross_language=cross):
            problems.append(Problem("number", q.raw))
    for name, group in org_mentions(flat):
        if not any(alias in src for alias in group):
            problems.append(Problem("organisation", name))
    who = attribution_problem(flat, sources, org_mentions)
    if who:
        problems.append(Problem("attribution", who))
    problems += [Problem("polarity", p) for p in polarity_problems(flat, sources)]
    if role == "facts" and cited and not cross:
        grams = _bigrams(flat)
        support = len(grams & frozenset().union(*(s.bigrams for s in sources))) / len(grams) if grams else 1.0
        if support < SUPPORT_THRESHOLD:
            problems.append(Problem("support", f"{support:.2f} of the sentence found in its sources"))
    return problems


_EVENT = re.compile(r"(?:发布|印发|公布|举行|召开|出台|报道|消息)")


def _date_ok(m: re.Match, sources: list[SourceText], src: str, bulletin_date: date, flat: str) -> bool:
    """A date is the cited page's own publish date (not after the bulletin's), or is in its text.

    A date said of an event ("3月16日发布") must be that event's date in the source too, not
    merely a date the source mentions somewhere else.
    """
    y, mo, d = m.group(1), int(m.group(2)), int(m.group(3))
    for s in sources:
        year = int(y) if y else (s.published.year if s.published else bulletin_date.year)
        try:
            when = date(year, mo, d)
        except ValueError:
            return False
        if s.published == when:
            return when <= bulletin_date
    forms = {f"{mo}月{d}日", f"{mo:02d}月{d:02d}日"}
    if y:
        forms = {f"{y}年{f}" for f in forms}
    event = _EVENT.match(flat, m.end())
    if event:
        return any(re.search(re.escape(f) + r".{0,12}" + re.escape(event.group(0)), src) for f in forms)
    return any(f in src for f in forms)


def _sources_for(cites: list[int], refs: dict[int, str], by_url: dict[str, SourceText]) -> tuple[list[SourceText], bool]:
    out, known = [], True
    for c in cites:
        url = refs.get(c)
        if url is None or url not in by_url:
            known = False
            continue
        out.append(by_url[url])
    return out, known


Repair = Callable[[str, list[int], list[Problem]], "Sentence | None"]


def enforce(b: Bulletin, by_url: dict[str, SourceText], *, repair: Repair | None = None) -> Bulletin:
    """Check every sentence; repair or drop what fails; drop sections left without facts.

    Returns a new bulletin whose ``verification`` says how many sentences were checked,
    verified, repaired and dropped (with reasons). References nobody cites any more are removed
    and the rest renumbered in order of first citation.
    """
    refs = {r.n: r.url for r in b.references}
    own = frozenset(own_dates(b.computed))
    checked = verified = repaired = 0
    dropped: list[DroppedSentence] = []
    replaced: list[str] = []
    sections = []
    for sec in b.sections:
        section_sources = [by_url[u] for u in sec.sources if u in by_url]
        paragraphs = []
        for p in sec.paragraphs:
            kept = []
            for s in p.sentences:
                checked += 1
                problems = _problems(s, p.role, refs, by_url, section_sources, b.date, own)
                if problems and repair is not None:
                    fixed = repair(s.text, s.cites, problems)
                    if fixed is not None and not _problems(fixed, p.role, refs, by_url, section_sources, b.date, own):
                        repaired += 1
                        s, problems = fixed, []
                if problems:
                    dropped.append(DroppedSentence(section=sec.number, role=p.role, text=s.text,
                                                   reasons=[str(x) for x in problems]))
                    continue
                verified += 1
                kept.append(s)
            if kept:
                paragraphs.append(Paragraph(role=p.role, sentences=kept))
        if any(p.role == "facts" for p in paragraphs):
            headline = sec.headline
            if check_sentence(headline, section_sources, role="facts", bulletin_date=b.date):
                headline = _title_headline(sec, refs, by_url, b.date)
                replaced.append(f"{sec.headline} → {headline}")
            sections.append(sec.model_copy(update={"paragraphs": paragraphs, "headline": headline}))
        else:
            dropped.extend(DroppedSentence(section=sec.number, role=p.role, text=s.text,
                                           reasons=["section dropped: no verified fact sentence"])
                           for p in paragraphs for s in p.sentences)
            verified -= sum(len(p.sentences) for p in paragraphs)
    for i, sec in enumerate(sections, 1):
        sec.number = i
    cited = [by_url[r.url] for r in b.references if r.url in by_url]
    grounds = cited + ([SourceText.of(Article(url="ribao:computed", title="", body=list(b.computed)))]
                       if b.computed else [])
    summary = {}
    for field in ("abstract", "trend"):
        kept = []
        for para in getattr(b, field).split("\n"):
            ok = []
            for sent in _summary_sentences(para):
                checked += 1
                problems = check_sentence(sent, grounds, role="analysis", bulletin_date=b.date, cited=False,
                                          own=own) if grounds else []
                if problems:
                    dropped.append(DroppedSentence(section=0, role=field, text=sent, reasons=[str(x) for x in problems]))
                    continue
                verified += 1
                ok.append(sent)
            if ok:
                kept.append("".join(ok))
        summary[field] = "\n".join(kept)
    out = b.model_copy(update={"sections": sections, **summary})
    out = renumber_references(out)
    out.verification = Verification(sentences=checked, verified=verified, repaired=repaired, dropped=dropped,
                                    headlines_replaced=replaced)
    return out


def own_dates(computed: Iterable[str]) -> set[str]:
    """The line's earlier bulletins (本刊7月15日) that the computed statements record."""
    return {m for c in computed for m in BULLETIN_REF.findall(_norm(c))}


def _summary_sentences(text: str) -> list[str]:
    """The abstract's or trend's sentences (。！？ ends, quotes kept whole)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch in "“《（" and 1 or 0
        depth -= ch in "”》）" and 1 or 0
        if ch in "。！？" and depth <= 0:
            out.append(text[start:i + 1])
            start, depth = i + 1, 0
    if text[start:].strip():
        out.append(text[start:])
    return [x for x in out if x.strip()]


def _title_headline(sec, refs: dict[int, str], by_url: dict[str, SourceText], day: date) -> str:
    """A failed headline's replacement: the title of the section's first fact source, ≤ 40 characters
    (a longer one by its first phrase, never cut inside a quotation or 《》)."""
    for p in sec.paragraphs:
        for s in p.sentences:
            for c in s.cites:
                src = by_url.get(refs.get(c, ""))
                if src is not None and src.title:
                    return _fit(src.title)
    return _fit(sec.headline)


def _fit(title: str, limit: int = 40) -> str:
    t = _WS.sub(" ", title).strip()
    if len(t) <= limit:
        return t
    for head in re.split(r"[ 　：:，,]", t):
        if 8 <= len(head) <= limit and all(head.count(a) == head.count(b) for a, b in ("“”", "《》", "（）")):
            return head
    return t[:limit]


def _problems(s: Sentence, role: str, refs: dict[int, str], by_url: dict[str, SourceText],
              section_sources: list[SourceText], bulletin_date: date, own: frozenset[str] = frozenset()
              ) -> list[Problem]:
    srcs, known = _sources_for(s.cites, refs, by_url)
    probs = [] if known else [Problem("unknown_cite", f"cites {s.cites} not all resolvable")]
    if not s.cites:
        srcs = section_sources
    return probs + check_sentence(s.text, srcs, role=role, bulletin_date=bulletin_date, cited=bool(s.cites), own=own)


def renumber_references(b: Bulletin) -> Bulletin:
    """Keep cited references only, numbered in order of first citation."""
    order: list[int] = []
    for sec in b.sections:
        for p in sec.paragraphs:
            for s in p.sentences:
                for c in s.cites:
                    if c not in order:
                        order.append(c)
    new_n = {old: i for i, old in enumerate(order, 1)}
    by_n = {r.n: r for r in b.references}
    refs = [by_n[o].model_copy(update={"n": new_n[o]}) for o in order if o in by_n]
    sections = []
    for sec in b.sections:
        paras = [Paragraph(role=p.role, sentences=[Sentence(text=s.text, cites=[new_n[c] for c in s.cites if c in new_n])
                                                   for s in p.sentences]) for p in sec.paragraphs]
        cited_urls = {by_n[o].url for o in order if o in by_n}
        sections.append(sec.model_copy(update={"paragraphs": paras,
                                               "sources": [u for u in sec.sources if u in cited_urls]}))
    return b.model_copy(update={"sections": sections, "references": refs})


def sources_from_articles(articles: Iterable[Article]) -> dict[str, SourceText]:
    return {a.url: SourceText.of(a) for a in articles}
