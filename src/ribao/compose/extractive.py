"""The extractive writer: every fact sentence is taken from a source and cites it.

It needs nothing but the machine. Leads are built from metadata (publisher, date, document
title and 文号 as recorded for the article); headlines join the event to a clause a source
wrote (``compose.headline``); analysis sentences are the sources' own reasons and readings of
who is affected, what the story continues (an earlier document, an earlier bulletin, with its
date) and what links it to another section of the day (the same document, issuer, figures or
subject), each cited or checked against the section's sources. Whatever the writer builds
around a source's words is said in a way the line has not printed lately
(``compose.phrasing``). The abstract and the 趋势判断 are assembled from the verified sections
and from figures computed from the store (``analyze.history``), never from a fixed sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ribao.analyze.select import DaySelection, Slot
from ribao.analyze.text import distinctive_numbers
from ribao.catalog import Catalog, load_catalog
from ribao.compose import headline as hl
from ribao.compose import summary
from ribao.compose.common import (Refs, attribution, doc_title, full_date, is_document, is_interpretation,
                                  month_day, usage_note)
from ribao.compose.phrasing import Printed
from ribao.compose.prompts import INSTRUCTION_LIKE
from ribao.compose.sentences import split_sentences
from ribao.lines import LineConfig
from ribao.models import Article, Bulletin, Paragraph, Section, Sentence, WriterInfo
from ribao.text import cn_numeral, normalise
from ribao.verify import SourceText, check_sentence, own_dates

DANGLING = re.compile(r"^(?:该|此|上述|这|其|同时|此外|另外|对此|为此|近日|他|她|它)")
BOILER = re.compile(r"(?:现将|印发给你们|请结合实际|认真贯彻|特此通知|贯彻执行|以下简称|联系人|联系电话|附件|本办法自|"
                    r"本通知自|由.{1,12}负责解释|记者.{0,6}获悉|（完）|提出如下意见|通知如下|现提出如下|特制定本|"
                    r"制定本(?:规划|方案|办法|意见|指引|细则|计划|纲要))")
ARTICLE_NO = re.compile(r"^第[一二三四五六七八九十百零]+条\s*")
FILLER = re.compile(r"^(?:记者注意到|记者了解到|据介绍|据了解|据悉)[，,]\s*")
SPOKESPERSON = re.compile(r"^(?:有关)?负责(?:同志|人)(表示|指出|介绍)[，,：:]\s*")
OWN_SPEAKER = re.compile(r"^[^，。]{2,24}?(?:表示|认为|指出|介绍|分析|称)[，,：:]")
SIGNAL = re.compile(r"(?:到20\d\d年|\d+(?:\.\d+)?\s*(?:%|％|亿|万|个|家|项|吨|千瓦|EFLOPS|GW|TWh)|目标|明确|提出|覆盖|"
                    r"重点|首批|施行|同比增长|累计|percent|%)")
ANALYSIS = re.compile(r"(?:意味着|标志着|有利于|有助于|旨在|为.{1,20}提供|表示|指出|认为|将推动|将进一步|关键|"
                      r"signals|marks|means|said)")
# why: the interpretation's and the reports' reasons
REASONS = re.compile(r"(?:旨在|为了|目的是|主要原因|原因是|主要是|针对|着眼于|考虑到|之所以|意在|是为了|出发点|背景是|"
                     r"解决.{1,16}问题|破解|堵点|卡点)")
# who is affected, and how
AFFECTED = re.compile(r"(?:企业|用户|主体|园区|行业|中小|出口|消费者|投资|电站|运营商|地方|省份|机构|单位|开发者|从业)")
IMPACT = re.compile(r"(?:有利于|有助于|受益|影响|降低|减轻|获得|吃下|预期|门槛|成本|收益|负担|便利|机会|倒逼|引导|激励)")
# what an angle's facts are about: who is covered and affected; how the mechanism works and why
SCOPE = re.compile(r"(?:覆盖|涉及|适用|纳入|范围|企业|园区|行业|地区|省份|城市|单位|主体|用户|出口|中小|家|个)")
MECHANISM = re.compile(r"(?:机制|通过|由|改为|调整|建立|实行|按照|按|核定|分级|标准|流程|方式|主要原因|主要是)")
NEXT = re.compile(r"(?:下一步|将|为了|旨在)")
PURPOSE = re.compile(r"(?:旨在|目的是|意在|是为了)")
# a sentence that leans on the one before it: an item of a list, a back-reference
LEANS = re.compile(r"^(?:[一二三四五六七八九十]是|其[一二三四]|第[一二三四五]|首先|其次|再次|最后|另一方面|一方面|但|而|不过|然而|"
                   r"因此|所以|对此)|^.{0,8}?[，,](?:但|而|不过|然而)|^.{0,8}?"
                   r"(?:这些|这一|此类|上述|该|这种|这个|对此|为此)")
MAX_HEADLINE = hl.MAX_HEADLINE
MAX_ANALYSIS = 4


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


def good_sentences(a: Article, pattern: re.Pattern, *, limit: int, skip_first: bool = False) -> list[str]:
    out = []
    for _, s in _sentences(a, skip_first=skip_first):
        if pattern.search(s):
            out.append(s)
            if len(out) >= limit:
                break
    return out


def _when(a: Article, day) -> str:
    """'7月14日'; an article of an earlier year than the bulletin's is dated with its year."""
    return full_date(a) if day is not None and a.published and a.published.year != day.year else month_day(a)


def lead_options(a: Article, catalog: Catalog, day=None, first: str = "") -> list[str]:
    """Ways to say who published what and when, from the record: a sentence of its own for a
    document (its 《name》 and 文号), else an attribution joined to the source's first key sentence."""
    who, when = attribution(a, catalog), _when(a, day)
    if a.language != "zh":
        return [f"“{first}”（{who}{when}报道）", f"{who}{when}报道：“{first}”"]
    if is_document(a):
        name, no = doc_title(a), a.doc_no
        verb = "印发" if "印发" in a.title else "发布"
        if not no:
            return [f"{who}{when}{verb}《{name}》。", f"{when}，{who}{verb}《{name}》。", f"《{name}》由{who}于{when}{verb}。"]
        return [f"{who}{when}{verb}《{name}》（{no}）。", f"{when}，{who}{verb}《{name}》（文号：{no}）。",
                f"《{name}》（{no}）由{who}于{when}{verb}。", f"{who}于{when}{verb}《{name}》，文号：{no}。"]
    if is_interpretation(a):
        return [f"据{who}{when}发布的{a.doc_type}，{first}", f"{who}{when}发布的{a.doc_type}介绍，{first}",
                f"{when}，{who}在{a.doc_type}中介绍，{first}"]
    return [f"据{who}{when}消息，{first}", f"{who}{when}消息，{first}", f"{when}，据{who}消息，{first}",
            f"{who}{when}发布：{first}"]


def lead(a: Article, catalog: Catalog, day=None) -> str:
    """The first way of saying it (the LLM writer's fallback lead)."""
    return lead_options(a, catalog, day)[0]


@dataclass
class _Facts:
    """What a written section offers the day's links and the abstract."""

    number: int
    slot: Slot
    head: hl.Headline
    who: str                       # the primary's publisher as printed
    date: str                      # the primary's publish date
    docs: set[str] = field(default_factory=set)        # documents its members are or name
    own: set[str] = field(default_factory=set)         # documents its members are
    figures: dict[str, str] = field(default_factory=dict)   # distinctive figure → a clause of its text holding it
    terms: set[str] = field(default_factory=set)       # the line's vocabulary its text uses
    subject: set[str] = field(default_factory=set)     # … its headline and titles use


class _Writer:
    """One bulletin's sections: shared references, and no sentence or construction printed twice."""

    def __init__(self, selection: DaySelection, catalog: Catalog):
        self.selection = selection
        self.line: LineConfig = selection.line
        self.catalog = catalog
        self.refs = Refs(catalog)
        self.printed = Printed(selection.printed, selection.wording, [t.name for t in self.line.themes])
        self.headlines: set[str] = set()
        self.theme = ""
        self.last_reading = ""

    def fresh(self, s: str) -> bool:
        return self.printed.fresh(s)

    def take(self, s: str) -> None:
        self.printed.take(s)

    def say(self, options: list[str], content: list[str] = (), sources: list[Article] = (), role: str = "facts"
            ) -> str:
        """The first honest construction whose own wording is new (and, given ``sources``, that
        passes the fact check against them); it is then printed."""
        srcs = [SourceText.of(a) for a in sources]
        day = self.selection.date
        text = self.printed.pick(options, content, ok=lambda t: not srcs or not check_sentence(
            t, srcs, role=role, bulletin_date=day))
        self.take(text)
        return text

    def cite(self, a: Article, kind: str, role: str = "facts") -> int:
        return self.refs.cite(a, usage_note(kind, self.line.theme_name(self.theme), role=role))

    def terms(self) -> list[str]:
        th = self.line.theme(self.theme)
        return sorted((t for t in th.terms if not t.isascii()), key=len, reverse=True) if th else []

    # -- facts
    def on_theme(self, a: Article, pattern: re.Pattern, limit: int) -> list[str]:
        """The article's key sentences: on the story's theme first (a press conference covers many
        topics), in document order. A mechanism's facts leave its statements of purpose to the analysis."""
        terms = self.terms()
        purpose = PURPOSE if pattern is MECHANISM else None
        cands = [(pos, s) for pos, s in _sentences(a) if pattern.search(s) and self.fresh(s)
                 and not (purpose and purpose.search(s))]
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
        day = self.selection.date
        if is_document(a) and a.language == "zh":
            out.append(Sentence(text=self.say(lead_options(a, self.catalog, day), [doc_title(a)], [a]), cites=[n]))
            rest = key
        elif key:
            first, *rest = key
            out.append(Sentence(text=self.say(lead_options(a, self.catalog, day, first), [first], [a]), cites=[n]))
        else:
            rest = []
        for s in rest:
            out.append(Sentence(text=s if a.language == "zh" else f"“{s}”", cites=[n]))
            self.take(s)
        return out

    def report_fact(self, members, pattern: re.Pattern) -> list[Sentence]:
        for m in members:
            if m.role != "report" or m.article.language != "zh":
                continue
            extra = [s for s in good_sentences(m.article, pattern, limit=4, skip_first=True) if self.fresh(s)][:1]
            if extra:
                s = extra[0]
                n = self.cite(m.article, "report")
                who = attribution(m.article, self.catalog)
                text = self.say([f"{who}报道称，{s}", f"据{who}报道，{s}", f"{who}报道：{s}", f"{who}援引的信息显示，{s}"],
                                [s], [m.article])
                return [Sentence(text=text, cites=[n])]
        return []

    # -- analysis
    def attributed(self, a: Article, s: str, n: int) -> Sentence:
        """A reading from an interpretation or a report, said to be its publisher's (a second one
        from the same source in a row: "…还指出")."""
        who = attribution(a, self.catalog)
        again, self.last_reading = self.last_reading == a.url, a.url
        if a.language != "zh":
            return Sentence(text=self.say([f"{who}援引的分析认为：“{s}”", f"{who}的报道写道：“{s}”"], [s]), cites=[n])
        spoke = SPOKESPERSON.match(s)
        if spoke:
            rest = s[spoke.end():]
            options = [f"{who}有关负责人{spoke.group(1)}，{rest}", f"据{who}有关负责人介绍，{rest}",
                       f"{who}负责人{spoke.group(1)}，{rest}"]
            return Sentence(text=self.say(options, [rest]), cites=[n])
        if s.startswith(a.publisher) or s.startswith(who):
            self.take(s)
            return Sentence(text=s, cites=[n])
        if OWN_SPEAKER.match(s):
            options = [s, f"据{who}报道，{s}"]    # the sentence names its own speaker; the citation, the outlet
        elif again:
            options = [f"{who}还指出，{s}", f"{who}同时提到，{s}"]
        elif is_interpretation(a):
            options = [f"{who}解读指出，{s}", f"据{who}解读，{s}", f"{who}在解读中说明，{s}"]
        else:
            options = [f"{who}报道指出，{s}", f"据{who}报道，{s}", f"{who}报道：{s}"]
        return Sentence(text=self.say(options, [s]), cites=[n])

    def readings(self, articles: list[Article], patterns: list[re.Pattern], limit: int) -> list[Sentence]:
        """Sentences of the interpretation and reports matching every pattern, attributed: one per
        source, two of its sentences joined under one attribution when they are short."""
        out: list[Sentence] = []
        for a in articles:
            if len(out) >= limit:
                break
            mine: list[str] = []
            for s in good_sentences(a, patterns[0], limit=8):
                if not all(p.search(s) for p in patterns[1:]) or not self.fresh(s) or LEANS.search(s):
                    continue
                if mine and (len(mine[0]) + len(s) > 150 or not mine[0].endswith("。")):
                    break
                mine.append(s)
                if len(mine) == 2:
                    break
            if not mine:
                continue
            n = self.cite(a, "interpretation" if is_interpretation(a) else "report", role="analysis")
            out.append(self.attributed(a, "；".join(x.rstrip("。") for x in mine) + "。" if len(mine) > 1 else mine[0], n))
        return out

    def own_reading(self, a: Article) -> list[Sentence]:
        """The primary's own statement of purpose or next steps, when nobody else reads it."""
        for s in good_sentences(a, ANALYSIS, limit=4) + good_sentences(a, NEXT, limit=4):
            if self.fresh(s):
                self.take(s)
                n = self.cite(a, "primary", role="analysis")
                return [Sentence(text=s if a.language == "zh" else f"“{s}”", cites=[n])]
        return []

    def continuation(self, slot: Slot) -> list[Sentence]:
        """What the story continues: the earlier documents, with their dates and what they set."""
        out = []
        for bg in slot.background[:2]:
            if bg.language != "zh" or not bg.published:
                continue
            point = next((s for s in good_sentences(bg, SIGNAL, limit=3) if self.fresh(s)), "")
            if not point:
                continue        # naming the earlier document without what it says would be filler
            n = self.cite(bg, "background" if bg in slot.candidate.background else "context", role="analysis")
            who, when, name = attribution(bg, self.catalog), full_date(bg), doc_title(bg)
            ref = hl.short_name(name) if self.printed.seen_before(name) else f"《{name}》"
            options = [f"{who}{ref}（{when}）提出：{point}", f"{when}，{who}在{ref}中提出：{point}",
                       f"早在{when}，{who}{ref}即提出：{point}"]
            out.append(Sentence(text=self.say(options, [point, name]), cites=[n]))
        return out

    def timeline(self, slot: Slot) -> list[Sentence]:
        """Where the day's document sits among the earlier ones the archive found: their dates in order."""
        day_doc = slot.candidate.primary.article
        earlier = sorted((a for a in slot.background if a.published and a.language == "zh"), key=lambda a: a.published)
        if not earlier or not day_doc.published:
            return []

        def named(a: Article) -> str:
            return hl.short_name(doc_title(a)) if is_document(a) else re.split(r"[\s　：:]", a.title.strip())[0]

        def verb(a: Article) -> str:
            return "印发" if "印发" in a.title else "发布"

        who = {attribution(a, self.catalog) for a in earlier}
        if len(who) == 1:
            items = "、".join(f"{named(a)}（{full_date(a)}）" for a in earlier)
            options = [f"在{named(day_doc)}（{full_date(day_doc)}）之前，{who.pop()}已先后{verb(earlier[0])}{items}。",
                       f"{named(day_doc)}（{full_date(day_doc)}）前，相关安排见于{items}。"]
        else:
            items = "，".join(f"{attribution(a, self.catalog)}于{full_date(a)}{verb(a)}{named(a)}" for a in earlier)
            options = [f"在{named(day_doc)}（{full_date(day_doc)}）之前，{items}。"]
        refs = [self.cite(day_doc, "primary", role="analysis")] + \
            [self.cite(a, "context", role="analysis") for a in earlier]
        return [Sentence(text=self.say(options, [named(a) for a in [day_doc, *earlier]]), cites=refs)]

    def earlier_bulletin(self, slot: Slot) -> list[Sentence]:
        """The earlier bulletin's story this one develops, by its date and headline."""
        for label in slot.candidate.continues[:1]:
            when, _, _ = label.partition(":")
            head = self.selection.earlier.get(label, "")
            topic = re.split(r"[，：]", head)[0] if head else ""
            if not topic or len(when) < 10:
                continue
            d = f"{int(when[5:7])}月{int(when[8:10])}日"
            options = [f"本刊{d}报道了{topic}，本节是其后续进展。", f"本节承接本刊{d}所报{topic}。",
                       f"{topic}一事，本刊{d}已有报道，本节续报其进展。"]
            return [Sentence(text=self.say(options, [topic]), cites=[])]
        return []

    def analysis(self, slot: Slot, prim: Article, readers: list[Article]) -> list[Sentence]:
        """Why (the interpretation's and reports' reasons), who is affected, failing those their
        readings or the primary's own purpose; then what the story continues."""
        out = self.readings(readers, [REASONS], 1)
        out += self.readings(readers, [AFFECTED, IMPACT], 1)
        if len(out) < 2:
            out += self.readings(readers, [ANALYSIS], 2 - len(out))
        if not out:
            out = self.own_reading(prim)
        out = out[:MAX_ANALYSIS - 1]
        out += self.continuation(slot)
        out += self.earlier_bulletin(slot)
        return out

    # -- links between the day's sections
    def facts_of(self, number: int, slot: Slot, head: hl.Headline, paragraphs: list[Paragraph]) -> _Facts:
        arts = [m.article for m in slot.members] or list(slot.background)
        prim = arts[0]
        text = " ".join(a.title + " " + " ".join(a.body[:6]) for a in arts)
        own = {doc_title(a) for a in arts if is_document(a)}
        docs = own | set(re.findall(r"《([^》]{6,80})》", text))
        printed = " ".join(s.text for p in paragraphs for s in p.sentences)
        figures: dict[str, str] = {}
        for a in arts:
            if a.language != "zh":
                for x in distinctive_numbers(" ".join(a.body)) | set(re.findall(r"\b\d{2,}\b", " ".join(a.body))):
                    figures.setdefault(x, "")
                continue
            for s in (x for p in paragraphs for x in p.sentences):
                for clause in hl.split_clauses(s.text):
                    for x in re.findall(r"\d+(?:\.\d+)?(?=\s*(?:%|亿|万|个|家|项|吨|千瓦|EFLOPS|GW|TWh))", clause):
                        if x not in figures and 6 <= len(clause) <= 26 and hl.balanced(clause):
                            figures[x] = clause
        vocab = {t for t in set(self.terms_all()) | set(self.line.glossary.terms.values())
                 if len(t) >= 3 and t not in (self.line.subject, self.line.title)}
        titles = head.text + " ".join(a.title for a in arts if a.language == "zh")
        if prim.language != "zh":
            titles += hl.foreign_subject(prim, self.line)
        subject = {t for t in vocab if t in titles}
        terms = {t for t in vocab if t in printed} | subject
        drop = lambda ts: {t for t in ts if not any(t != u and t in u for u in ts)}
        return _Facts(number, slot, head, attribution(prim, self.catalog),
                      prim.published.date().isoformat() if prim.published else "", docs, own, figures, drop(terms),
                      drop(subject))

    def terms_all(self) -> list[str]:
        return [t for th in self.line.themes for t in th.terms if not t.isascii()]

    def link(self, me: _Facts, others: list[_Facts]) -> list[Sentence]:
        """One sentence joining this section to an earlier one of the day that shares its document,
        its figures, its issuer or its subject: which section, and what they share."""
        for o in others:
            if o.slot.candidate.key == me.slot.candidate.key:
                continue
            k = cn_numeral(o.number)
            shared_docs = sorted(d for d in me.docs & o.docs if len(d) >= 6)
            if shared_docs:
                d = shared_docs[0]
                name = hl.short_name(d)
                own = d in me.own or d in o.own
                options = [f"本节与第{k}部分涉及同一文件：{name}。", f"第{k}部分所述{name}，也是本节的由来。"] if own else \
                    [f"本节与第{k}部分均援引{name}。", f"与第{k}部分一样，本节内容以{name}为依据。"]
                return [self.link_sentence(options, [name])]
            shared = sorted((me.subject & o.terms) | (o.subject & me.terms), key=lambda t: (-len(t), t))
            figs = [x for x in me.figures if x in o.figures]
            cross = (me.slot.members[0].article.language if me.slot.members else "zh") != \
                (o.slot.members[0].article.language if o.slot.members else "zh")
            clauses = [c for c in (o.figures[x] or me.figures[x] for x in figs) if c and any(t in c for t in shared)]
            if shared and clauses and (len(figs) >= 2 or not cross):
                clause = clauses[0]
                return [self.link_sentence([f"本节与第{k}部分同涉{shared[0]}，所报数据相互印证：{clause}。",
                                            f"第{k}部分同涉{shared[0]}，其中{clause}一项与本节所报一致。"],
                                           [clause, shared[0]])]
        for o in others:
            if o.slot.candidate.key == me.slot.candidate.key or o.who != me.who:
                continue
            k = cn_numeral(o.number)
            event = o.head.event if o.head.event.startswith(o.who) else ""
            what = re.sub(r"^等[一二三四五六七八九十\d]*部门", "", event[len(o.who):])    # the issuer named alone
            if len(what) < 6:
                continue
            same_day = o.date == me.date
            options = [f"{me.who}同日还{what}（第{k}部分）。", f"同日，{me.who}另有{what}一项（第{k}部分）。"] if same_day \
                else [f"{me.who}近日还{what}（第{k}部分）。", f"第{k}部分所述{what}，同样出自{me.who}。"]
            return [self.link_sentence(options, [what, me.who])]
        for o in others:
            shared = sorted((me.subject & o.terms) | (o.subject & me.terms), key=lambda t: (-len(t), t))
            if o.slot.candidate.key != me.slot.candidate.key and shared:
                k = cn_numeral(o.number)
                both = "与".join(shared[:2]) if len(shared) > 1 and not shared[1] in shared[0] else shared[0]
                return [self.link_sentence([f"本节与第{k}部分同涉{both}。", f"{both}亦是第{k}部分的主题。"], [both])]
        return []

    def link_sentence(self, options: list[str], content: list[str]) -> Sentence:
        return Sentence(text=self.say(options, content), cites=[])

    # -- sections
    def section(self, number: int, slot: Slot) -> Section | None:
        written = self.write(number, slot)
        return written[0] if written else None

    def write(self, number: int, slot: Slot) -> tuple[Section, hl.Headline] | None:
        c = slot.candidate
        self.last_reading = ""
        self.theme = c.theme
        if slot.angle == "context":
            facts = []
            for bg in slot.background:
                facts += self.facts_from(bg, "context", SIGNAL, 2)
            analysis = self.readings(list(slot.background), [REASONS], 1) or \
                self.readings(list(slot.background), [ANALYSIS], 1)
            analysis += self.timeline(slot)
            members = [(a, "primary") for a in slot.background]
        else:
            prim = slot.members[0].article
            pattern = {"scope": SCOPE, "mechanism": MECHANISM}.get(slot.angle, SIGNAL)
            kind = {"story": "primary", "content": "primary", "scope": "report", "mechanism": "interpretation"}
            readers = [m.article for m in (slot.members[1:] if slot.angle == "story" else slot.members)]
            analysis = []
            facts = self.facts_from(prim, kind[slot.angle] if slot.members[0].role != "primary" else "primary",
                                    pattern, 3)
            if slot.angle in ("story", "scope"):
                facts += self.report_fact(slot.members[1:], pattern)
            analysis = self.analysis(slot, prim, readers)
            members = [(m.article, m.role) for m in slot.members]
        if slot.angle in ("scope", "mechanism") and len(facts) < self.line.selection.angles.min_facts:
            return None     # an angle its members cannot fill with facts of their own is not printed
        cited = {self.refs.items[n - 1].url for p in (facts, analysis) for s in p for n in s.cites}
        # the headline is checked against what the section cites, as the verifier will check it
        members = [(a, r) for a, r in members if a.url in cited] or members
        head = self.headline(slot, members, [SourceText.of(a) for a, _ in members], [s.text for s in facts])
        urls = [m.article.url for m in slot.members] + [a.url for a in slot.background]
        paragraphs = [Paragraph(role="facts", sentences=facts)]
        if analysis:
            paragraphs.append(Paragraph(role="analysis", sentences=analysis))
        return Section(number=number, headline=head.text, story_id=c.key, theme=c.theme, angle=slot.angle,
                       continues=list(c.continues), sources=[u for u in dict.fromkeys(urls) if u in cited],
                       paragraphs=paragraphs), head

    def headline(self, slot: Slot, members: list[tuple[Article, str]], srcs: list[SourceText],
                 printed: list[str] = ()) -> hl.Headline:
        """The best candidate that is clean, new (this bulletin, and the line's recent wording) and
        passes the fact check against the section's sources."""
        prim = members[0][0]
        if prim.language != "zh":
            texts = hl.foreign_headlines(prim, self.line, self.catalog, self.line.theme_name(self.theme))
            who = attribution(prim, self.catalog)
            cands = [(1.0, hl.Headline(t, t, "", t, who)) for t in texts]
        else:
            prefer = {"scope": SCOPE, "mechanism": MECHANISM}.get(slot.angle)
            cands = hl.candidates(members, self.catalog, lambda a: _sentences(a), terms=self.terms(), prefer=prefer,
                                  printed=printed)
        day = self.selection.date
        for _, h in cands:
            if hl.clean(h.text) and normalise(h.text) not in self.headlines and \
                    self.printed.new_wording(h.text, [h.topic], past_only=True) and \
                    not check_sentence(h.text, srcs, role="facts", bulletin_date=day):
                self.headlines.add(normalise(h.text))
                return h
        title = prim.title.strip()
        return hl.Headline(title if hl.clean(title) else hl.short_name(doc_title(prim))[:MAX_HEADLINE], title, "")


def write_section(number: int, slot: Slot, selection: DaySelection, refs: Refs, catalog: Catalog) -> Section | None:
    """One section written extractively (the LLM writer's fallback), sharing the bulletin's references;
    None for an angle its members cannot fill with facts of their own."""
    w = _Writer(selection, catalog)
    w.refs = refs
    return w.section(number, slot)


def headline_for(slot: Slot, selection: DaySelection, catalog: Catalog) -> str:
    """The extractive headline of a slot (the LLM writer's when the model's fails its checks)."""
    w = _Writer(selection, catalog)
    w.theme = slot.candidate.theme
    members = [(m.article, m.role) for m in slot.members] or [(a, "primary") for a in slot.background]
    return w.headline(slot, members, [SourceText.of(a) for a, _ in members]).text


def summary_grounds(selection: DaySelection, references, computed: list[str]) -> list[SourceText]:
    """What the abstract and the trend are checked against: the cited sources and the computed statements."""
    cited = {r.url for r in references}
    grounds = [SourceText.of(a) for a in selection.cited_articles() if a.url in cited]
    return grounds + ([SourceText.of(Article(url="ribao:computed", title="", body=list(computed)))] if computed else [])


def write_bulletin(selection: DaySelection, *, catalog: Catalog | None = None, sample: bool = False) -> Bulletin:
    catalog = catalog or load_catalog()
    line = selection.line
    w = _Writer(selection, catalog)
    written: list[tuple[Section, hl.Headline, Slot]] = []
    for i, slot in enumerate(selection.slots, 1):
        done = w.write(i, slot)
        if done is not None and done[0].paragraphs[0].sentences:
            written.append((*done, slot))
    facts: list[_Facts] = []
    for i, (sec, head, slot) in enumerate(written, 1):
        sec.number = i
        me = w.facts_of(i, slot, head, sec.paragraphs)
        w.theme = sec.theme
        extra = w.link(me, facts)
        if extra:
            if len(sec.paragraphs) == 1:
                sec.paragraphs.append(Paragraph(role="analysis", sentences=[]))
            sec.paragraphs[1].sentences.extend(extra)
        facts.append(me)
    sections = [s for s, _, _ in written]
    heads = [h for _, h, _ in written]
    own = summary.bulletin_refs(selection, sections)
    grounds = summary_grounds(selection, w.refs.items, own)
    dates = frozenset(own_dates(own))

    def check(text: str, extra: list[SourceText] = ()) -> bool:
        return not check_sentence(text, [*grounds, *extra], role="analysis", cited=False, bulletin_date=selection.date,
                                  own=dates)

    trend, computed = summary.trend(selection, sections, w.refs.items, printed=w.printed, heads=heads, check=check)
    facts = [SourceText.of(Article(url="ribao:computed", title="", body=computed))] if computed else []
    abstract = summary.abstract(selection, sections, heads=heads, printed=w.printed,
                                check=lambda text: check(text, facts))
    return Bulletin(line=line.id, date=selection.date, title=line.title, subtitle=line.subtitle,
                    abstract=abstract, sections=sections, trend=trend, computed=computed + own,
                    references=w.refs.items, writer=WriterInfo(kind="extractive"), branding=line.branding,
                    sample=sample, generated_at=datetime.now(timezone.utc))
