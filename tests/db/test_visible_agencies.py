"""`access.visible_agencies` is remembered per session, and forgotten when the tree changes."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from gongkai.workbench import access
from gongkai.workbench.orm import Agency, AgencyKind, Region, Role, User, agency_subtree


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


def test_the_names_a_supervisor_sees_are_the_subtree_of_its_office(session: Session) -> None:
    """The plain-SQL tree behind every supervising office's page answers as `agency_subtree`:
    deep chains, siblings outside, archived agencies left out, names by id in id order."""
    region = Region(code="330100", name="杭州市")
    city = Agency(name="市政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    county = Agency(
        name="县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region, parent=city
    )
    outside = Agency(name="邻县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    chain_ = [county]
    for depth in range(6):
        chain_.append(
            Agency(
                name=f"第{depth}级机关",
                kind=AgencyKind.DEPARTMENT,
                region=region,
                parent=chain_[-1],
            )
        )
    gone = Agency(name="已撤销机关", kind=AgencyKind.DEPARTMENT, region=region, parent=county)
    aside = Agency(name="邻县教育局", kind=AgencyKind.DEPARTMENT, region=region, parent=outside)
    viewer = User(login="sgkb", name="市公开办", role=Role.SUPERVISOR, agency=city)
    clerk = User(login="jy", name="经办人", role=Role.CLERK, agency=chain_[3])
    session.add_all([region, city, outside, *chain_, gone, aside, viewer, clerk])
    session.flush()
    gone.archived_at = datetime(2026, 1, 5, tzinfo=UTC)
    session.flush()

    names = access.agency_names(session, viewer)
    expected = list(session.scalars(agency_subtree(city.id)))
    assert list(names) == expected == sorted(expected)
    assert gone.id not in names and outside.id not in names and aside.id not in names
    assert {city.id, county.id, chain_[-1].id} <= set(names)
    assert names[chain_[-1].id] == "第5级机关"
    assert access.visible_agencies(session, viewer) == frozenset(expected)
    assert access.agency_names(session, clerk) == {chain_[3].id: "第2级机关"}
