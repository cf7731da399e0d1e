"""Locate the bundled CJK font and turn it into an ``@font-face`` rule for WeasyPrint.

The font ships as the PyPI package ``noto-cjk-sans-otc`` so that a bare server renders
Chinese without system fonts. It is an OpenType *collection* (JP, KR, SC, TC, HK faces).
WeasyPrint reads a TTC given in ``@font-face`` but always takes face 0 (Japanese), which draws
shared Han characters in Japanese forms. So we copy the Simplified Chinese face out once
(raw table copy, ~0.4 s) into a cached ``.otf`` and point ``@font-face`` at that.
"""
from __future__ import annotations

import importlib.util
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable

FONT_FILE = "NotoSansCJK-Regular.ttc"
SC_POSTSCRIPT_NAME = "NotoSansCJKsc-Regular"
#: CSS family name; WeasyPrint names the embedded PDF font after it (``XXXXXX+NotoSansCJKsc``).
FONT_FAMILY = "NotoSansCJKsc"


class FontNotFoundError(RuntimeError):
    """The CJK font is missing; a PDF without it would show empty boxes for every character."""


def _package_dir() -> Path | None:
    spec = importlib.util.find_spec("noto_cjk_sans_otc")
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def ttc_path() -> Path:
    """Path of ``NotoSansCJK-Regular.ttc`` inside the installed ``noto_cjk_sans_otc`` package."""
    pkg = _package_dir()
    path = pkg / FONT_FILE if pkg else None
    if path is None or not path.is_file():
        raise FontNotFoundError(
            f"CJK font {FONT_FILE} not found (looked in {pkg or 'package noto_cjk_sans_otc'}); "
            "install it with: pip install noto-cjk-sans-otc"
        )
    return path


def _cache_dir() -> Path:
    try:
        from platformdirs import user_cache_dir

        d = Path(user_cache_dir("ribao")) / "fonts"
        d.mkdir(parents=True, exist_ok=True)
        if os.access(d, os.W_OK):
            return d
    except OSError:
        pass
    d = Path(tempfile.gettempdir()) / "ribao-fonts"
    d.mkdir(parents=True, exist_ok=True)
    return d


@lru_cache(maxsize=1)
def font_path() -> Path:
    """The Simplified Chinese face as a standalone OTF, extracted from the TTC and cached.

    The cache key is the TTC's size and mtime, so a package upgrade re-extracts.
    """
    from fontTools.ttLib import TTCollection

    src = ttc_path()
    st = src.stat()
    out = _cache_dir() / f"{SC_POSTSCRIPT_NAME}-{st.st_size}-{st.st_mtime_ns}.otf"
    if out.is_file() and out.stat().st_size > 0:
        return out
    collection = TTCollection(str(src), lazy=True)
    face = next(
        (f for f in collection.fonts if f["name"].getDebugName(6) == SC_POSTSCRIPT_NAME), None
    )
    if face is None:
        raise FontNotFoundError(f"{src} has no face named {SC_POSTSCRIPT_NAME}")
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    os.close(fd)
    try:
        face.save(tmp, reorderTables=False)
        os.replace(tmp, out)  # atomic: parallel renders never see a half-written font
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


#: Always kept in a document subset: what CSS generated content (page numbers, leaders) may print.
ALWAYS = set(map(chr, range(0x20, 0x7F))) | set("，。、；：？！“”‘’（）《》【】〔〕—…·　－／")
#: OpenType layout features kept in a subset (see ``subset_for``).
LAYOUT_FEATURES = ("kern", "liga")


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """What nearly every bulletin prints: ASCII, ``ALWAYS`` and every character GB 2312 encodes
    (its 6,763 hanzi, punctuation and full-width forms; 7,542 characters)."""
    chars = set(ALWAYS)
    for cp in range(0xA0, 0x10000):
        try:
            chr(cp).encode("gb2312")
        except UnicodeEncodeError:
            continue
        chars.add(chr(cp))
    return frozenset(chars)


def _cut(src: Path, chars: Iterable[str], out: Path) -> Path:
    """Write the face ``src`` cut to ``chars`` to ``out`` (atomically: parallel renders are safe)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    # Horizontal text in the SC face needs kerning and Latin ligatures only; keeping every layout
    # feature ("*": vertical forms, locl for JP/KR/TC, alternates) doubled the subsetting time.
    opts.layout_features = list(LAYOUT_FEATURES)
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    font = TTFont(str(src), lazy=True)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=[ord(c) for c in chars])
    sub.subset(font)
    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out


def common_face() -> Path:
    """The SC face cut to ``common_chars()``: made once per font version (~15 s) and cached."""
    src = font_path()
    out = _cache_dir() / f"common-{src.stem}-{'-'.join(LAYOUT_FEATURES)}.otf"
    if out.is_file() and out.stat().st_size > 0:
        return out
    return _cut(src, common_chars(), out)


def subset_for(text: str) -> Path:
    """The face a PDF of ``text`` embeds from.

    WeasyPrint subsets every font it embeds, twice here (regular and bold runs): from the full
    65k-glyph face that is ~4.8 s a pass, and cutting the face to each document's characters first
    costs ~2 s a document. So a document whose characters are all common (GB 2312, nearly every
    bulletin) uses the cached common face, whose passes take a fraction of a second
    (``bench/render.py``: PDF ~1 s CPU); one with rarer characters gets a face cut to its own
    characters, cached by character set. The PDF embeds only the glyphs it uses either way.
    """
    import hashlib

    chars = set(text) | ALWAYS
    if chars <= common_chars():
        return common_face()
    ordered = sorted(chars)
    digest = hashlib.sha256(("".join(ordered) + "|".join(LAYOUT_FEATURES)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    src = font_path()
    out = _cache_dir() / f"subset-{src.stem}-{digest}.otf"
    if out.is_file() and out.stat().st_size > 0:
        return out
    _cut(src, ordered, out)
    for old in sorted(out.parent.glob("subset-*.otf"), key=lambda p: p.stat().st_mtime)[:-KEEP_SUBSETS]:
        old.unlink(missing_ok=True)   # a bounded cache: one file per recent rare-character document
    return out


KEEP_SUBSETS = 32


def font_face_css(family: str = FONT_FAMILY, path: Path | None = None) -> str:
    """``@font-face`` rule embedding the CJK font by ``file://`` URL (for WeasyPrint only)."""
    return f'@font-face {{ font-family: "{family}"; src: url("{(path or font_path()).as_uri()}"); }}\n'
