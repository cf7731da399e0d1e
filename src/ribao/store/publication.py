"""What the archive site reads from the store: the line's bulletins and the archived copy behind
every cited URL. Read-only queries; the site never writes to the store.

Kept apart from ``repo.py`` because publishing is its own concern: the site asks "what changed
since the last build" (a bulletin's ``created_at`` is replaced when it is rebuilt) so that an
incremental build loads only the new documents, not the whole archive.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from sqlalchemy import select

from ribao.models import Bulletin
from ribao.store.repo import Store, StoredArticle, _stored
from ribao.store.schema import ArticleRow, BulletinRow, CaptureRow


@dataclass(frozen=True)
class ArchivedCopy:
    """A cited page as ribao captured it: the extracted article and where its WARC record is."""

    url: str
    fetched_at: datetime          # UTC, the record's WARC-Date
    status: int
    content_type: str
    warc_file: str
    warc_offset: int
    warc_length: int
    payload_sha256: str
    stored: StoredArticle


def bulletin_stamps(store: Store, line: str) -> dict[str, datetime]:
    """Date → when its bulletin was last saved, for every stored bulletin of ``line`` (no documents)."""
    q = select(BulletinRow.date, BulletinRow.created_at).where(BulletinRow.line == line)
    with store.session() as s:
        return {d: at for d, at in s.execute(q)}


def bulletins_on(store: Store, line: str, dates: Iterable[str]) -> dict[str, Bulletin]:
    """The stored bulletins of ``line`` on ``dates``."""
    wanted = sorted(set(dates))
    out: dict[str, Bulletin] = {}
    with store.session() as s:
        for i in range(0, len(wanted), 200):
            q = select(BulletinRow.date, BulletinRow.document).where(
                BulletinRow.line == line, BulletinRow.date.in_(wanted[i:i + 200]))
            out.update({d: Bulletin.model_validate(doc) for d, doc in s.execute(q)})
    return out


def archived_copies(store: Store, urls: Iterable[str]) -> dict[str, ArchivedCopy]:
    """URL → the capture its stored article was extracted from (URLs with no article are absent)."""
    wanted = list(dict.fromkeys(u for u in urls if u))
    out: dict[str, ArchivedCopy] = {}
    with store.session() as s:
        for i in range(0, len(wanted), 500):
            q = (select(ArticleRow, CaptureRow).join(CaptureRow, CaptureRow.id == ArticleRow.capture_id)
                 .where(ArticleRow.url.in_(wanted[i:i + 500])))
            for art, cap in s.execute(q):
                out[art.url] = ArchivedCopy(
                    url=art.url, fetched_at=cap.fetched_at, status=cap.status, content_type=cap.content_type,
                    warc_file=cap.warc_file, warc_offset=cap.warc_offset, warc_length=cap.warc_length,
                    payload_sha256=cap.payload_sha256, stored=_stored(art))
    return out
