"""What the chat channels (WeCom, Feishu, DingTalk) share: the bulletin as blocks of chat
markdown, untrusted text made literal, and byte-exact packing of blocks into numbered messages.

None of the three platforms documents an escape syntax for its markdown (a backslash is shown as
is), and each reads its own tags (``<font>``, ``<@userid>``, ``<at>``). So text from the web is
made literal by mapping the ASCII characters their markdown reads to their full-width forms,
which a Chinese reader sees as the same punctuation; the links are the only markdown ribao writes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence
from urllib.parse import quote

from ribao.errors import InputError
from ribao.models import Bulletin
from ribao.render import cn_date, ordered_paragraphs, paragraphs, safe_href
from ribao.text import cn_numeral

_LITERAL = str.maketrans({"<": "＜", ">": "＞", "[": "［", "]": "］", "*": "＊", "`": "｀", "#": "＃",
                          "_": "＿", "~": "～", "|": "｜", "\\": "＼", "&": "＆", "$": "＄"})
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"   # everything else (brackets, parentheses, spaces) percent-encoded
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def literal(text: object) -> str:
    """Untrusted text as one line of chat markdown that renders exactly as written."""
    return " ".join(str(text).split()).translate(_LITERAL)


def link(label: str, url: str | None) -> str:
    """A markdown link to an http(s) URL (percent-encoded so it cannot end early), else the label."""
    href = safe_href(url)
    if not href:
        return literal(label)
    return f"[{literal(label)}]({quote(href, safe=_URL_SAFE)})"


@dataclass(frozen=True)
class Block:
    """A unit of a message: a heading and lines of chat markdown; split only when one alone is too big."""

    heading: str = ""
    lines: tuple[str, ...] = ()


class OverLimit(InputError):
    """A message that cannot be made to fit its platform's limit (never sent)."""


def bulletin_blocks(b: Bulletin, *, cites: bool = True) -> list[Block]:
    """The bulletin as chat blocks: 摘要, one per section, 趋势判断, 参考文献 (the title is the
    channel's, on every part)."""
    blocks: list[Block] = []
    if b.abstract:
        blocks.append(Block("摘要", tuple(literal(p) for p in paragraphs(b.abstract))))
    for sec in b.sections:
        lines = []
        for para in ordered_paragraphs(sec):
            text = "".join(literal(s.text) + ("".join(f"[{int(n)}]" for n in s.cites) if cites else "")
                           for s in para.sentences)
            if text:
                lines.append(text)
        blocks.append(Block(f"{cn_numeral(sec.number)}、{literal(sec.headline)}", tuple(lines)))
    if b.trend:
        blocks.append(Block("趋势判断", tuple(literal(p) for p in paragraphs(b.trend))))
    if b.references:
        refs = []
        for r in b.references:
            refs.append(f"[{r.n}] {literal(r.publisher)} | {literal(r.title)} | {literal(r.date)} "
                        + link("原文", r.url) + (" " + link("存档", r.archived) if safe_href(r.archived) else ""))
        blocks.append(Block("参考文献", tuple(refs)))
    return blocks


def title_line(b: Bulletin) -> str:
    return f"{literal(b.title)} {cn_date(b.date)}"


Size = Callable[[Sequence[Block], int, int, bool], int]   # (blocks, part i, of n, is last) → bytes


def pack(blocks: Sequence[Block], size: Size, limit: int) -> list[list[Block]]:
    """Blocks grouped into parts, in order, each part's payload at most ``limit`` bytes as
    ``size`` measures it (the exact bytes sent, numbering and last-part link included).

    Whole blocks go together; a block too big alone is cut between its lines, then between
    sentences, then between characters, and its heading repeated with （续）. The count of parts
    changes the numbering's width, so packing repeats until the count is stable.
    """
    n = 1
    for _ in range(8):
        parts = _greedy(list(blocks), lambda part, i: size(part, i, n, True), limit)
        if len(parts) == n:
            break
        n = len(parts)
    n = len(parts)
    for i, part in enumerate(parts, 1):
        got = size(part, i, n, i == n)
        if got > limit:
            raise OverLimit(f"part {i}/{n} is {got} bytes, over the limit of {limit}")
    return parts


def _greedy(blocks: list[Block], size: Callable[[list[Block], int], int], limit: int) -> list[list[Block]]:
    parts: list[list[Block]] = [[]]
    queue = list(blocks)
    while queue:
        b = queue.pop(0)
        cur = parts[-1]
        if size(cur + [b], len(parts)) <= limit:
            cur.append(b)
            continue
        if cur:
            parts.append([])
            queue.insert(0, b)
            continue
        head, rest = _cut(b, lambda x: size([x], len(parts)) <= limit)
        cur.append(head)
        if rest is not None:
            parts.append([])
            queue.insert(0, rest)
    return [p for p in parts if p]


def _cut(b: Block, fits: Callable[[Block], bool]) -> tuple[Block, Block | None]:
    """The largest head of ``b`` that fits alone, and the rest (heading marked （续）)."""
    units = [(i, piece) for i, line in enumerate(b.lines) for piece in _pieces(line)]
    cont = b.heading if not b.heading or b.heading.endswith("（续）") else f"{b.heading}（续）"

    def block(sel: list[tuple[int, str]], heading: str) -> Block:
        lines: list[str] = []
        last = None
        for i, piece in sel:
            if i == last:
                lines[-1] += piece
            else:
                lines.append(piece)
            last = i
        return Block(heading, tuple(lines))

    k = 0
    while k < len(units) and fits(block(units[:k + 1], b.heading)):
        k += 1
    if k == 0:   # not even one sentence fits: cut it between characters
        i, piece = units[0]
        lo, hi = 0, len(piece)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(block([(i, piece[:mid])], b.heading)):
                lo = mid
            else:
                hi = mid - 1
        if lo == 0:
            raise OverLimit(f"the block {b.heading!r} cannot fit a message even one character at a time")
        units = [(i, piece[:lo]), (i, piece[lo:]), *units[1:]]
        k = 1
    rest = units[k:]
    return block(units[:k], b.heading), (block(rest, cont) if rest else None)


def _pieces(line: str) -> list[str]:
    return [p for p in _SENTENCE_END.split(line) if p] or [line]
