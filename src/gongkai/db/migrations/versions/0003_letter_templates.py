"""Letter templates an administrator edited, per agency or system-wide.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "letter_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "acceptance",
                "correction",
                "extension",
                "consultation",
                "fee",
                "reply",
                "closing",
                name="letter_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_letter_templates_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_letter_templates_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_templates")),
        sa.UniqueConstraint("agency_id", "kind", name=op.f("uq_letter_templates_agency_id")),
    )
    # NULLs are distinct in the constraint above: one system-wide row per kind needs its own index.
    op.create_index(
        "uq_letter_templates_system_kind",
        "letter_templates",
        ["kind"],
        unique=True,
        sqlite_where=sa.text("agency_id IS NULL"),
        postgresql_where=sa.text("agency_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("letter_templates")  # drops its indexes with it
