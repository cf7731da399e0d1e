"""Engine creation and schema migration (Alembic, run on open so a new home just works).

SQLite transactions. Python's sqlite3 driver, left to itself, never opens a transaction for DDL:
each ``CREATE TABLE`` of a migration commits on its own, so a first start-up killed or out of
disk space left tables without ``alembic_version`` and the home refused to open ever after. It
also makes ``SAVEPOINT`` commit. So the driver's own transaction handling is switched off
(``isolation_level=None``, as SQLAlchemy's pysqlite notes advise) and ribao opens transactions
itself: ``BEGIN IMMEDIATE`` before the first statement that writes. Reads outside a write keep
running in autocommit (as before: no long-lived snapshots), and a writer takes the write lock
before its first write, so two processes writing at once queue (busy timeout) instead of
failing, and a migration is all or nothing.

Migrations run in one transaction under a lock (SQLite: that ``BEGIN IMMEDIATE``; PostgreSQL:
an advisory lock), so two first start-ups at once migrate once. A schema half-made by an older
ribao (tables, no version) is detected: if its tables are empty it is dropped and made again;
if they hold rows the home is refused with a message rather than guessed at.
"""
from __future__ import annotations

import logging
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from functools import lru_cache

from sqlalchemy import create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ribao.errors import BusyError, RibaoError, StoreError
from ribao.store.schema import Base

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_S = 30
_NO_WRITE = re.compile(r"\s*(?:SELECT|PRAGMA|BEGIN|COMMIT|ROLLBACK|RELEASE|EXPLAIN)\b", re.I)
_PG_MIGRATION_LOCK = 0x72696261   # any constant shared by every ribao process
log = logging.getLogger("ribao")


def make_engine(url: str, *, readonly: bool = False) -> Engine:
    """An engine for ``url``; ``readonly`` opens a SQLite file without ever writing to it (a
    read-only home: no WAL set-up, no journal, no lock files)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    if readonly:
        path = Path(make_url(url).database or "")
        # A WAL file left by a killed writer holds committed data: read it (needs the -shm).
        # Without one, ``immutable`` lets SQLite read a file on a read-only mount at all.
        mode = "mode=ro" if path.with_name(path.name + "-wal").exists() else "mode=ro&immutable=1"
        uri = f"file:{quote(str(path))}?{mode}"
        return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S))
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # WAL: readers (the editor app) never block the writer
        dbapi_conn.isolation_level = None   # the driver opens no transaction; _begin_before_write does
        cur = dbapi_conn.cursor()
        _wal(cur)
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_before_write(conn, cursor, statement, parameters, context, executemany):
        raw = cursor.connection
        if not raw.in_transaction and not _NO_WRITE.match(statement):
            raw.execute("BEGIN IMMEDIATE")

    return engine


def _wal(cur: sqlite3.Cursor) -> None:
    """Switch a connection's file to WAL. Turning a new file to WAL needs an exclusive lock that
    SQLite takes without calling the busy handler when another connection is converting it at
    the same moment (two first starts at once), so "locked" is retried here up to the timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_REVISION = re.compile(r'^(down_revision|revision)\s*(?::\s*[^=]+)?=\s*["\']?([\w]+|None)["\']?', re.M)


@lru_cache(maxsize=1)
def _revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(revisions, the ones another revision follows) of ``migrations/versions``."""
    revs, downs = set(), set()
    for f in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(f.read_text(encoding="utf-8")))
        if "revision" in found:
            revs.add(found["revision"])
            downs.add(found.get("down_revision", "None"))
    return frozenset(revs), frozenset(downs)


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision of ``migrations/versions``. Every command checks it on open, and
    importing Alembic costs a third of a command's start-up, so the revision files are read
    directly; Alembic's own answer is used whenever they do not give exactly one head (and
    ``tests/test_store.py`` holds the two to each other)."""
    revs, downs = _revisions()
    heads = revs - downs
    if len(heads) == 1:
        return next(iter(heads))
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(conn: Connection) -> str | None:
    """The database's schema revision, None for a database ribao never finished migrating."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema revision, all at once or not at all."""
    head = head_revision()
    with engine.connect() as conn:
        have = current_revision(conn)
    if have == head:
        return
    if have is not None and have not in _revisions()[0]:
        raise StoreError(f"the database is at schema {have}, which this ribao does not know "
                         f"(it knows up to {head}): it was made by a newer ribao")
    from alembic import command

    log.info("phase open start: migrating %s", engine.url.render_as_string(hide_password=True))
    cfg = alembic_config(str(engine.url.render_as_string(hide_password=False)))
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")   # the write lock first: a second first start waits here
        elif conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        if current_revision(conn) is None:
            _clear_half_made_schema(conn)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    log.info("phase open done")


def _clear_half_made_schema(conn: Connection) -> None:
    """Drop ribao's tables if they exist without a schema version and hold nothing (an older
    ribao's interrupted first start); refuse a versionless database that holds rows."""
    present = set(inspect(conn).get_table_names())
    ours = [t for t in reversed(Base.metadata.sorted_tables) if t.name in present]
    if not ours:
        return
    full = [t.name for t in ours if conn.execute(text(f'SELECT 1 FROM "{t.name}" LIMIT 1')).first()]
    if full:
        raise StoreError(f"the database holds ribao tables ({', '.join(sorted(full))}) with rows but no schema "
                         f"version, so it was not made by a complete ribao migration; move it aside and ingest again")
    log.info("dropping a half-made schema (%s)", ", ".join(t.name for t in ours))
    for t in ours:
        t.drop(conn)


def store_error(e: SQLAlchemyError | sqlite3.Error | OSError, what: str) -> RibaoError:
    """A database failure as the one-line error a user sees (busy, full, read-only, unreachable)."""
    orig = getattr(e, "orig", None) or e
    msg = " ".join(str(orig).split())[:300] or type(orig).__name__
    low = msg.lower()
    if "database is locked" in low or "database is busy" in low:
        return BusyError(f"{what}: the database is busy (another ribao process held it for over "
                         f"{BUSY_TIMEOUT_S} s); run again when it has finished")
    return StoreError(f"{what}: {msg}")
