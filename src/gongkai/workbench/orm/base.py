"""The declarative base every workbench table shares, and the history guard.

Nothing is ever hard-deleted: mutable rows carry `archived_at`, and a session refuses `delete()` of
any mapped row. Mutable rows carry `version`, which SQLAlchemy checks and bumps on every UPDATE
(optimistic locking). Append-only rows (the audit log, timelines, review trails) refuse UPDATE.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, MetaData, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, declared_attr, mapped_column

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
        list[dict[str, Any]]: JSON,
    }


def enum_column(cls: type[enum.StrEnum], name: str) -> Enum:
    # VARCHAR plus a CHECK constraint: the same on SQLite and PostgreSQL, no native type to manage.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


def now() -> datetime:
    return datetime.now(UTC)


class Mutable:
    """Columns every mutable table has: optimistic-locking version, timestamps, soft delete."""

    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=now)
    archived_at: Mapped[datetime | None] = mapped_column(default=None)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class AppendOnly:
    """Marker: rows of this table are inserted once and never changed."""


class HardDeleteError(GongkaiError):
    """A mapped row was deleted or an append-only row changed: the model keeps history."""


@event.listens_for(Session, "before_flush")
def _keep_history(session: Session, _context: object, _instances: object) -> None:
    if session.deleted:
        names = sorted({type(o).__name__ for o in session.deleted})
        raise HardDeleteError(
            f"不允许删除记录（{'、'.join(names)}）",
            "请将记录归档（设置 archived_at），历史须完整保留",
        )
    if any(isinstance(o, AppendOnly) for o in session.dirty if session.is_modified(o)):
        raise HardDeleteError(
            "审计日志和办理记录只能追加，不能修改", "如需更正，请追加一条新的记录"
        )


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


def string_enum(values: tuple[str, ...], name: str) -> Enum:
    """A VARCHAR limited by CHECK to `values`, for keys that come from the report format."""
    return Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)
