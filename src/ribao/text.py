"""Text patterns every stage shares: whitespace normalisation, 文号, 《titles》, document names.

A leaf module (it imports nothing of ribao), so the store, the verifier and the writers can use
these without loading the extractor.
"""
from __future__ import annotations

import re

# A 文号: issuer prefix, bracketed year, number, 号 — 发改能源〔2026〕123号, 国能发新能规〔2024〕5号.
DOC_NO = re.compile(r"[\u4e00-\u9fa5A-Za-z]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,5}\s*号")
QUOTED_TITLE = re.compile(r"《([^》]{4,80})》")
_SPACE = re.compile(r"\s+")
_ISSUES = re.compile(r"关于印发《(.+)》的(?:通知|通告)$")


def normalise(text: str | None) -> str:
    """The text with all whitespace removed: pages break lines and pad CJK text at random."""
    return _SPACE.sub("", text or "")


def document_name(title: str) -> str:
    """The name other pages use for this document in 《》: the issued 《X》, else from 关于 on.

    Stored (normalised, indexed) so background search is an index lookup, not an archive scan.
    """
    t = normalise(title)
    m = _ISSUES.search(t)
    if m:
        return m.group(1)[:300]
    k = t.find("关于")
    return t[k:][:300] if k >= 0 else ""


def quoted_titles(text: str) -> set[str]:
    """The 《titles》 a text names, normalised."""
    return {normalise(m) for m in QUOTED_TITLE.findall(text or "")}


def doc_numbers(text: str) -> set[str]:
    """The 文号 a text names, normalised."""
    return {normalise(m) for m in DOC_NO.findall(normalise(text))}


_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """A number in Chinese numerals (1 → 一, 10 → 十, 21 → 二十一), as 一、二、 headings use; ≥ 100 stays Arabic."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")
