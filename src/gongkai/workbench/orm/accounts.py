"""Signing in: browser sessions and the record of login attempts (for throttling and audit).

A session row is the server's half of the cookie: the cookie holds a random token, the table
holds only its SHA-256, so a leaked database does not sign anybody in. Logging out archives the
row; nothing is deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gongkai.workbench.orm.base import AppendOnly, Base, Mutable, now
from gongkai.workbench.orm.people import User


class WebSession(Mutable, Base):
    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime]
    user: Mapped[User] = relationship()


class LoginAttempt(AppendOnly, Base):
    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_login_at", "login", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(default=now)
    succeeded: Mapped[bool] = mapped_column(Boolean)
