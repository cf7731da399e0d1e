"""Numbers as quantities: Chinese numerals, 万/亿, %, ranges and power units normalised.

A sentence's number is grounded when the cited text holds the same quantity, however written:
2753万千瓦 = 27.53 GW, 七成 = 70%, 1.2万 = 12000, 三项 = 3项.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = re.compile(r"[零〇一二两三四五六七八九十百千]+")
_CN_FRACTION_UNIT = re.compile(r"([零〇一二两三四五六七八九十百千]+)成")

# unit → (kind, multiplier to the kind's base unit)
_UNITS: list[tuple[str, str, float]] = [
    ("亿千瓦时", "energy", 1e8), ("万千瓦时", "energy", 1e4), ("千瓦时", "energy", 1.0), ("TWh", "energy", 1e9),
    ("GWh", "energy", 1e6), ("MWh", "energy", 1e3), ("kWh", "energy", 1.0), ("度", "energy", 1.0),
    ("亿千瓦", "power", 1e8), ("万千瓦", "power", 1e4), ("千瓦", "power", 1.0), ("GW", "power", 1e6),
    ("MW", "power", 1e3), ("kW", "power", 1.0),
    ("亿吨", "mass", 1e8), ("万吨", "mass", 1e4), ("吨", "mass", 1.0),
    ("亿元", "money", 1e8), ("万元", "money", 1e4), ("元", "money", 1.0),
    ("%", "percent", 1.0), ("％", "percent", 1.0), ("个百分点", "pp", 1.0), ("percent", "percent", 1.0),
    ("亿", "count", 1e8), ("万", "count", 1e4), ("千", "count", 1e3),
]
_UNIT_RE = "|".join(re.escape(u) for u, _, _ in sorted(_UNITS, key=lambda x: -len(x[0])))
_QTY = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(" + _UNIT_RE + r")?", re.I)
_UNIT_OF = {u.lower(): (k, m) for u, k, m in _UNITS}


class Quantity(NamedTuple):
    value: float
    kind: str
    raw: str
    before: str = ""   # the character before and after a unitless number: "9小时" must not match "9个"
    after: str = ""
    context: frozenset = frozenset()   # CJK/word bigrams around it: the same figure must be about the same thing


def cn_to_int(s: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 一百零五 → 105, 三千 → 3000 (under 万; larger ones are written with digits)."""
    if not s:
        return None
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (cur or 1) * _CN_UNITS[ch]
            cur = 0
        else:
            return None
    return total + cur


def arabise(text: str) -> str:
    """Chinese numerals written as digits where they count something (三项 → 3项, 七成 → 70%)."""
    text = _CN_FRACTION_UNIT.sub(lambda m: f"{(cn_to_int(m.group(1)) or 0) * 10}%", text)

    def repl(m: re.Match) -> str:
        s = m.group(0)
        after = text[m.end():m.end() + 1]
        before = text[m.start() - 1:m.start()]
        if before.isdigit() or not (set(s) & set(_CN_DIGITS) or s[0] == "十"):
            return s           # 千瓦, 2753万: a unit, not a numeral
        if s in ("零", "〇") or (len(s) == 1 and s in "一两" and after not in "个项家批条次年月日号万亿%"):
            return s           # 一体化, 两岸, 零碳: words, not numbers
        v = cn_to_int(s)
        return str(v) if v is not None else s
    return _CN_NUM.sub(repl, text)


_CTX_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _context(text: str, start: int, end: int, before: int, after: int) -> frozenset:
    window = text[max(0, start - before):start] + "|" + text[end:end + after]
    return frozenset(window[i:i + 2] for i in range(len(window) - 1)
                     if _CTX_CHAR.match(window[i]) and _CTX_CHAR.match(window[i + 1]))


def quantities(text: str, *, wide: bool = False) -> list[Quantity]:
    """Numbers in ``text`` with kind, normalised value and surrounding words.

    ``wide`` takes a larger context window (for source text, so a paraphrase still matches).
    """
    out = []
    text = arabise(text)
    b, a = (20, 10) if wide else (12, 6)
    for m in _QTY.finditer(text):
        num, unit = m.group(1), m.group(2)
        try:
            v = float(num.replace(",", ""))
        except ValueError:
            continue
        kind, mult = _UNIT_OF.get((unit or "").lower(), ("plain", 1.0))
        out.append(Quantity(v * mult, kind, m.group(0), text[m.start() - 1:m.start()], text[m.end():m.end() + 1],
                            _context(text, m.start(), m.end(), b, a)))
    return out


_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _same_value(a: Quantity, b: Quantity) -> bool:
    if a.kind != b.kind and not {a.kind, b.kind} <= {"plain", "count"}:
        return False
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))


def grounded(q: Quantity, source_quantities: list[Quantity], *, cross_language: bool = False) -> bool:
    """The same quantity is in the source, said about the same thing.

    Same kind and value (2753万千瓦 = 27.53 GW); a unitless number keeps its own word ("9小时"
    is not "9个"); and at least one word next to it in the sentence is next to it in the source,
    so a figure that happens to occur elsewhere in the text does not ground a wrong claim.
    "Next to it" means at least two of the word pairs around it (or all, if fewer).
    Across languages (a Chinese sentence citing an English source) only kind and value count.
    """
    for s in source_quantities:
        if not _same_value(q, s):
            continue
        if cross_language:
            return True
        if q.kind == "plain" or s.kind == "plain":
            if _WORD.match(q.after or " ") and q.after != s.after and q.kind == s.kind:
                continue
            if not _WORD.match(q.after or " ") and _WORD.match(q.before or " ") and q.before != s.before:
                continue
        if len(q.context & s.context) >= min(2, len(q.context)):
            return True   # two shared neighbouring words: "二季度增长5.0%" is not "高技术制造业增长5.0%"
    return False
