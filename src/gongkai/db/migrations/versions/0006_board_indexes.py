"""Indexes for the 督导 board: a year of every agency's drafts, versions and files, covered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_drafts", schema=None) as batch_op:
        batch_op.create_index("ix_report_drafts_year", ["year", "agency_id", "status"])
    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.create_index("ix_report_versions_status", ["status", "draft_id", "at"])
    with op.batch_alter_table("published_files", schema=None) as batch_op:
        batch_op.create_index(
            "ix_published_files_year", ["year", "archived_at", "agency_id", "published_on"]
        )


def downgrade() -> None:
    with op.batch_alter_table("published_files", schema=None) as batch_op:
        batch_op.drop_index("ix_published_files_year")
    with op.batch_alter_table("report_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_report_versions_status")
    with op.batch_alter_table("report_drafts", schema=None) as batch_op:
        batch_op.drop_index("ix_report_drafts_year")
