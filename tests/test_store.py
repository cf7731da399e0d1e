"""The store on SQLite (default) and PostgreSQL (CI starts a real server: RIBAO_TEST_PG_URL)."""
import os
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text

from ribao.capture.ingest import ingest_warc
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


def test_ingest_is_idempotent_and_round_trips(store_and_settings, dev_corpus):
    store, settings = store_and_settings
    first = ingest_warc(store, settings, dev_corpus / "corpus.warc.gz")
    assert first.records == first.new_captures == 163 and first.articles == 124 and not first.errors
    again = ingest_warc(store, settings, dev_corpus / "corpus.warc.gz")
    assert again.new_captures == 0 and again.articles == 0
    assert store.article_count() == 124 and store.capture_count() == 163
    arts = store.articles(published_from=datetime(2026, 7, 14, tzinfo=timezone.utc),
                          published_before=datetime(2026, 7, 15, tzinfo=timezone.utc))
    assert arts and all(a.article.published.utcoffset().total_seconds() == 8 * 3600 for a in arts)
    assert all(a.article.body for a in arts)


def test_archived_copy_is_readable(store_and_settings, dev_corpus):
    from sqlalchemy import select

    from ribao.capture.warc import read_record
    from ribao.store.schema import CaptureRow

    store, settings = store_and_settings
    ingest_warc(store, settings, dev_corpus / "corpus.warc.gz")
    with store.session() as s:
        rows = s.execute(select(CaptureRow).limit(5)).scalars().all()
    for row in rows:
        rec = read_record(row.warc_file, row.warc_offset)
        assert rec.url == row.url
        assert settings.warc_dir in __import__("pathlib").Path(row.warc_file).parents
