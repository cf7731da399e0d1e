"""``ribao crawl``: list pages every run, an article page only when its URL is new.

Sources are crawled concurrently (hosts in parallel, each host one request at a time, see
``fetch``); within a source, its list endpoints in catalog order. A list page is fetched with
a conditional GET and the endpoint's headers; on 304 its previous copy (from the archive) is
re-read, so items a crashed run never reached are still fetched. Pagination stops when a page
holds only known or out-of-window items. Every link a list shows is recorded with its endpoint
(``store.listings``), so the article's column comes from the list that showed it. A feed that
is gone (404/410) or no longer a feed is looked up again on its column page (``discover``) and
the URL found is remembered. A block (WAF status, challenge page) ends the source's run and is
recorded as such. Every response is archived to WARC and indexed by the same
``record_response`` as ``ribao ingest``; each source's outcome is folded into its health.
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

import httpx

from ribao.capture.archive import WarcArchive
from ribao.capture.blocks import Block
from ribao.capture.config import CrawlConfig
from ribao.capture.fetch import Fetched, Fetcher
from ribao.ingest import COMMIT_EVERY, IngestReport, record_response
from ribao.capture.lists import ListItem, ListPage, parse_list
from ribao.capture.replay import ReplayTransport
from ribao.capture.warc import CapturedResponse, read_record
from ribao.catalog import Catalog, ListEndpoint, Source, load_catalog, load_sources_file
from ribao.errors import ConfigError
from ribao.extract.decode import decode_html
from ribao.settings import Settings
from ribao.store import Store
from ribao.store import listings
from ribao.store.listings import DiscoveredFeed, Listing, SourceBlock

_NOT_PAGES = re.compile(r"\.(pdf|docx?|xlsx?|pptx?|wps|ofd|zip|rar|7z|jpe?g|png|gif|mp[34]|avi)$", re.I)


class CrawlConfigError(ConfigError):
    """The crawl cannot start as configured (e.g. no contact address for a network crawl)."""


@dataclass(frozen=True)
class CrawlTarget:
    source: Source
    endpoints: list[ListEndpoint]


@dataclass
class SourceStats:
    source_id: str
    fetched: int = 0          # list and article responses received
    new: int = 0              # article pages stored for the first time
    not_modified: int = 0     # list pages answered 304
    errors: int = 0
    items: int = 0            # links read off list pages
    list_errors: int = 0
    yields: dict[str, int] = field(default_factory=dict)   # endpoint → items on its first page
    messages: list[str] = field(default_factory=list)
    block: Block | None = None    # the first block the site answered with this run
    block_url: str = ""

    @property
    def ok(self) -> bool:
        return self.list_errors == 0 and self.block is None


@dataclass
class CrawlReport:
    sources: list[SourceStats]
    requests: int = 0
    seconds: float = 0.0
    new_captures: int = 0
    articles: int = 0
    warc_files: list[Path] = field(default_factory=list)


def plan(catalog: Catalog, only: list[str] | None = None) -> list[CrawlTarget]:
    """The enabled endpoints of the enabled sources; a source named in ``only`` is crawled even
    when the catalog keeps it disabled (an explicit request), and an unknown name is an error."""
    if only:
        missing = [i for i in only if catalog.by_id(i) is None]
        if missing:
            raise CrawlConfigError(f"unknown source id(s): {', '.join(missing)}")
        chosen = [s for s in catalog.sources if s.id in only]
    else:
        chosen = [s for s in catalog.sources if s.enabled]
    return [CrawlTarget(s, eps) for s in chosen if (eps := [e for e in s.endpoints if e.enabled])]


def crawl(store: Store, settings: Settings, *, only: list[str] | None = None, sources_file: Path | None = None,
          since: date | None = None, replay: list[Path] | None = None, lists_only: bool = False,
          config: CrawlConfig | None = None, progress: Callable[[SourceStats], None] | None = None) -> CrawlReport:
    """The crawl job behind ``ribao crawl`` and ``ribao sources check --probe``.

    ``sources_file`` (a catalog file or an ``entrypoints.json``) says what to crawl; extraction and
    page classification use the bundled catalog overlaid with it, as ``build`` reads the catalog.
    """
    base = load_catalog()
    if sources_file is not None:
        given = load_sources_file(sources_file, base)
        catalog = base.overlay(given.catalog, merge_endpoints=given.entrypoints)
        targets = plan(given.catalog, only)
    else:
        catalog, targets = base, plan(base, only)
    config = config or CrawlConfig.load(settings.home)
    return Crawler(store, settings, catalog, config, replay=replay, since=since, lists_only=lists_only,
                   progress=progress).run(targets)


class Crawler:
    def __init__(self, store: Store, settings: Settings, catalog: Catalog, config: CrawlConfig, *,
                 replay: list[Path] | None = None, since: date | None = None, lists_only: bool = False,
                 progress: Callable[[SourceStats], None] | None = None) -> None:
        if not replay and not config.contact.strip():
            raise CrawlConfigError(f"set `contact` (an e-mail address or URL site operators can reach you at) "
                                   f"in {settings.home / 'crawl.yaml'} before crawling the network")
        self.store, self.settings, self.catalog, self.config = store, settings, catalog, config
        self.replay = [Path(p) for p in replay or []]
        self.since, self.lists_only, self.progress = since, lists_only, progress
        self._claimed: set[str] = set()

    def run(self, targets: list[CrawlTarget]) -> CrawlReport:
        return asyncio.run(self.arun(targets))

    async def arun(self, targets: list[CrawlTarget]) -> CrawlReport:
        t0 = time.perf_counter()
        indexed = IngestReport()
        transport = ReplayTransport(self.replay) if self.replay else None
        archive = WarcArchive(self.settings.warc_dir / "crawl", max_bytes=self.config.warc_max_bytes,
                              operator=self.config.contact)
        with self.store.session() as session, archive:
            def record(resp: CapturedResponse) -> str:
                kind = record_response(self.store, session, resp, self.catalog, indexed)
                self._since_commit += 1
                if self._since_commit >= COMMIT_EVERY:
                    session.commit()
                    self._since_commit = 0
                return kind

            self._since_commit = 0
            private = [h for t in targets if t.source.allow_private for h in t.source.hosts]
            fetcher = Fetcher(self.config, archive, record, transport=transport, private_hosts=private)
            gate = asyncio.Semaphore(self.config.parallel_sources)

            async def one(t: CrawlTarget) -> SourceStats:
                async with gate:
                    stats = SourceStats(t.source.id)
                    try:
                        await self._crawl_source(fetcher, session, t, stats)
                    except Exception as e:   # one source's surprise must not lose the others' work
                        stats.list_errors += 1
                        stats.errors += 1
                        stats.messages.append(f"crawler error: {e.__class__.__name__}: {e}")
                    return stats

            try:
                results = await asyncio.gather(*(one(t) for t in targets))
            finally:
                await fetcher.aclose()
            now = datetime.now(timezone.utc)
            for st in results:
                listings.set_block(session, SourceBlock(st.source_id, st.block_url, st.block.status, st.block.kind,
                                                        st.block.reason, st.block.advice, now)
                                   if st.block else None, st.source_id)
                self.store.record_source_run(
                    session, st.source_id, at=now, ok=st.ok, error="; ".join(st.messages[:5]) if not st.ok else "",
                    yields=st.yields, counts={"fetched": st.fetched, "new": st.new, "not_modified": st.not_modified,
                                              "errors": st.errors, "items": st.items})
            session.commit()
        return CrawlReport(sources=list(results), requests=fetcher.requests, seconds=time.perf_counter() - t0,
                           new_captures=indexed.new_captures, articles=indexed.articles, warc_files=archive.files)

    def _tick(self, stats: SourceStats) -> None:
        if self.progress:
            self.progress(stats)

    async def _crawl_source(self, fetcher: Fetcher, session, target: CrawlTarget, stats: SourceStats) -> None:
        for ep in target.endpoints:
            if stats.block is not None:
                break     # the site refused us: its other lists are left alone too
            await self._crawl_endpoint(fetcher, session, target.source, ep, stats)

    async def _crawl_endpoint(self, fetcher: Fetcher, session, src: Source, ep: ListEndpoint, stats: SourceStats) -> None:
        url = self._known_feed(session, ep) or await self._discover(fetcher, session, src, ep, stats)
        page_no, rediscovered = 0, False
        while url and page_no < (ep.max_pages or self.config.max_pages):
            prev = self.store.latest_capture(session, url)
            cond = {}
            if prev is not None:
                old_headers = httpx.Headers([tuple(h) for h in prev.headers])
                cond = {k: v for k, v in (("If-None-Match", old_headers.get("etag", "")),
                                          ("If-Modified-Since", old_headers.get("last-modified", ""))) if v}
            got = await fetcher.get(url, headers={**ep.headers, **cond})
            stats.fetched += got.status != 0
            if got.not_modified and prev is not None:
                stats.not_modified += 1
                old = read_record(prev.warc_file, prev.warc_offset)
                page = parse_list(old.body, old.content_type, url, ep, src, self.catalog, page_no)
                self._yield(stats, ep, page_no, len(page.items))
                await self._fetch_items(fetcher, session, src, ep, url, page.items, stats)
                break   # an unchanged page: the pages behind it are older still
            page = (parse_list(got.body, got.content_type, got.final_url, ep, src, self.catalog, page_no)
                    if got.ok else ListPage())
            gone = got.status in (404, 410) or (got.ok and page.unreadable)
            if page_no == 0 and gone and ep.discover is not None and not rediscovered:
                rediscovered = True
                url = await self._discover(fetcher, session, src, ep, stats, stale=url)
                continue
            if not got.ok:
                if page_no > 0 and (got.status in (404, 410) or got.replay_miss):
                    break   # past the last numbered page
                self._failed(stats, url, got)
                break
            if page.note:
                stats.messages.append(f"{url}: {page.note}")
            self._yield(stats, ep, page_no, len(page.items))
            self._tick(stats)
            fresh = await self._fetch_items(fetcher, session, src, ep, got.final_url, page.items, stats)
            if not fresh:
                break   # only known or out-of-window items: nothing newer further back
            url, page_no = page.next_url, page_no + 1

    @staticmethod
    def _known_feed(session, ep: ListEndpoint) -> str:
        """The feed to read: one rediscovered on the column page earlier, else the catalog's."""
        found = listings.discovered_feed(session, ep.key) if ep.discover is not None else None
        return found.feed_url if found else ep.url

    async def _discover(self, fetcher: Fetcher, session, src: Source, ep: ListEndpoint, stats: SourceStats,
                        stale: str = "") -> str | None:
        """Find the endpoint's feed on its column page and remember it; None when the page names none."""
        if ep.discover is None:
            return None
        page_url = ep.discover.page
        got = await fetcher.get(page_url)
        stats.fetched += got.status != 0
        if not got.ok:
            self._failed(stats, page_url, got, what=f"feed {stale} gone, column page" if stale else "column page")
            return None
        feed = ep.discover.find(decode_html(got.body, got.content_type).text)
        problem = ("names no feed" if feed is None else f"names a feed off the site ({feed})" if not src.owns(feed)
                   else f"still names {feed}, which is gone" if feed == stale else "")
        if problem:
            stats.list_errors += 1
            stats.errors += 1
            stats.messages.append(f"{page_url}: the column page {problem} (pattern {ep.discover.pattern!r})")
            return None
        listings.save_discovered_feed(session, src.id, DiscoveredFeed(ep.key, feed, page_url,
                                                                      datetime.now(timezone.utc)))
        stats.messages.append(f"{ep.key}: feed found on {page_url}: {feed}"
                              + (f" (the catalog's {stale} is gone: update sources.yaml)" if stale else ""))
        return feed

    def _failed(self, stats: SourceStats, url: str, got: Fetched, what: str = "") -> None:
        stats.errors += 1
        stats.list_errors += 1
        stats.messages.append(f"{what + ' ' if what else ''}{url}: {got.error or f'HTTP {got.status}'}")
        self._note_block(stats, url, got)
        self._tick(stats)

    @staticmethod
    def _note_block(stats: SourceStats, url: str, got: Fetched) -> None:
        if got.blocked is not None and stats.block is None:
            stats.block, stats.block_url = got.blocked, url

    @staticmethod
    def _yield(stats: SourceStats, ep: ListEndpoint, page_no: int, n: int) -> None:
        stats.items += n
        if page_no == 0:
            stats.yields[ep.key] = n

    def _in_window(self, it: ListItem) -> bool:
        return self.since is None or it.published is None or it.published.date() >= self.since

    async def _fetch_items(self, fetcher: Fetcher, session, src: Source, ep: ListEndpoint, list_url: str,
                           items: list[ListItem], stats: SourceStats) -> int:
        """Record which list showed the items, then fetch the new in-window ones; returns how many
        there were (0 stops pagination)."""
        listings.record_links(session, Listing(src.id, ep.key, list_url, ep.column), [it.url for it in items],
                              datetime.now(timezone.utc))
        wanted = [it for it in items if self._in_window(it) and not _NOT_PAGES.search(it.url.split("?")[0])]
        known = self.store.known_urls(session, [it.url for it in wanted])
        todo = [it for it in wanted if it.url not in known and it.url not in self._claimed]
        self._claimed.update(it.url for it in todo)
        if self.lists_only:
            return 0
        referer = {"Referer": ep.headers.get("Referer") or (ep.discover.page if ep.discover else list_url)}
        for it in todo:
            if stats.block is not None:
                break
            got = await fetcher.get(it.url, headers=referer)
            self._count(stats, it.url, got)
            self._tick(stats)
        return len(todo)

    def _count(self, stats: SourceStats, url: str, got: Fetched) -> None:
        stats.fetched += got.status != 0
        if got.ok:
            stats.new += bool(got.kinds) and got.kinds[-1] == "article"
        else:
            stats.errors += 1
            stats.messages.append(f"{url}: {got.error or f'HTTP {got.status}'}")
            self._note_block(stats, url, got)
