"""Regions, agencies, users and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _mutable() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        *_mutable(),
        sa.ForeignKeyConstraint(["parent_id"], ["regions.id"], name="fk_regions_parent_id_regions"),
        sa.PrimaryKeyConstraint("id", name="pk_regions"),
        sa.UniqueConstraint("code", name="uq_regions_code"),
    )
    op.create_index("ix_regions_parent_id", "regions", ["parent_id"])

    op.create_table(
        "agencies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            _enum("agency_kind", "open_gov_office", "government", "department", "township"),
            nullable=False,
        ),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        *_mutable(),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["agencies.id"], name="fk_agencies_parent_id_agencies"
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name="fk_agencies_region_id_regions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agencies"),
    )
    op.create_index("ix_agencies_parent_id", "agencies", ["parent_id"])
    op.create_index("ix_agencies_region_id", "agencies", ["region_id"])

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "role",
            _enum("user_role", "clerk", "reviewer", "agency_admin", "supervisor", "system_admin"),
            nullable=False,
        ),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        *_mutable(),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name="fk_users_agency_id_agencies"),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("login", name="uq_users_login"),
    )
    op.create_index("ix_users_agency_id", "users", ["agency_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            _enum("audit_action", "create", "update", "archive", "restore"),
            nullable=False,
        ),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_audit_log_actor_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_entity", "audit_log", ["entity", "entity_id"])


def downgrade() -> None:
    for table in ("audit_log", "users", "agencies", "regions"):
        op.drop_table(table)  # drops the table's indexes with it
