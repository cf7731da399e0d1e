"""Crawler settings as data: ``crawl.yaml`` in the home, else these defaults.

Politeness and limits live here rather than in code so an operator can tune them per
deployment (and tests can shrink the delays) without touching the crawler.
"""
from __future__ import annotations

from pathlib import Path

from pydantic import Field

from ribao import __version__ as _version
from ribao.config import StrictModel, load_yaml_model

CONFIG_NAME = "crawl.yaml"


class CrawlConfig(StrictModel):
    # Who we are: sites' operators must be able to reach whoever runs the crawler. A network
    # crawl refuses to start without a contact (an e-mail address or URL).
    contact: str = ""
    user_agent: str = "ribao/{version} (+{contact}; daily policy bulletin crawler)"
    # Politeness: one request at a time per host, and at least this long between two of them.
    # A robots.txt Crawl-delay longer than this is honoured. Applies to the network only.
    delay_s: float = Field(1.0, ge=0)
    parallel_sources: int = Field(8, ge=1)   # sources crawled at once (each host still one request at a time)
    # Limits.
    connect_timeout_s: float = Field(10.0, gt=0)
    read_timeout_s: float = Field(30.0, gt=0)
    total_timeout_s: float = Field(120.0, gt=0)     # a whole response, against trickling servers
    retries: int = Field(3, ge=0)                   # on 5xx, timeouts and connection failures only
    backoff_s: float = Field(2.0, ge=0)             # first retry wait; doubles each time
    max_retry_after_s: float = Field(120.0, ge=0)   # a longer Retry-After gives up instead of waiting
    max_body_bytes: int = Field(20 * 1024 * 1024, gt=0)   # decoded body
    max_ratio: int = Field(200, gt=1)               # decoded/compressed beyond this (past 1 MiB) is a bomb
    max_redirects: int = Field(5, ge=0)
    max_pages: int = Field(10, ge=1)                # list pages followed per endpoint
    warc_max_bytes: int = Field(512 * 1024 * 1024, gt=0)  # rotate the crawl WARC past this size
    allow_private: bool = False   # every source may reach private addresses (tests; never in production)

    @property
    def agent(self) -> str:
        return self.user_agent.format(version=_version, contact=self.contact or "no contact configured")

    @classmethod
    def load(cls, home: Path | None) -> "CrawlConfig":
        path = Path(home) / CONFIG_NAME if home else None
        if path and path.exists():
            return load_yaml_model(cls, path)
        return cls()
