"""The supervising office's records: aliases, published files, verdicts (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gongkai.errors import GongkaiError
from gongkai.renderers import render_report
from gongkai.workbench import oversight_files
from gongkai.workbench.access import PermissionDenied
from gongkai.workbench.orm import (
    Agency,
    AgencyKind,
    AuditEntry,
    FindingVerdict,
    PublishedFile,
    Region,
    Role,
    User,
    Verdict,
)
from tests.builders import document, make_report, with_cells

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@dataclasses.dataclass
class County:
    office: Agency
    education: Agency
    outside: Agency
    viewer: User
    clerk: User
    stranger: User


@pytest.fixture
def county(session: Session) -> County:
    region = Region(code="330122", name="临江县")
    office = Agency(name="临江县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    education = Agency(
        name="临江县教育局", kind=AgencyKind.DEPARTMENT, region=region, parent=office
    )
    outside = Agency(name="邻县政务公开办", kind=AgencyKind.OPEN_GOV_OFFICE, region=region)
    viewer = User(login="gkb", name="公开办", role=Role.SUPERVISOR, agency=office)
    clerk = User(login="jy", name="经办人", role=Role.CLERK, agency=education)
    stranger = User(login="lx", name="邻县", role=Role.SUPERVISOR, agency=outside)
    session.add_all([region, office, education, outside, viewer, clerk, stranger])
    session.flush()
    return County(office, education, outside, viewer, clerk, stranger)


def report_file(agency: str, year: int = 2023, cells: dict[str, int] | None = None) -> bytes:
    report = make_report(agency=agency, year=year, document=document(agency, year))
    return render_report(with_cells(report, cells or {}), "txt")


def test_a_file_is_filed_under_its_agency_and_year_and_a_newer_one_replaces_it(
    session: Session, county: County
) -> None:
    first = oversight_files.import_file(
        session, county.viewer.id, "jy2023.txt", report_file("临江县教育局"), now=NOW
    ).row
    assert (first.agency_id, first.year) == (county.education.id, 2023)
    assert first.published_on == date(2024, 1, 20)
    assert first.report["agency"] == "临江县教育局"
    second = oversight_files.import_file(
        session, county.viewer.id, "jy2023-v2.txt", report_file("临江县 教育局"), now=NOW
    ).row
    live = session.scalars(select(PublishedFile).where(PublishedFile.archived_at.is_(None))).all()
    assert [row.id for row in live] == [second.id]
    assert first.archived_at is not None
    entries = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "published_file")
    )
    assert entries == 3  # two created, one archived


def test_a_short_name_needs_an_alias_and_then_is_placed(session: Session, county: County) -> None:
    data = report_file("教育局")
    with pytest.raises(GongkaiError, match="不在您所辖的机关中") as refused:
        oversight_files.import_file(session, county.viewer.id, "short.txt", data, now=NOW)
    assert "别名表" in refused.value.hint
    assert session.scalar(select(func.count()).select_from(PublishedFile)) == 0
    oversight_files.add_alias(session, county.viewer.id, county.education.id, "教 育局", now=NOW)
    row = oversight_files.import_file(session, county.viewer.id, "short.txt", data, now=NOW).row
    assert row.agency_id == county.education.id
    names = oversight_files.aliases_for(session, county.viewer.id)
    assert names.canonical("教育局") == "临江县教育局"
    with pytest.raises(GongkaiError, match="另一个机关的正式名称"):
        oversight_files.add_alias(
            session, county.viewer.id, county.education.id, "临江县政务公开办", now=NOW
        )


def test_files_and_aliases_outside_the_viewers_scope_are_refused(
    session: Session, county: County
) -> None:
    data = report_file("临江县教育局")
    with pytest.raises(GongkaiError, match="不在您所辖的机关中"):
        oversight_files.import_file(session, county.stranger.id, "x.txt", data, now=NOW)
    with pytest.raises(PermissionDenied):
        oversight_files.import_file(session, county.clerk.id, "x.txt", data, now=NOW)
    with pytest.raises(PermissionDenied):
        oversight_files.add_alias(
            session, county.stranger.id, county.education.id, "教育局", now=NOW
        )
    with pytest.raises(GongkaiError, match=r"未读到年报的发布机关|不是政府信息公开工作年度报告"):
        oversight_files.import_file(
            session, county.viewer.id, "poem.txt", "床前明月光".encode(), now=NOW
        )
    assert session.scalar(select(func.count()).select_from(PublishedFile)) == 0


def test_verdicts_confirm_or_dismiss_with_a_reason_and_are_audited(
    session: Session, county: County
) -> None:
    row = oversight_files.import_file(
        session,
        county.viewer.id,
        "bad.txt",
        report_file("临江县教育局", cells={"applications.new[0]": 99}),
        now=NOW,
    ).row
    r10 = next(f for f in row.findings if f["rule"] == "R10" and f["status"] == "failed")
    with pytest.raises(GongkaiError, match="须说明理由"):
        oversight_files.decide(
            session,
            county.viewer.id,
            county.education.id,
            2023,
            r10,
            Verdict.DISMISSED,
            "",
            now=NOW,
        )
    confirmed = oversight_files.decide(
        session, county.viewer.id, county.education.id, 2023, r10, Verdict.CONFIRMED, "", now=NOW
    )
    dismissed = oversight_files.decide(
        session,
        county.viewer.id,
        county.education.id,
        2023,
        r10,
        Verdict.DISMISSED,
        "原表另附说明，系转录错误",
        now=NOW,
    )
    assert dismissed.id == confirmed.id and dismissed.verdict is Verdict.DISMISSED
    found = oversight_files.verdicts(session, county.viewer.id, county.education.id, 2023)
    assert found[oversight_files.finding_key(r10)].reason == "原表另附说明，系转录错误"
    assert session.scalar(select(func.count()).select_from(FindingVerdict)) == 1
    audited = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity == "finding_verdict")
    ).all()
    assert len(audited) == 2
    with pytest.raises(PermissionDenied):
        oversight_files.decide(
            session, county.clerk.id, county.education.id, 2023, r10, Verdict.CONFIRMED, "", now=NOW
        )


def test_the_findings_list_holds_workbench_reports_before_uploaded_files(
    session: Session, county: County
) -> None:
    from gongkai.workbench import annual_reports, oversight_findings

    oversight_files.import_file(
        session, county.viewer.id, "jy.txt", report_file("临江县教育局", 2024), now=NOW
    )
    held = oversight_findings.held_reports(session, county.viewer, 2024)
    assert held[county.education.id].source == "年报文件 jy.txt"
    annual_reports.save_narrative(
        session,
        county.clerk.id,
        county.education.id,
        2024,
        {"problems": "栏目更新不及时，已整改。"},
        expected_version=0,
        now=NOW,
    )
    annual_reports.submit(
        session, county.clerk.id, county.education.id, 2024, expected_version=None, now=NOW
    )
    held = oversight_findings.held_reports(session, county.viewer, 2024)
    assert held[county.education.id].source == "工作台（已报送）"
    assert held[county.education.id].report.agency == "临江县教育局"
    items = oversight_findings.findings(session, county.viewer.id, 2024)
    assert all(item.agency == "临江县教育局" for item in items)
    assert oversight_findings.findings(session, county.viewer.id, 2024, verdict="confirmed") == []
    with pytest.raises(PermissionDenied):
        oversight_findings.findings(session, county.clerk.id, 2024)
