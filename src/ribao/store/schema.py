"""SQLAlchemy tables. Changes go through an Alembic migration in ``store/migrations``."""
from __future__ import annotations

from datetime import datetime

from datetime import timezone

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """Aware datetimes stored as UTC: SQLite keeps no offset, so we normalise on the way in."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused by the store")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class CaptureRow(Base):
    """One HTTP response as archived in a WARC file (the record of what was seen)."""

    __tablename__ = "captures"
    __table_args__ = (UniqueConstraint("url", "payload_sha256", name="uq_capture_url_payload"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    headers: Mapped[list] = mapped_column(JSON, default=list)
    warc_file: Mapped[str] = mapped_column(Text)
    warc_offset: Mapped[int] = mapped_column(Integer)
    warc_length: Mapped[int] = mapped_column(Integer)
    payload_sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20), default="page")


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True, nullable=True)
    published_precision: Mapped[str] = mapped_column(String(10), default="minute")
    publisher: Mapped[str] = mapped_column(Text, default="")
    site: Mapped[str] = mapped_column(String(60), default="")
    site_name: Mapped[str] = mapped_column(Text, default="")
    column: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    doc_no: Mapped[str] = mapped_column(Text, default="")
    doc_type: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(10), default="zh")
    canonical_url: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[list] = mapped_column(JSON, default=list)
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    body_sha256: Mapped[str] = mapped_column(String(64), index=True, default="")
    doc_name: Mapped[str] = mapped_column(String(300), index=True, default="")   # see analyze.text.document_name


class ExtractErrorRow(Base):
    """A page that could not be turned into an article: kept so nothing is silently lost."""

    __tablename__ = "extract_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"), unique=True)
    url: Mapped[str] = mapped_column(Text)
    error: Mapped[str] = mapped_column(Text)


class BulletinRow(Base):
    __tablename__ = "bulletins"
    __table_args__ = (UniqueConstraint("line", "date", name="uq_bulletin_line_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[str] = mapped_column(String(60))
    date: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    writer: Mapped[str] = mapped_column(String(40))
    document: Mapped[dict] = mapped_column(JSON)


class StoryRow(Base):
    """A story chosen for a bulletin, with the articles it covered (for linking later days)."""

    __tablename__ = "stories"
    __table_args__ = (Index("ix_story_line_date", "line", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    line: Mapped[str] = mapped_column(String(60))
    date: Mapped[str] = mapped_column(String(10))
    story_key: Mapped[str] = mapped_column(String(80))
    headline: Mapped[str] = mapped_column(Text)
    theme: Mapped[str] = mapped_column(String(60), default="")
    score: Mapped[float] = mapped_column(default=0.0)
    article_urls: Mapped[list] = mapped_column(JSON, default=list)


class SourceHealthRow(Base):
    """How a source's last crawls went: what ``ribao sources check`` shows and monitoring reads."""

    __tablename__ = "source_health"

    source_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    last_attempt: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_success: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    structure_changed: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str] = mapped_column(Text, default="")
    list_yields: Mapped[dict] = mapped_column(JSON, default=dict)   # list URL → items it held when last read
    last_counts: Mapped[dict] = mapped_column(JSON, default=dict)   # fetched/new/not_modified/errors of the last run


class StoryOverrideRow(Base):
    """An editor's decision on a story for one bulletin: include or exclude, honoured by build."""

    __tablename__ = "story_overrides"
    __table_args__ = (UniqueConstraint("line", "date", "story_key", name="uq_override_line_date_story"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[str] = mapped_column(String(60))
    date: Mapped[str] = mapped_column(String(10))
    story_key: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(10))   # include | exclude
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ListLinkRow(Base):
    """Which list endpoint showed an article link, and under which column: the crawler's record of
    provenance, which names an article's column where its URL cannot (NEA, gov.cn feeds, NDA)."""

    __tablename__ = "list_links"
    __table_args__ = (UniqueConstraint("endpoint", "article_url", name="uq_list_link_endpoint_article"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_url: Mapped[str] = mapped_column(Text, index=True)
    source_id: Mapped[str] = mapped_column(String(60))
    endpoint: Mapped[str] = mapped_column(Text)          # the catalog endpoint's URL (its key)
    list_url: Mapped[str] = mapped_column(Text)          # the page or feed the link was read from
    column: Mapped[str] = mapped_column(Text, default="")
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class EndpointFeedRow(Base):
    """A feed URL found on an endpoint's column page because the catalog's was gone or missing."""

    __tablename__ = "endpoint_feeds"

    endpoint: Mapped[str] = mapped_column(Text, primary_key=True)
    source_id: Mapped[str] = mapped_column(String(60))
    feed_url: Mapped[str] = mapped_column(Text)
    page_url: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SourceBlockRow(Base):
    """A source's site refused the crawler in its last run (a WAF status or a challenge page)."""

    __tablename__ = "source_blocks"

    source_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    advice: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


# ``article_search`` (migration 0006) is the archive's full-text index: an FTS5 virtual table on
# SQLite, a tsvector table with a GIN index on PostgreSQL. It is dialect-specific, so it has no
# ORM class here; ``ribao.store.search`` reads and writes it.


class RunStageRow(Base):
    """A stage of one day's run that completed (a checkpoint): a rerun starts after the last one."""

    __tablename__ = "run_stages"
    __table_args__ = (UniqueConstraint("line", "date", "stage", name="uq_run_stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[str] = mapped_column(String(60))
    date: Mapped[str] = mapped_column(String(10))
    stage: Mapped[str] = mapped_column(String(20))
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)   # the stage's report when it completed


class RunReportRow(Base):
    """One invocation of the daily run (manual, scheduled or resumed by an approval) and its report."""

    __tablename__ = "run_reports"
    __table_args__ = (Index("ix_run_report_line_date", "line", "date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[str] = mapped_column(String(60))
    date: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(20), default="manual")
    options: Mapped[dict] = mapped_column(JSON, default=dict)   # what the run was asked to do (resumed as asked)
    report: Mapped[dict] = mapped_column(JSON, default=dict)


class DeliveryRow(Base):
    """One message of a bulletin to one channel: planned, then sent exactly once (the delivery log)."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("line", "date", "channel", "part", name="uq_delivery_part"),
                      Index("ix_delivery_channel_sent", "channel", "sent_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[str] = mapped_column(String(60))
    date: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(80))
    part: Mapped[int] = mapped_column(Integer)
    parts: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))               # message | file
    bulletin_sha: Mapped[str] = mapped_column(String(64))       # the bulletin version the payload was made from
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))             # planned | sending | sent | failed | unconfirmed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text, default="")
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
