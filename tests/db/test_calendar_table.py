"""Loading a year of holidays: administrators only, validated first, provisional deadlines redone."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from gongkai.workbench import applications as svc
from gongkai.workbench import publications as pubs
from gongkai.workbench.access import PermissionDenied
from gongkai.workbench.applications import Applicant, NewApplication
from gongkai.workbench.calendar import CalendarDataError
from gongkai.workbench.calendar_table import load_holidays
from gongkai.workbench.intake import CHINA_TZ
from gongkai.workbench.orm import Application, AuditEntry, HolidayYear, Publication
from gongkai.workbench.publishing import Attribute
from gongkai.workbench.store import session_factory, transaction
from tests.db.county import make_county

LATER = datetime(2031, 12, 20, 9, tzinfo=CHINA_TZ)
NOTICE_2031 = {
    "2031": {
        "holidays": {f"2031-10-{d:02d}": "国庆节" for d in range(1, 11)},
        "workdays": {"2031-09-27": "国庆节"},
    }
}


def test_loading_a_year_redoes_provisional_deadlines(engine: Engine, session: Session) -> None:
    county = make_county(session)
    factory = session_factory(engine)
    arrived = datetime(2031, 9, 26, 10, tzinfo=CHINA_TZ)
    with transaction(factory) as s:
        app = svc.register(
            s,
            county.id("clerk"),
            county.bureau.id,
            NewApplication(Applicant("自然人", "甲"), "当面", arrived, "某文件"),
            now=LATER,
        )
        pub = pubs.draft(
            s,
            county.id("clerk"),
            agency_id=county.bureau.id,
            index_no="X-1",
            title="某通知",
            category="art20_01",
            attribute=Attribute.PROACTIVE,
            formed_on=date(2031, 9, 26),
            now=LATER,
        )
    assert app.due_provisional and pub.due_provisional
    with pytest.raises(PermissionDenied), transaction(factory) as s:
        load_holidays(
            s, county.id("admin"), NOTICE_2031, now=LATER
        )  # an agency admin is not enough
    with pytest.raises(CalendarDataError), transaction(factory) as s:
        load_holidays(s, county.id("root"), {"2031": {"holidays": ["2031-02-30"]}}, now=LATER)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(HolidayYear)) == 0
    with transaction(factory) as s:
        loaded = load_holidays(s, county.id("root"), NOTICE_2031, now=LATER)
    assert (loaded.years, loaded.applications_recomputed, loaded.publications_recomputed) == (
        (2031,),
        1,
        1,
    )
    with Session(engine) as s:
        a, p = s.get(Application, app.id), s.get(Publication, pub.id)
        assert a is not None and p is not None
        assert not a.due_provisional and not p.due_provisional
        # Friday 26 Sep 2031 + 20 working days: the make-up Saturday 27 Sep, 29 and 30 Sep,
        # then 1–10 Oct off, then 13 Oct onwards: the 20th is Tuesday 4 November.
        assert a.due_on == date(2031, 11, 4)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "holiday_year")).all()
        assert [(e.entity_id, e.action.value) for e in audit] == [(2031, "create")]
    with transaction(factory) as s:
        again = load_holidays(s, county.id("root"), NOTICE_2031, now=LATER)
    assert again.applications_recomputed == 0
