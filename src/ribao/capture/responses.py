"""What a GET gives back after redirects and retries (shared by the fetcher, robots and the crawler).

A leaf module, so ``robots`` can type what its injected fetch returns without importing the
fetcher. Headers are ``httpx.Headers``: one case-insensitive, multi-valued lookup everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import httpx

from ribao.capture.blocks import Block


@dataclass
class Fetched:
    """The outcome of a GET after redirects and retries: the final response, or why there is none."""

    url: str
    final_url: str = ""
    status: int = 0
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes = b""
    fetched_at: datetime | None = None
    error: str = ""
    replay_miss: bool = False          # a replay: the archives hold no response for the URL
    blocked: Block | None = None       # the site refused the crawler (WAF status or challenge page)
    kinds: list[str] = field(default_factory=list)   # what ``record`` said of each archived response

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    @property
    def not_modified(self) -> bool:
        return self.status == 304 and not self.error

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")
