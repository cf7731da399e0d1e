"""robots.txt per origin (RFC 9309), parsed by Protego (Scrapy's parser: wildcards, longest match).

Fetched once per origin per run through the same fetcher as any page, so it is archived and
indexed too. RFC 9309's reading of failures: a 4xx (or no record in a replayed archive) means
no rules; a 5xx or an unreachable server means everything is disallowed for this run.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

if TYPE_CHECKING:
    from ribao.capture.fetch import Fetcher

MAX_ROBOTS_BYTES = 500 * 1024   # RFC 9309: parse at least the first 500 KiB


@dataclass(frozen=True)
class RobotsRules:
    parser: Protego | None
    agent: str
    disallow_all: bool = False
    reason: str = ""

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, self.agent)

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        d = self.parser.crawl_delay(self.agent)
        return float(d) if d is not None else None


class RobotsCache:
    def __init__(self, fetcher: "Fetcher", *, agent: str) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules(self, url: str, *, allow_private: bool = False) -> RobotsRules:
        p = urlsplit(url)
        origin = f"{p.scheme}://{p.netloc.lower()}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin, allow_private)
            return self._rules[origin]

    async def _load(self, origin: str, allow_private: bool) -> RobotsRules:
        got = await self.fetcher.get(origin + "/robots.txt", allow_private=allow_private, check_robots=False)
        if got.status == 200:
            text = got.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            return RobotsRules(Protego.parse(text), self.agent)
        if 400 <= got.status < 500 or (got.status == 0 and got.error.startswith("not in the replayed")):
            return RobotsRules(None, self.agent)
        why = got.error or f"HTTP {got.status}"
        return RobotsRules(None, self.agent, disallow_all=True, reason=f"robots.txt unavailable: {why}")
