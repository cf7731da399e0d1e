"""``ribao ingest``: WARC files into the store, composed from the stages (capture → extract → store).

Per file: the WARC is copied into the home's archive (``capture.imported``: atomic, verified),
read record by record (``capture.warc.WarcReader``: bounded bodies, torn files reported), and
each article page is extracted and stored. ``record_response`` is shared with the crawler, so
both paths store exactly the same rows.

Nothing read is lost to a later failure:
- work is committed every ``COMMIT_EVERY`` records; a kill loses at most that batch, and the
  rerun skips what is stored (a capture is unique by URL and payload digest);
- each record is stored inside its own savepoint: a record that fails is rolled back alone and
  reported, the file goes on;
- a record another ribao process stored first (two ingests at once) counts as known;
- a file that cannot be read to its end keeps the records before the bad point and says where
  it stopped; the files after it are still ingested.
A database failure (disk full, a lock held too long) ends the run as a ``StoreError`` or
``BusyError`` after rolling back only the batch in progress.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from ribao.capture.bodies import BodyLimits
from ribao.capture.config import CrawlConfig
from ribao.capture.imported import archive_copy
from ribao.capture.warc import CapturedResponse, ReadProblem, WarcReader, page_kind
from ribao.catalog import Catalog, load_catalog
from ribao.errors import RibaoError
from ribao.extract import ExtractError, extract_page
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.db import store_error
from ribao.store.listings import with_listed_column
from ribao.store.repo import NewCapture

COMMIT_EVERY = 200   # a crash loses at most this many records' work; re-running skips what is stored
log = logging.getLogger("ribao")


@dataclass(frozen=True)
class RecordError:
    """A stored page that did not become an article, or a record that could not be stored."""

    url: str
    reason: str


@dataclass
class IngestReport:
    files: int = 0
    records: int = 0          # HTTP response records read
    new_captures: int = 0
    articles: int = 0
    errors: list[RecordError] = field(default_factory=list)
    skipped: list[ReadProblem] = field(default_factory=list)   # records passed over (unusable fields)
    stopped: str = ""         # "read N records, then stopped at byte M: why", when the file was not read to its end
    seconds: float = 0.0


def record_response(store: Store, session: Session, resp: CapturedResponse, catalog: Catalog,
                    report: IngestReport) -> str:
    """Index one archived response and extract it if it is an article page; returns its kind
    ('known' if it is stored already). Everything it writes is one savepoint."""
    sha = resp.sha256
    if store.has_capture(session, resp.url, sha):
        return "known"
    kind = page_kind(resp.url, resp.content_type, catalog) if resp.status == 200 else "error"
    error = article = None
    try:
        with session.begin_nested():
            cap = store.add_capture(session, NewCapture(
                url=resp.url, fetched_at=resp.fetched_at, status=resp.status, content_type=resp.content_type,
                headers=resp.headers, warc_file=resp.warc_file, warc_offset=resp.offset,
                warc_length=resp.length, payload_sha256=sha, kind=kind))
            if kind == "article":
                result = (ExtractError(resp.url, f"refused body: {resp.refused}") if resp.refused
                          else extract_page(resp.body, resp.url, resp.content_type, catalog=catalog))
                if isinstance(result, ExtractError):
                    store.record_error(session, cap, result.reason)
                    error = RecordError(resp.url, result.reason)
                else:
                    article = store.upsert_article(session, cap, with_listed_column(session, result))
    except IntegrityError:
        return "known"   # another ribao process stored it between our check and our insert
    report.new_captures += 1
    report.articles += article is not None
    if error is not None:
        report.errors.append(error)
    return kind


def ingest_warc(store: Store, settings: Settings, path: Path, *, catalog: Catalog | None = None,
                limits: BodyLimits | None = None, progress: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest one WARC file; see the module docstring for what survives which failure."""
    t0 = time.perf_counter()
    catalog = catalog or load_catalog()
    limits = limits or BodyLimits.of(CrawlConfig.load(settings.home))
    report = IngestReport(files=1)
    copy = archive_copy(Path(path), settings)
    reader = WarcReader(copy.path, limits)
    log.info("phase ingest start: %s", copy.path.name)
    with store.session() as s:
        since_commit = 0
        try:
            for resp in reader:
                report.records += 1
                if progress:
                    progress(1)
                try:
                    record_response(store, s, resp, catalog, report)
                except (SQLAlchemyError, RibaoError):
                    raise   # the store or the installation is broken: not one record's problem
                except Exception as e:   # one record's surprise is that record's, not the file's
                    report.errors.append(RecordError(resp.url, f"not stored: {type(e).__name__}: {e}"[:500]))
                since_commit += 1
                if since_commit >= COMMIT_EVERY:
                    s.commit()
                    log.info("ingest: committed %d records", report.records)
                    since_commit = 0
            s.commit()
        except SQLAlchemyError as e:
            s.rollback()
            raise store_error(e, f"storing {Path(path).name} failed after {report.records} records") from None
    log.info("phase ingest done: %d records", report.records)
    report.skipped = list(reader.skipped)
    report.stopped = reader.summary()
    if copy.created and reader.records == 0:
        copy.path.unlink(missing_ok=True)   # nothing in it could be read, so nothing points at it
    report.seconds = time.perf_counter() - t0
    return report
