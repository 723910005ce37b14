"""Regions, agencies (two hierarchies) and the users who work in them, one role each."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql import Select

from gongkai.workbench.orm.base import Base, Mutable, enum_column


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


class Region(Mutable, Base):
    """An administrative division (省/市/县/乡), nested by `parent_id`."""

    __tablename__ = "regions"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # 行政区划代码
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    parent: Mapped[Region | None] = relationship(remote_side=lambda: [Region.id])


class Agency(Mutable, Base):
    """An agency in a region; `parent_id` points to the office that supervises it."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind, "agency_kind"))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    guide: Mapped[str | None] = mapped_column(
        Text
    )  # 政府信息公开指南; a default is written when None
    region: Mapped[Region] = relationship()
    parent: Mapped[Agency | None] = relationship(remote_side=lambda: [Agency.id])


class User(Mutable, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # argon2; None: cannot sign in
    agency: Mapped[Agency] = relationship()


def agency_subtree(root_id: int, *, include_archived: bool = False) -> Select[int]:
    """Ids of the agency `root_id` and every agency below it: what a supervising office sees."""
    tree = select(Agency.id).where(Agency.id == root_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Agency.id).where(Agency.parent_id == tree.c.id))
    query = select(Agency.id).where(Agency.id.in_(select(tree.c.id)))
    if not include_archived:
        query = query.where(Agency.archived_at.is_(None))
    return query.order_by(Agency.id)
