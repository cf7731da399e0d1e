"""HTTP bodies as archived: their header fields, and decoding them under limits.

Every path that inflates a body goes through ``BodyDecoder``: the crawler as bytes arrive, WARC
import, re-reads of archived records (``warc.read_record``) and ``extract --warc``. A WARC
record is web content like any other: a 4 MB gzip member can claim 4 GiB, so the decoded size
is capped and the decoded/compressed ratio checked while decoding, never after. The limits are
the crawl's (``crawl.yaml``: ``max_body_bytes``, ``max_ratio``), so one setting bounds both.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple, Sequence

from ribao.capture.config import CrawlConfig


class BodyRefused(Exception):
    """The body broke a limit (size, compression ratio) or cannot be decoded safely."""


class Header(NamedTuple):
    name: str
    value: str


@dataclass(frozen=True)
class Headers:
    """Header fields in their archived order and case; names are looked up case-insensitively.

    Not ``httpx.Headers`` (which the fetcher uses for live responses): that one must encode
    every value as ASCII or one named charset, and header text read from an arbitrary WARC can
    hold anything."""

    fields: tuple[Header, ...] = ()

    @classmethod
    def of(cls, pairs: "Headers | Iterable[Sequence[str]]") -> "Headers":
        """From header pairs, or from an ``httpx.Headers`` (its raw fields, in their case)."""
        if isinstance(pairs, Headers):
            return pairs
        raw = getattr(pairs, "raw", None)
        if raw is not None:
            return cls(tuple(Header(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw))
        return cls(tuple(Header(str(k), str(v)) for k, v in pairs))

    def get(self, name: str, default: str = "") -> str:
        """The first field called ``name`` (any case)."""
        key = name.lower()
        return next((f.value for f in self.fields if f.name.lower() == key), default)

    def __iter__(self) -> Iterator[Header]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)


@dataclass(frozen=True)
class BodyLimits:
    max_bytes: int
    max_ratio: int

    @classmethod
    def of(cls, config: CrawlConfig) -> "BodyLimits":
        return cls(config.max_body_bytes, config.max_ratio)


DEFAULT_LIMITS = BodyLimits.of(CrawlConfig())
_RATIO_FLOOR = 1 << 20   # below 1 MiB decoded, any ratio is harmless (tiny pages compress well)


class BodyDecoder:
    """Content-Encoding decoding (identity, gzip, deflate) with the size cap and the ratio guard
    applied as bytes arrive: memory never exceeds the cap, whatever a compressed chunk claims."""

    def __init__(self, encoding: str, limit: int, ratio: int) -> None:
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._z = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise BodyRefused(f"unsupported Content-Encoding {encoding!r}")
        self._deflate = enc == "deflate"
        self.limit, self.ratio = limit, ratio
        self.raw = 0
        self.size = 0
        self.parts: list[bytes] = []

    @classmethod
    def with_limits(cls, encoding: str, limits: BodyLimits) -> "BodyDecoder":
        return cls(encoding, limits.max_bytes, limits.max_ratio)

    def feed(self, chunk: bytes) -> None:
        self.raw += len(chunk)
        if self._z is None:
            out = chunk
        else:
            try:
                out = self._z.decompress(chunk, self.limit - self.size + 1)
            except zlib.error:
                if not (self._deflate and self.size == 0 and self.raw == len(chunk)):
                    raise BodyRefused("corrupt compressed body") from None
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)   # raw deflate, as some servers send it
                self._deflate = False
                out = self._z.decompress(chunk, self.limit - self.size + 1)
            if self._z.unconsumed_tail:
                raise BodyRefused(f"decoded body over {self.limit} bytes")
        self.size += len(out)
        if self.size > self.limit:
            raise BodyRefused(f"body over {self.limit} bytes")
        if self.size > _RATIO_FLOOR and self.size > self.ratio * max(self.raw, 1):
            raise BodyRefused(f"decompression bomb: ratio over {self.ratio}")
        self.parts.append(out)

    def body(self) -> bytes:
        return b"".join(self.parts)
