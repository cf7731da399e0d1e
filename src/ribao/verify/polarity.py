"""Two checks a figure-and-name check misses: who a lead credits, and which way a figure points.

* **Attribution.** "据X消息", "X报道称", "X表示", "X发布": X must be the cited source's publisher
  (its 来源 or site, a department of it, or another name of the same organisation) or an
  organisation the cited text itself names. "据数据要素处6月26日消息" on a 中国能源报 page fails.
* **Polarity.** A bound (不低于 ↔ 不高于, 以上 ↔ 以下, 超过 ↔ 低于…) or a change (增长 ↔ 下降,
  提高 ↔ 降低, 增加 ↔ 减少…) beside a figure must not be the opposite of what the cited text says
  beside the same figure; beside a phrase with no figure ("能耗下降"), not the opposite of what
  the text says after the same words. Only a contradiction fails: a source that says nothing
  either way, or both, does not.
"""
from __future__ import annotations

import re
from typing import Callable

from ribao.verify.numbers import arabise

# (axis, direction) of each word; longest first, so 不低于 is not read as 低于
_WORDS: dict[str, tuple[str, int]] = {}
for words, axis, sign in (
        ("不低于 不少于 以上 至少 超过 高于 多于 大于", "bound", 1),
        ("不高于 不超过 不多于 以下 至多 低于 少于 不足 小于 以内", "bound", -1),
        ("增长 提高 上升 增加 扩大 提升 上涨 增至 升至", "change", 1),
        ("下降 降低 减少 缩小 下滑 回落 下跌 降至", "change", -1)):
    for w in words.split():
        _WORDS[w] = (axis, sign)
POLARITY = re.compile("|".join(sorted(_WORDS, key=len, reverse=True)))
_NUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*\s*[年月日号])")
_BEFORE, _AFTER = 7, 6

_LEAD_FROM = re.compile(r"^据(?P<who>[^，。；：“”]{2,30}?)(?:\d{1,2}月\d{1,2}日)?(?:消息|报道|发布|介绍|统计|数据)")
_LEAD_SAYS = re.compile(r"^(?P<who>[^，。；：“”]{2,30}?)(?:\d{1,2}月\d{1,2}日)?"
                        r"(?:报道称|报道指出|解读指出|援引|报道|表示|指出|介绍|发布|印发|公布|称)")
_ORG_END = re.compile(r"(?:局|部|委|院|社|网|报|处|司|厅|办|中心|会|署|行|集团|公司|政府|Reuters|agency)$", re.I)
_SPEAKER = re.compile(r"(?:有关负责同志|有关负责人|相关负责人|负责同志|负责人|新闻发言人|发言人|等[一二三四五六七八九十\d]*部门)$")


def lead_name(flat: str) -> str | None:
    """The organisation an attribution lead credits, or None when the sentence has no lead."""
    m = _LEAD_FROM.match(flat) or _LEAD_SAYS.match(flat)
    if not m:
        return None
    who = _SPEAKER.sub("", m.group("who"))
    return who if len(who) >= 2 and _ORG_END.search(who) else None


def attribution_problem(flat: str, sources, org_mentions: Callable) -> str | None:
    """The credited name, when no cited source has it as publisher or names it in its text."""
    who = lead_name(flat)
    if who is None:
        return None
    for s in sources:
        names = [p for p in s.publisher.split("|") if len(p) >= 2]
        if any(who == p or who in p or p in who for p in names) or who in s.body:
            return None
        if any(alias in s.text for _, group in org_mentions(who) for alias in group):
            return None
    return who


def _around(text: str, start: int, end: int) -> set[tuple[str, int]]:
    window = text[max(0, start - _BEFORE):start] + " " + text[end:end + _AFTER]
    return {_WORDS[w] for w in POLARITY.findall(window)}


def _key(text: str, m: re.Match) -> str:
    """A figure with the character after it: 15% and 15个 are different figures."""
    return m.group(0) + text[m.end():m.end() + 1]


def _figures(text: str) -> dict[str, list[set[tuple[str, int]]]]:
    out: dict[str, list[set[tuple[str, int]]]] = {}
    for m in _NUM.finditer(text):
        out.setdefault(_key(text, m), []).append(_around(text, m.start(), m.end()))
    return out


def _contradicts(said: set[tuple[str, int]], found: list[set[tuple[str, int]]]) -> tuple[str, int] | None:
    seen = set().union(*found) if found else set()
    for axis, sign in said:
        if (axis, -sign) in seen and (axis, sign) not in seen:
            return axis, sign
    return None


def polarity_problems(flat: str, sources) -> list[str]:
    """Words of direction the cited text contradicts beside the same figure or phrase."""
    text = arabise(flat)
    body = arabise("".join(s.body for s in sources))
    if not POLARITY.search(text) or not body:
        return []
    problems = []
    figures = _figures(body)
    near: set[int] = set()
    for m in _NUM.finditer(text):
        said = _around(text, m.start(), m.end())
        if not said:
            continue
        w = _contradicts(said, figures.get(_key(text, m), []))
        near.update(range(max(0, m.start() - _BEFORE), m.end() + _AFTER))
        if w:
            problems.append(f"{m.group(0)}: the source says the opposite of {_name(text, m.start(), m.end())}")
    for m in POLARITY.finditer(text):
        if m.start() in near:
            continue
        anchor = re.search(r"[\u4e00-\u9fff]{2,4}$", text[:m.start()])
        if not anchor:
            continue
        key = anchor.group(0)[-2:]
        found = [_WORDS[x.group(1)] for x in re.finditer(re.escape(key) + r".{0,2}?(" + POLARITY.pattern + ")", body)]
        axis, sign = _WORDS[m.group(0)]
        if (axis, -sign) in found and (axis, sign) not in found:
            problems.append(f"{key}{m.group(0)}: the source says the opposite")
    return problems


def _name(text: str, start: int, end: int) -> str:
    window = text[max(0, start - _BEFORE):start] + text[start:end] + text[end:end + _AFTER]
    return "“" + window + "”"
