"""Who may do what, where: the permission rules of the workbench, enforced by every service.

A user has one role in one agency. Staff act in their own agency only; a supervising office's
viewer reads its subtree and changes nothing but the verdict on the annual reports submitted to
it; the system administrator does everything. Pages and API routes call the same services, so no route can grant more than these rules do.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from enum import StrEnum
from itertools import chain
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.workbench.orm import Agency, Role, User

T = TypeVar("T")
_TREE_FACTS = "gongkai.agency_tree_facts"


class Action(StrEnum):
    VIEW = "view"  # read records and statistics
    HANDLE = "handle"  # register applications, record procedural steps, draft publications
    APPROVE = "approve"  # approve an extension or a delay (工作机构负责人), decide reviews
    REVIEW = "review"  # 初审 / 复审 / 终审 of publications, clear the personal-data screen
    MANAGE = "manage"  # users, registers, yearly figures of the agency
    ADMINISTER = "administer"  # the holiday table, agencies, anything system-wide
    SUPERVISE = "supervise"  # accept or return the annual reports of the agencies it supervises

    @property
    def label(self) -> str:
        return ACTION_NAMES[self]


ACTION_NAMES: Mapping[Action, str] = {
    Action.VIEW: "查看",
    Action.HANDLE: "办理",
    Action.APPROVE: "审批",
    Action.REVIEW: "审核",
    Action.MANAGE: "管理",
    Action.ADMINISTER: "系统管理",
    Action.SUPERVISE: "监督审核",
}

_STAFF = frozenset({Action.VIEW, Action.HANDLE})
GRANTS: Mapping[Role, frozenset[Action]] = {
    Role.CLERK: _STAFF,
    Role.REVIEWER: _STAFF | {Action.APPROVE, Action.REVIEW},
    Role.AGENCY_ADMIN: _STAFF | {Action.APPROVE, Action.REVIEW, Action.MANAGE},
    Role.SUPERVISOR: frozenset({Action.VIEW, Action.SUPERVISE}),
    Role.SYSTEM_ADMIN: frozenset(Action),
}


class PermissionDenied(GongkaiError):
    """The user may not do this, or not in this agency."""


class NotFound(GongkaiError):
    """A record that does not exist (or that the user may not know exists)."""


class Conflict(GongkaiError):
    """Somebody else changed the record since the user loaded it (optimistic locking)."""


def actor(session: Session, user_id: int) -> User:
    """The acting user, refused when unknown or archived."""
    user = session.get(User, user_id)
    if user is None or user.archived_at is not None:
        raise PermissionDenied(
            "当前用户不存在或已停用。", "请重新登录；如仍无法使用，请联系系统管理员。"
        )
    return user


def can(session: Session, user: User, action: Action, agency_id: int) -> bool:
    if action not in GRANTS[user.role]:
        return False
    if user.role is Role.SYSTEM_ADMIN:
        return True
    if user.role is Role.SUPERVISOR:
        return agency_id in visible_agencies(session, user)
    return agency_id == user.agency_id


def require(session: Session, user: User, action: Action, agency_id: int) -> None:
    """Refuse, in Chinese, unless `user` may do `action` in agency `agency_id`."""
    if can(session, user, action, agency_id):
        return
    if action in GRANTS[user.role]:
        raise PermissionDenied(
            "您无权访问其他机关的数据。", "只能查看和办理本机关（或所辖机关）的事项。"
        )
    raise PermissionDenied(
        f"您的角色（{user.role.label}）没有“{action.label}”权限。",
        "如需办理，请联系本机关管理员调整角色。",
    )


def visible_agencies(session: Session, user: User) -> frozenset[int]:
    """The agencies whose records `user` may read."""
    if user.role not in (Role.SYSTEM_ADMIN, Role.SUPERVISOR):
        return frozenset({user.agency_id})
    return frozenset(agency_names(session, user))


# The tree in plain SQL (standard, so SQLite and PostgreSQL alike): every page of a supervising
# office asks, and building and keying the recursive CTE through SQLAlchemy cost several times
# what the database takes to answer (measured under load). Same rows as `agency_subtree`.
_SUBTREE_NAMES = text(
    "WITH RECURSIVE tree(id) AS ("
    " SELECT id FROM agencies WHERE id = :root"
    " UNION ALL SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id)"
    " SELECT a.id, a.name FROM agencies a JOIN tree t ON a.id = t.id"
    " WHERE a.archived_at IS NULL ORDER BY a.id"
)
_ALL_NAMES = text("SELECT id, name FROM agencies ORDER BY id")
_ONE_NAME = text("SELECT id, name FROM agencies WHERE id = :root")


def agency_names(session: Session, user: User) -> Mapping[int, str]:
    """The names of the agencies whose records `user` may read, by id in id order."""

    def ask() -> dict[int, str]:
        if user.role is Role.SYSTEM_ADMIN:
            query = _ALL_NAMES
        else:
            query = _SUBTREE_NAMES if user.role is Role.SUPERVISOR else _ONE_NAME
        return dict(session.execute(query, {"root": user.agency_id}).all())

    names: dict[int, str] = remembered(session, ("names", user.id, user.agency_id), ask)
    return names


def remembered(session: Session, key: Hashable, compute: Callable[[], T]) -> T:
    """What `compute` says about the agency tree, remembered for the life of the session (one
    web request, one command): a page asks several times, and the tree does not change under a
    request unless the request changes it (then it is forgotten, below)."""
    cache: dict[Hashable, Any] = session.info.setdefault(_TREE_FACTS, {})
    if key not in cache:
        cache[key] = compute()
    found: T = cache[key]
    return found


@event.listens_for(Session, "after_flush")
def _forget_tree_facts(session: Session, _context: object) -> None:
    """An agency added, renamed or moved in this session changes who sees what: ask again."""
    if any(isinstance(row, Agency) for row in chain(session.new, session.dirty)):
        session.info.pop(_TREE_FACTS, None)
