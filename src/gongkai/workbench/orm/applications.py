"""依申请公开 in storage: the application and its append-only timeline of events.

The application row carries what the timeline adds up to (state, report row, the date it was
concluded, the current due date), kept in step by the service layer, so that the annual
statistics are one grouped query over indexed columns rather than a replay of every history.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gongkai.workbench.intake import APPLICANT_TYPES, Channel
from gongkai.workbench.lifecycle import EventKind, State
from gongkai.workbench.orm.base import AppendOnly, Base, Mutable, enum_column, now, string_enum
from gongkai.workbench.orm.people import Agency

_OPEN = text("concluded_on IS NULL AND archived_at IS NULL")


class Application(Mutable, Base):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("agency_id", "number"),
        # Covering indexes: the annual statistics read only these columns (index-only scans).
        Index(
            "ix_applications_received",
            "agency_id",
            "received_on",
            "concluded_on",
            "applicant_type",
            "archived_at",
        ),
        Index(
            "ix_applications_concluded",
            "agency_id",
            "concluded_on",
            "report_row",
            "applicant_type",
            "archived_at",
        ),
        Index("ix_applications_applicant", "agency_id", "applicant_key", "received_on"),
        # The workbench's lists: open applications by due date (covering the dashboard's counts),
        # one agency's register newest first, and several agencies' registers newest first (a
        # supervising office's list walks this index and stops after one page).
        Index("ix_applications_due", "agency_id", "state", "due_on", "archived_at"),
        Index("ix_applications_listing", "agency_id", "received_on", "id"),
        Index("ix_applications_recent", "received_on", "id"),
        # Open applications only (a few percent of the register): what is due or overdue, in
        # one agency and across many, read in due-date order without sorting.
        Index(
            "ix_applications_open_agency",
            "agency_id",
            "due_on",
            "id",
            sqlite_where=_OPEN,
            postgresql_where=_OPEN,
        ),
        Index("ix_applications_open", "due_on", "id", sqlite_where=_OPEN, postgresql_where=_OPEN),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    number: Mapped[str] = mapped_column(String(32))  # 登记编号, unique within the agency
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)  # 查询码 for the applicant
    # The applicant: a table-三 column, who they are and how to reach them.
    applicant_type: Mapped[str] = mapped_column(string_enum(APPLICANT_TYPES, "applicant_type"))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_kind: Mapped[str | None] = mapped_column(String(40))  # 身份证 / 统一社会信用代码
    applicant_id_number: Mapped[str | None] = mapped_column(String(64))
    applicant_contact: Mapped[str | None] = mapped_column(String(300))
    applicant_key: Mapped[str] = mapped_column(String(100))  # the 按件 fee counter's key
    # How and when it came in.
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "channel"))
    arrived_at: Mapped[datetime]
    received_on: Mapped[date]  # 收到申请之日, 第三十一条
    receipt_note: Mapped[str] = mapped_column(Text, default="")
    # What is asked for.
    content: Mapped[str] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(40))  # 纸质 / 电子 …
    delivery: Mapped[str | None] = mapped_column(String(40))  # 邮寄 / 电子邮件 / 自行领取 …
    # What the timeline adds up to.
    state: Mapped[State] = mapped_column(enum_column(State, "application_state"))
    report_row: Mapped[str | None] = mapped_column(String(40))
    concluded_on: Mapped[date | None]  # 答复 / 办结 date: the year its result is counted in
    due_on: Mapped[date | None]
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    served_on: Mapped[date | None]
    fee_amount: Mapped[int | None]  # 元, once a fee notice went out
    agency: Mapped[Agency] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        order_by=lambda: ApplicationEvent.seq, back_populates="application"
    )


class ApplicationEvent(AppendOnly, Base):
    """One step of an application's procedure, as it happened; never changed afterwards."""

    __tablename__ = "application_events"
    __table_args__ = (UniqueConstraint("application_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    seq: Mapped[int]
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind, "event_kind"))
    on: Mapped[date]  # the legal date of the step
    recorded_at: Mapped[datetime] = mapped_column(default=now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(40))
    working_days: Mapped[int | None]
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    application: Mapped[Application] = relationship(back_populates="events")
