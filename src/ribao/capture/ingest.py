"""``ribao ingest``: import WARC response records into the store and extract their articles.

The WARC is first copied into the home's archive (content-addressed name), so every capture
row points at a file ribao owns. Re-ingesting the same file adds nothing: a capture is unique
by (url, payload sha256).
"""
from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ribao.capture.warc import CapturedResponse, iter_responses, page_kind
from ribao.catalog import Catalog, load_catalog
from ribao.extract import ExtractError, extract_page
from ribao.settings import Settings
from ribao.store import Store
from ribao.store.listings import with_listed_column
from ribao.store.repo import NewCapture


@dataclass
class IngestReport:
    files: int = 0
    records: int = 0
    new_captures: int = 0
    articles: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def archive_copy(path: Path, settings: Settings) -> Path:
    """Copy a WARC into the home's archive unless it already lives there."""
    path = path.resolve()
    if settings.warc_dir.resolve() in path.parents:
        return path
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    suffix = ".warc.gz" if path.name.endswith(".gz") else ".warc"
    dest = settings.warc_dir / "imported" / f"{path.name.split('.')[0]}-{h.hexdigest()[:12]}{suffix}"
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return dest


def record_response(store: Store, session, resp: CapturedResponse, catalog: Catalog,
                    report: IngestReport) -> str:
    """Index one archived response and extract it if it is an article page; returns its kind.

    Shared by WARC import and the crawler, so both paths store exactly the same rows.
    """
    sha = resp.sha256
    if store.has_capture(session, resp.url, sha):
        return "known"
    kind = page_kind(resp.url, resp.content_type, catalog) if resp.status == 200 else "error"
    cap = store.add_capture(session, NewCapture(
        url=resp.url, fetched_at=resp.fetched_at, status=resp.status, content_type=resp.content_type,
        headers=resp.headers, warc_file=resp.warc_file, warc_offset=resp.offset, warc_length=resp.length,
        payload_sha256=sha, kind=kind))
    report.new_captures += 1
    if kind == "article":
        result = extract_page(resp.body, resp.url, resp.content_type, catalog=catalog)
        if isinstance(result, ExtractError):
            store.record_error(session, cap, result.reason)
            report.errors.append((resp.url, result.reason))
        else:
            store.upsert_article(session, cap, with_listed_column(session, result))
            report.articles += 1
    return kind


COMMIT_EVERY = 200   # a crash loses at most this many records' work; re-running skips what is stored


def ingest_warc(store: Store, settings: Settings, path: Path, *, catalog: Catalog | None = None,
                progress: Callable[[int], None] | None = None) -> IngestReport:
    t0 = time.perf_counter()
    catalog = catalog or load_catalog()
    report = IngestReport(files=1)
    archived = archive_copy(Path(path), settings)
    with store.session() as s:
        for resp in iter_responses(archived):
            report.records += 1
            if progress:
                progress(1)
            record_response(store, s, resp, catalog, report)
            if report.records % COMMIT_EVERY == 0:
                s.commit()
        s.commit()
    report.seconds = time.perf_counter() - t0
    return report
