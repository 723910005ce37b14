"""The holiday table an administrator loads from the State Council's notice, one row per year."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from gongkai.workbench.orm.base import Base, Mutable


class HolidayYear(Mutable, Base):
    """`data` is one year of the override format of `workbench.calendar.parse_overrides`."""

    __tablename__ = "holiday_years"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data: Mapped[dict[str, Any]]
    loaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
