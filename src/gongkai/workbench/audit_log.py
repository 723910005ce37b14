"""Reading the audit log: newest first, filtered, a page at a time, within the reader's scope.

The system administrator reads every entry; an agency administrator reads the entries made by the
users of its own agency (entries the system made, with no actor, are system-wide). Pages are cut
by id (keyset), so a page stays cheap however long the log grows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import AuditAction, AuditEntry, Role, User

PAGE_SIZE = 50
ACTION_NAMES: Mapping[AuditAction, str] = {
    AuditAction.CREATE: "新建",
    AuditAction.UPDATE: "修改",
    AuditAction.ARCHIVE: "停用/归档",
    AuditAction.RESTORE: "恢复",
}
ENTITY_NAMES: Mapping[str, str] = {
    "user": "用户",
    "agency": "机关",
    "holiday_year": "节假日安排",
    "letter_template": "文书模板",
    "application": "依申请公开",
    "publications": "主动公开",
    "registered_documents": "规章和规范性文件",
    "yearly_figures": "年度数据",
    "dispute_case": "复议诉讼",
    "report_drafts": "年度报告草稿",
    "report_versions": "年度报告锁定版本",
}
_HIDDEN = frozenset({"password_hash", "token_hash", "csrf_token"})
_MAX_VALUE = 300


@dataclass(frozen=True, slots=True)
class Change:
    key: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Line:
    entry: AuditEntry
    actor: User | None
    changes: tuple[Change, ...]

    @property
    def action_label(self) -> str:
        return ACTION_NAMES[self.entry.action]

    @property
    def entity_label(self) -> str:
        return ENTITY_NAMES.get(self.entry.entity, self.entry.entity)


@dataclass(frozen=True, slots=True)
class Page:
    lines: tuple[Line, ...]
    next_before: int | None  # the `before` of the next (older) page, None on the last


@dataclass(frozen=True, slots=True)
class Filters:
    entity: str | None = None
    actor_login: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive


def entries(
    session: Session,
    actor_id: int,
    filters: Filters = Filters(),
    *,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """One page of the entries the actor may read, newest first, older than id `before`."""
    reader = access.actor(session, actor_id)
    query = select(AuditEntry, User).outerjoin(User, User.id == AuditEntry.actor_id)
    if reader.role is not Role.SYSTEM_ADMIN:
        access.require(session, reader, Action.MANAGE, reader.agency_id)
        query = query.where(AuditEntry.agency_id == reader.agency_id)
    if filters.entity:
        query = query.where(AuditEntry.entity == filters.entity)
    if filters.actor_login:
        query = query.where(User.login == filters.actor_login.strip())
    if filters.since is not None:
        query = query.where(AuditEntry.at >= _start(filters.since))
    if filters.until is not None:
        query = query.where(AuditEntry.at < _start(filters.until + timedelta(days=1)))
    if before is not None:
        query = query.where(AuditEntry.id < before)
    rows = session.execute(query.order_by(AuditEntry.id.desc()).limit(limit + 1)).all()
    lines = tuple(Line(e, u, diff(e.before, e.after)) for e, u in rows[:limit])
    more = len(rows) > limit
    return Page(lines, lines[-1].entry.id if more and lines else None)


def entity_kinds(session: Session) -> list[tuple[str, str]]:
    """The entities that occur in the log, with their Chinese names, for the filter."""
    found = session.scalars(select(AuditEntry.entity).distinct()).all()
    return sorted(((e, ENTITY_NAMES.get(e, e)) for e in found), key=lambda p: p[0])


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> tuple[Change, ...]:
    """The keys whose value changed (all keys of a creation), as short readable text."""
    old, new = dict(before or {}), dict(after or {})
    keys = sorted((set(old) | set(new)) - _HIDDEN - {"version"})
    return tuple(
        Change(k, _text(old.get(k)) if k in old else "", _text(new.get(k)) if k in new else "")
        for k in keys
        if old.get(k) != new.get(k) or (k in old) != (k in new)
    )


def _text(value: Any) -> str:
    if value is None:
        return "（空）"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _MAX_VALUE else text[:_MAX_VALUE] + "…"


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=CHINA_TZ)
