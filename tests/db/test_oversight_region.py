"""督导 over a generated region held in the database (SQLite and PostgreSQL): 240 agencies over
three years, some late, some unbalanced, some breaking the chain across years, some on the 2019
tables. The board, the findings, the totals and the comparison are checked against what the
generator knows to be true, not against what the code computes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from gongkai.oversight.aggregate import Member, add_up
from gongkai.oversight.collection import NOT_SUBMITTED, PUBLISHED
from gongkai.oversight.indicators import measure
from gongkai.report import codec
from gongkai.report.agency import publication_deadline
from gongkai.workbench import oversight, oversight_findings, oversight_summary
from gongkai.workbench.access import PermissionDenied
from gongkai.workbench.orm import Agency, AgencyKind, PublishedFile, Region, Role, User
from tests.oversight.region import COUNTY, make_region
from tests.oversight.region import Region as Generated

YEARS = (2021, 2022, 2023)
TODAY = date(2024, 11, 23)  # every report of 2023 is past its deadline
NOW = datetime(2024, 11, 23, 2, 0, tzinfo=UTC)


@dataclass
class Loaded:
    region: Generated
    viewer: int
    clerk: int
    ids: dict[str, int]  # agency name -> id


@pytest.fixture
def loaded(session: Session) -> Loaded:
    """The generated region as the office holds it: one uploaded file per published report."""
    region = make_region(240, years=YEARS, seed=11)
    where = Region(code="330199", name=COUNTY)
    office = Agency(name=f"{COUNTY}政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=where)
    agencies = {
        name: Agency(
            name=name,
            kind=AgencyKind.GOVERNMENT if name.endswith("人民政府") else AgencyKind.DEPARTMENT,
            region=where,
            parent=office,
        )
        for name in region.agencies
    }
    viewer = User(login="gkb", name="公开办", role=Role.SUPERVISOR, agency=office)
    first = agencies[region.agencies[1]]
    clerk = User(login="jb", name="经办人", role=Role.CLERK, agency=first)
    session.add_all([where, office, *agencies.values(), viewer, clerk])
    session.flush()
    for (name, year), report in region.reports.items():
        data = codec.to_dict(report)
        session.add(
            PublishedFile(
                agency_id=agencies[name].id,
                year=year,
                file_name=f"{name}{year}.txt",
                sha256=hashlib.sha256(repr(data).encode()).hexdigest(),
                report=data,
                findings=[],
                published_on=report.document.published if report.document else None,
                imported_at=NOW,
                imported_by=viewer.id,
            )
        )
    session.commit()
    return Loaded(region, viewer.id, clerk.id, {n: a.id for n, a in agencies.items()})


def test_the_board_knows_who_published_and_who_is_late(session: Session, loaded: Loaded) -> None:
    region = loaded.region
    for year in YEARS:
        board = oversight.board(session, loaded.viewer, year, TODAY)
        lines = {line.agency: line for line in board.lines}
        assert set(lines) == set(loaded.ids)  # every agency below the office, nothing else
        for name, line in lines.items():
            key = (name, year)
            assert line.deadline == publication_deadline(name, year)
            if key in region.reports:
                assert line.state == PUBLISHED and line.source == "年报文件"
                assert line.late == (key in region.late), name
            else:
                assert line.state == NOT_SUBMITTED and line.late, name
        missing = sum(1 for a in region.agencies if (a, year) not in region.reports)
        assert board.counts[PUBLISHED] == len(region.agencies) - missing


def test_findings_name_the_unbalanced_and_the_broken_chains(
    session: Session, loaded: Loaded
) -> None:
    region = loaded.region
    assert region.spoiled and region.broken_chain, "the generator spoils some reports"
    for year in YEARS:
        items = oversight_findings.findings(session, loaded.viewer, year)
        failing = {(i.agency, i.finding["rule"]) for i in items if i.finding["status"] == "failed"}
        spoiled = {a for a, y in region.spoiled if y == year}
        assert {a for a, rule in failing if rule == "R10"} == spoiled
        broken = {a for a, y in region.broken_chain if y == year}
        assert broken <= {a for a, rule in failing if rule == "R14"}
        only_r10 = oversight_findings.findings(session, loaded.viewer, year, rule="R10")
        assert {i.agency for i in only_r10} == spoiled


def test_the_totals_are_the_cell_wise_sum_and_name_the_failing_members(
    session: Session, loaded: Loaded
) -> None:
    region = loaded.region
    for year in YEARS:
        found = oversight_summary.totals(session, loaded.viewer, year)
        assert found is not None
        reports = {a: r for (a, y), r in region.reports.items() if y == year}
        expected = add_up("x", year, [Member(a, r) for a, r in reports.items()])
        assert found.aggregate.report.applications == expected.report.applications
        assert found.aggregate.report.reviews == expected.report.reviews
        assert set(found.aggregate.failing) == {a for a, y in region.spoiled if y == year}
        assert found.aggregate.name == f"{COUNTY}（汇总）"
        rules = {f.rule for f in found.findings}
        if any(y == year for _, y in region.old_tables):
            assert "R51" in rules  # 2019 and 2021 tables mixed
        missing = {a for a, y in region.missing if y == year}
        assert set(found.without_report) == missing
        if missing and year > YEARS[0]:
            assert "R52" in rules  # members changed since last year


def test_the_comparison_measures_every_held_report(session: Session, loaded: Loaded) -> None:
    region = loaded.region
    year = YEARS[-1]
    found = oversight_summary.comparison(session, loaded.viewer, year)
    rows = {r.agency: r for r in found.comparison.rows}
    reports = {a: r for (a, y), r in region.reports.items() if y == year}
    assert set(rows) == set(reports)
    for name, report in reports.items():
        assert rows[name].values == measure(report)  # files only: no on-time rate
        before = region.reports.get((name, year - 1))
        if before is not None and rows[name].values["applications"] is not None:
            last = measure(before)["applications"]
            if last:
                expected = rows[name].values["applications"] / last - 1
                assert rows[name].changes["applications"] == pytest.approx(expected)
    ranked = sorted(
        (r for r in rows.values() if "applications" in r.ranks),
        key=lambda r: r.ranks["applications"],
    )
    values = [r.values["applications"] for r in ranked]
    assert values == sorted(values, reverse=True)  # rank 1 is the largest
    share = found.comparison.distributions["disclosed_share"]
    assert share is not None and share.minimum <= share.q1 <= share.median <= share.q3
    assert set(found.without_report) == {a for a, y in region.missing if y == year}


def test_only_the_supervising_office_sees_the_region(session: Session, loaded: Loaded) -> None:
    with pytest.raises(PermissionDenied):
        oversight_summary.comparison(session, loaded.clerk, YEARS[-1])
    with pytest.raises(PermissionDenied):
        oversight_summary.totals(session, loaded.clerk, YEARS[-1])
    with pytest.raises(PermissionDenied):
        oversight_summary.reconciliation(session, loaded.clerk, YEARS[-1])


def test_a_neighbouring_office_and_its_agency_stay_out_of_each_others_view(
    session: Session, loaded: Loaded
) -> None:
    year = YEARS[-1]
    where = Region(code="330122", name="邻县")
    office = Agency(name="邻县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=where)
    bureau = Agency(name="邻县教育局", kind=AgencyKind.DEPARTMENT, region=where, parent=office)
    neighbour = User(login="lx", name="邻县公开办", role=Role.SUPERVISOR, agency=office)
    session.add_all([where, office, bureau, neighbour])
    session.flush()
    report = next(r for (_, y), r in loaded.region.reports.items() if y == year)
    data = codec.to_dict(report)
    session.add(
        PublishedFile(
            agency_id=bureau.id, year=year, file_name="lx.txt", sha256="1" * 64, report=data,
            findings=[], published_on=date(year + 1, 1, 10), imported_at=NOW,
            imported_by=neighbour.id,
        )
    )  # fmt: skip
    session.commit()
    mine = set(loaded.ids)
    assert {x.agency for x in oversight.board(session, loaded.viewer, year, TODAY).lines} == mine
    assert {i.agency for i in oversight_findings.findings(session, loaded.viewer, year)} <= mine
    compared = oversight_summary.comparison(session, loaded.viewer, year)
    assert {r.agency for r in compared.comparison.rows} <= mine
    totals = oversight_summary.totals(session, loaded.viewer, year)
    assert totals is not None and "邻县教育局" not in totals.agency_ids
    theirs = oversight.board(session, neighbour.id, year, TODAY).lines
    assert [(x.agency, x.state) for x in theirs] == [("邻县教育局", PUBLISHED)]
    their_totals = oversight_summary.totals(session, neighbour.id, year)
    assert their_totals is not None and set(their_totals.agency_ids) == {"邻县教育局"}
