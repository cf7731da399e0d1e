"""run checkpoints (run_stages), run reports, the delivery log

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 18:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line", sa.String(length=60), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("line", "date", "stage", name="uq_run_stage"),
    )
    op.create_table(
        "run_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line", sa.String(length=60), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_report_line_date", "run_reports", ["line", "date"])
    op.create_index("ix_run_reports_started_at", "run_reports", ["started_at"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line", sa.String(length=60), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("parts", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("bulletin_sha", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("line", "date", "channel", "part", name="uq_delivery_part"),
    )
    op.create_index("ix_delivery_channel_sent", "deliveries", ["channel", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_delivery_channel_sent", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_run_reports_started_at", table_name="run_reports")
    op.drop_index("ix_run_report_line_date", table_name="run_reports")
    op.drop_table("run_reports")
    op.drop_table("run_stages")
