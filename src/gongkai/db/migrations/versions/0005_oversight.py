"""Oversight: agency aliases, published report files, verdicts on findings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 00:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _mutable() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "agency_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        *_mutable(),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_agency_aliases_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_aliases")),
        sa.UniqueConstraint("alias", name=op.f("uq_agency_aliases_alias")),
    )
    with op.batch_alter_table("agency_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agency_aliases_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "finding_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("finding_key", sa.String(length=300), nullable=False),
        sa.Column("rule", sa.String(length=8), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum(
                "confirmed",
                "dismissed",
                name="finding_verdict",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        *_mutable(),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_finding_verdicts_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_finding_verdicts_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_verdicts")),
        sa.UniqueConstraint(
            "agency_id", "year", "finding_key", name=op.f("uq_finding_verdicts_agency_id")
        ),
    )

    op.create_table(
        "published_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        *_mutable(),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_published_files_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_published_files_imported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_published_files")),
    )
    with op.batch_alter_table("published_files", schema=None) as batch_op:
        batch_op.create_index("ix_published_files_agency_year", ["agency_id", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("published_files", schema=None) as batch_op:
        batch_op.drop_index("ix_published_files_agency_year")
    op.drop_table("published_files")
    op.drop_table("finding_verdicts")
    with op.batch_alter_table("agency_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_aliases_agency_id"))
    op.drop_table("agency_aliases")
