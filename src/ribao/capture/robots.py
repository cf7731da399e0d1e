"""robots.txt per origin (RFC 9309), parsed by Protego (Scrapy's parser: wildcards, longest match).

Fetched once per origin per run through a fetch callable the fetcher hands in (as Scrapy's robots
middleware asks the engine to download), so robots.txt is archived and indexed like any page and
this module does not depend on the fetcher. RFC 9309's reading of failures: a 4xx (or no record
in a replayed archive) means no rules; a 5xx, a block or an unreachable server means everything is
disallowed for this run.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from protego import Protego

from ribao.capture.responses import Fetched

MAX_ROBOTS_BYTES = 500 * 1024   # RFC 9309: parse at least the first 500 KiB

FetchRobots = Callable[[str], Awaitable[Fetched]]   # GET a robots.txt URL, robots not consulted


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
    def __init__(self, fetch: FetchRobots, *, agent: str) -> None:
        self.fetch = fetch
        self.agent = agent
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules(self, url: str) -> RobotsRules:
        p = urlsplit(url)
        origin = f"{p.scheme}://{p.netloc.lower()}"
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin not in self._rules:
                self._rules[origin] = await self._load(origin)
            return self._rules[origin]

    async def _load(self, origin: str) -> RobotsRules:
        got = await self.fetch(origin + "/robots.txt")
        if got.status == 200 and not got.error:
            text = got.body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
            return RobotsRules(Protego.parse(text), self.agent)
        if got.replay_miss or (400 <= got.status < 500 and got.blocked is None):
            return RobotsRules(None, self.agent)
        why = got.error or f"HTTP {got.status}"
        return RobotsRules(None, self.agent, disallow_all=True, reason=f"robots.txt unavailable: {why}")
