"""The crawl's record: every request/response pair written to WARC (warcio), rotated by size.

The store indexes each response record by (file, offset, length), so every article has an
archived copy that ``warc.read_record`` can re-read for re-extraction or display. Files are
gzip WARCs of one member per record: a crash leaves every record written before it readable.

A request/response pair is serialised in memory and appended with unbuffered writes; if the
disk refuses it (full, quota, I/O error) the file is cut back to where the pair began, so the
archive never holds half a record, and ``ArchiveWriteError`` says so. The caller has not
indexed the response yet, so the store never points at bytes that are not there.
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
from ribao.errors import StoreError


class ArchiveWriteError(StoreError):
    """A WARC record could not be written (the disk is full, or refuses writes); nothing half-written is kept."""


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
        info = {"software": f"ribao/{__version__} (warcio)", "format": "WARC File Format 1.1"}
        if self.operator:
            info["operator"] = self.operator
        buf = io.BytesIO()
        w = WARCWriter(buf, gzip=True, warc_version="WARC/1.1")
        w.write_record(w.create_warcinfo_record(path.name, info))
        self._fh = path.open("xb", buffering=0)
        self._writer = w
        try:
            self._append(buf.getvalue())
        except ArchiveWriteError:
            self._fh.close()
            self._fh = None
            path.unlink(missing_ok=True)
            raise
        self.files.append(path)

    def _rotate_if_needed(self) -> None:
        if self._fh is None:
            self._open()
        elif self._fh.tell() >= self.max_bytes:
            self.close()
            self._open()

    def _append(self, data: bytes) -> int:
        """Append ``data`` whole or not at all; returns the offset it starts at."""
        assert self._fh is not None
        start = self._fh.tell()
        try:
            view = memoryview(data)
            while view:
                n = self._fh.write(view)
                view = view[n:]
        except OSError as e:
            try:
                self._fh.truncate(start)
                self._fh.seek(start)
            except OSError:
                pass
            raise ArchiveWriteError(f"cannot write to the WARC archive {self._fh.name}: "
                                    f"{e.strerror or e} (nothing half-written was kept)") from e
        return start

    def write(self, *, url: str, method: str, request_headers: list[tuple[str, str]], status: int, reason: str,
              http_version: str, response_headers: list[tuple[str, str]], payload: bytes,
              date: datetime) -> ArchivedRecord:
        """Write a request record and its response record; returns where the response is.

        ``payload`` is the body as received (still content-encoded); ``response_headers`` must not
        announce a transfer encoding the payload no longer has. Raises ``ArchiveWriteError`` when
        the disk refuses the pair (the archive is left as it was).
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
        buf = io.BytesIO()
        mem = WARCWriter(buf, gzip=True, warc_version="WARC/1.1")
        mem.write_record(req)
        request_len = buf.tell()
        mem.write_record(resp)
        data = buf.getvalue()
        start = self._append(data)
        return ArchivedRecord(self.files[-1], start + request_len, len(data) - request_len)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._fh = None
        self._writer = None

    def __enter__(self) -> "WarcArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
