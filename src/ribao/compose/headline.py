"""Headlines: the event and what it means, ≤ 40 characters, in the sources' own words.

A headline is a *topic* (the event: ``国家能源局加强新型储能调度运用``, the document's short
name ``高质量数据集建设指引``, or the publisher) joined to a *point*: a clause one of the
section's sources wrote that says what the event does — a target (到2027年底…), a first (首次…),
a scope (覆盖…), a key measure (明确…, 推动…). Clauses are cut at commas outside quotes and
brackets, so a quotation is never left open, and a clause whose subject is not the document or
its issuer keeps its own subject (``全国新型储能年等效利用小时数达到…``) or is not used: a
predicate (推动…) is joined to the issuer only where the source makes the document or issuer
its subject (the document's own measures, "《通知》首次…", "国家能源局将…"). A report's own title
is a candidate too. Every candidate is checked like a fact sentence; the best that passes is
printed.

A foreign-language source has no Chinese words to quote: its headline names the outlet and the
subject in the line's glossary (English phrase → the line's Chinese term), e.g.
``路透社关注中国数据中心、绿电直连与用电需求``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from ribao.catalog import Catalog
from ribao.compose.common import attribution, doc_title, is_document, is_interpretation, issuer, provincial
from ribao.lines import LineConfig
from ribao.models import Article
from ribao.text import normalise

MAX_HEADLINE = 40

_ADVERB = r"(?:进一步|全面|加快|积极|大力|稳步|有序|持续|不断|率先|力争|统筹|着力|重点|逐步|首次|首批)?"
VERBS = ("推动|推进|促进|加强|完善|建立|健全|建设|实施|开展|组织|支持|鼓励|引导|明确|提出|部署|规定|实现|培育|打造|"
         "建成|形成|启动|上线|设立|布局|核发|完成|突破|提高|提升|降低|扩大|强化|深化|优化|探索|落实|纳入|覆盖|推广|"
         "发挥|聚焦|确定|遴选|发布|印发|公布|新增|出台|制定|设定|划定|首次|首批|加快|严格|规范|做好|保障|服务|"
         "筑牢|夯实|拓展|构建|搭建|推行|试行|开放|接入|引入|设置|给予|将|把|以|对")
PREDICATE = re.compile(rf"^{_ADVERB}(?:{VERBS})")
STRONG = re.compile(r"^(?:首次|首批|明确|推动|提出|部署|建立|实现|到20\d\d年|力争到20\d\d年)")
# a clause that cannot stand as a point: it opens on a preposition, pronoun, conjunction or modal
NO_SUBJECT = re.compile(r"^(?:对于|对|按照|按|在|于|为了|为|通过|由|从|向|依托|围绕|根据|结合|针对|关于|随着|基于|与|和|及|并|且|"
                        r"而|但|或|其中|其|该|此|这|那|它|他|她|我们|应当|应|须|必须|需要|需|可以|可|要|已|也|还|均|都|则|"
                        r"即|如|若|凡|除|同比|较|比|约|共|分别|主要|相关|上述|有关|以及|加之|从而|进而|特别是|尤其是|包括)")
# a subject clause says something of its subject: a state, a change, a figure
CLAUSE_VERB = re.compile(r"(?:达到|超过|突破|实现|增长|提高|提升|下降|降低|不低于|不少于|不超过|不高于|达|增至|升至|建成|"
                         r"形成|覆盖|纳入|完成|累计|基本建立|建立|迈入|进入|获得|启动|上线|接入|批复|发布|印发|公布|入选|"
                         r"占|位居|居|首次|首批|融入|成为|迈向|落地|走向|提速|加快|增强|壮大|改善|扩大|缩小|翻番|落实|"
                         r"用于|参与|开展|推广|应用|投运|并网|交易|签约|发放|补贴|调整|改为|转变|转向|明确|提出|规定|要求)")
# a clause opening on a verb has left its subject in the clause before
VERB_START = re.compile(r"^(?:涉及|包括|面向|惠及|适用|带动|吸引|支撑|助力|带来|成为|达到|超过|突破|增长|提高|提升|下降|"
                        r"降低|增至|升至|位居|居|占|覆盖|纳入|进入|迈入|获得|用于|参与|调整|改为|转变|转向)")
# after another clause, a bare noun or a rate and a figure verb (报送率达到98.6%, 浮动幅度不超过15%) is that
# clause's: whose rate it is goes unsaid
ELLIPTIC = re.compile(r"^(?:[\u4e00-\u9fff]{1,3}|[\u4e00-\u9fff]{0,3}(?:率|幅度|比例|比重|占比|增速|增幅))"
                      r"(?:达到|超过|突破|增长|提高|提升|下降|降低|不低于|不少于|不超过|不高于|达|增至|升至|占)")
TARGET_HEAD = re.compile(r"^(?:力争)?到20\d\d年(?:底|末)?$")
ASOF_HEAD = re.compile(r"^(?:截至(?:20\d\d年)?(?:\d{1,2}月(?:底|末|\d{1,2}日)?)?|截至目前|今年以来|目前|"
                       r"(?:20\d\d年)?(?:上半年|前三季度|一季度|1—\d+月)|20\d\d年\d{1,2}月)$")
DROP_HEAD = re.compile(r"^(?:经.{2,40}|据统计|数据显示|据介绍|据了解|同时|此外|另外|近年来|记者注意到|记者了解到|下一步|"
                       r"总的来看|总体来看|从.{1,10}看)$")
DOC_REF = re.compile(r"(?:《[^》]+》|通知|意见|办法|方案|指引|规划|文件|行动|指南|决定|规定|细则|新规|政策|此次|本次)"
                     r"(?:还|并|也|进一步|同时)?(?:明确|提出|要求|规定|强调|部署|指出|将)?$")
REASON = re.compile(r"(?:原因|因素|考虑|背景|问题|难点|痛点|瓶颈|困难|短板|不足|风险|挑战)")
FIRST = re.compile(r"(?:^(?:首次|首批)|(?:将|已|还|系|为|是|均|再)首次|首批|首个|首部|首家|第一批|首单)")
SCOPE = re.compile(r"(?:覆盖|涵盖|涉及|纳入|惠及|适用于)")
FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|亿|万|个|家|项|吨|千瓦|小时|次|EFLOPS|GW|TWh|条|件|类|批|省|城市|倍)")
MODAL = re.compile(r"(?:应当|必须|应(?!用|对|急)|须|需(?:要)?(?!求)|要(?!求|素|点|件)|可以|"
                   r"可(?:通过|按|作为|同时|在|向|参与|申请|获得|享受))")
ENDS_BADLY = re.compile(r"(?:的|和|与|及|或|等|年|月|为|是|在|对|将|被|把|向|从|以|并|且|而|其|之|中)$")
LOCAL = re.compile(r"(?:全|本)(?:省|市|区|县)(?!场|委|政府|属)")
REGION = re.compile(r"^[\u4e00-\u9fff]{2,4}(?:省|自治区|市)(?!场)")
SELF = re.compile(r"(?:我省|我市|我区|我县|本省|本市|我局|我部|我委|我们)")
_LEAD = "在|对|向|从|于|覆盖|涵盖|包括|涉及|来自"
_LIST = re.compile(rf"(^|{_LEAD})(?!{_LEAD})((?:[\u4e00-\u9fff]{{1,8}}、){{2,}}[\u4e00-\u9fff]{{1,8}}等)"
                   r"(?=\d|[一二三四五六七八九十])")


def compress(text: str) -> str:
    """An example list before a count left out: "内蒙古、甘肃…等12个省（区）" → "12个省（区）"."""
    return _LIST.sub(lambda m: m.group(1), text)


TYPE_TAIL = re.compile(r"(实施意见|指导意见|行动方案|实施方案|工作方案|管理办法|实施细则|意见|通知|办法|方案|规划|指南|指引|"
                       r"决定|公告|通告|名单|规定|细则|行动|计划|纲要)$")
_PAREN_TAIL = re.compile(r"（[^（）]*）$")
_LEAD_VERB = re.compile(rf"^(?:进一步|全面|加快|深入|切实|持续|大力)*(?:{VERBS}|做好|组织开展|开展|公布|发布|印发)")
_PAIRS = {"“": "”", "《": "》", "（": "）", "(": ")", "「": "」", "‘": "’"}


def balanced(s: str) -> bool:
    stack: list[str] = []
    closers = {v: k for k, v in _PAIRS.items()}
    for ch in s:
        if ch in _PAIRS:
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return False
            stack.pop()
    return not stack


def split_clauses(sentence: str) -> list[str]:
    """The sentence cut at ，；：、 outside quotes and brackets (never inside “…” or 《…》)."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(sentence):
        if ch in _PAIRS:
            depth += 1
        elif ch in _PAIRS.values():
            depth = max(0, depth - 1)
        elif ch in "，；：。！？" and depth == 0:
            out.append(sentence[start:i])
            start = i + 1
    out.append(sentence[start:])
    return [c.strip() for c in out if c.strip()]


# ------------------------------------------------------------------ names

def core_of(name: str) -> tuple[str, str]:
    """(X, type) of a document named (issuer)关于X的通知, else ("", the name)."""
    n = normalise(name)
    m = re.match(r"^(?:[^关]{2,30}?)?关于(.+)的([^的]{1,6})$", n)
    if m:
        x = re.sub(r"(?:有关事项|有关工作|相关工作|工作)$", "", m.group(1))
        return x, m.group(2)
    return "", n


_IMPLEMENTS = re.compile(r"^(?:贯彻落实|贯彻|落实|实施)《([^》]+)》$")


def short_name(name: str) -> str:
    """A document's short name, as the press writes it: 新型储能调度运用通知, “人工智能+制造”实施意见,
    高质量数据集建设指引. The bracketed 试行 or period is dropped; the full name stays in the lead.
    A document implementing another is named after it: 新型储能参与电力市场机制通知实施细则."""
    x, kind = core_of(name)
    implements = _IMPLEMENTS.match(x)
    if implements:
        return short_name(implements.group(1)) + kind
    if not x:
        base = _PAREN_TAIL.sub("", kind)
        return base if len(base) >= 4 else normalise(name)
    quoted = re.search(r"“[^”]{2,16}”", x)
    if quoted:
        tail = x[quoted.end():]
        return quoted.group(0) + (tail if len(tail) <= 3 else "") + kind
    noun = x
    while True:
        m = _LEAD_VERB.match(noun)
        if not m or len(noun) - m.end() < 4:
            break
        noun = noun[m.end():]
    noun = re.split(r"(?:助力|推动|促进|并|加快|支撑)", noun)[0] or noun
    return noun + kind if len(noun) >= 4 else x + kind


def verb_phrase(name: str) -> str:
    """What a 关于X的通知 says it does, when X is a verb phrase (推动“人工智能+制造”高质量发展;
    贯彻落实 the short name of the document it implements)."""
    x, _ = core_of(name)
    implements = _IMPLEMENTS.match(x or "")
    if implements:
        return "贯彻落实" + short_name(implements.group(1))
    if not x or not _LEAD_VERB.match(x):
        return ""
    x = re.split(r"(?:并|助力)", x)[0]
    return x if 4 <= len(x) <= 24 else ""


def short_issuer(a: Article, catalog: Catalog) -> str:
    """Who issued a document as its title says, several issuers as 'the first 等N部门'."""
    who = provincial(issuer(a.title, attribution(a, catalog)), a, catalog)
    parts = who.split()
    return f"{parts[0]}等部门" if len(parts) > 1 else who


# ------------------------------------------------------------------ points

@dataclass(frozen=True)
class Point:
    text: str
    score: float
    subject: str           # "own": it names its own; "doc": the document's; "act": the document's or its issuer's
    main: bool = True      # from the section's first source (whose event the topics name)
    core: str = ""         # the clause as the source has it, without the date put before it
    who: str = ""          # the source that wrote it, as the headline credits it


def points(a: Article, sentences: Iterable[tuple[int, str]], *, terms: Iterable[str] = (), role: str = "primary",
           prefer: re.Pattern | None = None, issuers: Iterable[str] = (), main: bool = True) -> list[Point]:
    """The clauses of ``a`` that can say what the event does, scored: a target, a first, a scope,
    a figure, the story's theme, the angle's own concern; the document's own before a report's."""
    terms = [t for t in terms if t and not t.isascii()]
    names = [normalise(x) for x in issuers if x]
    doc = is_document(a)
    out: list[Point] = []
    for pos, sentence in sentences:
        if "？" in sentence or "?" in sentence:
            continue
        target = asof = ""
        pre = ""                # the sentence before this clause, adverbials aside
        actor = False           # an earlier clause of the sentence has its own acting subject
        for raw in split_clauses(sentence):
            clause = re.sub(r"^(?:答[:：]?)", "", raw)
            if TARGET_HEAD.match(clause):
                target = clause
                continue
            if ASOF_HEAD.match(clause):
                asof = re.sub(r"20\d\d年(?=.)", "", clause)   # 2026年8月 → 8月: the bulletin is dated
                continue
            if DROP_HEAD.match(clause):
                continue
            m = re.match(r"^((?:力争)?到20\d\d年(?:底|末)?)(?=[^，])", clause)
            if m:
                target, clause = m.group(1), clause[m.end():]
            clause = compress(clause)
            here, pre = pre, pre + normalise(raw)
            found = _point(clause, here, target=target, actor=actor, doc=doc, role=role, names=names)
            if not found:
                actor = actor or bool(MODAL.search(clause[:14]))
            for text, subject in found:
                out += _scored(text, subject, pos, target=target, asof=asof, terms=terms, prefer=prefer,
                               role=role, main=main)
    return sorted(out, key=lambda p: -p.score)


def _scored(text: str, subject: str, pos: int, *, target: str, asof: str, terms: list[str], prefer, role: str,
            main: bool) -> list[Point]:
    """A point's score: a target (with its year), a first, a scope, a figure, the theme, the angle."""
    kind_target = bool(target) and bool(FIGURE.search(text) or re.search(r"(?:建成|基本|全面|形成)", text))
    score = 3.0 if kind_target else 0.0
    score += 3.0 if FIRST.search(text) else 0.0
    score += 1.5 if SCOPE.search(text) and FIGURE.search(text) else 0.0
    score += 1.0 if FIGURE.search(text) else 0.0
    score += 1.0 if any(t in text for t in terms) else 0.0
    score += 0.5 if STRONG.match(text) else 0.0
    score += 2.0 if prefer is not None and prefer.search(text) else 0.0
    score += {"primary": 0.5, "interpretation": 0.3}.get(role, 0.0)
    score -= 2.0 if REASON.search(text) else 0.0
    score -= 1.0 if re.search(r"(?:有望|预计|或将|可能|估计)", text) else 0.0
    score -= 0.5 if len(text) > 30 else 0.0
    score -= 0.05 * pos
    if score < 1.0:
        return []
    if kind_target:     # the target without its year is a plain requirement
        return [Point(f"{target}{text}", score, subject, main, text), Point(text, score - 3.5, subject, main, text)]
    if asof and not text.startswith(asof) and FIGURE.search(text):     # 8月核发绿证…: when it was so
        return [Point(f"{asof}{text}", score + 0.3, subject, main, text), Point(text, score, subject, main, text)]
    return [Point(text, score, subject, main, text)]


def _point(clause: str, pre: str, *, target: str, actor: bool, doc: bool, role: str, names: list[str]
           ) -> list[tuple[str, str]]:
    """The clause as points, each with what its subject is: "own" (it names its own), "doc" (the
    document: 《通知》首次…), "act" (the document or its issuer: the document's own measures,
    "国家能源局将推动…"). Nothing when it cannot stand as a point."""
    if len(clause) < 8 or not balanced(clause) or ENDS_BADLY.search(clause) or SELF.search(clause):
        return []
    m = re.match(r"^(.{1,12}?)(?:还将|将|进一步|已|累计|共|还|也)?(?=" + VERBS + ")", clause)
    if not PREDICATE.match(clause) and m and (DOC_REF.search(m.group(1)) or m.group(1) in names):
        # 《通知》首次… → 首次…; 国家能源局将推动… → 推动…: the document or its issuer is the subject
        rest = re.sub(r"^(?:还将|将|进一步|已)(?=" + VERBS + ")", "", clause[len(m.group(1)):])
        rest = re.sub(r"^(?:还|也)(?=" + VERBS + ")", "", rest)
        pred = len(rest) >= 8 and bool(PREDICATE.match(rest)) and not rest.startswith(("将", "把", "以", "对"))
        if m.group(1) in names:
            return [(rest, "act")] if pred else []
        own = [] if re.search(r"(?:此次|本次|该|这|其)", m.group(1)) else [(clause, "own")]
        return ([(rest, "doc")] if pred else []) + own
    if PREDICATE.match(clause):
        if clause.startswith(("将", "把", "以", "对")):
            return []
        if not pre and (doc or role == "primary"):
            return [(clause, "act")]                # the document's own measure, the release's own act
        if DOC_REF.search(pre):
            return [(clause, "doc")]
        if any(pre.endswith((n, n + "将", n + "还将")) for n in names):
            return [(clause, "act")]
        if doc and target and not actor:
            return [(clause, "act")]                # 到2027年底，…基本建立，建成…: the document's own target
        return []
    if NO_SUBJECT.match(clause) or VERB_START.match(clause) or MODAL.search(clause[:14]) or \
            not CLAUSE_VERB.search(clause[2:]) or (pre and ELLIPTIC.match(clause)):
        return []
    return [(clause, "own")]


# ------------------------------------------------------------------ topics

@dataclass(frozen=True)
class Topic:
    text: str
    joint: str        # "，" after an event (subject + verb), "：" after a name
    bonus: float = 0.0
    names_document: bool = False    # the topic is the document (or its issuer issuing it)


def topics(a: Article, catalog: Catalog) -> list[Topic]:
    """Ways to name the event of ``a``: the issuer and what the document does, the document's short
    name, the interpretation of a named document, a release's own title phrase, the publisher."""
    out: list[Topic] = []
    who = attribution(a, catalog)
    if is_document(a):
        name = doc_title(a)
        by = short_issuer(a, catalog)
        vp = verb_phrase(name)
        if vp:
            out.append(Topic(f"{by}{vp}", "，", 0.6, True))
            if vp.startswith("进一步"):
                out.append(Topic(f"{by}{vp[3:]}", "，", 0.55, True))
        sn = short_name(name)
        verb = "印发" if "印发" in a.title else "发布"
        if not vp:
            out.append(Topic(f"{by}{verb}{sn}", "，", 0.5, True))
        out.append(Topic(sn, "：", 0.3, True))
    elif is_interpretation(a):
        named = re.search(r"《([^》]+)》", a.title)
        if named:
            sn = short_name(named.group(1))
            out += [Topic(f"{who}就{sn}{a.doc_type}", "：", 0.4, True), Topic(f"{sn}{a.doc_type}", "：", 0.3, True)]
        out.append(Topic(who, "：", 0.0))
    else:
        head = re.split(r"[\s　：:，,]", a.title.strip())[0]
        site = catalog.for_url(a.url)
        names = [n for n in (who, a.publisher, site.publisher if site else "") if n]
        by = next((n for n in names if head.startswith(n)), "")
        rest = re.sub(r"^等[一二三四五六七八九十\d]*部门", "", head[len(by):])
        if by and 8 <= len(head) <= 28 and (PREDICATE.search(rest) or re.match(r"(?:通报|召开|举行|介绍|发布|公布)", rest)) \
                and not SELF.search(head):
            out.append(Topic(head, "，", 0.4))
        out.append(Topic(who, "：", 0.0))
    return out


def title_headline(a: Article) -> str:
    """A report's own title as a headline: its parts joined by a comma ("A B" → "A，B")."""
    t = re.sub(r"\s+", " ", a.title.strip())
    if "？" in t or "?" in t or not (FIGURE.search(t) or FIRST.search(t) or STRONG.search(t) or "：" in t
                                      or re.search(r"(?:落地|出台|发布|启动|上线|入选|突破|迈入|进入)", t)):
        return ""
    parts = [p for p in t.split(" ") if p]
    return "，".join(parts) if all(len(p) >= 4 for p in parts) else ""


# ------------------------------------------------------------------ foreign sources

def foreign_subject(a: Article, line: LineConfig) -> str:
    """The subject of a foreign report in the line's Chinese words: its title's glossary entries
    (the places and companies first, then the subjects), from the title, else its opening."""
    g = line.glossary
    for text in (a.title, " ".join(a.body[:1])):
        found: list[tuple[int, str, bool]] = []
        for en, zh, entity in [*((k, v, True) for k, v in g.entities.items()), *((k, v, False) for k, v in g.terms.items())]:
            m = re.search(r"(?<![A-Za-z])" + re.escape(en) + r"(?:s|es|'s)?(?![A-Za-z])", text, re.I)
            if m:
                found.append((m.start(), zh, entity))
        found.sort()
        seen: list[str] = []
        ents = [zh for _, zh, e in found if e and not (zh in seen or seen.append(zh))][:1]
        subs = [zh for _, zh, e in found if not e and not any(zh in s or s in zh for s in seen) and not seen.append(zh)]
        subs = [s for s in subs if not any(s != o and s in o for o in subs)][:3]
        if subs:
            joined = subs[0] if len(subs) == 1 else "、".join(subs[:-1]) + "与" + subs[-1]
            return "".join(ents) + joined
    return ""


def foreign_headlines(a: Article, line: LineConfig, catalog: Catalog, theme_name: str) -> list[str]:
    who = attribution(a, catalog)
    subject = foreign_subject(a, line)
    out = [f"{who}关注{subject}"] if subject else []
    return out + [f"{who}关注{theme_name}"]


# ------------------------------------------------------------------ choosing

@dataclass(frozen=True)
class Headline:
    text: str
    topic: str = ""       # what the headline names first: the event, a document, the publisher
    point: str = ""       # what it does, in a source's words
    event: str = ""       # the event as a subject and what it did ("国家能源局加强新型储能调度运用"), if known
    who: str = ""         # the primary's publisher


def candidates(members: list[tuple[Article, str]], catalog: Catalog, sentences: Callable[[Article], Iterable],
               *, terms: Iterable[str] = (), prefer: re.Pattern | None = None, printed: Iterable[str] = ()
               ) -> list[tuple[float, Headline]]:
    """Every headline the section's members allow, scored (best first); a point the section's own
    facts print (``printed``) ranks above one they leave out."""
    facts = [normalise(compress(t)) for t in printed]
    head = members[0][0]
    tops = topics(head, catalog)
    who = attribution(head, catalog)
    event = next((t.text for t in tops if t.joint == "，"), tops[0].text if tops[0].text != who else "")
    issuers = {who, short_issuer(head, catalog).split("等")[0], head.publisher}
    pts: list[Point] = []
    for k, (art, role) in enumerate(members):
        if art.language == "zh":
            pts += [replace(p, who=attribution(art, catalog))
                    for p in points(art, sentences(art), terms=terms, role=role, prefer=prefer, issuers=issuers,
                                    main=k == 0)]
    pts = [replace(p, score=p.score + (1.0 if any(normalise(p.core or p.text) in f for f in facts) else 0.0))
           for p in pts]
    pts.sort(key=lambda p: -p.score)
    out: list[tuple[float, Headline]] = []
    seen: set[str] = set()
    for p in pts[:24]:
        if p.subject == "own" and not p.main:
            # another source's statement of its own subject is not the topic's event: it is credited to that source
            text = f"{p.who}：{p.text}"
            if p.who and p.who != who and len(text) <= MAX_HEADLINE:
                out.append((p.score - 2.0, Headline(text, p.who, p.text, event, who)))
            continue
        if p.subject == "own" and any(p.text.startswith(n) for n in issuers if n) and len(p.text) <= MAX_HEADLINE:
            out.append((p.score + 0.4, Headline(p.text, "", p.text, event, who)))   # it names the publisher itself
            continue
        for t in tops:
            if p.text in seen or _same(t.text, p.text) or (p.subject == "doc" and not t.names_document):
                continue
            text = f"{t.text}{t.joint}{p.text}"
            if len(text) <= MAX_HEADLINE:
                out.append((p.score + t.bonus, Headline(text, t.text, p.text, event, who)))
    base = 1.5 if is_document(head) else 2.0      # a document's own point before a report's title
    for art, role in members:
        if role == "report" and art.language == "zh":
            th = title_headline(art)
            if th and len(th) <= MAX_HEADLINE and not SELF.search(th):
                parts = th.split("，")
                out.append((base + (1.0 if FIGURE.search(th) else 0.0),
                             Headline(th, parts[0], "，".join(parts[1:]), parts[0], who)))
    for t in tops:
        if t.joint == "，":
            out.append((0.8 + t.bonus, Headline(t.text, t.text, "", event, who)))
    if is_document(head):
        by = short_issuer(head, catalog)
        full = f"{by}{'印发' if '印发' in head.title else '发布'}《{doc_title(head)}》"
        out.append((0.3, Headline(full, full, "", event or full, who)))
    out.append((0.0, Headline(head.title.strip(), head.title.strip(), "", event, who)))
    # 全省… in a national bulletin says which province only after a regional name (山东省能源局：全省…)
    out = [(sc, h) for sc, h in out if not LOCAL.search(h.text) or REGION.match(h.text)]
    out.sort(key=lambda x: -x[0])
    return out


def _same(topic: str, point: str) -> bool:
    """A point that only restates the topic says nothing more."""
    a, b = normalise(topic), normalise(point)
    grams = {b[i:i + 2] for i in range(len(b) - 1)}
    return b in a or (bool(grams) and len(grams & {a[i:i + 2] for i in range(len(a) - 1)}) >= 0.7 * len(grams))


def clean(text: str) -> bool:
    return bool(text) and len(text) <= MAX_HEADLINE and balanced(text) and not ENDS_BADLY.search(text)

