"""Transactions and shared lookups for the workbench services.

Every service function works inside the caller's session; `transaction` commits when the block
succeeds and rolls everything back when it raises, so a refused or failed step leaves the
database exactly as it was. A concurrent update of the same row surfaces as `Conflict`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from gongkai.workbench.access import Conflict, NotFound
from gongkai.workbench.calendar import WorkCalendar
from gongkai.workbench.orm import Base, HolidayYear

T = TypeVar("T", bound=Base)
_CONFLICT_HINT = "请刷新页面，查看最新内容后再操作；您刚才的修改没有保存。"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    # Loaded attributes stay readable after commit: services return the rows they changed.
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, unit(session):
        yield session


@contextmanager
def unit(session: Session) -> Iterator[None]:
    """One unit of work in a session that lives on (a command filing file after file keeps what
    it has looked up): commit on success, roll back on any error."""
    try:
        yield
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict("该记录已被他人修改。", _CONFLICT_HINT) from None
    except IntegrityError:
        # The services check uniqueness first; what still collides here is a concurrent
        # writer (two steps appended to one timeline at once, one number given twice).
        session.rollback()
        raise Conflict("保存时与其他人同时进行的操作冲突。", _CONFLICT_HINT) from None
    except BaseException:
        session.rollback()
        raise


def check_version(row: Any, expected: int | None, what: str) -> None:
    """Refuse to change `row` when the caller saw another version of it."""
    if expected is not None and row.version != expected:
        raise Conflict(
            f"{what}已被他人修改（您看到的是第{expected}版，当前为第{row.version}版）。",
            _CONFLICT_HINT,
        )


def get(session: Session, model: type[T], ident: int, what: str) -> T:
    row = session.get(model, ident)
    if row is None or getattr(row, "archived_at", None) is not None:
        raise NotFound(f"{what}（编号 {ident}）不存在。", "请检查编号，或从列表中重新选择。")
    return row


def work_calendar(session: Session) -> WorkCalendar:
    """The packaged calendar with the holiday years an administrator loaded into the database."""
    calendar = WorkCalendar.packaged()
    years = session.scalars(select(HolidayYear).where(HolidayYear.archived_at.is_(None))).all()
    if years:
        calendar = calendar.add_overrides({str(y.year): y.data for y in years})
    return calendar
