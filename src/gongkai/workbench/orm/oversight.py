"""What a supervising office keeps beside the workflow: other names of its agencies, published
report files of agencies not on the workbench, and its verdicts on the checker's findings."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gongkai.workbench.orm.base import Base, Mutable, enum_column, now
from gongkai.workbench.orm.people import Agency


class AgencyAlias(Mutable, Base):
    """Another name an agency's reports are published under (a short name, the name before a
    merger): `alias` is stored without spaces, so "临江县 教育局" and "临江县教育局" are one."""

    __tablename__ = "agency_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    agency: Mapped[Agency] = relationship()


class PublishedFile(Mutable, Base):
    """A published report that reached the office as a file, read and checked on arrival; a
    newer file for the same agency-year archives the older one (both stay in the audit log)."""

    __tablename__ = "published_files"
    __table_args__ = (
        Index("ix_published_files_agency_year", "agency_id", "year"),
        # The board's year of every agency, covered: the stored reports are large.
        Index("ix_published_files_year", "year", "archived_at", "agency_id", "published_on"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    report: Mapped[dict[str, Any]]  # canonical JSON
    findings: Mapped[list[dict[str, Any]]]  # the checker's and the reader's, as JSON
    published_on: Mapped[date | None]
    imported_at: Mapped[datetime] = mapped_column(default=now)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Verdict(enum.StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"

    @property
    def label(self) -> str:
        return "确认问题" if self is Verdict.CONFIRMED else "排除（非问题）"


class FindingVerdict(Mutable, Base):
    """The office's word on one finding of one agency-year: confirmed (the agency must correct
    it) or dismissed with a reason. `finding_key` names the finding across re-checks: the rule
    and the cells it points at."""

    __tablename__ = "finding_verdicts"
    __table_args__ = (UniqueConstraint("agency_id", "year", "finding_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int]
    finding_key: Mapped[str] = mapped_column(String(300))
    rule: Mapped[str] = mapped_column(String(8))
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict, "finding_verdict"))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=now)
