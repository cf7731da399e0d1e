"""Single-instance locks in the home (``locks/``): one run per line at a time, one scheduler.

``filelock`` takes an OS-level lock on the file, which the kernel releases when the process
dies, so a killed run never leaves a stale lock behind. The lock is per host: homes shared
between machines (a PostgreSQL store) need one scheduler host.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from ribao.errors import BusyError


@contextmanager
def hold(home: Path, name: str, what: str) -> Iterator[None]:
    """Hold ``home/locks/NAME.lock`` or raise ``BusyError`` saying ``what`` is already running."""
    d = Path(home) / "locks"
    d.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(d / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BusyError(f"{what} is already running (lock {d / (name + '.lock')})") from None
    try:
        yield
    finally:
        lock.release()
