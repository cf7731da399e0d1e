"""Reading WARC files into ``CapturedResponse`` values, whatever the file holds.

The WARC file is the record of what was seen; the store keeps (file, offset, length) so any
article can be re-read from its archived copy (``read_record``).

A WARC from elsewhere may be torn (a crawler killed mid-write, a download cut short), end in
junk, or hold records with unusable fields. ``WarcReader`` never raises for what is inside the
file: a record with a bad field is skipped and reported, the first point that cannot be read
ends the file with where and why ("read 5 records, then stopped at byte N: …"), and every body is
decoded under the crawl's size and ratio limits (``capture.bodies``), so a bomb record costs
at most the cap.
"""
from __future__ import annotations

import hashlib
import os
import re
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from ribao.capture.bodies import DEFAULT_LIMITS, BodyDecoder, BodyLimits, BodyRefused, Headers
from ribao.catalog import Catalog
from ribao.errors import InputError, StoreError

_CHUNK = 1 << 16


@dataclass(frozen=True)
class CapturedResponse:
    url: str
    fetched_at: datetime
    status: int
    headers: Headers
    body: bytes
    warc_file: str
    offset: int
    length: int
    refused: str = ""          # why the body was not decoded (a limit broken); ``body`` is then empty
    payload_sha256: str = ""   # set when refused: the digest of the payload as archived

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", Headers.of(self.headers))

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type")

    @property
    def sha256(self) -> str:
        return self.payload_sha256 or hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class ReadProblem:
    """Where in a WARC file something could not be used, and why."""

    offset: int
    message: str
    url: str = ""

    def __str__(self) -> str:
        return f"byte {self.offset}{f' ({self.url})' if self.url else ''}: {self.message}"


class _Skip(Exception):
    """This record cannot be used; the ones after it can."""


class _Stop(Exception):
    """Nothing after this point of the file can be read."""


class _Iterator(ArchiveIterator):
    INC_RECORD = ""   # warcio writes this warning to stderr; a misplaced record is reported by WarcReader instead


def parse_warc_date(value: str | None) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def _describe(e: BaseException) -> str:
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    text = lines[0] if lines else ""
    if type(e).__name__ != "ArchiveLoadFailed":
        text = f"{type(e).__name__}: {text}" if text else type(e).__name__
    return text[:300]


def _dechunked(stream) -> Iterator[bytes]:
    """HTTP chunked transfer coding undone piece by piece (warcio's reader holds a whole chunk,
    however large it claims to be). A malformed chunk header means the rest is sent as is."""
    while True:
        line = stream.readline(64)
        try:
            size = int(line.split(b";")[0].strip(), 16) if line.endswith(b"\n") else -1
        except ValueError:
            size = -1
        if size < 0:
            yield line
            while chunk := stream.read(_CHUNK):
                yield chunk
            return
        if size == 0:
            return
        while size > 0:
            chunk = stream.read(min(size, _CHUNK))
            if not chunk:
                return
            size -= len(chunk)
            yield chunk
        stream.readline(8)


def _drain(stream) -> None:
    while stream.read(_CHUNK):
        pass


def _status(http_headers) -> int:
    code = (http_headers.get_statuscode() or "").strip()
    if not (len(code) == 3 and code.isdigit() and 100 <= int(code) <= 599):
        raise _Skip(f"bad HTTP status line {http_headers.statusline[:80]!r}")
    return int(code)


def _response(rec, path: Path, start: int, limits: BodyLimits) -> CapturedResponse:
    """One response record's fields and decoded body; reads the record's block to its end."""
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    try:
        status = _status(rec.http_headers)
        try:
            fetched_at = parse_warc_date(rec.rec_headers.get_header("WARC-Date"))
        except ValueError:
            raise _Skip(f"bad WARC-Date {rec.rec_headers.get_header('WARC-Date')[:40]!r}") from None
    except _Skip as e:
        _drain(rec.raw_stream)
        raise _Skip(f"{url[:200]}: {e}") from None
    headers = Headers.of(rec.http_headers.headers)
    chunked = headers.get("transfer-encoding").strip().lower() == "chunked"
    pieces = _dechunked(rec.raw_stream) if chunked else iter(lambda: rec.raw_stream.read(_CHUNK), b"")
    raw_digest, refused = hashlib.sha256(), ""
    try:
        decoder: BodyDecoder | None = BodyDecoder.with_limits(headers.get("content-encoding"), limits)
    except BodyRefused as e:
        decoder, refused = None, str(e)
    for piece in pieces:
        raw_digest.update(piece)
        if decoder is None:
            continue
        try:
            if decoder.raw + len(piece) > limits.max_bytes:
                raise BodyRefused(f"body over {limits.max_bytes} bytes")
            decoder.feed(piece)
        except BodyRefused as e:
            decoder, refused = None, str(e)   # the rest is only hashed, never held
    _drain(rec.raw_stream)
    if isinstance(rec.raw_stream, LimitReader) and rec.raw_stream.limit > 0:
        raise _Stop(f"record of {url[:200]} is cut short: {rec.raw_stream.limit} bytes of its block are missing "
                    f"(the file is truncated or its Content-Length is wrong)")
    return CapturedResponse(url=url, fetched_at=fetched_at, status=status, headers=headers,
                            body=decoder.body() if decoder is not None else b"", warc_file=str(path), offset=start,
                            length=0, refused=refused, payload_sha256=raw_digest.hexdigest() if refused else "")


def _gzip_tail_problem(fh: IO[bytes], start: int) -> str:
    """Whether the gzip members from ``start`` to the end of the file are whole (warcio stops
    quietly at a member cut inside its trailer or header)."""
    fh.seek(start)
    d, pending = zlib.decompressobj(31), False
    try:
        while chunk := fh.read(1 << 20):
            data = chunk
            while data:
                d.decompress(data, _CHUNK)
                pending = True
                data = d.unconsumed_tail
                if d.eof:
                    data, d, pending = d.unused_data, zlib.decompressobj(31), False
    except zlib.error as e:
        return f"the file ends in bytes that are not gzip ({e})"
    return "the file ends inside a gzip member (truncated?)" if pending else ""


@dataclass
class WarcReader:
    """Iterates the HTTP response records of one WARC file; what could not be read is kept in
    ``skipped`` (records passed over) and ``stopped`` (where reading ended early, and why)."""

    path: Path
    limits: BodyLimits = DEFAULT_LIMITS
    records: int = 0                      # WARC records read whole, of any type
    skipped: list[ReadProblem] = field(default_factory=list)
    stopped: ReadProblem | None = None

    def __post_init__(self) -> None:
        self.path = Path(self.path)

    def __iter__(self) -> Iterator[CapturedResponse]:
        with self.path.open("rb") as fh:
            if os.fstat(fh.fileno()).st_size == 0:
                self.stopped = ReadProblem(0, "empty file: no WARC records")
                return
            gz = fh.read(2) == b"\x1f\x8b"
            fh.seek(0)
            yield from self._records(fh, 0, gz)

    def _records(self, fh: IO[bytes], offset: int, gz: bool, *, first_only: bool = False) -> Iterator[CapturedResponse]:
        it = _Iterator(fh)
        end = last_start = offset
        while True:
            try:
                rec = next(it)
            except StopIteration:
                break
            except Exception as e:   # warcio's parser: junk, a torn header, an unknown format
                self.stopped = ReadProblem(end, _describe(e))
                return
            start = last_start = it.offset
            if rec.format != "warc":   # warcio reads any line of words as an ARC record header
                self.stopped = ReadProblem(start, f"not a WARC record ({rec.format} format)")
                return
            resp: CapturedResponse | None = None
            try:
                try:
                    if rec.rec_type == "response" and rec.http_headers is not None:
                        resp = _response(rec, self.path, start, self.limits)
                    else:
                        _drain(rec.raw_stream)
                except _Skip as e:
                    self.skipped.append(ReadProblem(start, str(e)))
                length = it.get_record_length()
            except _Stop as e:
                self.stopped = ReadProblem(start, str(e))
                return
            except Exception as e:
                self.stopped = ReadProblem(start, _describe(e))
                return
            end = it.offset   # where the next record starts (after the blank lines that end this one)
            self.records += 1
            if resp is not None:
                yield replace(resp, length=length)
            if first_only:
                return
        if gz and (problem := _gzip_tail_problem(fh, last_start)):
            self.stopped = ReadProblem(last_start, problem)
        elif not gz:   # warcio ends quietly at some junk (a line without headers after it)
            fh.seek(end)
            if fh.read(1 << 16).strip():
                self.stopped = ReadProblem(end, "what follows is not a WARC record")

    def summary(self) -> str:
        """'read N records, then stopped at byte M: why' (empty when the whole file was read)."""
        if self.stopped is None:
            return ""
        return f"read {self.records} records, then stopped at {self.stopped}"


def iter_responses(path: str | Path, limits: BodyLimits = DEFAULT_LIMITS) -> Iterator[CapturedResponse]:
    """Every usable HTTP response record of a WARC file, in file order; a file that cannot be
    read to its end is an ``InputError`` once its readable records have been yielded."""
    reader = WarcReader(Path(path), limits)
    yield from reader
    if reader.stopped is not None:
        raise InputError(f"{path}: {reader.summary()}")


def read_record(path: str | Path, offset: int, limits: BodyLimits = DEFAULT_LIMITS) -> CapturedResponse:
    """Re-read one archived response (for re-extraction or showing a citation's copy)."""
    path = Path(path)
    reader = WarcReader(path, limits)
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            for resp in reader._records(fh, offset, gz=False, first_only=True):
                return resp
    except OSError as e:
        raise StoreError(f"archived copy {path} cannot be read: {e.strerror or e}") from None
    why = reader.stopped or (reader.skipped[0] if reader.skipped else f"byte {offset}: not a response record")
    raise StoreError(f"no readable response record in {path} at {why}")


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
