"""The holiday table as a service: a system administrator loads a year from the State Council's
notice; every provisional due date (applications and publications) is then computed again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gongkai.workbench import access
from gongkai.workbench.access import Action
from gongkai.workbench.applications import recompute_due_dates
from gongkai.workbench.calendar import CalendarDataError, parse_overrides
from gongkai.workbench.deadlines import add_working_days
from gongkai.workbench.orm import AuditAction, HolidayYear, Publication, record, snapshot
from gongkai.workbench.publishing import Status
from gongkai.workbench.review_flow import PUBLICATION_DAYS
from gongkai.workbench.store import check_version, work_calendar

_OPEN = (Status.DRAFT, Status.FIRST_REVIEW, Status.SECOND_REVIEW, Status.FINAL_REVIEW)


@dataclass(frozen=True, slots=True)
class Loaded:
    years: tuple[int, ...]
    applications_recomputed: int
    publications_recomputed: int


def load_holidays(
    session: Session,
    actor_id: int,
    data: Mapping[str, Any] | str,
    *,
    now: datetime,
    expected_versions: Mapping[int, int] | None = None,
) -> Loaded:
    """Store the years in `data` (the override format of `calendar.parse_overrides`, validated
    first) and recompute every provisional deadline they affect."""
    user = access.actor(session, actor_id)
    access.require(session, user, Action.ADMINISTER, user.agency_id)
    tables = parse_overrides(data)  # a CalendarDataError in Chinese names the bad entry
    if not tables:
        raise CalendarDataError(
            "节假日数据中没有任何年份。", '格式如 {"2027": {"holidays": {...}, "workdays": {...}}}'
        )
    raw = data if isinstance(data, Mapping) else json.loads(data)
    for year in sorted(tables):
        entry = {k: v for k, v in raw[str(year)].items() if k in ("holidays", "workdays")}
        row = session.get(HolidayYear, year)
        if row is None:
            row = HolidayYear(year=year, data=entry, loaded_by=user.id, created_at=now)
            session.add(row)
            session.flush()
            record(
                session, user, "holiday_year", year, AuditAction.CREATE, None, snapshot(row), now
            )
            continue
        check_version(row, (expected_versions or {}).get(year), f"{year}年节假日安排")
        before = snapshot(row)
        row.data, row.loaded_by, row.archived_at = entry, user.id, None
        session.flush()
        record(session, user, "holiday_year", year, AuditAction.UPDATE, before, snapshot(row), now)
    calendar = work_calendar(session)
    apps = recompute_due_dates(session, calendar)
    pubs = 0
    query = select(Publication).where(
        Publication.due_provisional.is_(True), Publication.status.in_(_OPEN)
    )
    for pub in session.scalars(query):
        deadline = add_working_days(pub.formed_on, PUBLICATION_DAYS, calendar)
        if (deadline.due, deadline.provisional) != (pub.due_on, pub.due_provisional):
            pub.due_on, pub.due_provisional = deadline.due, deadline.provisional
            pubs += 1
    session.flush()
    return Loaded(tuple(sorted(tables)), apps, pubs)
