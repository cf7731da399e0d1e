"""``ribao crawl --replay``: an httpx transport that answers from WARC response records.

The crawler's whole code path (robots, list parsing, pagination, known-URL checks, archiving,
indexing) runs unchanged; only the bytes come from archives instead of sockets, so a crawl is
reproducible offline. A replayed response carries its record's WARC-Date, which becomes the
capture's ``fetched_at`` (a bulletin built after a replay equals one built after an import).
A URL the archives do not hold answers 404 marked as a miss (``Fetched.replay_miss``), which
the fetcher reports and never archives. The index is built with ``capture.warc``'s record
iterator; a replayed answer re-reads its record's raw payload (still content-encoded, so the
fetcher's decoding and limits run as on the network). Conditional requests are answered 304 when the record's validators match.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

from ribao.capture.fetch import REPLAY_DATE, REPLAY_MISS
from ribao.capture.warc import iter_responses


@dataclass(frozen=True)
class _Entry:
    path: Path
    offset: int
    date: datetime


def _key(url: str) -> str:
    try:
        return str(httpx.URL(url.split("#", 1)[0]))
    except httpx.InvalidURL:
        return url


class ReplayTransport(httpx.AsyncBaseTransport):
    def __init__(self, paths: list[Path]) -> None:
        self.index: dict[str, _Entry] = {}
        for path in paths:
            for resp in iter_responses(path):
                entry = _Entry(Path(path), resp.offset, resp.fetched_at)
                old = self.index.get(_key(resp.url))
                if old is None or entry.date >= old.date:   # the latest capture answers
                    self.index[_key(resp.url)] = entry

    def __len__(self) -> int:
        return len(self.index)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        entry = self.index.get(_key(str(request.url)))
        if entry is None or request.method != "GET":
            return httpx.Response(404, stream=httpx.ByteStream(b""), request=request, extensions={REPLAY_MISS: True})
        with entry.path.open("rb") as fh:
            fh.seek(entry.offset)
            rec = next(iter(ArchiveIterator(fh)))
            hh = rec.http_headers
            chunked = (hh.get_header("transfer-encoding") or "").lower() == "chunked"
            payload = (ChunkedDataReader(rec.raw_stream, decomp_type=None) if chunked else rec.raw_stream).read()
            headers = [(k, v) for k, v in hh.headers if not (chunked and k.lower() == "transfer-encoding")]
            status = int(hh.get_statuscode() or 0)
            reason = hh.statusline.split(" ", 1)[1] if " " in hh.statusline else ""
        ext = {REPLAY_DATE: entry.date, "reason_phrase": reason.encode("latin-1", "replace"),
               "http_version": b"HTTP/1.1"}
        etag, modified = hh.get_header("etag"), hh.get_header("last-modified")
        if status == 200 and ((etag and request.headers.get("if-none-match") == etag)
                              or (modified and request.headers.get("if-modified-since") == modified)):
            keep = [(k, v) for k, v in headers if k.lower() in ("etag", "last-modified", "date", "cache-control")]
            return httpx.Response(304, headers=keep, stream=httpx.ByteStream(b""), request=request, extensions=ext)
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(payload), request=request,
                              extensions=ext)

    @property
    def urls(self) -> list[str]:
        return list(self.index)
