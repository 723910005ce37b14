"""Letter templates an administrator edited: per agency, or system-wide when `agency_id` is null.

The packaged defaults live as files in `workbench/letter_templates/`; a row here overrides one
kind for one agency (or for every agency without its own). Resetting archives the row, so the
history of every wording that was ever used stays in the table and in the audit log.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from gongkai.workbench.letter_templates import LetterKind
from gongkai.workbench.orm.base import Base, Mutable, enum_column


class LetterTemplate(Mutable, Base):
    __tablename__ = "letter_templates"
    # One row per agency and kind; NULLs are distinct in a unique constraint, so the system-wide
    # rows get a partial unique index of their own.
    __table_args__ = (
        UniqueConstraint("agency_id", "kind"),
        Index(
            "uq_letter_templates_system_kind",
            "kind",
            unique=True,
            sqlite_where=text("agency_id IS NULL"),
            postgresql_where=text("agency_id IS NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))
    kind: Mapped[LetterKind] = mapped_column(enum_column(LetterKind, "letter_kind"))
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
