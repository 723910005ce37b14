"""The web workbench: passwords, browser sessions, login attempts, agency guides, report drafts
with their locked versions, and the indexes of the workbench lists.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 20:48:57.975644
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None
OPEN = sa.text("concluded_on IS NULL AND archived_at IS NULL")


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_login_at", ["login", "at"], unique=False)

    op.create_table(
        "report_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("narrative", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "accepted",
                "published",
                name="report_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_report_drafts_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_drafts")),
        sa.UniqueConstraint("agency_id", "year", name=op.f("uq_report_drafts_agency_id")),
    )
    op.create_table(
        "report_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "accepted",
                "published",
                name="report_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_report_versions_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["report_drafts.id"],
            name=op.f("fk_report_versions_draft_id_report_drafts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_versions")),
        sa.UniqueConstraint("draft_id", "seq", name=op.f("uq_report_versions_draft_id")),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("guide", sa.Text(), nullable=True))

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_applications_due", ["agency_id", "state", "due_on", "archived_at"], unique=False
        )
        batch_op.create_index(
            "ix_applications_listing", ["agency_id", "received_on", "id"], unique=False
        )
        batch_op.create_index("ix_applications_recent", ["received_on", "id"], unique=False)
        batch_op.create_index(
            "ix_applications_open_agency",
            ["agency_id", "due_on", "id"],
            unique=False,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )
        batch_op.create_index(
            "ix_applications_open",
            ["due_on", "id"],
            unique=False,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))

    # Plain ALTERs (no batch copy): the append-only triggers of audit_log stay in place.
    op.add_column("audit_log", sa.Column("agency_id", sa.Integer(), nullable=True))
    op.create_index("ix_audit_log_agency", "audit_log", ["agency_id", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_log_agency", table_name="audit_log")
    op.drop_column("audit_log", "agency_id")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_open")
        batch_op.drop_index("ix_applications_open_agency")
        batch_op.drop_index("ix_applications_recent")
        batch_op.drop_index("ix_applications_listing")
        batch_op.drop_index("ix_applications_due")

    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_column("guide")

    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))

    op.drop_table("web_sessions")
    op.drop_table("report_versions")
    op.drop_table("report_drafts")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_login_at")

    op.drop_table("login_attempts")
