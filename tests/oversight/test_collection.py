"""Placing files by agency and year: aliases, duplicates, deadlines, cross-year chains."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from gongkai.errors import GongkaiError
from gongkai.oversight.collection import (
    NOT_SUBMITTED,
    PUBLISHED,
    Aliases,
    collect,
    read_agency_list,
)
from gongkai.report import codec
from gongkai.report.model import AnnualReport
from gongkai.report.provenance import findings_with_places
from gongkai.report.rules import check_report
from tests.oversight.region import COUNTY, Region, make_region

TODAY = date(2026, 11, 23)


def line(file: str, report: AnnualReport) -> dict[str, Any]:
    """What `gongkai check` writes for one file: each report checked alone, no previous year."""
    findings = findings_with_places(report, check_report(report))
    return {"file": file, "ok": True, "report": codec.to_dict(report), "findings": findings}


def lines_of(region: Region) -> list[dict[str, Any]]:
    return [
        line(f"{year}/{region.agencies.index(agency):03d}.txt", report)
        for (agency, year), report in region.reports.items()
    ]


def aliases_for(region: Region) -> Aliases:
    """The office's alias table: the short names some reports print."""
    pairs = [(printed, agency) for agency, printed in region.printed.items()]
    return Aliases(pairs, known=region.agencies)


@pytest.fixture(scope="module")
def region() -> Region:
    return make_region(120, years=(2020, 2021, 2022, 2023))


def test_every_agency_year_gets_its_status_with_the_deadline_of_its_kind(region: Region) -> None:
    found = collect(
        lines_of(region), aliases=aliases_for(region), expected=region.agencies, today=TODAY
    )
    assert len(found.statuses) == len(region.agencies) * len(region.years)
    by_key = {(s.agency, s.year): s for s in found.statuses}
    for key in region.missing:
        assert by_key[key].state == NOT_SUBMITTED and by_key[key].late
        assert by_key[key].remark == "逾期未公开"
    for key, status in by_key.items():
        if key in region.missing:
            continue
        assert status.state == PUBLISHED
        assert status.late == (key in region.late), key
        assert status.expected
    government = by_key[(f"{COUNTY}人民政府", 2022)]
    department = by_key[(f"{COUNTY}教育局", 2022)]
    assert government.deadline == date(2023, 3, 31) and department.deadline == date(2023, 1, 31)
    late = next(by_key[k] for k in sorted(region.late) if k not in region.missing)
    assert late.published is not None
    assert late.remark == f"逾期 {(late.published - late.deadline).days} 天公开"


def test_names_printed_differently_are_matched_through_the_aliases(region: Region) -> None:
    assert any(" " in printed for printed in region.printed.values())  # the generator varies them
    found = collect(
        lines_of(region), aliases=aliases_for(region), expected=region.agencies, today=TODAY
    )
    assert {agency for agency, _ in found.reports} <= set(region.agencies)
    without = collect(lines_of(region), expected=region.agencies, today=TODAY)
    strangers = {s.agency for s in without.statuses if not s.expected}
    short = {p for a, p in region.printed.items() if not p.startswith(COUNTY)}
    assert strangers == short  # spaces are ignored; only a different name needs an alias


def test_cross_year_rules_run_against_the_same_agencys_previous_year(region: Region) -> None:
    found = collect(
        lines_of(region), aliases=aliases_for(region), expected=region.agencies, today=TODAY
    )
    failing = {
        key
        for key, filed in found.reports.items()
        if any(f["rule"] == "R14" and f["status"] == "failed" for f in filed.findings)
    }
    assert failing == region.broken_chain
    first_year = found.reports[(region.agencies[1], region.years[0])]
    r14 = [f for f in first_year.findings if f["rule"] == "R14"]
    assert all(f["status"] != "failed" for f in r14)  # no report the year before: nothing to say
    spoiled = next(iter(region.spoiled))
    assert found.reports[spoiled].count("error") > 0


def test_a_second_file_for_the_same_agency_and_year_is_set_aside(region: Region) -> None:
    lines = lines_of(region)
    copy = {**lines[5], "file": "again/copy.txt"}
    found = collect([*lines, copy], aliases=aliases_for(region), today=TODAY)
    twice = [f for f in found.files if f.file == "again/copy.txt"]
    assert twice[0].duplicate_of == lines[5]["file"]
    assert sum(1 for f in found.reports.values() if f.file == "again/copy.txt") == 0


def test_unreadable_and_unplaceable_files_are_kept_with_their_reason(region: Region) -> None:
    nameless = line("nameless.txt", region.reports[next(iter(region.reports))])
    nameless["report"] = {**nameless["report"], "agency": None}
    broken = {"file": "broken.pdf", "ok": False, "error": "文件已损坏", "hint": "请重新下载"}
    torn = {"file": "torn.txt", "ok": True, "report": {"template": "2021"}, "findings": []}
    found = collect([broken, nameless, torn], today=TODAY)
    assert [f.file for f in found.unreadable] == ["broken.pdf", "torn.txt"]
    assert found.unreadable[0].error == "文件已损坏"
    assert "--restart" in found.unreadable[1].hint
    assert [f.file for f in found.unplaced] == ["nameless.txt"]
    assert not found.reports and not found.statuses


def test_alias_and_agency_files(tmp_path: Path) -> None:
    table = tmp_path / "别名.csv"
    table.write_text("别名,机关名称\n教育局,临江县教育局\n", encoding="utf-8-sig")
    names = Aliases.from_csv(table, known=["临江县民政局"])
    assert names.canonical("教育局") == "临江县教育局"
    assert names.canonical(" 临江县 民政局 ") == "临江县民政局"
    assert names.canonical("别的局") == "别的局" and names.canonical("  ") is None
    table.write_text("教育局\n", encoding="utf-8")
    with pytest.raises(GongkaiError, match="第 1 行应有两列"):
        Aliases.from_csv(table)
    listing = tmp_path / "名单.txt"
    listing.write_text("机关名称\n临江县教育局\n\n临江县民政局\n临江县教育局\n", encoding="utf-8")
    assert read_agency_list(listing) == ["临江县教育局", "临江县民政局"]
    listing.write_text("\n", encoding="utf-8")
    with pytest.raises(GongkaiError, match="是空的"):
        read_agency_list(listing)
