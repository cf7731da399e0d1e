"""Opening a home's store for one command.

A command that writes gets the home created and the database migrated; a command that only
reads (``stories`` without overrides, ``verify``, ``sources check``) also works on a home it
cannot write (a read-only mount, a backup), by opening the SQLite file read-only. Every failure
is a ``StoreError`` naming the home, never a driver traceback.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from ribao.errors import StoreError
from ribao.settings import Settings
from ribao.store.repo import Store


def _writable(path: Path) -> bool:
    """Whether ``path`` (or, if it does not exist yet, its nearest existing parent) takes writes."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return os.access(path, os.W_OK)


def _sqlite_file(url: str) -> Path | None:
    try:
        u = make_url(url)
    except ArgumentError:
        return None
    return Path(u.database) if u.get_backend_name() == "sqlite" and u.database else None


def open_store(settings: Settings, *, write: bool = True) -> Store:
    """The home's store; ``write=False`` for commands that only read."""
    db = _sqlite_file(settings.database_url)
    if not write and not _writable(settings.home) and db is not None and not _writable(db.parent):
        if not db.exists():
            raise StoreError(f"the home {settings.home} is read-only and holds no database")
        return Store(settings.database_url, readonly=True)
    try:
        settings.ensure()
    except OSError as e:
        raise StoreError(f"cannot create the home {settings.home}: {e.strerror or e}") from None
    if not _writable(settings.home) or (db is not None and not _writable(db.parent)):
        raise StoreError(f"the home {settings.home} is read-only, and this command writes to it "
                         f"(read-only commands such as `ribao stories` and `ribao verify` still work)")
    return Store(settings.database_url)
