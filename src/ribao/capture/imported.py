"""Copies of imported WARC files in the home's archive (``warc/imported/``).

Every capture row points at a file ribao owns, so a WARC is copied into the archive under a
content-addressed name before it is read. The name only ever holds a whole copy: the copy is
written to a temporary name, fsynced, checked against the digest of the file, and renamed (and
the directory fsynced). An existing copy is trusted only if its size and digest match, so a copy
an older ribao left truncated when it was killed is replaced on the next ingest. Temporary files
of killed runs are removed.
"""
from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ribao.errors import InputError, StoreError
from ribao.settings import Settings

_BLOCK = 1 << 20
log = logging.getLogger("ribao")


@dataclass(frozen=True)
class ArchivedCopy:
    path: Path
    created: bool   # this call wrote it (so nothing else can point at it yet)


def _digest(path: Path) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    try:
        with path.open("rb") as fh:
            while block := fh.read(_BLOCK):
                h.update(block)
                size += len(block)
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror or e})") from None
    return h.hexdigest(), size


def _is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_parts(dest: Path) -> None:
    for part in dest.parent.glob(f".{dest.name}.*.part"):
        pid = part.name[len(dest.name) + 2:-len(".part")]
        if not (pid.isdigit() and _alive(int(pid))):
            part.unlink(missing_ok=True)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def archive_copy(path: Path, settings: Settings) -> ArchivedCopy:
    """The archived copy of ``path``, copied now unless a whole copy is already there."""
    path = Path(path).resolve()
    if settings.warc_dir.resolve() in path.parents:
        return ArchivedCopy(path, created=False)
    digest, size = _digest(path)
    suffix = ".warc.gz" if _is_gzip(path) else ".warc"
    dest = settings.warc_dir / "imported" / f"{path.name.split('.')[0]}-{digest[:12]}{suffix}"
    if dest.is_file() and dest.stat().st_size == size and _digest(dest)[0] == digest:
        return ArchivedCopy(dest, created=False)
    log.info("phase copy start: %s", dest.name)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_parts(dest)
        h = hashlib.sha256()
        with path.open("rb") as src, tmp.open("wb") as out:
            while block := src.read(_BLOCK):
                h.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if h.hexdigest() != digest:
            raise InputError(f"{path} changed while it was being copied; ingest it again once it is complete")
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except OSError as e:
        raise StoreError(f"cannot copy {path.name} into the archive {dest.parent}: {e.strerror or e}") from None
    finally:
        tmp.unlink(missing_ok=True)
    log.info("phase copy done")
    return ArchivedCopy(dest, created=True)
