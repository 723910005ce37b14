"""行政复议 and 行政诉讼 cases about disclosure work, linked to the application they concern."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gongkai.workbench.disputes import CaseKind, CaseOutcome
from gongkai.workbench.orm.base import Base, Mutable, enum_column


class DisputeCase(Mutable, Base):
    __tablename__ = "dispute_cases"
    __table_args__ = (Index("ix_dispute_cases_filed", "agency_id", "filed_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind, "case_kind"))
    case_number: Mapped[str | None] = mapped_column(String(100))  # 案号
    body: Mapped[str | None] = mapped_column(String(200))  # 复议机关 or court
    filed_on: Mapped[date]
    closed_on: Mapped[date | None]
    outcome: Mapped[CaseOutcome | None] = mapped_column(enum_column(CaseOutcome, "case_outcome"))
    note: Mapped[str] = mapped_column(Text, default="")
