"""listings: list → article links (column from provenance), rediscovered feeds, blocked sources

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-01 18:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(length=60), nullable=False),
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("list_url", sa.Text(), nullable=False),
        sa.Column("column", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("endpoint", "article_url", name="uq_list_link_endpoint_article"),
    )
    op.create_index("ix_list_links_article_url", "list_links", ["article_url"])
    op.create_table(
        "endpoint_feeds",
        sa.Column("endpoint", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(length=60), nullable=False),
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("page_url", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("endpoint"),
    )
    op.create_table(
        "source_blocks",
        sa.Column("source_id", sa.String(length=60), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("advice", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id"),
    )


def downgrade() -> None:
    op.drop_table("source_blocks")
    op.drop_table("endpoint_feeds")
    op.drop_index("ix_list_links_article_url", table_name="list_links")
    op.drop_table("list_links")
