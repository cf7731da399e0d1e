"""The crawl's record: every request/response pair written to WARC (warcio), rotated by size.

The store indexes each response record by (file, offset, length), so every article has an
archived copy that ``warc.read_record`` can re-read for re-extraction or display. Files are
gzip WARCs of one member per record: a crash leaves every record written before it readable.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ribao import __version__


@dataclass(frozen=True)
class ArchivedRecord:
    """Where a response record was written."""

    path: Path
    offset: int
    length: int


def warc_date(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcArchive:
    """Appends request and response records to ``directory``/ribao-crawl-*.warc.gz."""

    def __init__(self, directory: Path, *, max_bytes: int, operator: str = "") -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.operator = operator
        self.files: list[Path] = []
        self._fh = None
        self._writer: WARCWriter | None = None
        self._seq = 0

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        while True:
            self._seq += 1
            path = self.directory / f"ribao-crawl-{stamp}-{os.getpid()}-{self._seq:04d}.warc.gz"
            if not path.exists():
                break
        self._fh = path.open("xb")
        self._writer = WARCWriter(self._fh, gzip=True, warc_version="WARC/1.1")
        self.files.append(path)
        info = {"software": f"ribao/{__version__} (warcio)", "format": "WARC File Format 1.1"}
        if self.operator:
            info["operator"] = self.operator
        self._writer.write_record(self._writer.create_warcinfo_record(path.name, info))

    def _rotate_if_needed(self) -> None:
        if self._fh is None:
            self._open()
        elif self._fh.tell() >= self.max_bytes:
            self.close()
            self._open()

    def write(self, *, url: str, method: str, request_headers: list[tuple[str, str]], status: int, reason: str,
              http_version: str, response_headers: list[tuple[str, str]], payload: bytes,
              date: datetime) -> ArchivedRecord:
        """Write a request record and its response record; returns where the response is.

        ``payload`` is the body as received (still content-encoded); ``response_headers`` must not
        announce a transfer encoding the payload no longer has.
        """
        self._rotate_if_needed()
        assert self._writer is not None and self._fh is not None
        w = self._writer
        wdate = warc_date(date)
        target = url.split("#", 1)[0]
        parts = target.split("/", 3)
        path = "/" + (parts[3] if len(parts) > 3 else "")
        req = w.create_warc_record(
            target, "request", payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(f"{method} {path} HTTP/1.1", request_headers, is_http_request=True),
            warc_headers_dict={"WARC-Date": wdate})
        proto = {"HTTP/2": "HTTP/2", "HTTP/1.0": "HTTP/1.0"}.get(http_version, "HTTP/1.1")
        resp = w.create_warc_record(
            target, "response", payload=io.BytesIO(payload),
            http_headers=StatusAndHeaders(f"{status} {reason or 'Unknown'}", response_headers, protocol=proto),
            warc_headers_dict={"WARC-Date": wdate})
        req.rec_headers.add_header("WARC-Concurrent-To", resp.rec_headers.get_header("WARC-Record-ID"))
        w.write_record(req)
        offset = self._fh.tell()
        w.write_record(resp)
        length = self._fh.tell() - offset
        self._fh.flush()
        return ArchivedRecord(self.files[-1], offset, length)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = None
        self._writer = None

    def __enter__(self) -> "WarcArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
