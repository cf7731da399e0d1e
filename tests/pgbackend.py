"""The suite against PostgreSQL: with ``RIBAO_TEST_BACKEND=postgresql`` (and ``RIBAO_TEST_PG_URL``
naming a server ribao may create databases on), every home a test opens gets a fresh database
of its own instead of ``HOME/ribao.db``.

``Settings.load`` is wrapped for the test process (homes opened in-process, CliRunner included),
except for a home whose ``ribao.db`` the test created itself (it asked for SQLite there);
a test that starts ``ribao`` in a subprocess passes ``database_url_for(home)`` as
``RIBAO_DATABASE_URL``. Without the variable nothing changes (SQLite, as in production's default).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

BACKEND = os.environ.get("RIBAO_TEST_BACKEND", "sqlite").lower()
_made: dict[str, str] = {}


def on_postgresql() -> bool:
    return BACKEND == "postgresql"


def _admin_url() -> str:
    url = os.environ.get("RIBAO_TEST_PG_URL", "")
    if not url:
        raise pytest.UsageError("RIBAO_TEST_BACKEND=postgresql needs RIBAO_TEST_PG_URL (a server to create databases on)")
    return url


def database_url_for(home: Path) -> str:
    """The database of ``home``: its SQLite file, or (PostgreSQL backend) a database made for it."""
    home = Path(home).expanduser().resolve()
    if not on_postgresql():
        return f"sqlite:///{home / 'ribao.db'}"
    key = str(home)
    if key not in _made:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        name = "rt_" + hashlib.sha1(key.encode()).hexdigest()[:20]
        admin = make_url(_admin_url())
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        _made[key] = admin.set(database=name).render_as_string(hide_password=False)
    return _made[key]


def pytest_configure(config) -> None:
    if not on_postgresql():
        return
    _admin_url()
    from ribao.settings import Settings

    original = Settings.load.__func__

    def load(cls, home=None):
        s = original(cls, home)
        if os.environ.get("RIBAO_DATABASE_URL") or (s.home / "ribao.db").exists():
            return s   # an explicit database, or a home whose SQLite file the test made itself
        return cls(home=s.home, database_url=database_url_for(s.home))

    Settings.load = classmethod(load)


def pytest_report_header(config) -> str:
    return f"ribao store backend: {BACKEND}"


def pytest_unconfigure(config) -> None:
    if not _made:
        return
    from sqlalchemy import create_engine, text

    engine = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for url in _made.values():
            name = url.rsplit("/", 1)[-1]
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
