"""article_search: the archive's full-text index (SQLite FTS5 / PostgreSQL tsvector + GIN)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 17:40:00

The index is filled on first use (``ribao.store.search.ensure_index``), not here: segmenting
with jieba belongs to the running code, and an archive of a million pages should not hold the
migration for the minutes that takes.
"""
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # words separated by spaces (jieba); detail=column: no positions, the queries are single words
        op.execute("CREATE VIRTUAL TABLE article_search USING fts5(words, tokenize = 'unicode61', detail = 'column')")
    else:
        op.execute("CREATE TABLE article_search (article_id INTEGER PRIMARY KEY REFERENCES articles(id) "
                   "ON DELETE CASCADE, tsv tsvector NOT NULL)")
        op.execute("CREATE INDEX ix_article_search_tsv ON article_search USING gin (tsv)")


def downgrade() -> None:
    op.execute("DROP TABLE article_search")
