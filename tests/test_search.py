"""The archive's full-text index on SQLite (FTS5) and PostgreSQL (tsvector + GIN): kept current at
ingest, backfilled on first use, queried by word within a publish range; the day's selection is
the same on both backends."""
from __future__ import annotations

import os
import uuid
from datetime import datetime, timedelta

import pytest
from editorial_day import DAY, FETCHED, FRAME, MEMBERS, NOTICE, PILOT, PLAN, fill, put
from sqlalchemy import create_engine, text

from ribao.analyze.select import select_day
from ribao.lines import load_line
from ribao.settings import Settings
from ribao.store import Store, search
from ribao.timeutil import CST

EVER = dict(published_from=datetime(2000, 1, 1, tzinfo=CST), published_before=datetime(2100, 1, 1, tzinfo=CST),
            fetched_by=datetime(2100, 1, 1, tzinfo=CST), limit=50)


def _backends():
    yield "sqlite"
    if os.environ.get("RIBAO_TEST_PG_URL"):
        yield "postgresql"


@pytest.fixture(params=list(_backends()))
def store(request, tmp_path):
    if request.param == "sqlite":
        st = Store(Settings.load(tmp_path / "home").ensure().database_url)
        yield st
        st.close()
        return
    base = os.environ["RIBAO_TEST_PG_URL"]
    name = "ribao_search_" + uuid.uuid4().hex[:8]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    st = Store(base.rsplit("/", 1)[0] + "/" + name)
    yield st
    st.close()
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def urls(hits) -> set[str]:
    return {h.url for h in hits}


def test_articles_are_found_by_their_words_as_soon_as_stored(store):
    fill(store)
    assert urls(search.search(store, ["容量补偿"], **EVER)) >= {NOTICE.url, PLAN.url, PILOT.url}
    assert search.search(store, ["量子通信"], **EVER) == []
    # the publish range is part of the query: the day's notice is not "earlier" than itself
    before = search.search(store, ["容量补偿"], **{**EVER, "published_before": NOTICE.published})
    assert NOTICE.url not in urls(before) and PLAN.url in urls(before)
    # the best match first: the plan names 储能 in its title and body
    assert search.search(store, ["行动方案", "储能"], **EVER)[0].url == PLAN.url


def test_a_newer_capture_reindexes_the_article(store):
    fill(store)
    changed = NOTICE.model_copy(update={"title": "国家能源局关于开展虚拟电厂试点的通知", "body": ["开展虚拟电厂试点。"]})
    put(store, [changed], FETCHED + timedelta(hours=1))
    assert NOTICE.url in urls(search.search(store, ["虚拟电厂"], **EVER))
    assert NOTICE.url not in urls(search.search(store, ["容量补偿"], **EVER))


def test_rows_stored_without_the_hook_are_indexed_on_first_use(store):
    fill(store)
    with store.session() as s, s.begin():
        s.execute(text(f"DELETE FROM {search.TABLE}"))
    assert search.search(store, ["容量补偿"], **EVER) == []
    assert search.ensure_index(store) == store.article_count()
    assert search.ensure_index(store) == 0          # nothing left: the next run costs one indexed query
    assert NOTICE.url in urls(search.search(store, ["容量补偿"], **EVER))


def test_the_selection_is_the_same_on_every_backend(store):
    fill(store)
    sel = select_day(store, load_line("xinzhi"), DAY)
    assert [(s.angle, {m.article.url for m in s.members}, [a.url for a in s.background]) for s in sel.slots][:4] == [
        ("content", MEMBERS["content"], []), ("scope", MEMBERS["scope"], []),
        ("mechanism", MEMBERS["mechanism"], []), ("context", set(), [PLAN.url, FRAME.url])]


def test_words_are_jiebas_lowercased_without_punctuation():
    words = search.words("新型储能，参与Electricity市场！")
    assert "electricity" in words and "市场" in words and not any(w in words for w in ("，", "！"))
