"""articles.doc_name (indexed document name for background lookups); story_overrides

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 21:15:00
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_ISSUES = re.compile(r"关于印发《(.+)》的(?:通知|通告)$")


def _document_name(title: str) -> str:
    """``ribao.text.document_name`` as it was when this revision was written: frozen here, so what
    the migration writes does not change when the live function does."""
    t = re.sub(r"\s+", "", title or "")
    m = _ISSUES.search(t)
    if m:
        return m.group(1)[:300]
    k = t.find("关于")
    return t[k:][:300] if k >= 0 else ""


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("doc_name", sa.String(length=300), nullable=False, server_default=""))
        batch_op.create_index("ix_articles_doc_name", ["doc_name"], unique=False)

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, title FROM articles")).fetchall()
    for row_id, title in rows:
        name = _document_name(title or "")
        if name:
            conn.execute(sa.text("UPDATE articles SET doc_name = :n WHERE id = :i"), {"n": name, "i": row_id})
    op.create_table(
        "story_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line", sa.String(length=60), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("story_key", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("line", "date", "story_key", name="uq_override_line_date_story"),
    )


def downgrade() -> None:
    op.drop_table("story_overrides")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_doc_name")
        batch_op.drop_column("doc_name")
