"""User and agency administration: who may work in the workbench, in which agency, in what role.

An agency administrator manages the users of its own agency only and may not hand out the roles
that reach beyond one agency (系统管理员, 政务公开办查看人); the system administrator manages
everything, and alone creates or moves agencies. Nothing is deleted: users and agencies are
archived, and every change is written to the audit log with the row before and after.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench import access, accounts
from gongkai.workbench.access import Action, PermissionDenied
from gongkai.workbench.calendar import WorkCalendar
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    AuditAction,
    HolidayYear,
    Region,
    Role,
    User,
    WebSession,
    agency_subtree,
    record,
    snapshot,
)
from gongkai.workbench.store import check_version, get

LOGIN = re.compile(r"[A-Za-z0-9_.\-]{2,64}")
# Roles that reach beyond one agency: only the system administrator grants them.
WIDE_ROLES: Final = frozenset({Role.SYSTEM_ADMIN, Role.SUPERVISOR})
MAX_GUIDE = 50_000


class UserError(GongkaiError):
    """A user or agency change that breaks a rule: a taken login, a cycle, an empty name."""


class Keep:
    """Marker for "leave this field as it is" where None is a meaningful value."""


KEEP: Final = Keep()


# ---------------------------------------------------------------- scope


def manageable_agencies(session: Session, actor_id: int) -> list[Agency]:
    """The agencies whose users `actor_id` may manage: all for the system administrator."""
    user = access.actor(session, actor_id)
    if user.role is Role.SYSTEM_ADMIN:
        query = select(Agency).where(Agency.archived_at.is_(None)).order_by(Agency.id)
        return list(session.scalars(query))
    access.require(session, user, Action.MANAGE, user.agency_id)
    return [user.agency]


def grantable_roles(session: Session, actor_id: int) -> list[Role]:
    user = access.actor(session, actor_id)
    if user.role is Role.SYSTEM_ADMIN:
        return list(Role)
    return [r for r in Role if r not in WIDE_ROLES]


# ---------------------------------------------------------------- users


def list_users(
    session: Session, actor_id: int, agency_id: int | None = None, *, archived: bool = False
) -> list[User]:
    """The users of the agencies the actor manages (or of one of them), by agency and login."""
    user = access.actor(session, actor_id)
    if agency_id is not None:
        get(session, Agency, agency_id, "机关")
        access.require(session, user, Action.MANAGE, agency_id)
        scope = [agency_id]
    else:
        scope = [a.id for a in manageable_agencies(session, actor_id)]
    query = select(User).where(User.agency_id.in_(scope))
    if not archived:
        query = query.where(User.archived_at.is_(None))
    return list(session.scalars(query.order_by(User.agency_id, User.login)))


def load_user(session: Session, actor_id: int, user_id: int) -> User:
    """A user the actor may manage (archived ones too: they can be restored)."""
    actor = access.actor(session, actor_id)
    target = session.get(User, user_id)
    if target is None:
        raise access.NotFound(f"用户（编号 {user_id}）不存在。", "请从用户列表中重新选择。")
    _require_over(session, actor, target)
    return target


def create_user(
    session: Session,
    actor_id: int,
    *,
    login: str,
    name: str,
    role: Role | str,
    agency_id: int,
    password: str,
    now: datetime,
) -> User:
    """A new user with a temporary password (checked against the password rules)."""
    actor = access.actor(session, actor_id)
    role = _role(role)
    login, name = login.strip(), _name(name, "姓名")
    if not LOGIN.fullmatch(login):
        raise UserError(
            "登录名格式不正确。", "登录名为 2–64 位字母、数字、下划线、点或连字符，如 jy_zhang。"
        )
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise UserError(f"登录名“{login}”已被使用。", "请换一个登录名（停用的用户也占用登录名）。")
    get(session, Agency, agency_id, "机关")
    access.require(session, actor, Action.MANAGE, agency_id)
    _require_grant(actor, role)
    accounts.check_password_rules(password, login)
    user = User(
        login=login,
        name=name,
        role=role,
        agency_id=agency_id,
        password_hash=accounts.HASHER.hash(password),
        created_at=now,
    )
    session.add(user)
    session.flush()
    record(session, actor, "user", user.id, AuditAction.CREATE, None, _public(user), now)
    return user


def update_user(
    session: Session,
    actor_id: int,
    user_id: int,
    *,
    name: str,
    role: Role | str,
    agency_id: int | None = None,
    expected_version: int | None,
    now: datetime,
) -> User:
    """Change name, role and (for the system administrator) agency of a user."""
    actor = access.actor(session, actor_id)
    target = load_user(session, actor_id, user_id)
    check_version(target, expected_version, f"用户“{target.login}”")
    role = _role(role)
    _require_grant(actor, role)
    agency_id = target.agency_id if agency_id is None else agency_id
    if agency_id != target.agency_id:
        get(session, Agency, agency_id, "机关")
        access.require(session, actor, Action.ADMINISTER, agency_id)
    if target.id == actor.id and role is not actor.role:
        raise UserError("不能修改自己的角色。", "请由另一位管理员调整。")
    before = _public(target)
    target.name, target.role, target.agency_id = _name(name, "姓名"), role, agency_id
    session.flush()
    after = _public(target)
    if after != before:
        record(session, actor, "user", target.id, AuditAction.UPDATE, before, after, now)
    return target


def reset_password(
    session: Session,
    actor_id: int,
    user_id: int,
    password: str,
    *,
    expected_version: int | None,
    now: datetime | None = None,
) -> User:
    """An administrator's reset: the new password replaces the old, the user's sessions end."""
    target = load_user(session, actor_id, user_id)
    check_version(target, expected_version, f"用户“{target.login}”")
    if target.archived_at is not None:
        raise UserError(f"用户“{target.login}”已停用。", "请先恢复该用户，再重置密码。")
    accounts.set_password(session, actor_id, user_id, password, now)
    session.flush()
    return target


def archive_user(
    session: Session, actor_id: int, user_id: int, *, expected_version: int | None, now: datetime
) -> User:
    """Stop a user from signing in (soft delete); the user's sessions end at once."""
    actor = access.actor(session, actor_id)
    target = load_user(session, actor_id, user_id)
    check_version(target, expected_version, f"用户“{target.login}”")
    if target.id == actor.id:
        raise UserError("不能停用自己的账号。", "请由另一位管理员操作。")
    if target.archived_at is not None:
        raise UserError(f"用户“{target.login}”已经停用。", "如需恢复，请点击“恢复”。")
    before = _public(target)
    target.archived_at = now
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == target.id, WebSession.archived_at.is_(None))
        .values(archived_at=now, version=WebSession.version + 1)
    )
    session.flush()
    record(session, actor, "user", target.id, AuditAction.ARCHIVE, before, _public(target), now)
    return target


def restore_user(
    session: Session, actor_id: int, user_id: int, *, expected_version: int | None, now: datetime
) -> User:
    actor = access.actor(session, actor_id)
    target = load_user(session, actor_id, user_id)
    check_version(target, expected_version, f"用户“{target.login}”")
    if target.archived_at is None:
        raise UserError(f"用户“{target.login}”未停用。", "无需恢复。")
    before = _public(target)
    target.archived_at = None
    session.flush()
    record(session, actor, "user", target.id, AuditAction.RESTORE, before, _public(target), now)
    return target


def temporary_password(login: str = "") -> str:
    """A random password that meets the rules, shown once to the administrator."""
    alphabet = string.ascii_letters + string.digits
    while True:
        word = "".join(secrets.choice(alphabet) for _ in range(14))
        mixed = any(c.isdigit() for c in word) and any(c.isalpha() for c in word)
        if mixed and (not login or login.lower() not in word.lower()):
            return word


def _require_over(session: Session, actor: User, target: User) -> None:
    access.require(session, actor, Action.MANAGE, target.agency_id)
    if actor.role is not Role.SYSTEM_ADMIN and target.role in WIDE_ROLES:
        raise PermissionDenied(
            f"只有系统管理员可以管理“{target.role.label}”账号。", "请联系系统管理员。"
        )


def _require_grant(actor: User, role: Role) -> None:
    if actor.role is not Role.SYSTEM_ADMIN and role in WIDE_ROLES:
        raise PermissionDenied(
            f"机关管理员不能授予“{role.label}”角色。", "如需此角色，请联系系统管理员。"
        )


def _role(value: Role | str) -> Role:
    try:
        return value if isinstance(value, Role) else Role(value)
    except ValueError:
        raise UserError(
            f"未知的角色“{value}”。", "可选：" + "、".join(r.label for r in Role) + "。"
        ) from None


def _name(value: str, what: str, limit: int = 100) -> str:
    text = " ".join(value.split())
    if not text:
        raise UserError(f"{what}不能为空。", f"请填写{what}。")
    if len(text) > limit:
        raise UserError(f"{what}过长（{len(text)}字）。", f"{what}不得超过{limit}字。")
    return text


def _public(user: User) -> dict[str, Any]:
    """The user's row for the audit log, without the password hash."""
    row = snapshot(user)
    row.pop("password_hash", None)
    return row


# ---------------------------------------------------------------- agencies


@dataclass(frozen=True, slots=True)
class TreeRow:
    agency: Agency
    depth: int


def agency_tree(session: Session, actor_id: int) -> list[TreeRow]:
    """The agencies the actor manages, parents before their children, with their depth."""
    shown = manageable_agencies(session, actor_id)
    ids = {a.id for a in shown}
    children: dict[int | None, list[Agency]] = {}
    for agency in shown:
        parent = agency.parent_id if agency.parent_id in ids else None
        children.setdefault(parent, []).append(agency)
    rows: list[TreeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for agency in sorted(children.get(parent, []), key=lambda a: a.id):
            rows.append(TreeRow(agency, depth))
            walk(agency.id, depth + 1)

    walk(None, 0)
    return rows


def load_agency(session: Session, actor_id: int, agency_id: int) -> Agency:
    actor = access.actor(session, actor_id)
    agency = get(session, Agency, agency_id, "机关")
    access.require(session, actor, Action.MANAGE, agency.id)
    return agency


def create_agency(
    session: Session,
    actor_id: int,
    *,
    name: str,
    kind: AgencyKind | str,
    parent_id: int | None,
    now: datetime,
) -> Agency:
    """A new agency under `parent_id` (in its region), by the system administrator only."""
    actor = access.actor(session, actor_id)
    access.require(session, actor, Action.ADMINISTER, actor.agency_id)
    name, kind = _name(name, "机关名称", 200), _kind(kind)
    _unique_name(session, name, None)
    if parent_id is not None:
        region_id = get(session, Agency, parent_id, "上级机关").region_id
    else:
        region_id = actor.agency.region_id
    agency = Agency(name=name, kind=kind, parent_id=parent_id, region_id=region_id, created_at=now)
    session.add(agency)
    session.flush()
    record(session, actor, "agency", agency.id, AuditAction.CREATE, None, snapshot(agency), now)
    return agency


def update_agency(
    session: Session,
    actor_id: int,
    agency_id: int,
    *,
    name: str | Keep = KEEP,
    kind: AgencyKind | str | Keep = KEEP,
    parent_id: int | Keep | None = KEEP,
    guide: str | Keep | None = KEEP,
    expected_version: int | None,
    now: datetime,
) -> Agency:
    """Rename or move an agency (system administrator), or edit its 政府信息公开指南 (its own
    administrator too). An empty guide means the generated default."""
    actor = access.actor(session, actor_id)
    agency = load_agency(session, actor_id, agency_id)
    check_version(agency, expected_version, f"机关“{agency.name}”")
    before = snapshot(agency)
    structural = {
        "name": None if isinstance(name, Keep) else _name(name, "机关名称", 200),
        "kind": None if isinstance(kind, Keep) else _kind(kind),
    }
    changes = {k: v for k, v in structural.items() if v is not None and v != getattr(agency, k)}
    moving = not isinstance(parent_id, Keep) and parent_id != agency.parent_id
    if changes or moving:
        access.require(session, actor, Action.ADMINISTER, agency.id)
    if "name" in changes:
        _unique_name(session, str(changes["name"]), agency.id)
    for key, value in changes.items():
        setattr(agency, key, value)
    if moving and not isinstance(parent_id, Keep):
        _check_parent(session, agency, parent_id)
        agency.parent_id = parent_id
    if not isinstance(guide, Keep):
        agency.guide = _guide(guide)
    session.flush()
    after = snapshot(agency)
    if after != before:
        record(session, actor, "agency", agency.id, AuditAction.UPDATE, before, after, now)
    return agency


def _check_parent(session: Session, agency: Agency, parent_id: int | None) -> None:
    if parent_id is None:
        return
    get(session, Agency, parent_id, "上级机关")
    below = set(session.scalars(agency_subtree(agency.id, include_archived=True)))
    if parent_id in below:
        raise UserError(
            "不能把机关移到它自己或它的下级机关之下。", "请选择不在其下级的机关作为上级机关。"
        )


def _unique_name(session: Session, name: str, own_id: int | None) -> None:
    query = select(Agency.id).where(Agency.name == name, Agency.archived_at.is_(None))
    found = session.scalar(query)
    if found is not None and found != own_id:
        raise UserError(f"已有名为“{name}”的机关。", "请核对机关全称。")


def _kind(value: AgencyKind | str) -> AgencyKind:
    try:
        return value if isinstance(value, AgencyKind) else AgencyKind(value)
    except ValueError:
        raise UserError(
            f"未知的机关类型“{value}”。", "可选：" + "、".join(k.label for k in AgencyKind) + "。"
        ) from None


def _guide(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_GUIDE:
        raise UserError(f"公开指南过长（{len(text)}字）。", f"请控制在{MAX_GUIDE}字以内。")
    return text or None


def regions(session: Session) -> Sequence[Region]:
    return list(session.scalars(select(Region).order_by(Region.id)))


# ---------------------------------------------------------------- the holiday table


@dataclass(frozen=True, slots=True)
class HolidayYearInfo:
    year: int
    source: str  # 管理员载入 / 随程序提供 / 日历库
    holidays: int
    workdays: int
    loaded_at: datetime | None = None
    loaded_by: str | None = None
    version: int | None = None


def holiday_years(session: Session, actor_id: int) -> list[HolidayYearInfo]:
    """Every year the calendar knows exactly: loaded by an administrator, or packaged."""
    actor = access.actor(session, actor_id)
    access.require(session, actor, Action.ADMINISTER, actor.agency_id)
    rows = session.scalars(select(HolidayYear).where(HolidayYear.archived_at.is_(None))).all()
    found: dict[int, HolidayYearInfo] = {}
    for year, table in WorkCalendar.packaged().overrides.items():
        found[year] = HolidayYearInfo(year, "随程序提供", len(table.holidays), len(table.workdays))
    for row in rows:
        by = session.get(User, row.loaded_by) if row.loaded_by is not None else None
        found[row.year] = HolidayYearInfo(
            row.year,
            "管理员载入",
            len(row.data.get("holidays", [])),
            len(row.data.get("workdays", [])),
            row.created_at,
            by.name if by is not None else None,
            row.version,
        )
    return [found[y] for y in sorted(found, reverse=True)]


def library_years() -> tuple[int, int]:
    """The years the chinese-calendar package covers (first, last)."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays}
    return min(years), max(years)
