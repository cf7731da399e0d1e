"""Bytes → text: HTTP header charset, then the page's meta charset, then detection.

GB2312 and GBK are decoded as GB18030 (a superset: real pages use characters outside
GB2312 while still declaring it). A declared charset that does not decode cleanly is a lie
and detection decides instead.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "cp936": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8",
              "us-ascii": "utf-8", "utf8": "utf-8"}


def normalise_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    m = _HEADER.search(content_type or "")
    return normalise_charset(m.group(1)) if m else None


def meta_charset(raw: bytes) -> str | None:
    m = _META.search(raw[:4096])
    return normalise_charset(m.group(1).decode("ascii", "ignore")) if m else None


def _clean(raw: bytes, enc: str) -> str | None:
    try:
        return raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(raw: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Never raises on bad bytes: the last resort replaces them."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace"), "utf-8"
    for enc in (header_charset(content_type), meta_charset(raw)):
        if enc and (text := _clean(raw, enc)) is not None:
            return text, enc
    for enc in ("utf-8", "gb18030"):
        if (text := _clean(raw, enc)) is not None:
            return text, enc
    best = from_bytes(raw[:200_000]).best()
    enc = normalise_charset(best.encoding) if best else None
    enc = enc or "gb18030"
    return raw.decode(enc, "replace"), enc
