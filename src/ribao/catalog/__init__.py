"""The source catalog: which sites ribao reads, who publishes there, and how much to trust them.

Data, not code: ``sources.yaml`` beside this file, validated by the pydantic schema below.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, Field

Tier = Literal["central_ministry", "state_council", "provincial_government", "state_media", "trade_media",
              "foreign_media"]

TIER_AUTHORITY: dict[str, float] = {
    "central_ministry": 1.0, "state_council": 0.95, "provincial_government": 0.75,
    "state_media": 0.7, "trade_media": 0.6, "foreign_media": 0.55,
}


class ListEndpoint(BaseModel):
    column: str
    url: str
    type: Literal["html", "json", "rss", "atom"] = "html"


class ExtractOverrides(BaseModel):
    """Per-source extraction rules for layouts the general extractor gets wrong."""

    body: str | None = None      # CSS selector of the body container
    title: str | None = None
    date: str | None = None      # CSS selector of the element holding the publish time
    columns: dict[str, str] = Field(default_factory=dict)  # URL regex → column, where list paths don't prefix


class Source(BaseModel):
    id: str
    name: str
    publisher: str                      # the agency or outlet that publishes on the site
    aliases: list[str] = Field(default_factory=list)   # other names of that publisher
    tier: Tier
    hosts: list[str]
    enabled: bool = True
    language: str = "zh"
    endpoints: list[ListEndpoint] = Field(default_factory=list)
    extract: ExtractOverrides = Field(default_factory=ExtractOverrides)
    verified: bool | str = False
    note: str = ""

    @property
    def names(self) -> list[str]:
        return [self.publisher, self.name, *self.aliases]

    @property
    def authority(self) -> float:
        return TIER_AUTHORITY[self.tier]

    def column_for(self, url: str) -> str:
        """The column whose list path is the longest prefix of the article's path."""
        for pattern, column in self.extract.columns.items():
            if re.search(pattern, url):
                return column
        path = urlsplit(url).path
        best = ("", 0)
        for ep in self.endpoints:
            p = urlsplit(ep.url).path
            if p and p != "/" and path.startswith(p) and len(p) > best[1]:
                best = (ep.column, len(p))
        return best[0]


class Catalog(BaseModel):
    sources: list[Source]

    def for_url(self, url: str) -> Source | None:
        """The source owning the URL's host; the longest matching host wins (gov.cn vs ah.gov.cn)."""
        host = (urlsplit(url).hostname or "").lower()
        best: tuple[int, Source | None] = (0, None)
        for s in self.sources:
            for h in s.hosts:
                if (host == h or host.endswith("." + h)) and len(h) > best[0]:
                    best = (len(h), s)
        return best[1]

    def by_id(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def agency_of(self, name: str) -> Source | None:
        """The source whose publisher is called ``name`` (exact name or alias)."""
        n = name.strip()
        if not n:
            return None
        for s in self.sources:
            if any(n == x for x in s.names):
                return s
        return None


def load_catalog(path: str | Path | None = None) -> Catalog:
    return _load(str(path or Path(__file__).with_name("sources.yaml")))


@lru_cache(maxsize=8)
def _load(path: str) -> Catalog:
    return Catalog.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
