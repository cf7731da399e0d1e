"""Archived copies: for each cited URL, the capture behind its stored article, as a page (the
extracted text, the capture time) and as the raw WARC record.

The record is the exact bytes ribao archived: in a ``.warc.gz`` every record is its own gzip member,
so the slice at (offset, length) is a complete one-record ``.warc.gz`` any WARC tool reads. The
captured HTML itself is never served as a page: it is untrusted markup, and on our origin it could
run script. Readers get the extracted text, and the record to download.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ribao.store.publication import ArchivedCopy

GZIP_MAGIC = b"\x1f\x8b"


def archive_key(copy: ArchivedCopy) -> str:
    """Stable name of one captured version of one URL (content-addressed)."""
    return hashlib.sha256(f"{copy.url}\n{copy.payload_sha256}".encode()).hexdigest()[:20]


@dataclass(frozen=True)
class RecordFile:
    name: str      # file name written beside the archived page, "" when none
    size: int
    problem: str   # why there is no record file


def write_record(copy: ArchivedCopy, folder: Path, key: str) -> RecordFile:
    """Copy the capture's WARC record out of the archive into ``folder``."""
    src = Path(copy.warc_file)
    gz = src.name.endswith(".gz")
    name = f"{key}.warc.gz" if gz else f"{key}.warc"
    try:
        with src.open("rb") as fh:
            fh.seek(copy.warc_offset)
            data = fh.read(copy.warc_length)
    except OSError as e:
        return RecordFile("", 0, f"WARC file unreadable ({e.strerror or e})")
    if len(data) != copy.warc_length or (gz and not data.startswith(GZIP_MAGIC)) or \
            (not gz and not data.startswith(b"WARC/")):
        return RecordFile("", 0, f"no complete record at {src.name}:{copy.warc_offset}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return RecordFile(name, len(data), "")
