"""CJK-aware sentence splitting: never inside 《…》 or “…”, never at the dot of 3.5%."""
from __future__ import annotations

import re

_OPEN = {"《": "》", "“": "”", "（": "）", "(": ")", "「": "」"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_END = set("。！？!?；")
_TRAILERS = set("”’）)」》")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    depth: list[str] = []
    start = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _OPEN and not (ch == "“" and depth and depth[-1] == "“"):
            depth.append(ch)
        elif ch in _CLOSE and depth and depth[-1] == _CLOSE[ch]:
            depth.pop()
        is_end = ch in _END and ch != "；"
        if ch == "." and i + 1 < n and text[i + 1] == " " and not re.match(r"\d", text[i - 1:i] or "x") \
                and i + 2 < n and text[i + 2].isupper():
            is_end = True
        if is_end and not depth:
            j = i + 1
            while j < n and text[j] in _TRAILERS:
                j += 1
            s = text[start:j].strip()
            if s:
                out.append(s)
            start = j
            i = j
            continue
        i += 1
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out
