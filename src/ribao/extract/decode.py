"""Bytes → text: HTTP header charset, then the page's meta charset, then detection.

GB2312 and GBK are decoded as GB18030 (a superset: real pages use characters outside
GB2312 while still declaring it). A declared charset that does not decode cleanly is a lie
and the next rule decides instead; when nothing decodes cleanly (a GBK page with a few broken
bytes), a charset that decodes all but a handful of bytes beats a statistical guess, and the
broken bytes become U+FFFD.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache
from typing import NamedTuple

from charset_normalizer import from_bytes

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "cp936": "gb18030", "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8",
              "us-ascii": "utf-8", "utf8": "utf-8"}
_LIKELY = ("utf-8", "gb18030")  # what Chinese sites serve, in the order to try them
_FEW_ERRORS = 1 / 500  # at most one broken character in this many


def normalise_charset(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@lru_cache(maxsize=256)
def header_charset(content_type: str | None) -> str | None:
    """Remembered per Content-Type value: a capture repeats a handful of them."""
    m = _HEADER.search(content_type or "")
    return normalise_charset(m.group(1)) if m else None


_WIDE = ("utf-16", "utf-32")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32 first: its little-endian BOM starts like UTF-16's


def wide_bom(raw: bytes) -> str | None:
    """"utf-16" or "utf-32" when the bytes open with that byte-order mark (Python's codec reads it)."""
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return enc
    return None


def _narrow(enc: str | None) -> str | None:
    """A declared UTF-16/32 is impossible on bytes without its BOM whose declaration could be read as
    ASCII (a UTF-8 page saying charset=utf-16): ignored."""
    return None if enc and enc.startswith(_WIDE) else enc


def meta_charset(raw: bytes) -> str | None:
    m = _META.search(raw[:4096])
    return _narrow(normalise_charset(m.group(1).decode("ascii", "ignore"))) if m else None


class Decoded(NamedTuple):
    text: str
    encoding: str
    exact: bool  # every byte decoded: the bytes and ``encoding`` reproduce ``text``


def _clean(raw: bytes, enc: str) -> str | None:
    try:
        return raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def declared_charset(raw: bytes, content_type: str | None = None) -> str:
    """The charset ``decode_html`` tries first: UTF-8 after a BOM, else the header's, else the meta
    tag's, else UTF-8."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if wide := wide_bom(raw):
        return wide
    return _narrow(header_charset(content_type)) or meta_charset(raw) or _LIKELY[0]


def decode_html(raw: bytes, content_type: str | None = None) -> Decoded:
    """The page's text. Never raises on bad bytes: the last resorts replace them. The meta charset
    is read only when the header's does not decode cleanly (or there is none)."""
    if raw.startswith(codecs.BOM_UTF8):
        text = _clean(raw[3:], "utf-8")
        return Decoded(text, "utf-8", True) if text is not None else \
            Decoded(raw[3:].decode("utf-8", "replace"), "utf-8", False)
    if wide := wide_bom(raw):
        text = _clean(raw, wide)
        return Decoded(text, wide, True) if text is not None else Decoded(raw.decode(wide, "replace"), wide, False)
    declared: list[str] = []
    enc = _narrow(header_charset(content_type))
    if enc:
        if (text := _clean(raw, enc)) is not None:
            return Decoded(text, enc, True)
        declared.append(enc)
    enc = meta_charset(raw)
    if enc and enc not in declared:
        if (text := _clean(raw, enc)) is not None:
            return Decoded(text, enc, True)
        declared.append(enc)
    for enc in _LIKELY:
        if enc not in declared and (text := _clean(raw, enc)) is not None:
            return Decoded(text, enc, True)
    for enc in dict.fromkeys([*declared, *_LIKELY]):  # nothing is clean: the nearly clean one
        text = raw.decode(enc, "replace")
        if text.count("\ufffd") <= max(2, len(text) * _FEW_ERRORS):
            return Decoded(text, enc, False)
    best = from_bytes(raw).best()  # samples chunks across the whole body
    enc = normalise_charset(best.encoding) if best else None
    enc = enc or "gb18030"
    return Decoded(raw.decode(enc, "replace"), enc, False)
