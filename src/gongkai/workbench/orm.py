"""SQLAlchemy mapped classes of the workbench: the only workbench module importing sqlalchemy.orm.

Tables so far: regions and agencies (two hierarchies), users with one role each, and the
append-only audit log. Applications and their events come later. Nothing is ever hard-deleted:
mutable rows carry `archived_at`, and a session refuses `delete()` of any mapped row. Mutable
rows carry `version`, which SQLAlchemy checks and bumps on every UPDATE (optimistic locking).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, ForeignKey, Index, MetaData, String, event, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
)
from sqlalchemy.sql import Select

from gongkai.errors import GongkaiError

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
    }


class AgencyKind(enum.StrEnum):
    OPEN_GOV_OFFICE = "open_gov_office"
    GOVERNMENT = "government"
    DEPARTMENT = "department"
    TOWNSHIP = "township"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AgencyKind.OPEN_GOV_OFFICE: "政务公开办",
    AgencyKind.GOVERNMENT: "人民政府",
    AgencyKind.DEPARTMENT: "部门",
    AgencyKind.TOWNSHIP: "乡镇街道",
}


class Role(enum.StrEnum):
    CLERK = "clerk"
    REVIEWER = "reviewer"
    AGENCY_ADMIN = "agency_admin"
    SUPERVISOR = "supervisor"
    SYSTEM_ADMIN = "system_admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.CLERK: "经办人",
    Role.REVIEWER: "审核人",
    Role.AGENCY_ADMIN: "机关管理员",
    Role.SUPERVISOR: "政务公开办查看人",
    Role.SYSTEM_ADMIN: "系统管理员",
}


class AuditAction(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    RESTORE = "restore"


def _enum(cls: type[enum.StrEnum], name: str) -> Enum:
    # VARCHAR plus a CHECK constraint: the same on SQLite and PostgreSQL, no native type to manage.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def _now() -> datetime:
    return datetime.now(UTC)


class Mutable:
    """Columns every mutable table has: optimistic-locking version, timestamps, soft delete."""

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)


class Region(Mutable, Base):
    """An administrative division (省/市/县/乡), nested by `parent_id`."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # 行政区划代码
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    parent: Mapped[Region | None] = relationship(remote_side=lambda: [Region.id])
    __mapper_args__ = {"version_id_col": Mutable.version}  # noqa: RUF012


class Agency(Mutable, Base):
    """An agency in a region; `parent_id` points to the office that supervises it."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(_enum(AgencyKind, "agency_kind"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    region: Mapped[Region] = relationship()
    parent: Mapped[Agency | None] = relationship(remote_side=lambda: [Agency.id])
    __mapper_args__ = {"version_id_col": Mutable.version}  # noqa: RUF012


class User(Mutable, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(_enum(Role, "user_role"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    agency: Mapped[Agency] = relationship()
    __mapper_args__ = {"version_id_col": Mutable.version}  # noqa: RUF012


class AuditEntry(Base):
    """One change: who, when, what, the row before and after. Rows are only ever inserted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: system
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int]
    action: Mapped[AuditAction] = mapped_column(_enum(AuditAction, "audit_action"))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]


class HardDeleteError(GongkaiError):
    """A mapped row was deleted or an audit entry changed: the model keeps history."""


@event.listens_for(Session, "before_flush")
def _keep_history(session: Session, _context: object, _instances: object) -> None:
    if session.deleted:
        names = sorted({type(o).__name__ for o in session.deleted})
        raise HardDeleteError(
            f"不允许删除记录（{'、'.join(names)}）",
            "请将记录归档（设置 archived_at），历史须完整保留",
        )
    if any(isinstance(o, AuditEntry) for o in session.dirty if session.is_modified(o)):
        raise HardDeleteError("审计日志只能追加，不能修改", "如需更正，请追加一条新的记录")


def snapshot(obj: Base) -> dict[str, Any]:
    """The row's column values as JSON-ready data, for an audit entry's `before` or `after`."""
    state = sa_inspect(obj)
    return {attr.key: _jsonable(getattr(obj, attr.key)) for attr in state.mapper.column_attrs}


def _jsonable(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def record(  # noqa: PLR0917 (one positional argument per audit column reads best)
    session: Session,
    actor: User | None,
    entity: str,
    entity_id: int,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one audit entry in the caller's transaction (None as actor means the system)."""
    entry = AuditEntry(
        at=at if at is not None else _now(),
        actor_id=actor.id if actor is not None else None,
        entity=entity,
        entity_id=entity_id,
        action=action,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


def agency_subtree(root_id: int, *, include_archived: bool = False) -> Select[int]:
    """Ids of the agency `root_id` and every agency below it: what a supervising office sees."""
    tree = select(Agency.id).where(Agency.id == root_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Agency.id).where(Agency.parent_id == tree.c.id))
    query = select(Agency.id).where(Agency.id.in_(select(tree.c.id)))
    if not include_archived:
        query = query.where(Agency.archived_at.is_(None))
    return query.order_by(Agency.id)
