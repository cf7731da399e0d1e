"""Text features shared by dedup, story grouping and scoring."""
from __future__ import annotations

import math
import re
from collections import Counter

from ribao.store.search import words
from ribao.text import normalise

_NUM = re.compile(r"\d+(?:\.\d+)?(?=\s*(?:%|％|亿|万|个|家|吨|千瓦|EFLOPS|GW|TWh))|\d+\.\d+")
STOPWORDS = set("的 了 和 与 及 在 是 为 对 等 将 并 以 中 上 下 年 月 日 有关 关于 进一步 推动 加快 工作 发展 我国 全国 国家 部门 "
            "the a an of to in and for on as by with is are was at from that".split())


def shingles(text: str, k: int = 5) -> set[str]:
    t = normalise(text)
    return {t[i:i + k] for i in range(max(1, len(t) - k + 1))}


def distinctive_numbers(text: str) -> set[str]:
    """Numbers that identify a release: decimals and quantities with units, not bare years."""
    return {n for n in _NUM.findall(text or "") if not re.fullmatch(r"(?:19|20)\d{2}", n)}


def tokens(text: str) -> list[str]:
    """Content words for similarity: the archive index's words (``store.search.words``) less stop words."""
    return [w for w in words(text) if len(w) > 1 and w not in STOPWORDS and not w.isdigit()]


class TfIdf:
    """A small sparse TF-IDF space over dicts: a day's few thousand pages need no matrix library."""

    def __init__(self, docs: list[list[str]]):
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}
        self.vectors = [self._vec(d) for d in docs]

    def _vec(self, doc: list[str]) -> dict[str, float]:
        tf = Counter(doc)
        v = {w: (1 + math.log(c)) * self.idf.get(w, 1.0) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    def top_terms(self, i: int, k: int) -> list[str]:
        v = self.vectors[i]
        return sorted(v, key=v.get, reverse=True)[:k]

    def cosine(self, i: int, j: int) -> float:
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(w, 0.0) for w, x in a.items())
