"""Full-text search over the stored archive (扩搜): what earlier documents a story belongs with.

The text is segmented with jieba (the same words the analysis uses) and indexed by the
database itself: SQLite FTS5 over the space-separated words (``unicode61`` keeps a CJK run
between spaces as one token), PostgreSQL ``tsvector`` with the ``simple`` configuration and a
GIN index. A query is an index lookup, so its cost follows the number of matches, not the
archive's size. ``index_article`` keeps the index current as articles are upserted;
``ensure_index`` indexes what was stored without it (an archive from before migration 0006,
rows written by other tools), from the highest indexed id on.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Iterable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from ribao.models import Article

TABLE = "article_search"
INDEXED_CHARS = 1200       # title and the body's first characters: where a page names what it is about
_BATCH = 1000


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def words(text_: str) -> list[str]:
    """jieba's words (HMM off: new-word discovery costs ~3x and adds nothing to matching), lowercased,
    punctuation dropped."""
    return [w.lower() for w in _jieba().lcut(text_ or "", HMM=False) if w.isalnum()]


def segment(title: str, body: Sequence[str]) -> str:
    """What the index holds for one article: its title and first ``INDEXED_CHARS`` of body, as words."""
    return " ".join(words(title + "\n" + "\n".join(body)[:INDEXED_CHARS]))


def index_article(s: Session, article_id: int, a: Article) -> None:
    """(Re)index one stored article inside the caller's transaction."""
    _write(s, [(article_id, segment(a.title, a.body))])


def _write(s: Session, rows: list[tuple[int, str]]) -> None:
    if not rows:
        return
    params = [{"id": i, "w": w} for i, w in rows]
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text(f"DELETE FROM {TABLE} WHERE rowid = :id"), params)
        s.execute(text(f"INSERT INTO {TABLE} (rowid, words) VALUES (:id, :w)"), params)
    else:
        s.execute(text(f"INSERT INTO {TABLE} (article_id, tsv) VALUES (:id, to_tsvector('simple', :w)) "
                       "ON CONFLICT (article_id) DO UPDATE SET tsv = excluded.tsv"), params)


def _max_indexed(s: Session) -> int:
    col = "rowid" if s.get_bind().dialect.name == "sqlite" else "article_id"
    return s.execute(text(f"SELECT {col} FROM {TABLE} ORDER BY {col} DESC LIMIT 1")).scalar() or 0


def ensure_index(store) -> int:
    """Index stored articles above the highest indexed id (all of them on first use); how many."""
    done = 0
    with store.session() as s:
        last = _max_indexed(s)
        while True:
            rows = s.execute(text("SELECT id, title, body FROM articles WHERE id > :last ORDER BY id LIMIT :n"),
                             {"last": last, "n": _BATCH}).all()
            if not rows:
                break
            _write(s, [(r[0], segment(r[1] or "", _body(r[2]))) for r in rows])
            s.commit()
            last, done = rows[-1][0], done + len(rows)
    return done


def _body(value) -> list[str]:
    if isinstance(value, str):     # JSON column read through a raw query on SQLite
        import json

        return list(json.loads(value or "[]"))
    return list(value or [])


@dataclass(frozen=True)
class Hit:
    url: str
    rank: float     # higher is better


def search(store, terms: Iterable[str], *, published_from: datetime, published_before: datetime,
           fetched_by: datetime, limit: int, newest: bool = False) -> list[Hit]:
    """Articles matching any of ``terms`` within the publish range, best first (bm25 / ts_rank), or
    with ``newest`` the most recently stored first: that stops after ``limit`` matches instead of
    ranking them all, so its cost does not grow with the number of matches. A term is segmented
    as the index is (容量补偿 → 容量, 补偿) and matches an article holding all its words."""
    groups = [g for g in dict.fromkeys(tuple(words(t)) for t in terms) if g]
    if not groups:
        return []
    with store.session() as s:
        if s.get_bind().dialect.name == "sqlite":
            q = " OR ".join("(" + " AND ".join('"' + w.replace('"', '""') + '"' for w in g) + ")" for g in groups)
            sql = text(f"SELECT a.url, {'0' if newest else '-f.rank'} FROM {TABLE} f JOIN articles a ON a.id = f.rowid "
                       f"WHERE {TABLE} MATCH :q AND a.published >= :a AND a.published < :b AND a.fetched_at <= :fb "
                       f"ORDER BY {'f.rowid DESC' if newest else 'f.rank'} LIMIT :k")
            params = {"q": q}
        else:
            tsq = " || ".join(f"plainto_tsquery('simple', :t{i})" for i in range(len(groups)))
            sql = text(f"SELECT a.url, ts_rank(f.tsv, q.q) FROM {TABLE} f JOIN articles a ON a.id = f.article_id, "
                       f"(SELECT {tsq} AS q) q WHERE f.tsv @@ q.q AND a.published >= :a AND a.published < :b "
                       f"AND a.fetched_at <= :fb ORDER BY {'f.article_id DESC' if newest else '2 DESC'} LIMIT :k")
            params = {f"t{i}": " ".join(g) for i, g in enumerate(groups)}
        params.update(a=_utc(published_from, s), b=_utc(published_before, s), fb=_utc(fetched_by, s), k=limit)
        return [Hit(url, float(rank)) for url, rank in s.execute(sql, params).all()]


def titles_between(store, start: datetime, end: datetime, *, fetched_by: datetime) -> list[tuple[str, str]]:
    """(url, title) of the articles published in [start, end), oldest first: an index range on ``published``."""
    sql = text("SELECT url, title FROM articles WHERE published >= :a AND published < :b AND fetched_at <= :fb "
               "ORDER BY published, id")
    with store.session() as s:
        return [(u, t or "") for u, t in s.execute(sql, {"a": _utc(start, s), "b": _utc(end, s),
                                                         "fb": _utc(fetched_by, s)}).all()]


def _utc(when: datetime, s: Session):
    """Raw queries bind what the ORM column type would: UTC, naive on SQLite (see schema.UTCDateTime)."""
    from ribao.store.schema import UTCDateTime

    return UTCDateTime().process_bind_param(when, s.get_bind().dialect)


__all__ = ["Hit", "ensure_index", "index_article", "search", "segment", "titles_between", "words"]
