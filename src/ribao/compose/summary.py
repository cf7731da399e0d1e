"""The 摘要 and the 趋势判断, assembled from the verified sections and the line's history.

No sentence here is a template filled with a theme name: each part is carried by the day's own
content (what each section's event is and what it does, in its sources' words; document names;
dates the sources give) or by figures computed from the store (``analyze.history``), which are
also returned as the bulletin's ``computed`` statements so the verifier can check the figures
against them. What the writer adds around that content (which section, which line of work, what
an item continues) is said in a way the line has not printed lately (``compose.phrasing``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from ribao.analyze.select import DaySelection, Slot
from ribao.compose.common import doc_title, is_document
from ribao.compose.headline import SELF, Headline, balanced, short_name, split_clauses
from ribao.compose.phrasing import Printed
from ribao.compose.sentences import split_sentences
from ribao.models import Reference, Section
from ribao.text import cn_numeral, document_name, normalise

ABSTRACT_MIN, ABSTRACT_MAX = 150, 300
_EFFECTIVE = re.compile(r"《([^》]{4,80})》[^。；]{0,40}?自(20\d\d年\d{1,2}月\d{1,2}日)起(?:施行|实施|执行|生效)")
_EFFECTIVE_OWN = re.compile(r"自(20\d\d年\d{1,2}月\d{1,2}日)起(?:施行|实施|执行|生效)")
_FOLLOW_UP = re.compile(r"^(?:下一步)?([\u4e00-\u9fff]{2,16}?)(?:还)?将(?:出台|制定|发布|开展|启动|研究|组织|印发|推动|加快|建立|"
                        r"完善|推进|扩大)")
_BULLETIN_REF = "本刊{d}刊发{head}"
_KEY = re.compile(r"(?:到20\d\d年|首次|首批|覆盖|累计|同比增长|增长)")


def _facts(sec: Section) -> list[str]:
    return [s.text for p in sec.paragraphs if p.role == "facts" for s in p.sentences]


def _short(title: str) -> str:
    """A title as a trend sentence names it: a document by its name, else its first phrase."""
    name = document_name(title)
    if name and len(name) > 30:
        name = short_name(name)
    if not (name and len(name) <= 30):
        parts = [p for p in re.split(r"[\s　：:]", title.strip()) if 6 <= len(p) <= 30 and balanced(p)]
        name = parts[0] if parts else short_name(title)
    return name.replace("“", "‘").replace("”", "’")


def _numbered(sec: Section) -> str:
    return f"第{cn_numeral(sec.number)}部分"


def _day(label: str) -> str:
    when = label.split(":")[0]
    return f"{int(when[5:7])}月{int(when[8:10])}日"


_MEETING = re.compile(r"(?:举行|召开|举办).{0,16}(?:发布会|会议|座谈会|论坛)$")


@dataclass(frozen=True)
class Gist:
    """A section as the abstract tells it: the event (a subject and what it did) and its point."""

    event: str
    point: str = ""
    who: str = ""

    def sentence(self) -> str:
        if not self.event:
            return f"据{self.who}，{self.point}" if self.who and self.point else self.point or self.who
        return f"{self.event}，{self.point}" if self.point else self.event

    def item(self) -> str:
        """As one of a list of the day's items: the event, or the publisher and the point; a meeting
        (举行7月份新闻发布会) is no event of its own, so what it announced goes with it."""
        if self.event and not (self.point and _MEETING.search(self.event)):
            return self.event
        return self.sentence()


def gist(sec: Section, head: Headline | None) -> Gist:
    """From the headline's parts when the writer kept them, else from the headline itself."""
    if head is not None and (head.event or head.point):
        point = head.point if normalise(head.point) not in normalise(head.event) else ""
        return Gist(head.event, point, head.who)
    text = sec.headline
    m = re.match(r"^(.{4,}?)([，：])(.{6,})$", text)
    if not m:
        return Gist(text)
    topic, joint, point = m.groups()
    if joint == "：":
        return Gist("", point, topic)
    return Gist(topic, point)


def bulletin_refs(selection: DaySelection, sections: list[Section]) -> list[str]:
    """What the bulletin says of the line's earlier bulletins (本刊7月15日…), as computed statements."""
    out = []
    for s in sections:
        for label in s.continues[:1]:
            head = selection.earlier.get(label, "")
            if head:
                out.append(_BULLETIN_REF.format(d=_day(label), head=head))
    return list(dict.fromkeys(out))


def _earlier_topic(selection: DaySelection, sec: Section) -> tuple[str, str]:
    for label in sec.continues[:1]:
        head = selection.earlier.get(label, "")
        if head:
            return _day(label), re.split(r"[，：]", head)[0]
    return "", ""


def abstract(selection: DaySelection, sections: list[Section], *, heads: list[Headline | None] | None = None,
             printed: Printed | None = None, check: Callable[[str], bool] = lambda text: True) -> str:
    """150–300 characters of prose: the day's clearest change (the first section's event and what
    it does), the other angles of the same story, then the day's other sections by line of work and
    what they continue (every item before more detail), the first section's key figure where room
    remains, and more of the sections' facts up to 150. Each
    part is kept only if ``check`` (the verifier's test against the cited sources) passes it."""
    line = selection.line
    printed = printed or Printed(themes=[t.name for t in line.themes])
    if not sections:
        return f"本期监测时段内，{line.subject}相关来源未出现达到收录标准的新动态；既有政策的落地进展将在后续各期跟踪。"
    heads = heads or [None] * len(sections)
    gists = [gist(s, h) for s, h in zip(sections, heads)]
    top, g0 = sections[0], gists[0]
    opening = next((x for x in (f"{g0.sentence()}。", f"{g0.item()}。", f"{top.headline}。") if check(x)), "")
    parts = [opening] if opening else []
    facts = _facts(top)[1:] or _facts(top)
    key = sorted((t for t in facts if re.search(r"\d", t) and len(t) <= 100 and not t.startswith("“")
                  and normalise(g0.point) not in normalise(t)),
                 key=lambda t: (not _KEY.search(t), facts.index(t)))
    # what the day continues is how its items fit with earlier ones: room is kept for it
    continued = []
    for s in sections:
        d, topic = _earlier_topic(selection, s)
        if topic:
            piece = printed.pick([f"{_numbered(s)}承接本刊{d}所报{topic}。", f"本刊{d}所报{topic}在{_numbered(s)}有了后续。"],
                                 [topic])
            if check(piece):
                continued.append(piece)
    room = ABSTRACT_MAX - sum(map(len, continued))
    angles = [(s, g) for s, g in zip(sections[1:], gists[1:]) if s.story_id == top.story_id]
    told = "；".join(f"{g.sentence()}（{_numbered(s)}）" for s, g in angles if check(f"{g.sentence()}。"))
    if told:
        parts.append(printed.pick([f"围绕同一事项，{told}。", f"这一事项的其他方面：{told}。"], [told]))
    by_theme: dict[str, list[tuple[Section, Gist]]] = {}
    for s, g in zip(sections[1:], gists[1:]):
        if s.story_id != top.story_id:
            by_theme.setdefault(s.theme, []).append((s, g))
    groups = sorted(by_theme.items(), key=lambda kv: (kv[0] != top.theme, -len(kv[1])))
    for theme, items in groups:
        name = line.theme_name(theme)
        told = "；".join(f"{g.item()}（{_numbered(s)}）" for s, g in items if check(f"{g.item()}。"))
        if not told:
            continue
        if theme == top.theme:
            options = [f"同属{name}的还有：{told}。", f"{name}方面另有{told}。"]
        else:
            options = [f"{name}方面，{told}。", f"{name}方面有{told}。", f"在{name}上，{told}。"]
        piece = printed.pick(options, [told])
        if sum(map(len, parts)) + len(piece) <= room:
            parts.append(piece)
    for piece in continued:
        if sum(map(len, parts)) + len(piece) <= ABSTRACT_MAX:
            parts.append(piece)
    # the first section's key figure comes second where the day's items leave room for it
    if key and sum(map(len, parts)) + len(key[0]) <= ABSTRACT_MAX:
        parts.insert(1 if opening else 0, key[0])
    for s, g in zip(sections[1:], gists[1:]):
        if sum(map(len, parts)) >= ABSTRACT_MIN:
            break
        extra = sorted((t for t in _facts(s)[1:] if re.search(r"\d", t) and not t.startswith("“")), key=len)
        if g.point and s.story_id != top.story_id:
            extra = [f"{g.sentence()}。"] + extra
        for t in extra[:2]:
            if sum(map(len, parts)) + len(t) <= ABSTRACT_MAX and check(t):
                parts.append(t)
                break
    text = "".join(parts)
    printed.take(text)
    return text


def _follow_ups(text: str) -> list[str]:
    """Named next steps in a source: "下一步，X将…" / "X将出台…" clauses with their own subject."""
    out = []
    for s in split_sentences(text):
        if "？" in s or "问：" in s:
            continue
        s = re.sub(r"^答[:：]\s*", "", s)
        for clause in split_clauses(s):
            clause = re.sub(r"^下一步", "", clause)
            m = _FOLLOW_UP.match(clause)
            if m and not re.match(r"^(?:表示|指出|认为|同时|并|也|还|要|就|对|将)", m.group(1)) and 10 <= len(clause) <= 40 \
                    and not SELF.search(clause):
                out.append(clause)
    return out


def trend(selection: DaySelection, sections: list[Section], references: list[Reference], *,
          printed: Printed | None = None, heads: list[Headline | None] | None = None,
          check: Callable[[str], bool] = lambda text: True) -> tuple[str, list[str]]:
    """One or two paragraphs: which lines gather momentum (computed counts), what the day continues,
    what to watch next (effective dates and named follow-up measures in the sources)."""
    line = selection.line
    printed = printed or Printed(themes=[t.name for t in line.themes])
    if not sections:
        return (f"{selection.date.month}月{selection.date.day}日前的监测时段内无新增动态，{line.subject}方向的判断"
                "沿用此前各期。", [])
    hist = selection.history
    computed: list[str] = []
    first: list[str] = []
    themes: dict[str, list[Section]] = {}
    for s in sections:
        themes.setdefault(s.theme, []).append(s)
    for theme, secs in sorted(themes.items(), key=lambda kv: -len(kv[1]))[:3]:
        name = line.theme_name(theme)
        count = hist.of(theme) if hist else None
        where = "、".join(cn_numeral(s.number) for s in secs)
        if count is None or count.articles_30 == 0:
            first.append(f"{name}（第{where}部分）是本期新出现的方向。")
            continue
        weekly = count.articles_30 * 7 / 30
        word = "升温" if count.articles_7 > 1.3 * weekly else "回落" if count.articles_7 < 0.7 * weekly else "延续"
        example = _short(count.examples[0]) if count.examples else ""
        text = f"{name}{word}：近7日有“{example}”等{count.articles_7}篇，30日累计{count.articles_30}篇。" if example \
            else f"{name}{word}：近7日无新稿，30日内{count.articles_30}篇。"
        if count.sections_30 and count.last_date:
            last = date.fromisoformat(count.last_date)
            text += f"{name}已刊{count.sections_30}节，最近{last.month}月{last.day}日。"
        first.append(text)
        computed.append(text)    # its figures are the history's counts (articles by title, sections)
    second: list[str] = []
    gists = [gist(s, h) for s, h in zip(sections, heads or [None] * len(sections))]
    for s, g in zip(sections, gists):
        d, topic = _earlier_topic(selection, s)
        if topic:
            piece = printed.pick([f"{g.item()}，是本刊{d}所报{topic}的下一步。",
                                  f"本刊{d}所报{topic}有了下文：{g.item()}。"], [g.item(), topic])
            if check(piece):
                second.append(piece)
    articles = {a.url: a for a in selection.cited_articles()}
    seen: set[str] = set()
    watch: list[str] = []
    for s in sections:
        if s.angle == "context":
            continue        # what to watch comes from the day's documents, not the archive's
        for url in s.sources:
            a = articles.get(url)
            if a is None or a.language != "zh":
                continue
            text = "".join(a.body)
            items = [f"《{m.group(1)}》自{m.group(2)}起施行" for m in _EFFECTIVE.finditer(text)]
            if is_document(a):
                items += [f"《{doc_title(a)}》自{m.group(1)}起施行" for m in _EFFECTIVE_OWN.finditer(text)]
            items += _follow_ups(text)
            for item in items:
                if normalise(item) not in seen and len(watch) < 4 and check(f"{item}。"):
                    seen.add(normalise(item))
                    watch.append(item)
    if watch:
        second.append("后续看点：" + "；".join(watch[:4]) + "。")
    text = "".join(first)
    if second:
        text += "\n" + "".join(second)
    printed.take(text)
    return text, computed


def slot_of(selection: DaySelection, sec: Section) -> Slot | None:
    return next((s for s in selection.slots if s.candidate.key == sec.story_id and s.angle == sec.angle), None)
