"""An agency's annual report on its way to publication: the editable draft and its locked versions.

The draft holds what people write (the narrative sections) and where the report stands
(draft → submitted → returned / accepted → published). Each submission, return, acceptance and
publication appends a version that freezes the whole canonical report as it was: submitted and
accepted versions can never change, and the published one is what the public archive serves.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gongkai.workbench.orm.base import AppendOnly, Base, Mutable, enum_column, now
from gongkai.workbench.orm.people import Agency


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ReportStatus.DRAFT: "草稿",
    ReportStatus.SUBMITTED: "已报送",
    ReportStatus.RETURNED: "已退回修改",
    ReportStatus.ACCEPTED: "已审核通过",
    ReportStatus.PUBLISHED: "已发布",
}


class ReportDraft(Mutable, Base):
    __tablename__ = "report_drafts"
    __table_args__ = (
        UniqueConstraint("agency_id", "year"),
        # The 督导 board reads a year of every agency without touching the narratives.
        Index("ix_report_drafts_year", "year", "agency_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int]
    narrative: Mapped[dict[str, Any]] = mapped_column(default=dict)  # section key -> text
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus, "report_status"))
    agency: Mapped[Agency] = relationship()
    versions: Mapped[list[ReportVersion]] = relationship(
        order_by=lambda: ReportVersion.seq, back_populates="draft"
    )


class ReportVersion(AppendOnly, Base):
    """One step of the submission workflow with the report frozen as it stood (canonical JSON)."""

    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("draft_id", "seq"),
        # When each report was published, without reading the frozen reports.
        Index("ix_report_versions_status", "status", "draft_id", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("report_drafts.id"))
    seq: Mapped[int]
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus, "report_status"))
    report: Mapped[dict[str, Any]]
    comment: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=now)
    draft: Mapped[ReportDraft] = relationship(back_populates="versions")
