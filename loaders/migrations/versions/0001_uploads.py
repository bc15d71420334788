"""Uploaded universes, upload events (rate limit) and store facts.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("members", sa.Text, nullable=False),
        sa.Column("n_members", sa.Integer, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("origin", sa.String(16), nullable=False, server_default="web"),
        sa.Column("created_at", sa.Float(precision=53), nullable=False),
        sa.Column("last_used", sa.Float(precision=53), nullable=False),
    )
    op.create_index("ix_uploads_last_used", "uploads", ["last_used"])
    op.create_table(
        "upload_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.Float(precision=53), nullable=False),
    )
    op.create_index("ix_upload_events_client_at", "upload_events", ["client", "at"])
    op.create_table(
        "store_facts",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_facts")
    op.drop_index("ix_upload_events_client_at", table_name="upload_events")
    op.drop_table("upload_events")
    op.drop_index("ix_uploads_last_used", table_name="uploads")
    op.drop_table("uploads")
