"""主动公开 in storage: documents with their review trail, the 规章/规范性文件 register and the
yearly figures of table 二 that come from other systems."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gongkai.workbench.orm.base import AppendOnly, Base, Mutable, enum_column, now, string_enum
from gongkai.workbench.publishing import CATEGORIES, Attribute, DocKind, FigureItem, Status, Step


class Publication(Mutable, Base):
    """A document to be published proactively, from draft to release (or revocation)."""

    __tablename__ = "publications"
    __table_args__ = (
        UniqueConstraint("agency_id", "index_no"),
        Index("ix_publications_status", "agency_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    index_no: Mapped[str] = mapped_column(String(64))  # 索引号
    title: Mapped[str] = mapped_column(String(300))  # 名称
    summary: Mapped[str] = mapped_column(Text, default="")  # 内容概述
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(string_enum(tuple(CATEGORIES), "publication_category"))
    attribute: Mapped[Attribute] = mapped_column(enum_column(Attribute, "publication_attribute"))
    withheld_reason: Mapped[str | None] = mapped_column(Text)
    formed_on: Mapped[date]  # 生成日期: formed or changed; the 20-working-day duty runs from here
    due_on: Mapped[date | None]
    due_provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[Status] = mapped_column(enum_column(Status, "publication_status"))
    published_on: Mapped[date | None]
    screen: Mapped[list[dict[str, Any]]] = mapped_column(default=list)  # personal-data hits
    screen_cleared: Mapped[bool] = mapped_column(Boolean, default=False)
    secrecy_reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviews: Mapped[list[PublicationReview]] = relationship(
        order_by=lambda: PublicationReview.seq, back_populates="publication"
    )


class PublicationReview(AppendOnly, Base):
    """One step of a document's review trail: who, when, what, why."""

    __tablename__ = "publication_reviews"
    __table_args__ = (UniqueConstraint("publication_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id"))
    seq: Mapped[int]
    step: Mapped[Step] = mapped_column(enum_column(Step, "review_step"))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=now)
    publication: Mapped[Publication] = relationship(back_populates="reviews")


class RegisteredDocument(Mutable, Base):
    """A 规章 or 行政规范性文件 in the agency's register: issued, and abolished when it is."""

    __tablename__ = "registered_documents"
    __table_args__ = (Index("ix_registered_documents_agency", "agency_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[DocKind] = mapped_column(enum_column(DocKind, "document_kind"))
    title: Mapped[str] = mapped_column(String(300))
    doc_number: Mapped[str | None] = mapped_column(String(100))  # 文号
    issued_on: Mapped[date]
    abolished_on: Mapped[date | None]
    publication_id: Mapped[int | None] = mapped_column(ForeignKey("publications.id"))


class YearlyFigure(Mutable, Base):
    """A table-二 figure kept by another system (许可, 处罚, 强制 decisions; fee income in 万元)."""

    __tablename__ = "yearly_figures"
    __table_args__ = (UniqueConstraint("agency_id", "year", "item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    year: Mapped[int]
    item: Mapped[FigureItem] = mapped_column(enum_column(FigureItem, "figure_item"))
    value: Mapped[Decimal] = mapped_column(Numeric(16, 4))
    source: Mapped[str] = mapped_column(String(300))  # where the figure comes from
