"""The append-only audit log: who changed what, when, with the row before and after."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from gongkai.workbench.orm.base import AppendOnly, Base, enum_column, now
from gongkai.workbench.orm.people import User


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    RESTORE = "restore"


class AuditEntry(AppendOnly, Base):
    """One change: who, when, what, the row before and after. Rows are only ever inserted."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ix_audit_log_agency", "agency_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: system
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int]
    # The agency whose record changed (not the actor's, who may move or supervise others):
    # what an agency administrator's view of the log is limited to. None: system-wide records.
    # No foreign key: SQLite cannot add one to a table without copying it, and copying would
    # drop the append-only triggers; the log only ever names agencies that exist.
    agency_id: Mapped[int | None]
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


def record(  # noqa: PLR0917 (one positional argument per audit column reads best)
    session: Session,
    actor: User | None,
    entity: str,
    entity_id: int,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: datetime | None = None,
    agency_id: int | None = None,
) -> AuditEntry:
    """Append one audit entry in the caller's transaction (None as actor means the system).

    The record's agency is taken from the row's `agency_id` (or the agency itself) unless given."""
    if agency_id is None:
        row = after or before or {}
        agency_id = entity_id if entity == "agency" else row.get("agency_id")
    entry = AuditEntry(
        at=at if at is not None else now(),
        actor_id=actor.id if actor is not None else None,
        entity=entity,
        entity_id=entity_id,
        agency_id=agency_id if isinstance(agency_id, int) else None,
        action=action,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry
