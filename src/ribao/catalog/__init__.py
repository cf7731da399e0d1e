"""The source catalog: which sites ribao reads, who publishes there, and how much to trust them.

Data, not code: ``sources.yaml`` beside this file, validated by the pydantic schema below. A
source's list endpoints say how the crawler finds article links (HTML selectors, a JSON feed's
field mapping, RSS/Atom) and how to page; ``extract`` holds per-source extraction overrides.
"""
from __future__ import annotations

import json
import re
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import BaseModel, Field

from ribao.config import StrictModel, load_yaml_model, validate
from ribao.errors import ConfigError

Tier = Literal["central_ministry", "state_council", "provincial_government", "state_media", "trade_media",
              "foreign_media"]

TIER_AUTHORITY: dict[str, float] = {
    "central_ministry": 1.0, "state_council": 0.95, "provincial_government": 0.75,
    "state_media": 0.7, "trade_media": 0.6, "foreign_media": 0.55,
}


class HtmlSelectors(StrictModel):
    """Where the items of an HTML list page are. CSS, or XPath when the expression starts with '/' or '(' .

    With no ``item`` selector the crawler takes every same-site link that looks like an article
    (also inside the CDATA record sets of JCMS sites), with a date found beside it.
    """

    item: str | None = None        # one element per list item, e.g. "ul.u-list li"
    link: str = "a"                # inside the item: the element whose href is the article
    title: str | None = None       # inside the item; default: the link's title attribute or text
    date: str | None = None        # inside the item; default: the first date in the item's text


class JsonFields(StrictModel):
    """Field mapping of a JSON list feed (dotted paths; ``items`` '' means the top level is the list)."""

    items: str = ""
    title: str = "title"
    url: str = "url"
    time: str | None = None
    source: str | None = None


Pagination = Literal["auto", "none", "index", "createPageHTML", "next"]


class ListEndpoint(StrictModel):
    column: str
    url: str
    type: Literal["html", "json", "rss", "atom"] = "html"
    enabled: bool = True
    selectors: HtmlSelectors = Field(default_factory=HtmlSelectors)
    fields: JsonFields = Field(default_factory=JsonFields)
    # auto: a createPageHTML(pages, current, "index", "html") call, else a 下一页 link, else one page.
    # index: index_1.html, index_2.html… until a page is empty, missing or holds nothing new.
    pagination: Pagination = "auto"
    # a later page relative to ``url``: {n} counts from 1 at the second page (TRS index_1.html),
    # {p} is the page number, 2 at the second page (index2.html)
    page_url: str = "index_{n}.html"
    max_pages: int | None = None        # default: the crawl config's max_pages
    note: str = ""

    @property
    def list_path(self) -> str:
        """The URL path the column's articles live under: a feed file's folder, else the path itself."""
        path = urlsplit(self.url).path or "/"
        if path.endswith("/"):
            return path
        last = PurePosixPath(path).name
        return path[: len(path) - len(last)] if "." in last else path

    def page(self, n: int) -> str:
        """The URL of page ``n`` of the list (0 is the list URL itself)."""
        return self.url if n == 0 else urljoin(self.url, self.page_url.format(n=n, p=n + 1))

    def is_page(self, url: str) -> bool:
        """Whether ``url`` is this list or one of its later pages."""
        return url == self.url or _page_pattern(self.url, self.page_url).fullmatch(url) is not None


@lru_cache(maxsize=1024)
def _page_pattern(url: str, page_url: str) -> re.Pattern:
    pattern = "".join(r"\d+" if part in ("{n}", "{p}") else re.escape(part)
                      for part in re.split(r"(\{[np]\})", page_url))
    return re.compile(re.escape(urljoin(url, ".")) + pattern)


class ExtractOverrides(StrictModel):
    """Per-source extraction rules for layouts the general extractor gets wrong."""

    body: str | None = None      # CSS selector of the body container
    title: str | None = None
    date: str | None = None      # CSS selector of the element holding the publish time
    date_pattern: str | None = None   # regex whose first group is the publish time, where no element holds it
    columns: dict[str, str] = Field(default_factory=dict)  # URL regex → column, where list paths don't prefix


class Source(StrictModel):
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
    verified: bool | str = False        # "false (DATE)": URLs written from knowledge, not yet checked live
    allow_private: bool = False         # let the crawler connect to private/loopback addresses (tests, intranet)
    note: str = ""

    @property
    def names(self) -> list[str]:
        return [self.publisher, self.name, *self.aliases]

    @property
    def authority(self) -> float:
        return TIER_AUTHORITY[self.tier]

    @cached_property
    def column_rules(self) -> tuple[tuple[tuple[re.Pattern, str], ...], tuple[tuple[str, str], ...]]:
        """The catalog's URL patterns, and the list paths longest first (computed once per source:
        ``column_for`` runs for every extracted page)."""
        patterns = tuple((re.compile(p), c) for p, c in self.extract.columns.items())
        paths = sorted(((ep.list_path, ep.column) for ep in self.endpoints), key=lambda pc: -len(pc[0]))
        return patterns, tuple((p, c) for p, c in paths if p and p != "/")

    def column_for(self, url: str) -> str:
        """The column whose list path is the longest prefix of the article's path."""
        patterns, paths = self.column_rules
        for pattern, column in patterns:
            if pattern.search(url):
                return column
        path = urlsplit(url).path
        for p, column in paths:
            if path.startswith(p):
                return column
        return ""


class Catalog(StrictModel):
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

    def overlay(self, other: "Catalog", *, merge_endpoints: bool = False) -> "Catalog":
        """This catalog with ``other``'s sources added; a source with the same id is replaced,
        or with ``merge_endpoints`` kept and given the other's extra endpoints."""
        mine = {s.id: s for s in self.sources}
        out = list(self.sources)
        for s in other.sources:
            if s.id not in mine:
                out.append(s)
            elif merge_endpoints:
                base = mine[s.id]
                urls = {e.url for e in base.endpoints}
                merged = base.model_copy(update={"endpoints": [*base.endpoints,
                                                               *(e for e in s.endpoints if e.url not in urls)]})
                out[out.index(base)] = merged
            else:
                out[out.index(mine[s.id])] = s
        return Catalog(sources=out)


class SourcesFile(BaseModel):
    """What ``--sources FILE`` gives the crawler: the sources to crawl, and whether the file is a
    capture's entry-point list (whose sources complement, rather than replace, the catalog's)."""

    catalog: Catalog
    entrypoints: bool = False


def load_catalog(path: str | Path | None = None) -> Catalog:
    return _load(str(path or Path(__file__).with_name("sources.yaml")))


@lru_cache(maxsize=8)
def _load(path: str) -> Catalog:
    return load_yaml_model(Catalog, path)


def load_sources_file(path: str | Path, base: Catalog | None = None) -> SourcesFile:
    """A catalog file (YAML or JSON, the schema above) or a capture's ``entrypoints.json``
    (a list of {site, site_name, column, url}).

    Entry points become sources named by ``site``: a catalog source of that id lends its tier,
    hosts and extraction rules (and the selectors of an endpoint with the same URL); only the
    listed endpoints are crawled, and an entry point is an explicit request, so it is crawled
    even where the catalog keeps the source disabled. An unknown site becomes a trade-media source
    on its URL's host (tier unknown: the most modest domestic tier).
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        raise ConfigError(f"{path}: cannot be read as a sources file ({' '.join(str(e).split())})") from None
    if isinstance(data, dict):
        return SourcesFile(catalog=validate(Catalog, data, str(path)))
    if not isinstance(data, list) or not all(isinstance(e, dict) and {"site", "url"} <= e.keys() for e in data):
        raise ConfigError(f"{path}: neither a catalog ({{sources: [...]}}) nor an entrypoints list "
                         "([{site, site_name, column, url}, ...])")
    base = base or load_catalog()
    sources: dict[str, Source] = {}
    for e in data:
        site, url = str(e["site"]), str(e["url"])
        if site not in sources:
            known = base.by_id(site)
            if known is not None:
                sources[site] = known.model_copy(update={"endpoints": [], "enabled": True})
            else:
                host = (urlsplit(url).hostname or "").lower()
                name = str(e.get("site_name") or site)
                sources[site] = Source(id=site, name=name, publisher=name, tier="trade_media",
                                       hosts=[host.removeprefix("www.")], endpoints=[],
                                       note="from an entrypoints file; tier unknown")
        src = sources[site]
        known_ep = next((ep for s in [base.by_id(site)] if s for ep in s.endpoints if ep.url == url), None)
        ep = (known_ep.model_copy(update={"enabled": True}) if known_ep
              else ListEndpoint(column=str(e.get("column") or ""), url=url))
        src.endpoints.append(ep)
    return SourcesFile(catalog=Catalog(sources=list(sources.values())), entrypoints=True)
