"""Reading WARC response records into plain ``CapturedResponse`` values.

The WARC file is the record of what was seen; the store keeps (file, offset, length) so any
article can be re-read from its archived copy (``read_record``).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from ribao.catalog import Catalog


@dataclass(frozen=True)
class CapturedResponse:
    url: str
    fetched_at: datetime
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    warc_file: str
    offset: int
    length: int

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers if k.lower() == "content-type"), "")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def iter_responses(path: str | Path) -> Iterator[CapturedResponse]:
    """Every HTTP response record of a WARC file, in file order."""
    path = Path(path)
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        for rec in it:
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            body = rec.content_stream().read()
            status = int(rec.http_headers.get_statuscode() or 0)
            yield CapturedResponse(
                url=rec.rec_headers.get_header("WARC-Target-URI") or "",
                fetched_at=parse_warc_date(rec.rec_headers.get_header("WARC-Date")),
                status=status, headers=list(rec.http_headers.headers), body=body,
                warc_file=str(path), offset=it.get_record_offset(), length=it.get_record_length(),
            )


def read_record(path: str | Path, offset: int) -> CapturedResponse:
    """Re-read one archived response (for re-extraction or showing a citation's copy)."""
    path = Path(path)
    with path.open("rb") as fh:
        fh.seek(offset)
        it = ArchiveIterator(fh)
        for rec in it:
            body = rec.content_stream().read()
            return CapturedResponse(
                url=rec.rec_headers.get_header("WARC-Target-URI") or "",
                fetched_at=parse_warc_date(rec.rec_headers.get_header("WARC-Date")),
                status=int(rec.http_headers.get_statuscode() or 0) if rec.http_headers else 0,
                headers=list(rec.http_headers.headers) if rec.http_headers else [], body=body,
                warc_file=str(path), offset=offset, length=it.get_record_length())
    raise ValueError(f"no WARC record at {path}:{offset}")


_ARTICLE_SLUG = re.compile(r"\d{4}-\d{2}-\d{2}$|^[a-z0-9]+(?:-[a-z0-9]+){5,}")
_LIST_PATH = re.compile(r"(?:/|/index(?:_\d+)?\.s?html?|/list(?:_\d+)?\.s?html?)$")


def page_kind(url: str, content_type: str, catalog: Catalog) -> str:
    """'robots', 'list', 'article' or 'other' — only articles go to extraction."""
    parts = urlsplit(url)
    if parts.path == "/robots.txt":
        return "robots"
    ct = content_type.lower()
    if ct and "html" not in ct and "xml" not in ct:
        return "other"
    src = catalog.for_url(url)
    if src:
        bare = url.split("?")[0].split("#")[0]
        for ep in src.endpoints:
            if bare == ep.url or ep.is_page(bare) or (
                    bare.startswith(ep.url) and re.fullmatch(r"index_\d+\.s?html?", bare[len(ep.url):])):
                return "list"
    last = (parts.path or "/").rstrip("/").rsplit("/", 1)[-1]
    if _LIST_PATH.search(parts.path or "/") and not _ARTICLE_SLUG.search(last):
        return "list"
    return "article"
