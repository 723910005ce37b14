"""Passwords, signing in and out, and browser sessions.

Passwords are hashed with argon2id (OWASP's minimum parameters: 19 MiB, two passes, so that a
login costs tens of milliseconds, not a second). Repeated failures for one login name, or from
one address, lock further attempts for a while: the lock counts recent failures in
`login_attempts`, so it holds across processes and restarts. A session is a random token in the
cookie and its SHA-256 in `web_sessions`; logging out or changing the password archives rows.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from gongkai.errors import GongkaiError
from gongkai.workbench import access
from gongkai.workbench.orm import AuditAction, LoginAttempt, User, WebSession, record

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
SESSION_HOURS = 12
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_ADDRESS = 30
MIN_PASSWORD_LENGTH = 10
WRONG_CREDENTIALS = ("登录名或密码不正确。", "请核对后重试；连续输错 5 次将暂停登录 15 分钟。")


class LoginError(GongkaiError):
    """Wrong credentials, a locked login, or a password that does not meet the rules."""


class LoginLocked(LoginError):
    """Too many recent failures for this login name or address."""


# Checked when the login name is unknown, so that an unknown name takes as long as a known one
# with a wrong password and the timing does not tell which names exist.
_DUMMY_HASH = HASHER.hash("no such user, no such password 0")


@dataclass(frozen=True, slots=True)
class SignedIn:
    user: User
    session: WebSession
    token: str  # goes into the cookie; only its hash is stored


def hash_password(password: str) -> str:
    check_password_rules(password)
    return HASHER.hash(password)


def check_password_rules(password: str, login: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise LoginError(
            f"密码太短（至少 {MIN_PASSWORD_LENGTH} 位）。", "请使用包含字母和数字的较长密码。"
        )
    if not (any(c.isdigit() for c in password) and any(c.isalpha() for c in password)):
        raise LoginError("密码须同时包含字母和数字。", "请重新输入新密码。")
    if login and login.lower() in password.lower():
        raise LoginError("密码不能包含登录名。", "请重新输入新密码。")


def authenticate(
    session: Session, login: str, password: str, *, address: str, now: datetime
) -> SignedIn | None:
    """Check the credentials, record the attempt, and open a session for the user.

    None for wrong credentials: the caller commits, so that the failed attempt counts."""
    login = login.strip()[:64]
    since = now - LOCK_WINDOW
    _refuse_when_locked(session, login, address, since)
    user = session.scalar(select(User).where(User.login == login))
    usable = user is not None and user.archived_at is None and user.password_hash is not None
    stored = user.password_hash if usable and user is not None else None
    ok = _verify(stored or _DUMMY_HASH, password) and stored is not None
    session.add(LoginAttempt(login=login, address=address[:64], at=now, succeeded=ok))
    if not ok or user is None or user.password_hash is None:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    return _open(session, user, now)


def _refuse_when_locked(session: Session, login: str, address: str, since: datetime) -> None:
    failures = select(func.count()).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since
    )
    by_login = session.scalar(failures.where(LoginAttempt.login == login)) or 0
    by_address = session.scalar(failures.where(LoginAttempt.address == address)) or 0
    if by_login >= MAX_FAILURES_PER_LOGIN or by_address >= MAX_FAILURES_PER_ADDRESS:
        raise LoginLocked(
            "登录失败次数过多，已暂停登录。",
            f"请 {int(LOCK_WINDOW.total_seconds() // 60)} 分钟后再试，或联系系统管理员重置密码。",
        )


def _verify(stored: str, password: str) -> bool:
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _open(session: Session, user: User, now: datetime) -> SignedIn:
    token = secrets.token_urlsafe(32)
    row = WebSession(
        token_hash=token_hash(token),
        csrf_token=secrets.token_urlsafe(32),
        user_id=user.id,
        expires_at=now + timedelta(hours=SESSION_HOURS),
        created_at=now,
    )
    session.add(row)
    session.flush()
    return SignedIn(user=user, session=row, token=token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_for(session: Session, token: str, now: datetime) -> WebSession | None:
    """The live session a cookie names, with its user (None when unknown, ended or expired)."""
    if not token or len(token) > 100:
        return None
    row = session.scalar(
        select(WebSession)
        .options(joinedload(WebSession.user))  # one query: every page needs both
        .where(WebSession.token_hash == token_hash(token), WebSession.archived_at.is_(None))
    )
    if row is None or _aware(row.expires_at) <= now:
        return None
    if row.user.archived_at is not None:
        return None
    return row


def end_session(session: Session, token: str, now: datetime) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.token_hash == token_hash(token), WebSession.archived_at.is_(None))
        .values(archived_at=now, version=WebSession.version + 1)
    )


def change_password(
    session: Session, user_id: int, old: str, new: str, *, keep_token: str, now: datetime
) -> None:
    """The user's own change: the old password is required; other sessions are signed out."""
    user = access.actor(session, user_id)
    if user.password_hash is None or not _verify(user.password_hash, old):
        raise LoginError("原密码不正确。", "请重新输入原密码。")
    if old == new:
        raise LoginError("新密码不能与原密码相同。", "请换一个新密码。")
    check_password_rules(new, user.login)
    user.password_hash = HASHER.hash(new)
    session.execute(
        update(WebSession)
        .where(
            WebSession.user_id == user.id,
            WebSession.archived_at.is_(None),
            WebSession.token_hash != token_hash(keep_token),
        )
        .values(archived_at=now, version=WebSession.version + 1)
    )
    record(
        session, user, "user", user.id, AuditAction.UPDATE, None, {"password": "changed"}, now,
        agency_id=user.agency_id,
    )  # fmt: skip


def set_password(
    session: Session, actor_id: int | None, user_id: int, new: str, now: datetime | None = None
) -> None:
    """An administrator's reset (or the system's, with `actor_id` None): no old password needed."""
    now = now or datetime.now(UTC)
    target = session.get(User, user_id)
    if target is None:
        raise access.NotFound(f"用户（编号 {user_id}）不存在。", "请从用户列表中重新选择。")
    actor = None
    if actor_id is not None:
        actor = access.actor(session, actor_id)
        access.require(session, actor, access.Action.MANAGE, target.agency_id)
    check_password_rules(new, target.login)
    target.password_hash = HASHER.hash(new)
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == target.id, WebSession.archived_at.is_(None))
        .values(archived_at=now, version=WebSession.version + 1)
    )
    record(
        session, actor, "user", target.id, AuditAction.UPDATE, None, {"password": "reset"}, now,
        agency_id=target.agency_id,
    )  # fmt: skip


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
