"""The source catalog: which sites ribao reads, who publishes there, and how much to trust them.

Data, not code: ``sources.yaml`` beside this file, validated by the strict schema below (an
unknown key is refused with the file and the key named). A source's list endpoints say how the
crawler finds article links (HTML selectors, a JSON feed's field mapping, RSS/Atom), how to page,
which request headers the site expects, where the feed's URL can be rediscovered, and where the
URL and selectors come from (``evidence``); ``extract`` holds per-source extraction overrides.
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import BaseModel, Field, field_validator, model_validator

from ribao.config import StrictModel, load_yaml_model, validate
from ribao.errors import ConfigError

Tier = Literal["central_ministry", "state_council", "provincial_government", "public_institution", "state_media",
              "trade_media", "foreign_media"]

TIER_AUTHORITY: dict[str, float] = {
    "central_ministry": 1.0, "state_council": 0.95, "provincial_government": 0.75,
    "public_institution": 0.75,   # a ministry's research institute or an official exchange (中国信通院, 碳交易所)
    "state_media": 0.7, "trade_media": 0.6, "foreign_media": 0.55,
}

# Request headers an endpoint may set: what a site's own pages send when they load the list. No
# User-Agent (ribao always says who it is) and no Cookie (a cookie is only ever one the site set).
ENDPOINT_HEADERS = {"referer": "Referer", "accept": "Accept", "accept-language": "Accept-Language",
                    "x-requested-with": "X-Requested-With"}


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
    """Field mapping of a JSON list feed (dotted paths, list indexes as numbers: ``groupData.0.data.url``;
    ``items`` '' means the top level is the list). ``time`` may hold a written date or an epoch
    number (seconds, or milliseconds as MIIT's ``deploytime``). A row whose field holds one of the
    ``skip`` values is not an article of the column (NEA/Xinhua ``contentType: Link`` rows point
    elsewhere and carry the time the link was placed)."""

    items: str = ""
    title: str = "title"
    url: str = "url"
    time: str | None = None
    skip: dict[str, list[str]] = Field(default_factory=dict)


class FeedDiscovery(StrictModel):
    """How to find an endpoint's feed from its column page, so a republished column keeps working.

    Xinhua-cloud column pages (NEA, news.cn) carry ``<ul id="showData0" data="datasource:<id>">``
    and load ``ds_<id>.json`` from the same folder; other CMSs name a channel id in a meta tag.
    ``pattern``'s first group is the id, ``feed`` the feed URL relative to ``page``.
    """

    page: str
    pattern: str = r"datasource:([0-9a-f]{32})"
    feed: str = "ds_{id}.json"

    @field_validator("pattern")
    @classmethod
    def _one_group(cls, v: str) -> str:
        try:
            rx = re.compile(v)
        except re.error as e:
            raise ValueError(f"not a regular expression: {e}") from None
        if rx.groups < 1:
            raise ValueError("needs a group holding the feed id")
        return v

    def find(self, page_text: str) -> str | None:
        """The feed URL the column page names, if it names one."""
        m = re.search(self.pattern, page_text)
        return urljoin(self.page, self.feed.format(id=m.group(1))) if m else None


Pagination = Literal["auto", "none", "index", "createPageHTML", "next"]


class ListEndpoint(StrictModel):
    column: str
    url: str = ""                        # may be empty when ``discover`` finds the feed
    type: Literal["html", "json", "rss", "atom"] = "html"
    enabled: bool = True
    selectors: HtmlSelectors = Field(default_factory=HtmlSelectors)
    fields: JsonFields = Field(default_factory=JsonFields)
    # auto: a createPageHTML(pages, current, "index", "html") call, else a 下一页 link, else one page.
    # index: index_1.html, index_2.html… until a page is empty, missing or holds nothing new.
    pagination: Pagination = "auto"
    # a later page relative to ``url``: {n} counts from 1 at the second page (TRS index_1.html),
    # {p} is the page number, 2 at the second page (index2.html, index_pc_2.html)
    page_url: str = "index_{n}.html"
    max_pages: int | None = None        # default: the crawl config's max_pages
    headers: dict[str, str] = Field(default_factory=dict)   # e.g. {Referer: the column page}
    discover: FeedDiscovery | None = None
    evidence: str = ""                  # which public crawler or page sample the URL and selectors come from
    verified_on: date | None = None     # the day an operator's `sources check --probe` read it from the live site
    note: str = ""

    @field_validator("headers")
    @classmethod
    def _allowed_headers(cls, v: dict[str, str]) -> dict[str, str]:
        out = {}
        for name, value in v.items():
            canonical = ENDPOINT_HEADERS.get(name.strip().lower())
            if canonical is None:
                raise ValueError(f"header {name!r} cannot be set per endpoint (allowed: "
                                 f"{', '.join(ENDPOINT_HEADERS.values())})")
            out[canonical] = value
        return out

    @model_validator(mode="after")
    def _has_a_url(self) -> "ListEndpoint":
        if not self.url and self.discover is None:
            raise ValueError("an endpoint needs a url, or a discover block that finds it")
        return self

    @property
    def key(self) -> str:
        """The endpoint's identity (its URL, or its column page when the feed is discovered)."""
        return self.url or (self.discover.page if self.discover else "")

    @property
    def list_path(self) -> str:
        """The URL path the column's articles live under: a feed file's folder, else the path itself."""
        path = urlsplit(self.key).path or "/"
        if path.endswith("/"):
            return path
        last = PurePosixPath(path).name
        return path[: len(path) - len(last)] if "." in last else path

    def page(self, n: int, base: str | None = None) -> str:
        """The URL of page ``n`` of the list (0 is the list URL itself)."""
        base = base or self.url
        return base if n == 0 else urljoin(base, self.page_url.format(n=n, p=n + 1))

    def is_page(self, url: str) -> bool:
        """Whether ``url`` is this list, one of its later pages, or the column page its feed is found on."""
        if self.discover is not None and url == self.discover.page:
            return True
        return bool(self.url) and (url == self.url or _page_pattern(self.url, self.page_url).fullmatch(url) is not None)


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
    columns: dict[str, str] = Field(default_factory=dict)  # URL regex → column, where list paths don't prefix

    @field_validator("columns")
    @classmethod
    def _patterns_compile(cls, v: dict[str, str]) -> dict[str, str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"{p!r} is not a regular expression: {e}") from None
        return v


class Source(StrictModel):
    id: str
    name: str
    publisher: str                      # the agency or outlet that publishes on the site
    aliases: list[str] = Field(default_factory=list)   # other names of that publisher, unambiguous anywhere
    # names the publisher gives itself on its own pages only (a provincial site's bare 省发展改革委):
    # they identify the publisher on this site's pages, never on another's
    local_aliases: list[str] = Field(default_factory=list)
    tier: Tier
    hosts: list[str]
    enabled: bool = True
    language: str = "zh"
    endpoints: list[ListEndpoint] = Field(default_factory=list)
    extract: ExtractOverrides = Field(default_factory=ExtractOverrides)
    allow_private: bool = False         # its own hosts may be private/loopback addresses (tests, intranet)
    note: str = ""                      # for a disabled source: why, and what would enable it

    @field_validator("hosts")
    @classmethod
    def _lower_hosts(cls, v: list[str]) -> list[str]:
        return [h.strip().lower() for h in v]

    @property
    def names(self) -> list[str]:
        """Every name of the publisher on this source's own pages."""
        return [self.publisher, self.name, *self.aliases, *self.local_aliases]

    @property
    def global_names(self) -> list[str]:
        """The names that identify the publisher wherever they appear."""
        return list(dict.fromkeys([self.publisher, self.name, *self.aliases]))

    @property
    def authority(self) -> float:
        return TIER_AUTHORITY[self.tier]

    @property
    def verified_on(self) -> date | None:
        """The day its enabled endpoints were last all confirmed live (None until every one was)."""
        days = [e.verified_on for e in self.endpoints if e.enabled]
        return min(days) if days and all(days) else None

    def owns(self, url: str) -> bool:
        """Whether the URL's host is one of this source's hosts (or a subdomain of one)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    @cached_property
    def column_rules(self) -> tuple[tuple[tuple[re.Pattern, str], ...], tuple[tuple[str, str], ...]]:
        """The catalog's URL patterns, and the list paths longest first (computed once per source:
        ``column_for`` runs for every extracted page)."""
        patterns = tuple((re.compile(p), c) for p, c in self.extract.columns.items())
        paths = sorted(((ep.list_path, ep.column) for ep in self.endpoints), key=lambda pc: -len(pc[0]))
        return patterns, tuple((p, c) for p, c in paths if p and p != "/")

    def column_for(self, url: str) -> str:
        """The column by URL alone: a catalog pattern, else the longest list path prefixing the
        article's path. The crawler's record of which list showed the article comes first
        (``store.listings``); this is the fallback for WARC imports and unlisted pages."""
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

    @model_validator(mode="after")
    def _unique(self) -> "Catalog":
        ids = [s.id for s in self.sources]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"source ids used twice: {', '.join(dup)}")
        return self

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
        """The source whose publisher is called ``name`` anywhere (exact name or alias; a local
        alias names its publisher only on that publisher's own site, see ``Source.names``)."""
        n = name.strip()
        if not n:
            return None
        for s in self.sources:
            if n in s.global_names:
                return s
        return None

    def organisation_groups(self) -> list[list[str]]:
        """One group of names per publisher (what the verifier treats as the same organisation)."""
        return [s.global_names for s in self.sources]

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
                keys = {e.key for e in base.endpoints}
                merged = base.model_copy(update={"endpoints": [*base.endpoints,
                                                               *(e for e in s.endpoints if e.key not in keys)]})
                out[out.index(base)] = merged
            else:
                out[out.index(mine[s.id])] = s
        return Catalog(sources=out)


class SourcesFile(BaseModel):
    """What ``--sources FILE`` gives the crawler: the sources to crawl, and whether the file is a
    capture's entry-point list (whose sources complement, rather than replace, the catalog's)."""

    catalog: Catalog
    entrypoints: bool = False


class EntryPoint(StrictModel):
    """One row of a capture's ``entrypoints.json``."""

    site: str
    url: str
    site_name: str = ""
    column: str = ""


class OrganisationExtras(StrictModel):
    """Organisation names beyond the catalog's publishers (``verify/aliases.yaml``): agencies no
    source is crawled for, and more names (English ones) of catalog publishers."""

    organisations: list[list[str]]


def organisation_groups(extras: str | Path, catalog: Catalog | None = None) -> list[list[str]]:
    """One list of organisation names, derived from the catalog: each publisher's names, joined by
    the extras file's groups (a group sharing a name with a publisher's adds to it)."""
    groups = [list(g) for g in (catalog or load_catalog()).organisation_groups()]
    for extra in load_yaml_model(OrganisationExtras, extras).organisations:
        hits = [g for g in groups if set(g) & set(extra)]
        if not hits:
            groups.append(list(dict.fromkeys(extra)))
            continue
        merged = list(dict.fromkeys([n for g in hits for n in g] + extra))
        groups = [g for g in groups if g not in hits] + [merged]
    return groups


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
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ConfigError(f"{path}: neither a catalog ({{sources: [...]}}) nor an entrypoints list "
                          "([{site, site_name, column, url}, ...])")
    entries = [validate(EntryPoint, e, f"{path}: entry {i}") for i, e in enumerate(data)]
    base = base or load_catalog()
    sources: dict[str, Source] = {}
    for e in entries:
        if e.site not in sources:
            known = base.by_id(e.site)
            if known is not None:
                sources[e.site] = known.model_copy(update={"endpoints": [], "enabled": True})
            else:
                host = (urlsplit(e.url).hostname or "").lower()
                name = e.site_name or e.site
                sources[e.site] = Source(id=e.site, name=name, publisher=name, tier="trade_media",
                                         hosts=[host.removeprefix("www.")], endpoints=[],
                                         note="from an entrypoints file; tier unknown")
        known_ep = next((ep for s in [base.by_id(e.site)] if s for ep in s.endpoints if ep.url == e.url), None)
        ep = (known_ep.model_copy(update={"enabled": True}) if known_ep
              else ListEndpoint(column=e.column, url=e.url, evidence="the capture's entrypoints file"))
        sources[e.site].endpoints.append(ep)
    return SourcesFile(catalog=Catalog(sources=list(sources.values())), entrypoints=True)
