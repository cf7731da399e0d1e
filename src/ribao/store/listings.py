"""What the crawler learnt from list endpoints: which list showed each article (its column comes
from there), feed URLs rediscovered from column pages, and sources whose sites blocked the run.

Functions over a ``Session`` (the crawler's, so links are in place before the articles they
name are fetched and stored in the same session).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ribao.models import Article
from ribao.store.schema import EndpointFeedRow, ListLinkRow, SourceBlockRow


@dataclass(frozen=True)
class Listing:
    """One list page's links, as the crawler read them."""

    source_id: str
    endpoint: str        # the catalog endpoint's key (its URL, or its column page)
    list_url: str        # the page or feed actually read
    column: str


def record_links(s: Session, listing: Listing, urls: Iterable[str], at: datetime) -> int:
    """Remember that ``listing`` showed these article URLs (once per endpoint and URL); returns how many were new."""
    wanted = list(dict.fromkeys(urls))
    known: set[str] = set()
    for i in range(0, len(wanted), 500):
        q = select(ListLinkRow.article_url).where(ListLinkRow.endpoint == listing.endpoint,
                                                  ListLinkRow.article_url.in_(wanted[i:i + 500]))
        known.update(s.execute(q).scalars())
    new = [u for u in wanted if u not in known]
    s.add_all(ListLinkRow(article_url=u, source_id=listing.source_id, endpoint=listing.endpoint,
                          list_url=listing.list_url, column=listing.column, seen_at=at) for u in new)
    s.flush()
    return len(new)


def listed_column(s: Session, url: str) -> str:
    """The column of the first endpoint that listed ``url`` ('' when no crawl listed it)."""
    q = (select(ListLinkRow.column).where(ListLinkRow.article_url == url, ListLinkRow.column != "")
         .order_by(ListLinkRow.seen_at, ListLinkRow.id).limit(1))
    return s.execute(q).scalar_one_or_none() or ""


def with_listed_column(s: Session, article: Article) -> Article:
    """``article`` with the column of the list it was found on, when a crawl found it on one:
    provenance names NEA's, gov.cn's and NDA's columns where the URL cannot."""
    column = listed_column(s, article.url)
    return article.model_copy(update={"column": column}) if column and column != article.column else article


@dataclass(frozen=True)
class DiscoveredFeed:
    endpoint: str
    feed_url: str
    page_url: str
    found_at: datetime


def discovered_feed(s: Session, endpoint: str) -> DiscoveredFeed | None:
    row = s.get(EndpointFeedRow, endpoint)
    return DiscoveredFeed(row.endpoint, row.feed_url, row.page_url, row.found_at) if row else None


def save_discovered_feed(s: Session, source_id: str, found: DiscoveredFeed) -> None:
    row = s.get(EndpointFeedRow, found.endpoint) or EndpointFeedRow(endpoint=found.endpoint)
    row.source_id, row.feed_url, row.page_url, row.found_at = source_id, found.feed_url, found.page_url, found.found_at
    s.add(row)
    s.flush()


def discovered_feeds(s: Session) -> list[DiscoveredFeed]:
    return [DiscoveredFeed(r.endpoint, r.feed_url, r.page_url, r.found_at)
            for r in s.execute(select(EndpointFeedRow).order_by(EndpointFeedRow.endpoint)).scalars()]


@dataclass(frozen=True)
class SourceBlock:
    source_id: str
    url: str
    status: int
    kind: str
    reason: str
    advice: str
    at: datetime


def set_block(s: Session, block: SourceBlock | None, source_id: str) -> None:
    """Record the block of the source's last run, or clear it (``None``: the run was not blocked)."""
    s.execute(delete(SourceBlockRow).where(SourceBlockRow.source_id == source_id))
    if block is not None:
        s.add(SourceBlockRow(source_id=block.source_id, url=block.url[:2000], status=block.status, kind=block.kind,
                             reason=block.reason, advice=block.advice, at=block.at))
    s.flush()


def blocks(s: Session) -> dict[str, SourceBlock]:
    return {r.source_id: SourceBlock(r.source_id, r.url, r.status, r.kind, r.reason, r.advice, r.at)
            for r in s.execute(select(SourceBlockRow)).scalars()}
