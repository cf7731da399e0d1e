"""Repository over the SQLAlchemy tables; the rest of ribao talks to the store only here."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Sequence

from sqlalchemy import delete, func, make_url, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ribao.capture.bodies import Headers
from ribao.errors import RibaoError, StoreError
from ribao.text import document_name
from ribao.models import Article, Attachment, Bulletin
from ribao.store import search
from ribao.store.db import current_revision, head_revision, make_engine, migrate, store_error
from ribao.store.schema import ArticleRow, BulletinRow, CaptureRow, ExtractErrorRow, StoryOverrideRow, StoryRow
from ribao.store.schema import SourceHealthRow
from ribao.timeutil import CST


@dataclass(frozen=True)
class NewCapture:
    url: str
    fetched_at: datetime
    status: int
    content_type: str
    headers: Headers
    warc_file: str
    warc_offset: int
    warc_length: int
    payload_sha256: str
    kind: str = "page"


@dataclass(frozen=True)
class StoredArticle:
    """An article as kept in the store: the extracted fields plus its identity and capture."""

    id: int
    capture_id: int
    fetched_at: datetime
    article: Article


@dataclass(frozen=True)
class ChosenStory:
    date: str
    story_key: str
    headline: str
    theme: str
    article_urls: list[str]


def body_hash(body: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()


class Store:
    """The database of one home. Opening migrates it to the newest schema (``readonly``: checks
    it is there instead, for a read-only home); any failure to open is a ``StoreError``."""

    def __init__(self, url: str, *, engine: Engine | None = None, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self.engine = None
        try:
            self.engine = engine or make_engine(url, readonly=readonly)
            if readonly:
                self._check_revision()
            else:
                migrate(self.engine)
        except BaseException as e:
            if self.engine is not None and engine is None:
                self.engine.dispose()   # a failed open keeps no connection (nor a deleted file's space)
            if isinstance(e, (SQLAlchemyError, OSError)):
                raise store_error(e, f"cannot open the database {_shown(url)}") from None
            raise

    def _check_revision(self) -> None:
        with self.engine.connect() as conn:
            have, want = current_revision(conn), head_revision()
        if have != want:
            raise StoreError(f"the database {_shown(self.url)} is at schema {have or 'none'} and this ribao needs "
                             f"{want}; it is read-only here, so open it once where it can be written")

    def close(self) -> None:
        self.engine.dispose()

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # captures -----------------------------------------------------------------
    def has_capture(self, s: Session, url: str, payload_sha256: str) -> bool:
        q = select(CaptureRow.id).where(CaptureRow.url == url, CaptureRow.payload_sha256 == payload_sha256)
        return s.execute(q).first() is not None

    def add_capture(self, s: Session, c: NewCapture) -> CaptureRow:
        row = CaptureRow(url=c.url, fetched_at=c.fetched_at, status=c.status, content_type=c.content_type,
                         headers=[list(h) for h in Headers.of(c.headers)], warc_file=c.warc_file, warc_offset=c.warc_offset,
                         warc_length=c.warc_length, payload_sha256=c.payload_sha256, kind=c.kind)
        s.add(row)
        s.flush()
        return row

    def capture_count(self) -> int:
        with self.session() as s:
            return s.execute(select(func.count()).select_from(CaptureRow)).scalar_one()

    # articles -----------------------------------------------------------------
    def upsert_article(self, s: Session, capture: CaptureRow, a: Article) -> ArticleRow:
        """Keep one article per URL; a newer capture of the same URL updates it."""
        row = s.execute(select(ArticleRow).where(ArticleRow.url == a.url)).scalar_one_or_none()
        if row is not None and row.fetched_at >= capture.fetched_at:
            return row
        if row is None:
            row = ArticleRow(url=a.url)
            s.add(row)
        row.capture_id = capture.id
        row.fetched_at = capture.fetched_at
        for f in ("title", "published", "published_precision", "publisher", "site", "site_name", "column",
                  "author", "doc_no", "doc_type", "language", "canonical_url"):
            setattr(row, f, getattr(a, f))
        row.body = list(a.body)
        row.attachments = [x.model_dump() for x in a.attachments]
        row.body_sha256 = body_hash(a.body)
        row.doc_name = document_name(a.title)
        s.flush()
        search.index_article(s, row.id, a)
        return row

    def record_error(self, s: Session, capture: CaptureRow, error: str) -> None:
        s.add(ExtractErrorRow(capture_id=capture.id, url=capture.url, error=error[:2000]))

    def articles(self, *, published_from: datetime | None = None, published_before: datetime | None = None,
                 fetched_by: datetime | None = None) -> list[StoredArticle]:
        q = select(ArticleRow)
        if published_from is not None:
            q = q.where(ArticleRow.published >= published_from)
        if published_before is not None:
            q = q.where(ArticleRow.published < published_before)
        if fetched_by is not None:
            q = q.where(ArticleRow.fetched_at <= fetched_by)
        with self.session() as s:
            return [_stored(r) for r in s.execute(q.order_by(ArticleRow.published, ArticleRow.id)).scalars()]

    def articles_by_url(self, urls: Iterable[str]) -> dict[str, StoredArticle]:
        wanted = list(dict.fromkeys(urls))
        out: dict[str, StoredArticle] = {}
        with self.session() as s:
            for i in range(0, len(wanted), 500):
                q = select(ArticleRow).where(ArticleRow.url.in_(wanted[i:i + 500]))
                out.update({r.url: _stored(r) for r in s.execute(q).scalars()})
        return out

    def articles_named(self, names: Iterable[str], doc_nos: Iterable[str], *, published_before: datetime,
                       fetched_by: datetime) -> list[StoredArticle]:
        """Earlier documents named by 《title》 or 文号 — index lookups, so the archive's size does not matter."""
        names, nos = [n for n in set(names) if n], [n for n in set(doc_nos) if n]
        if not names and not nos:
            return []
        cond = []
        if names:
            cond.append(ArticleRow.doc_name.in_(names))
        if nos:
            cond.append(ArticleRow.doc_no.in_(nos))
        q = select(ArticleRow).where(or_(*cond), ArticleRow.published < published_before,
                                     ArticleRow.fetched_at <= fetched_by).order_by(ArticleRow.published)
        with self.session() as s:
            return [_stored(r) for r in s.execute(q).scalars()]

    def set_override(self, line: str, date: str, story_key: str, action: str | None) -> None:
        """Include or exclude a story in one bulletin (action None clears the decision)."""
        if action not in (None, "include", "exclude"):
            raise ValueError(f"override action must be include or exclude, not {action!r}")
        with self.session() as s, s.begin():
            s.execute(delete(StoryOverrideRow).where(StoryOverrideRow.line == line, StoryOverrideRow.date == date,
                                                     StoryOverrideRow.story_key == story_key))
            if action:
                s.add(StoryOverrideRow(line=line, date=date, story_key=story_key, action=action,
                                       created_at=datetime.now(timezone.utc)))

    def overrides(self, line: str, date: str) -> dict[str, str]:
        q = select(StoryOverrideRow).where(StoryOverrideRow.line == line, StoryOverrideRow.date == date)
        with self.session() as s:
            return {r.story_key: r.action for r in s.execute(q).scalars()}

    def article_count(self) -> int:
        with self.session() as s:
            return s.execute(select(func.count()).select_from(ArticleRow)).scalar_one()

    # bulletins ----------------------------------------------------------------
    def save_bulletin(self, b: Bulletin, stories: Iterable[ChosenStory]) -> int:
        """Replace the bulletin for (line, date) and remember which stories it covered."""
        with self.session() as s, s.begin():
            old = s.execute(select(BulletinRow).where(BulletinRow.line == b.line,
                                                      BulletinRow.date == b.date.isoformat())).scalar_one_or_none()
            if old is not None:
                s.execute(delete(StoryRow).where(StoryRow.bulletin_id == old.id))
                s.delete(old)
                s.flush()
            row = BulletinRow(line=b.line, date=b.date.isoformat(), created_at=datetime.now(timezone.utc),
                              writer=b.writer.kind, document=b.model_dump(mode="json"))
            s.add(row)
            s.flush()
            for st in stories:
                s.add(StoryRow(bulletin_id=row.id, line=b.line, date=b.date.isoformat(), story_key=st.story_key,
                               headline=st.headline, theme=st.theme, article_urls=list(st.article_urls)))
            return row.id

    def chosen_stories_before(self, line: str, date: str, *, days: int | None = None) -> list[ChosenStory]:
        q = select(StoryRow).where(StoryRow.line == line, StoryRow.date < date).order_by(StoryRow.date)
        with self.session() as s:
            return [ChosenStory(date=r.date, story_key=r.story_key, headline=r.headline, theme=r.theme,
                                article_urls=list(r.article_urls)) for r in s.execute(q).scalars()]

    def bulletin(self, line: str, date: str) -> Bulletin | None:
        with self.session() as s:
            row = s.execute(select(BulletinRow).where(BulletinRow.line == line, BulletinRow.date == date)).scalar_one_or_none()
            return Bulletin.model_validate(row.document) if row else None

    # crawl --------------------------------------------------------------------
    KNOWN_STATUSES = (200, 301, 302, 303, 307, 308)

    def known_urls(self, s: Session, urls: Iterable[str]) -> set[str]:
        """The URLs already captured with a 200 or a redirect: an article page is fetched only once."""
        todo = list(dict.fromkeys(urls))
        out: set[str] = set()
        for i in range(0, len(todo), 500):
            q = select(CaptureRow.url).where(CaptureRow.url.in_(todo[i:i + 500]),
                                             CaptureRow.status.in_(self.KNOWN_STATUSES))
            out.update(s.execute(q).scalars())
        return out

    def latest_capture(self, s: Session, url: str) -> CaptureRow | None:
        """The URL's most recent 200 capture (a list page's validators and its last body)."""
        q = (select(CaptureRow).where(CaptureRow.url == url, CaptureRow.status == 200)
             .order_by(CaptureRow.fetched_at.desc(), CaptureRow.id.desc()).limit(1))
        return s.execute(q).scalar_one_or_none()

    def record_source_run(self, s: Session, source_id: str, *, at: datetime, ok: bool, error: str,
                          yields: dict[str, int], counts: dict[str, int]) -> SourceHealthRow:
        """Fold one crawl of a source into its health. A list page that used to yield items and now
        yields none sets ``structure_changed`` until it yields again (its last good yield is kept)."""
        row = s.get(SourceHealthRow, source_id)
        if row is None:
            row = SourceHealthRow(source_id=source_id, consecutive_failures=0, structure_changed=False,
                                  last_error="", list_yields={}, last_counts={})
            s.add(row)
        row.last_attempt = at
        if ok:
            row.last_success = at
            row.consecutive_failures = 0
        else:
            row.consecutive_failures = (row.consecutive_failures or 0) + 1
        row.last_error = error[:2000]
        before = dict(row.list_yields or {})
        row.structure_changed = any(n == 0 and before.get(url, 0) > 0 for url, n in yields.items())
        row.list_yields = {**before, **{url: n for url, n in yields.items() if n > 0 or url not in before}}
        row.last_counts = dict(counts)
        s.flush()
        return row

    def source_health(self) -> dict[str, SourceHealthRow]:
        with self.session() as s:
            return {r.source_id: r for r in s.execute(select(SourceHealthRow)).scalars()}


def _shown(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return url.split("@")[-1]


def _stored(r: ArticleRow) -> StoredArticle:
    a = Article(url=r.url, title=r.title, published=r.published.astimezone(CST) if r.published else None,
                published_precision=r.published_precision, publisher=r.publisher, site=r.site,
                site_name=r.site_name, column=r.column, author=r.author, doc_no=r.doc_no, doc_type=r.doc_type,
                language=r.language, canonical_url=r.canonical_url, body=list(r.body or []),
                attachments=[Attachment(**x) for x in (r.attachments or [])])
    return StoredArticle(id=r.id, capture_id=r.capture_id, fetched_at=r.fetched_at, article=a)
