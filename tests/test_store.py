"""The store on SQLite (default) and PostgreSQL (CI starts a real server: RIBAO_TEST_PG_URL), on
the team's dev capture when ../shared is there and on the bundled sample otherwise."""
import logging
import os
import threading
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text

from ribao.ingest import ingest_warc
from ribao.settings import Settings
from ribao.store import Store


def _backends():
    yield "sqlite"
    if os.environ.get("RIBAO_TEST_PG_URL"):
        yield "postgresql"


@pytest.fixture(params=list(_backends()))
def store_and_settings(request, tmp_path):
    settings = Settings.load(tmp_path / "home").ensure()
    if request.param == "sqlite":
        yield Store(settings.database_url), settings
        return
    base = os.environ["RIBAO_TEST_PG_URL"]
    name = "ribao_test_" + uuid.uuid4().hex[:8]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    url = base.rsplit("/", 1)[0] + "/" + name
    store = Store(url)
    yield store, settings
    store.close()
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def test_ingest_is_idempotent_and_round_trips(store_and_settings, capture):
    store, settings = store_and_settings
    first = ingest_warc(store, settings, capture.warc)
    assert first.records == first.new_captures == capture.records and first.articles == capture.articles
    assert not first.errors and not first.stopped and not first.skipped
    again = ingest_warc(store, settings, capture.warc)
    assert again.new_captures == 0 and again.articles == 0
    assert store.article_count() == capture.articles and store.capture_count() == capture.records
    first_day = datetime.fromisoformat(capture.days[0]).replace(tzinfo=timezone.utc)
    arts = store.articles(published_from=first_day - timedelta(days=1), published_before=first_day)
    assert arts and all(a.article.published.utcoffset().total_seconds() == 8 * 3600 for a in arts)
    assert all(a.article.body for a in arts)


def test_opening_a_store_at_head_migrates_nothing(store_and_settings, caplog):
    from ribao.store.db import current_revision, head_revision

    store, _ = store_and_settings
    with store.engine.connect() as c:
        assert current_revision(c) == head_revision()
    with caplog.at_level(logging.INFO, logger="ribao"):
        Store(store.url).close()
    assert "phase open start" not in caplog.text


def test_two_first_opens_at_once_migrate_once(store_and_settings, tmp_path):
    """Two processes starting on a new database: the second waits for the first's migration
    (SQLite's write lock, PostgreSQL's advisory lock) instead of failing on its tables."""
    store, _ = store_and_settings
    if store.url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        drop = None
    else:
        name = "ribao_race_" + uuid.uuid4().hex[:8]
        admin = create_engine(os.environ["RIBAO_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}"))
        url = store.url.rsplit("/", 1)[0] + "/" + name
        drop = (admin, name)
    gate = threading.Barrier(3)
    errors = []

    def first_open():
        gate.wait()
        try:
            Store(url).close()
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=first_open) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert not any(t.is_alive() for t in threads) and errors == []
        check = Store(url)
        with check.engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        check.close()
    finally:
        if drop:
            with drop[0].connect() as c:
                c.execute(text(f"DROP DATABASE {drop[1]} WITH (FORCE)"))
            drop[0].dispose()


def test_head_revision_read_from_the_files_is_alembics():
    from alembic.script import ScriptDirectory

    from ribao.store.db import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_archived_copy_is_readable(store_and_settings, capture):
    from sqlalchemy import select

    from ribao.capture.warc import read_record
    from ribao.store.schema import CaptureRow

    store, settings = store_and_settings
    ingest_warc(store, settings, capture.warc)
    with store.session() as s:
        rows = s.execute(select(CaptureRow).limit(5)).scalars().all()
    for row in rows:
        rec = read_record(row.warc_file, row.warc_offset)
        assert rec.url == row.url
        assert settings.warc_dir in __import__("pathlib").Path(row.warc_file).parents
