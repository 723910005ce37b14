"""`access.visible_agencies` is remembered per session, and forgotten when the tree changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gongkai.workbench import access
from gongkai.workbench.orm import Agency, AgencyKind, Region, Role, User


def test_a_new_agency_below_the_office_is_seen_in_the_same_session(session: Session) -> None:
    region = Region(code="330122", name="桐庐县")
    office = Agency(name="县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    viewer = User(login="gkb", name="公开办", role=Role.SUPERVISOR, agency=office)
    session.add_all([region, office, viewer])
    session.flush()
    assert access.visible_agencies(session, viewer) == {office.id}
    below = Agency(name="县教育局", kind=AgencyKind.DEPARTMENT, region=region, parent=office)
    session.add(below)
    session.flush()
    assert access.visible_agencies(session, viewer) == {office.id, below.id}
    below.parent_id = None
    session.flush()
    assert access.visible_agencies(session, viewer) == {office.id}
