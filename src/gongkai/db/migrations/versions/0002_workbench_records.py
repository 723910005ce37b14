"""Applications and their timelines, publications and their review trails, the document
register, yearly figures, 复议/诉讼 cases, the holiday table; append-only guards in the database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:12:43.635735
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("tracking_code", sa.String(length=16), nullable=False),
        sa.Column(
            "applicant_type",
            sa.Enum(
                "natural_person",
                "business",
                "research",
                "public_interest",
                "legal_services",
                "other_org",
                name="applicant_type",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column("applicant_id_kind", sa.String(length=40), nullable=True),
        sa.Column("applicant_id_number", sa.String(length=64), nullable=True),
        sa.Column("applicant_contact", sa.String(length=300), nullable=True),
        sa.Column("applicant_key", sa.String(length=100), nullable=False),
        sa.Column(
            "channel",
            sa.Enum(
                "in_person",
                "post",
                "online",
                "fax",
                "email",
                "other",
                name="channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("receipt_note", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=True),
        sa.Column("delivery", sa.String(length=40), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "received",
                "answered_on_spot",
                "correction_requested",
                "corrected",
                "in_progress",
                "extended",
                "consulting_third_party",
                "consulting_agency",
                "reasons_requested",
                "delay_set",
                "fee_notice",
                "decided",
                "served",
                "closed",
                "closed_no_correction",
                "closed_fee_unpaid",
                "withdrawn",
                name="application_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("report_row", sa.String(length=40), nullable=True),
        sa.Column("concluded_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("fee_amount", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_applications_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("agency_id", "number", name=op.f("uq_applications_agency_id")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_applications_tracking_code")),
    )
    op.create_index(
        "ix_applications_applicant",
        "applications",
        ["agency_id", "applicant_key", "received_on"],
        unique=False,
    )
    op.create_index(
        "ix_applications_concluded",
        "applications",
        ["agency_id", "concluded_on", "report_row", "applicant_type", "archived_at"],
        unique=False,
    )
    op.create_index(
        "ix_applications_received",
        "applications",
        ["agency_id", "received_on", "concluded_on", "applicant_type", "archived_at"],
        unique=False,
    )

    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("index_no", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "art20_01",
                "art20_02",
                "art20_03",
                "art20_04",
                "art20_05",
                "art20_06",
                "art20_07",
                "art20_08",
                "art20_09",
                "art20_10",
                "art20_11",
                "art20_12",
                "art20_13",
                "art20_14",
                "art20_15",
                "art21_city",
                "art21_township",
                name="publication_category",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "attribute",
            sa.Enum(
                "proactive",
                "on_request",
                "withheld",
                name="publication_attribute",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("withheld_reason", sa.Text(), nullable=True),
        sa.Column("formed_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_provisional", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "first_review",
                "second_review",
                "final_review",
                "published",
                "revoked",
                name="publication_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("screen", sa.JSON(), nullable=False),
        sa.Column("screen_cleared", sa.Boolean(), nullable=False),
        sa.Column("secrecy_reviewed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_publications_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
        sa.UniqueConstraint("agency_id", "index_no", name=op.f("uq_publications_agency_id")),
    )
    op.create_index("ix_publications_status", "publications", ["agency_id", "status"], unique=False)

    op.create_table(
        "yearly_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "item",
            sa.Enum(
                "licensing",
                "punishment",
                "enforcement",
                "fees",
                name="figure_item",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Numeric(precision=16, scale=4), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_yearly_figures_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yearly_figures")),
        sa.UniqueConstraint("agency_id", "year", "item", name=op.f("uq_yearly_figures_agency_id")),
    )
    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "register",
                "answer_on_spot",
                "request_correction",
                "receive_correction",
                "correction_expired",
                "extend",
                "start_consultation_third_party",
                "start_consultation_agency",
                "end_consultation",
                "request_reasons",
                "set_delay",
                "issue_fee_notice",
                "fee_paid",
                "fee_expired",
                "decide",
                "serve",
                "withdraw",
                "close",
                name="event_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("working_days", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_application_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
        sa.UniqueConstraint(
            "application_id", "seq", name=op.f("uq_application_events_application_id")
        ),
    )
    op.create_table(
        "dispute_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "reconsideration",
                "litigation_direct",
                "litigation_after_reconsideration",
                name="case_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("case_number", sa.String(length=100), nullable=True),
        sa.Column("body", sa.String(length=200), nullable=True),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "upheld",
                "corrected",
                "other",
                name="case_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_dispute_cases_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_dispute_cases_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_cases")),
    )
    op.create_index(
        "ix_dispute_cases_application_id", "dispute_cases", ["application_id"], unique=False
    )
    op.create_index(
        "ix_dispute_cases_filed", "dispute_cases", ["agency_id", "filed_on"], unique=False
    )

    op.create_table(
        "holiday_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("loaded_by", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["loaded_by"], ["users.id"], name=op.f("fk_holiday_years_loaded_by_users")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_holiday_years")),
    )
    op.create_table(
        "publication_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("publication_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column(
            "step",
            sa.Enum(
                "submit",
                "pass_first",
                "pass_second",
                "secrecy",
                "clear_screen",
                "publish",
                "reject",
                "revoke",
                name="review_step",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_publication_reviews_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_publication_reviews_publication_id_publications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_reviews")),
        sa.UniqueConstraint(
            "publication_id", "seq", name=op.f("uq_publication_reviews_publication_id")
        ),
    )
    op.create_table(
        "registered_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "regulations",
                "normative_documents",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("doc_number", sa.String(length=100), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("abolished_on", sa.Date(), nullable=True),
        sa.Column("publication_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_registered_documents_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["publication_id"],
            ["publications.id"],
            name=op.f("fk_registered_documents_publication_id_publications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registered_documents")),
    )
    op.create_index(
        "ix_registered_documents_agency",
        "registered_documents",
        ["agency_id", "kind"],
        unique=False,
    )
    _append_only_guards()


def downgrade() -> None:
    _drop_append_only_guards()
    for table in (
        "registered_documents",
        "publication_reviews",
        "holiday_years",
        "dispute_cases",
        "application_events",
        "yearly_figures",
        "publications",
        "applications",
    ):
        op.drop_table(table)  # drops the table's indexes and triggers with it


APPEND_ONLY = ("audit_log", "application_events", "publication_reviews")
_MESSAGE = "append-only table: rows may be inserted, never updated or deleted"


def _append_only_guards() -> None:
    """The database itself refuses UPDATE and DELETE on the history tables, whatever the client."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION gongkai_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '%: {_MESSAGE}', TG_TABLE_NAME; END $$"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION gongkai_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table}: {_MESSAGE}'); END"
            )


def _drop_append_only_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute("DROP FUNCTION IF EXISTS gongkai_append_only()")
        return
    for table in APPEND_ONLY:
        for action in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
