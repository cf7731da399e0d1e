"""The extractive writer: every fact sentence is taken from a source and cites it.

It needs nothing but the machine. Leads are built from metadata (publisher, date, document
title and 文号 as recorded for the article); headlines join the event to a clause the source
itself wrote (推动…, 明确…, 到2028年…); analysis sentences are the sources' own reasons,
links to the day's other sections and to the earlier documents the story continues, each
cited. The abstract and the 趋势判断 are assembled from the verified sections and from figures
computed from the store (``analyze.history``), never from a fixed sentence.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from ribao.analyze.select import DaySelection, Slot
from ribao.catalog import Catalog, load_catalog
from ribao.compose import summary
from ribao.compose.common import (Refs, attribution, doc_title, full_date, is_document, is_interpretation, issuer,
                                  month_day, provincial, usage_note)
from ribao.compose.prompts import INSTRUCTION_LIKE
from ribao.compose.sentences import split_sentences
from ribao.lines import LineConfig
from ribao.models import Article, Bulletin, Paragraph, Section, Sentence, WriterInfo
from ribao.text import cn_numeral, normalise
from ribao.verify import SourceText, check_sentence

DANGLING = re.compile(r"^(?:该|此|上述|这|其|同时|此外|另外|对此|为此|近日|他|她|它)")
BOILER = re.compile(r"(?:现将|印发给你们|请结合实际|认真贯彻|特此通知|贯彻执行|以下简称|联系人|联系电话|附件|本办法自|"
                    r"本通知自|由.{1,12}负责解释|记者.{0,6}获悉|（完）|提出如下意见|通知如下|现提出如下|特制定本)")
ARTICLE_NO = re.compile(r"^第[一二三四五六七八九十百零]+条\s*")
FILLER = re.compile(r"^(?:记者注意到|记者了解到|据介绍|据了解|据悉)[，,]\s*")
SPOKESPERSON = re.compile(r"^(?:有关)?负责(?:同志|人)(表示|指出|介绍)[，,：:]\s*")
SIGNAL = re.compile(r"(?:到20\d\d年|\d+(?:\.\d+)?\s*(?:%|％|亿|万|个|家|项|吨|千瓦|EFLOPS|GW|TWh)|目标|明确|提出|覆盖|"
                    r"重点|首批|施行|同比增长|累计|percent|%)")
ANALYSIS = re.compile(r"(?:意味着|标志着|有利于|有助于|旨在|为.{1,20}提供|表示|指出|认为|将推动|将进一步|关键|"
                      r"signals|marks|means|said)")
# what an angle's facts are about: who is covered and affected; how the mechanism works and why
SCOPE = re.compile(r"(?:覆盖|涉及|适用|纳入|范围|企业|园区|行业|地区|省份|城市|单位|主体|用户|出口|中小|家|个)")
MECHANISM = re.compile(r"(?:机制|通过|由|改为|调整|建立|实行|按照|按|核定|分级|标准|流程|方式|主要原因|主要是)")
# a clause that says what the event does, in the source's words
OBJECT_CLAUSE = re.compile(r"(?:到20\d\d年|首次|首批|明确|推动|推进|提出|部署|要求|建立|实现|加快|完善|支持|鼓励|建成|"
                           r"培育|打造|纳入|启动|上线|设立|布局|核发|完成|突破|增长|提高|下降|降低)")
TYPE_TAIL = re.compile(r"(实施意见|指导意见|行动方案|实施方案|管理办法|意见|通知|办法|方案|规划|指南|指引|决定|公告|通告|名单)"
                       r"(?:（[^）]*）)?$")
MAX_HEADLINE = 40


def _sentences(a: Article, *, skip_first: bool = False):
    """The article's usable sentences in order: headings, preambles, boilerplate and fragments left out."""
    pos = 0
    for p in a.body:
        for s in split_sentences(p):
            pos += 1
            if skip_first and pos == 1:
                continue
            if s.startswith(("问：", "问:")) or "？答：" in s:
                continue
            s = FILLER.sub("", ARTICLE_NO.sub("", re.sub(r"^答[:：]\s*", "", s)))
            if not s.endswith(("。", "！", "？", "”", "!", "?", ".", "；")) or normalise(s) in normalise(a.title):
                continue   # a heading line or the title repeated, not a sentence
            if len(s) < 12 or len(s) > (160 if a.language == "zh" else 320) or BOILER.search(s) or DANGLING.match(s) \
                    or INSTRUCTION_LIKE.search(s):
                continue
            if re.fullmatch(r"[一二三四五六七八九十]+、.{0,20}", s) or s.endswith(("：", ":")):
                continue
            yield pos, s


def good_sentences(a: Article, pattern: re.Pattern, *, limit: int, skip_first: bool = False,
                   avoid: set[str] = frozenset()) -> list[str]:
    out = []
    for _, s in _sentences(a, skip_first=skip_first):
        if pattern.search(s) and not any(_overlaps(s, u) for u in avoid):
            out.append(s)
            if len(out) >= limit:
                break
    return out


def _bigrams(s: str) -> set[str]:
    t = re.sub(r"[^\w%]", "", s)
    return {t[i:i + 2] for i in range(len(t) - 1)}


RUN = 14


def _windows(s: str) -> set[str]:
    """The sentence's 14-character runs, outside 《document names》 (naming a document again is no repeat)."""
    t = re.sub(r"《[^》]*》", "《》", normalise(s))
    return {t[i:i + RUN] for i in range(len(t) - RUN + 1)}


def _overlaps(s: str, used: str) -> bool:
    """The same sentence, one holding the other (a lead plus the sentence), or a close rewording
    of it (another outlet's copy of the same paragraph): most of its character pairs are there."""
    a, b = normalise(s), normalise(used)
    if a in b or b in a:
        return True
    ga = _bigrams(a)
    return bool(ga) and len(ga & _bigrams(b)) >= 0.6 * len(ga)


def lead(a: Article, catalog: Catalog, day=None) -> str:
    """Who published what and when, from the record; a sentence of its own for a document.
    An article of an earlier year than the bulletin's is dated with its year."""
    who = attribution(a, catalog)
    when = full_date(a) if day is not None and a.published and a.published.year != day.year else month_day(a)
    if a.language != "zh":
        return f"{who}{when}报道（英文）："
    if is_document(a):
        no = f"（{a.doc_no}）" if a.doc_no else ""
        verb = "印发" if "印发" in a.title else "发布"
        return f"{who}{when}{verb}《{doc_title(a)}》{no}。"
    if is_interpretation(a):
        return f"据{who}{when}发布的{a.doc_type}，"
    return f"据{who}{when}消息，"


# ------------------------------------------------------------------ headlines

def _short_issuer(a: Article, catalog: Catalog) -> str:
    who = provincial(issuer(a.title, attribution(a, catalog)), a, catalog)
    parts = who.split()
    if len(parts) > 1:
        return parts[0] + "等部门"
    return who


def _event(a: Article, catalog: Catalog) -> str:
    """The event as the record states it: 国家能源局印发通知, 国家数据局发布《…》, 工业和信息化部解读……"""
    if a.language != "zh":
        return attribution(a, catalog)
    who = _short_issuer(a, catalog) if is_document(a) else attribution(a, catalog)
    if is_document(a):
        name = doc_title(a)
        verb = "印发" if "印发" in a.title else "发布"
        if len(name) <= 16:
            return f"{who}{verb}《{name}》"
        tail = TYPE_TAIL.search(name)
        return f"{who}{verb}{tail.group(1) if tail else '文件'}"
    if is_interpretation(a):
        return f"{who}{a.doc_type}"
    return who


STRONG = re.compile(r"^(?:首次|首批|明确|推动|提出|部署|建立|实现|到20\d\d年)")


def clauses(a: Article, terms: list[str]) -> list[str]:
    """Clauses of the article that say what it does (an object clause: 推动…, 明确…, 到2028年…),
    the most specific first: naming the story's theme, carrying a figure, opening on a strong verb."""
    found: list[tuple[float, str]] = []
    for pos, s in _sentences(a):
        s = re.sub(r"(到20\d\d年(?:底|末)?)，", r"\1", s)     # 到2027年底，X实现…: one clause
        for part in re.split(r"[，；。：！]", s):
            part = part.strip("“”「」 ")
            m = OBJECT_CLAUSE.search(part)
            if not m or m.start() > 0 and not part[:m.start()].endswith(("将", "已", "再")) or len(part) < 10 \
                    or re.search(r"(?:年|底|末|的|和|与|及)$", part):
                continue
            part = part[m.start():]
            score = 2.0 * any(t in part for t in terms) + 1.0 * bool(re.search(r"\d", part)) + \
                2.0 * bool(STRONG.match(part)) - 0.25 * pos
            if score >= 2:
                found.append((score, part))
    return [p for _, p in sorted(found, key=lambda x: -x[0])]


def headline(slot: Slot, catalog: Catalog, sources: list[SourceText], day, *, used: set[str],
             terms: list[str] = (), fresh=lambda text: True) -> str:
    """The event and what it does, ≤ 40 characters, checked like a fact sentence against its sources."""
    members = slot.members or ()
    a = members[0].article if members else slot.background[0]
    if a.language != "zh":    # no translation without the LLM writer: attribute and keep the title whole
        return f"{attribution(a, catalog)}：{a.title.strip()}"
    event = _event(a, catalog)
    joint = "，" if is_document(a) or is_interpretation(a) else "："
    cands: list[str] = []
    for m in members or [None]:
        art = m.article if m else a
        if art.language != "zh":
            continue
        for c in clauses(art, terms):
            text = f"{event}{joint}{c}"
            if len(text) <= MAX_HEADLINE:
                cands.append(text)
    t = a.title.strip()
    if is_document(a):
        cands.append(f"{_short_issuer(a, catalog)}{'印发' if '印发' in t else '发布'}《{doc_title(a)}》")
    named = re.search(r"《([^》]+)》", t)
    if is_interpretation(a) and named:
        cands += [f"{attribution(a, catalog)}就《{named.group(1)}》{a.doc_type}", f"《{named.group(1)}》{a.doc_type}"]
    cands += [t] + [h for sep in (" ", "　", "：", "，") for h in [t.split(sep)[0]] if 8 <= len(h)] + [event]
    for text in cands:
        if len(text) <= MAX_HEADLINE and normalise(text) not in used and fresh(text) and \
                not check_sentence(text, sources, role="facts", bulletin_date=day):
            used.add(normalise(text))
            return text
    return t[:MAX_HEADLINE]


# ------------------------------------------------------------------ sections

class _Writer:
    """One bulletin's sections: shared references, and no sentence printed twice."""

    def __init__(self, selection: DaySelection, catalog: Catalog):
        self.selection = selection
        self.line: LineConfig = selection.line
        self.catalog = catalog
        self.refs = Refs(catalog)
        self.used: set[str] = {normalise(t) for t in selection.printed}   # printed here or in the last week
        self.windows: set[str] = set().union(*(_windows(t) for t in selection.printed)) if selection.printed else set()
        self.past = set(self.windows)      # the last week's runs only: a headline may repeat its own section
        self.headlines: set[str] = set()

    def fresh(self, s: str) -> bool:
        """Not printed yet, here or in the line's bulletins of the last week: neither the sentence,
        nor a close rewording, nor a 14-character run of it (document names aside)."""
        return not any(_overlaps(s, u) for u in self.used) and not (_windows(s) & self.windows)

    def take(self, s: str) -> None:
        self.used.add(normalise(s))
        self.windows |= _windows(s)

    def cite(self, a: Article, kind: str, role: str = "facts") -> int:
        return self.refs.cite(a, usage_note(kind, self.line.theme_name(self.theme), role=role))

    # -- facts
    def on_theme(self, a: Article, pattern: re.Pattern, limit: int) -> list[str]:
        """The article's key sentences: on the story's theme first (a press conference covers many
        topics), in document order."""
        th = self.line.theme(self.theme)
        terms = [t for t in th.terms if not t.isascii()] if th else []
        cands = [(pos, s) for pos, s in _sentences(a) if pattern.search(s) and self.fresh(s)]
        ranked = sorted(cands, key=lambda ps: (not any(t in ps[1] for t in terms), ps[0]))[:limit]
        return [s for _, s in sorted(ranked)]

    def facts_from(self, a: Article, kind: str, pattern: re.Pattern, limit: int) -> list[Sentence]:
        n = self.cite(a, kind)
        key = self.on_theme(a, pattern, limit)
        if not key and pattern is not SIGNAL:
            key = [s for s in good_sentences(a, SIGNAL, limit=limit + 3) if self.fresh(s)][:limit]
        if not key:
            key = [s for s in good_sentences(a, re.compile("."), limit=limit + 3) if self.fresh(s)][:2]
        out: list[Sentence] = []
        head = lead(a, self.catalog, self.selection.date)
        if head.endswith("。"):
            out.append(Sentence(text=head, cites=[n]))
            out += [Sentence(text=s, cites=[n]) for s in key]
        elif key:
            first, *rest = key
            if a.language != "zh":   # quoted as written, attributed after the quote
                out.append(Sentence(text=f"“{first}”（{attribution(a, self.catalog)}{month_day(a)}报道）", cites=[n]))
                out += [Sentence(text=f"“{s}”", cites=[n]) for s in rest]
            else:
                out.append(Sentence(text=head + first, cites=[n]))
                out += [Sentence(text=s, cites=[n]) for s in rest]
        for s in key:
            self.take(s)
        return out

    def report_fact(self, members, pattern: re.Pattern) -> list[Sentence]:
        for m in members:
            if m.role != "report" or m.article.language != "zh":
                continue
            extra = [s for s in good_sentences(m.article, pattern, limit=4, skip_first=True) if self.fresh(s)][:1]
            if extra:
                self.take(extra[0])
                n = self.cite(m.article, "report")
                return [Sentence(text=f"{attribution(m.article, self.catalog)}报道称，{extra[0]}", cites=[n])]
        return []

    # -- analysis
    def reasons(self, articles: list[Article], limit: int = 2) -> list[Sentence]:
        """The interpretation's and the reports' reasons and readings, attributed."""
        out: list[Sentence] = []
        for a in articles:
            for s in good_sentences(a, ANALYSIS, limit=4):
                if len(out) >= limit or not self.fresh(s):
                    continue
                self.take(s)
                n = self.cite(a, "interpretation" if is_interpretation(a) else "report", role="analysis")
                who = attribution(a, self.catalog)
                if a.language != "zh":
                    out.append(Sentence(text=f"{who}援引的分析认为：“{s}”", cites=[n]))
                    continue
                spoke = SPOKESPERSON.match(s)
                if spoke:
                    text = f"{who}有关负责人{spoke.group(1)}，{s[spoke.end():]}"
                elif s.startswith(a.publisher) or s.startswith(who):
                    text = s
                else:
                    text = f"{who}{'解读' if is_interpretation(a) else '报道'}指出，{s}"
                out.append(Sentence(text=text, cites=[n]))
        return out

    def own_reading(self, a: Article) -> list[Sentence]:
        """The primary's own statement of purpose or next steps, when nobody else reads it."""
        for s in good_sentences(a, ANALYSIS, limit=4) + good_sentences(a, re.compile(r"(?:下一步|将|为了|旨在)"),
                                                                       limit=4):
            if self.fresh(s):
                self.take(s)
                n = self.cite(a, "primary", role="analysis")
                return [Sentence(text=s if a.language == "zh" else f"“{s}”", cites=[n])]
        return []

    def continuation(self, slot: Slot) -> list[Sentence]:
        """What the story continues: the earlier documents and bulletins, with their dates."""
        out = []
        for bg in slot.background[:2]:
            if bg.language != "zh" or not bg.published:
                continue
            point = next((s for s in good_sentences(bg, SIGNAL, limit=3) if self.fresh(s)), "")
            if point:
                n = self.cite(bg, "background" if bg in slot.candidate.background else "context", role="analysis")
            who, when = attribution(bg, self.catalog), full_date(bg)
            if not point:
                continue        # naming the earlier document without what it says would be filler
            self.take(point)
            out.append(Sentence(text=f"{who}《{doc_title(bg)}》（{when}）提出：{point}", cites=[n]))
        return out

    def links(self, number: int, slot: Slot, slots: list[Slot]) -> list[Sentence]:
        """What joins this section to another of the day: the same issuer or the same document."""
        own = {attribution(m.article, self.catalog) for m in slot.members}
        own_docs = {doc_title(m.article) for m in slot.members if is_document(m.article)}
        text = " ".join(m.article.title + "".join(m.article.body) for m in slot.members)
        for k, other in enumerate(slots, 1):
            if k == number or other.candidate.key == slot.candidate.key:
                continue
            for m in other.members:
                a = m.article
                if is_document(a) and doc_title(a) not in own_docs and normalise(doc_title(a)) in normalise(text):
                    return [Sentence(text=f"本节所涉内容与第{cn_numeral(k)}部分的《{doc_title(a)}》直接相关。",
                                     cites=[])]
            shared = own & {attribution(m.article, self.catalog) for m in other.members if m.role == "primary"}
            if shared and slot.members and slot.members[0].role == "primary":
                return [Sentence(text=f"{sorted(shared)[0]}同期还有第{cn_numeral(k)}部分所述动态。", cites=[])]
        return []

    def section(self, number: int, slot: Slot, slots: list[Slot]) -> Section | None:
        c = slot.candidate
        self.theme = c.theme
        srcs: list[SourceText] = []
        if slot.angle == "context":
            facts = []
            for bg in slot.background:
                facts += self.facts_from(bg, "context", SIGNAL, 2)
            analysis = self.reasons(list(slot.background), 1)
            srcs = [SourceText.of(a) for a in slot.background]
        else:
            prim = slot.members[0].article
            pattern = {"scope": SCOPE, "mechanism": MECHANISM}.get(slot.angle, SIGNAL)
            kind = {"story": "primary", "content": "primary", "scope": "report", "mechanism": "interpretation"}
            readers = slot.members[1:] if slot.angle == "story" else slot.members
            # an interpretation's reasons are its analysis: taken before its facts, so they stay analysis
            analysis = self.reasons([m.article for m in readers], 2) if slot.angle == "mechanism" else []
            facts = self.facts_from(prim, kind[slot.angle] if slot.members[0].role != "primary" else "primary",
                                    pattern, 3)
            if slot.angle in ("story", "scope"):
                facts += self.report_fact(slot.members[1:], pattern)
            if slot.angle != "mechanism":
                analysis = self.reasons([m.article for m in readers], 2)
            if not analysis:
                analysis = self.own_reading(prim)
            analysis += self.continuation(slot)
            srcs = [SourceText.of(m.article) for m in slot.members]
        if slot.angle in ("scope", "mechanism") and len(facts) < self.line.selection.angles.min_facts:
            return None     # an angle its members cannot fill with facts of their own is not printed
        analysis += self.links(number, slot, slots)
        theme = self.line.theme(c.theme)
        head = headline(slot, self.catalog, srcs, self.selection.date, used=self.headlines,
                        terms=sorted(theme.terms, key=len, reverse=True) if theme else [],
                        fresh=lambda t: not (_windows(t) & self.past))
        cited = {self.refs.items[n - 1].url for p in (facts, analysis) for s in p for n in s.cites}
        urls = [m.article.url for m in slot.members] + [a.url for a in slot.background]
        paragraphs = [Paragraph(role="facts", sentences=facts)]
        if analysis:
            paragraphs.append(Paragraph(role="analysis", sentences=analysis))
        return Section(number=number, headline=head, story_id=c.key, theme=c.theme, angle=slot.angle,
                       continues=list(c.continues), sources=[u for u in dict.fromkeys(urls) if u in cited],
                       paragraphs=paragraphs)


def write_section(number: int, slot: Slot, selection: DaySelection, refs: Refs, catalog: Catalog) -> Section | None:
    """One section written extractively (the LLM writer's fallback), sharing the bulletin's references;
    None for an angle its members cannot fill with facts of their own."""
    w = _Writer(selection, catalog)
    w.refs = refs
    return w.section(number, slot, selection.slots)


def write_bulletin(selection: DaySelection, *, catalog: Catalog | None = None, sample: bool = False) -> Bulletin:
    catalog = catalog or load_catalog()
    line = selection.line
    w = _Writer(selection, catalog)
    sections = [w.section(i, slot, selection.slots) for i, slot in enumerate(selection.slots, 1)]
    sections = [s for s in sections if s is not None and s.paragraphs and s.paragraphs[0].sentences]
    for i, s in enumerate(sections, 1):
        s.number = i
    trend, computed = summary.trend(selection, sections, w.refs.items)
    return Bulletin(line=line.id, date=selection.date, title=line.title, subtitle=line.subtitle,
                    abstract=summary.abstract(selection, sections), sections=sections, trend=trend, computed=computed,
                    references=w.refs.items, writer=WriterInfo(kind="extractive"), branding=line.branding,
                    sample=sample, generated_at=datetime.now(timezone.utc))
