"""The extractive writer: every fact sentence is taken from a source and cites it.

It needs nothing but the machine. Leads are built from metadata (publisher, date, document
title and 文号 as recorded for the article), so the only words it adds are attributions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ribao.analyze.select import DaySelection
from ribao.analyze.stories import INTERPRETATION_TYPES, Story
from ribao.text import cn_numeral, normalise
from ribao.catalog import Catalog, load_catalog
from ribao.compose.prompts import INSTRUCTION_LIKE
from ribao.compose.sentences import split_sentences
from ribao.lines import LineConfig
from ribao.models import Article, Bulletin, Paragraph, Reference, Section, Sentence, WriterInfo

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
DOC_TITLE = re.compile(r"关于印发《(.+)》的(?:通知|通告)$")


@dataclass
class _Refs:
    """Reference list in order of first citation; the writer never invents reference metadata."""

    catalog: Catalog
    items: list[Reference] = field(default_factory=list)
    by_url: dict[str, int] = field(default_factory=dict)

    def cite(self, a: Article, usage: str) -> int:
        if a.url in self.by_url:
            return self.by_url[a.url]
        n = len(self.items) + 1
        self.items.append(Reference(n=n, publisher=a.publisher or a.site_name, title=a.title,
                                    date=a.published.date().isoformat() if a.published else "", url=a.url,
                                    usage=usage))
        self.by_url[a.url] = n
        return n


def md(a: Article) -> str:
    """'7月14日' from the article's own record."""
    return f"{a.published.month}月{a.published.day}日" if a.published else ""


def doc_name(title: str) -> str:
    """The document's own name for 《》: the part from 关于 on, or the name inside 关于印发《…》."""
    m = DOC_TITLE.search(title)
    if m:
        return m.group(1)
    k = title.find("关于")
    return title[k:] if k >= 0 else title


def issuer(title: str, fallback: str) -> str:
    k = title.find("关于")
    head = title[:k].strip() if k > 0 else ""
    return head if 2 <= len(head) <= 40 else fallback


def attribution(a: Article, catalog: Catalog) -> str:
    """A Chinese name for a publisher (路透社 for Reuters; 江苏省发展改革委 for a provincial
    page's bare 省发展改革委) for the lead's attribution."""
    src = catalog.agency_of(a.publisher) or catalog.for_url(a.url)
    if a.language != "zh" and src:
        zh = next((x for x in src.names if re.search(r"[\u4e00-\u9fff]", x)), None)
        return zh or a.publisher
    return provincial(a.publisher, a, catalog) or (src.publisher if src else a.site_name)


def provincial(name: str, a: Article, catalog: Catalog) -> str:
    """"省发展改革委" on a Jiangsu site reads "江苏省发展改革委" in a national bulletin."""
    site = catalog.for_url(a.url)
    if name.startswith("省") and site and "省" in site.name:
        return site.name[:site.name.index("省")] + name
    return name


def headline(story: Story) -> str:
    """≤ 40 characters from the primary's title, document names kept whole."""
    a = story.primary.article
    t = a.title.strip()
    if a.language != "zh":   # no translation without the LLM writer: attribute and keep the title whole
        return f"{attribution(a, load_catalog())}：{t}"
    quoted = re.search(r"《([^》]+)》", t)
    if a.doc_type in INTERPRETATION_TYPES and quoted:
        for cand in (f"{a.publisher}就《{quoted.group(1)}》{a.doc_type}", f"《{quoted.group(1)}》{a.doc_type}"):
            if len(cand) <= 40:
                return cand
    if a.doc_type in ("通知", "意见", "办法", "方案", "指南", "规划") and "关于" in t:
        who = provincial(issuer(t, a.publisher), a, load_catalog())
        verb = "印发" if DOC_TITLE.search(t) else "发布"
        name = doc_name(t)
        short_who = re.split(r"\s+", who)[0] + ("等部门" if re.search(r"\s|等", who) and "等" not in who.split()[0] else "")
        for cand in (f"{who}{verb}《{name}》", f"{short_who}{verb}《{name}》", f"《{name}》{verb}"):
            if len(cand) <= 40:
                return cand
    if len(t) <= 40:
        return t
    for sep in (" ", "　", "：", "，"):
        head = t.split(sep)[0]
        if 8 <= len(head) <= 40:
            return head
    return t[:40]


def _good_sentences(a: Article, pattern: re.Pattern, *, limit: int, skip_first: bool = False) -> list[str]:
    picked: list[tuple[int, str]] = []
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
            if len(s) < 12 or len(s) > 160 or BOILER.search(s) or DANGLING.match(s) or INSTRUCTION_LIKE.search(s):
                continue
            if re.fullmatch(r"[一二三四五六七八九十]+、.{0,20}", s) or s.endswith("：") or s.endswith(":"):
                continue
            if pattern.search(s):
                picked.append((pos, s))
    picked.sort()
    return [s for _, s in picked[:limit]]


def _lead(a: Article, catalog: Catalog) -> str:
    who = attribution(a, catalog)
    when = md(a)
    if a.language != "zh":
        return f"{who}{when}报道（英文原文摘录）："
    if a.doc_type in ("通知", "意见", "办法", "方案", "指南", "规划") and "关于" in a.title:
        no = f"（{a.doc_no}）" if a.doc_no else ""
        return f"{who}{when}发布《{doc_name(a.title)}》{no}。"
    return f"据{who}{when}消息，"


def write_section(number: int, story: Story, line: LineConfig, refs: _Refs, catalog: Catalog) -> Section:
    theme = line.theme(story.theme)
    theme_name = theme.name if theme else "新质生产力"
    prim = story.primary.article
    n_prim = refs.cite(prim, f"用于{theme_name}事实核验。")
    facts: list[Sentence] = []
    key = _good_sentences(prim, SIGNAL, limit=3)
    if not key:
        key = _good_sentences(prim, re.compile("."), limit=2)
    lead = _lead(prim, catalog)
    if lead.endswith("。"):
        facts.append(Sentence(text=lead, cites=[n_prim]))
        facts += [Sentence(text=s, cites=[n_prim]) for s in key]
    else:
        first, *rest = key or [prim.title + "。"]
        if prim.language != "zh":
            facts.append(Sentence(text=f"{lead}“{first}”", cites=[n_prim]))
            facts += [Sentence(text=f"“{s}”", cites=[n_prim]) for s in rest]
        else:
            facts.append(Sentence(text=lead + first, cites=[n_prim]))
            facts += [Sentence(text=s, cites=[n_prim]) for s in rest]
    for m in story.members[1:]:
        if m.role == "report" and m.article.language == "zh":
            extra = [s for s in _good_sentences(m.article, SIGNAL, limit=3, skip_first=True)
                     if not any(s in f.text for f in facts)][:1]
            if extra:
                n = refs.cite(m.article, "用于媒体报道与市场反应核验。")
                facts.append(Sentence(text=f"{attribution(m.article, catalog)}报道称，{extra[0]}", cites=[n]))
                break

    analysis: list[Sentence] = []
    used = {f.text for f in facts}
    for m in story.members[1:]:
        a = m.article
        if a.language != "zh":
            continue
        usage = "用于政策意图与影响分析。" if a.doc_type in INTERPRETATION_TYPES else "用于行业影响分析。"
        for s in _good_sentences(a, ANALYSIS, limit=3):
            if len(analysis) >= 2 or any(s in u for u in used):
                continue
            used.add(s)
            n = refs.cite(a, usage)
            who = attribution(a, catalog)
            spoke = SPOKESPERSON.match(s)
            if spoke:
                text = f"{who}有关负责人{spoke.group(1)}，{s[spoke.end():]}"
            elif s.startswith(a.publisher):
                text = s
            else:
                text = f"{who}{'解读' if a.doc_type in INTERPRETATION_TYPES else '报道'}指出，{s}"
            analysis.append(Sentence(text=text, cites=[n]))
    if not analysis and prim.language == "zh":
        for s in _good_sentences(prim, ANALYSIS, limit=1):
            if not any(s in f.text for f in facts):
                analysis.append(Sentence(text=s, cites=[n_prim]))
    for bg in story.background[:1]:
        n = refs.cite(bg, f"用于{theme_name}背景核验。")
        analysis.append(Sentence(
            text=f"此前，{bg.publisher}已于{bg.published.year}年{md(bg)}发布《{doc_name(bg.title)}》，本次动态是相关部署的延续和深化。",
            cites=[n]))
    analysis.append(Sentence(text=f"从主线看，该动态属于{theme_name}方向，{_theme_note(theme)}", cites=[]))
    sources = [a.url for a in story.articles if a.url in refs.by_url] + \
        [a.url for a in story.background if a.url in refs.by_url]
    return Section(number=number, headline=headline(story), story_id=story.key, theme=story.theme,
                   continues=list(story.continues),
                   sources=list(dict.fromkeys(sources)),
                   paragraphs=[Paragraph(role="facts", sentences=facts), Paragraph(role="analysis", sentences=analysis)])


def _theme_note(theme) -> str:
    if theme and theme.description:
        return f"关注{theme.description.rstrip('。')}的最新进展。"
    return "值得持续跟踪。"


def write_bulletin(selection: DaySelection, *, catalog: Catalog | None = None, sample: bool = False) -> Bulletin:
    catalog = catalog or load_catalog()
    line = selection.line
    refs = _Refs(catalog)
    sections = [write_section(i, st, line, refs, catalog) for i, st in enumerate(selection.chosen, 1)]
    return Bulletin(line=line.id, date=selection.date, title=line.title, subtitle=line.subtitle,
                    abstract=_abstract(selection, sections, line), sections=sections,
                    trend=_trend(selection, sections, line), references=refs.items,
                    writer=WriterInfo(kind="extractive"), branding=line.branding, sample=sample,
                    generated_at=datetime.now(timezone.utc))


def _theme_counts(sections: list[Section], line: LineConfig) -> list[tuple[str, list[int]]]:
    out: dict[str, list[int]] = {}
    for s in sections:
        th = line.theme(s.theme)
        out.setdefault(th.name if th else "其他", []).append(s.number)
    return sorted(out.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))


def _abstract(selection: DaySelection, sections: list[Section], line: LineConfig) -> str:
    if not sections:
        return "本期监测时段内未发现与本主线直接相关的重要政策或产业动态。"
    counts = _theme_counts(sections, line)
    themes = "、".join(f"{name}（{len(nums)}项）" for name, nums in counts)
    first = sections[0].headline
    others = "；".join(s.headline for s in sections[1:4])
    text = f"本期收录{len(sections)}项重要动态，涉及{themes}。最值得关注的是：{first}。"
    if others:
        text += f"此外，{others}。"
    dev = [s for s in selection.chosen if s.continues]
    if dev:
        text += f"其中{len(dev)}项是此前已报道事项的新进展。"
    return text


def _trend(selection: DaySelection, sections: list[Section], line: LineConfig) -> str:
    if not sections:
        return "今日无足以支撑趋势判断的新增动态，建议继续跟踪既有政策的落地情况。"
    counts = _theme_counts(sections, line)
    parts = [f"“{name}”相关动态{len(nums)}项（见第{'、'.join(cn_numeral(n) for n in nums)}部分）" for name, nums in counts]
    central = sum(1 for st in selection.chosen if st.primary.authority.own and st.primary.authority.score >= 0.95)
    text = "从今日动态看，" + "，".join(parts) + "。"
    text += f"其中{central}项由中央部门直接发布，政策供给仍是推动新质生产力发展的主要变量。" if central else ""
    lead = counts[0][0]
    text += f"“{lead}”方向动态最为密集，后续应重点跟踪相关配套细则和地方落实举措。"
    names = {t.id: t.name for t in line.themes}
    going = [(names[t], n) for t, n in sorted(selection.recent_themes.items(), key=lambda kv: -kv[1])
             if t in names and any(s.theme == t for s in sections)]
    if going:
        text += "从近一周看，" + "，".join(f"“{name}”方向此前已有{n}期出现相关动态" for name, n in going) + \
            "，相关政策推进保持连续性。"
    return text
