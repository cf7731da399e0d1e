"""The 摘要 and the 趋势判断, assembled from the verified sections and the line's history.

No sentence here is a template filled with a theme name: each part is carried by the day's own
content (headlines, fact sentences, document names, dates the sources give) or by figures
computed from the store (``analyze.history``), which are also returned as the bulletin's
``computed`` statements so the verifier can check the figures against them.
"""
from __future__ import annotations

import re
from datetime import date

from ribao.analyze.select import DaySelection
from ribao.compose.common import doc_title, is_document
from ribao.models import Reference, Section
from ribao.text import cn_numeral, normalise

ABSTRACT_MIN, ABSTRACT_MAX = 150, 300
_EFFECTIVE = re.compile(r"自(20\d\d年\d{1,2}月\d{1,2}日)起(?:施行|实施|执行|生效)")
_FOLLOW_UP = re.compile(r"(?:下一步[，,]?)?[^，。；]{0,14}?将(?:出台|制定|发布|开展|启动|研究|组织|印发|推动|加快|建立|完善)[^。；]{4,40}")


def _facts(sec: Section) -> list[str]:
    return [s.text for p in sec.paragraphs if p.role == "facts" for s in p.sentences]


def _short(title: str) -> str:
    """A title's first phrase (before a space or colon), for naming it inside a sentence."""
    head = re.split(r"[\s　：:]", title.strip())[0]
    return head if 6 <= len(head) <= 30 else title.strip()[:30]


def _numbered(sec: Section) -> str:
    return f"第{cn_numeral(sec.number)}部分"


def _named(sec: Section) -> str:
    """A section as the abstract names it: its headline (a foreign one by its attribution only)."""
    head, _, rest = sec.headline.partition("：")
    return f"{head}的报道" if rest and rest.isascii() else sec.headline


def abstract(selection: DaySelection, sections: list[Section]) -> str:
    """150–300 characters: the day's clearest change, then how the items fit together."""
    line = selection.line
    if not sections:
        return f"本期监测时段内，{line.subject}相关来源未出现达到收录标准的新动态；既有政策的落地进展将在后续各期跟踪。"
    top = sections[0]
    parts = [f"{top.headline}。"]
    key = sorted((t for t in _facts(top)[1:] or _facts(top) if re.search(r"\d", t)), key=len)
    if key and len(parts[0]) + len(key[0]) <= ABSTRACT_MAX - 40:
        parts.append(key[0])
    angles = [s for s in sections[1:] if s.story_id == top.story_id]
    if angles:
        parts.append(f"围绕这一事项，{'；'.join(_named(s) for s in angles)}。")
    by_theme: dict[str, list[Section]] = {}
    for s in sections[1:]:
        if s.story_id != top.story_id:
            by_theme.setdefault(s.theme, []).append(s)
    same = by_theme.pop(top.theme, [])
    if same:
        parts.append(f"与之同属{line.theme_name(top.theme)}的还有{'；'.join(_named(s) for s in same)}。")
    for theme, secs in sorted(by_theme.items(), key=lambda kv: -len(kv[1])):
        piece = f"{line.theme_name(theme)}方面，{'；'.join(_named(s) for s in secs)}。"
        if sum(map(len, parts)) + len(piece) > ABSTRACT_MAX:
            continue
        parts.append(piece)
    dev = [s for s in sections if s.continues]
    for s in dev:
        when = s.continues[0].split(":")[0]
        piece = f"{_numbered(s)}承接{int(when[5:7])}月{int(when[8:10])}日本刊所报事项。"
        if sum(map(len, parts)) + len(piece) <= ABSTRACT_MAX:
            parts.append(piece)
    for s in sections[1:]:
        if sum(map(len, parts)) >= ABSTRACT_MIN:
            break
        extra = sorted((t for t in _facts(s)[1:] if re.search(r"\d", t)), key=len)
        if extra and sum(map(len, parts)) + len(extra[0]) <= ABSTRACT_MAX:
            parts.append(extra[0])
    return "".join(parts)


def trend(selection: DaySelection, sections: list[Section], references: list[Reference]) -> tuple[str, list[str]]:
    """One or two paragraphs: which lines gather momentum (computed counts), what the day continues,
    what to watch next (effective dates and named follow-up measures in the sources)."""
    line = selection.line
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
    for s in sections:
        if s.continues:
            when = s.continues[0].split(":")[0]
            second.append(f"{s.headline}，是{int(when[5:7])}月{int(when[8:10])}日所报事项的下一步。")
    articles = {a.url: a for a in selection.cited_articles()}
    seen: set[str] = set()
    watch: list[str] = []
    for s in sections:
        if s.angle == "context":
            continue        # what to watch comes from the day's documents, not the archive's
        for url in s.sources:
            a = articles.get(url)
            if a is None:
                continue
            text = "".join(a.body)
            for m in _EFFECTIVE.finditer(text):
                item = f"《{doc_title(a)}》{m.group(0)}" if is_document(a) else m.group(0)
                if normalise(item) not in seen:
                    seen.add(normalise(item))
                    watch.append(item)
            for m in _FOLLOW_UP.finditer(text):
                item = m.group(0).strip("，, ")
                if normalise(item) not in seen and len(watch) < 4:
                    seen.add(normalise(item))
                    watch.append(item)
    if watch:
        second.append("后续看点：" + "；".join(watch[:4]) + "。")
    text = "".join(first)
    if second:
        text += "\n" + "".join(second)
    return text, computed
