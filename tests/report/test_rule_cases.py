"""One failing and one passing case for every rule the checker runs on a single report.

The family test modules go into messages, evidence and blanks; this table only guarantees that no
rule id is left without a case that makes it fire and a case where it stays silent.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from gongkai.report.model import AnnualReport, Narrative, SectionMark
from gongkai.report.rules.catalogue import CATALOGUE
from tests.builders import (
    applications_from,
    document,
    failed,
    findings,
    make_previous,
    make_previous_2019,
    make_report,
    make_report_2019,
    reviews_from,
    with_cell,
    with_cells,
)

Case = tuple[AnnualReport, AnnualReport | None, dict[str, Any]]


def _sections_without(key: str) -> AnnualReport:
    report = make_report()
    assert report.document is not None
    kept = tuple(m for m in report.document.sections if m.key != key)
    return with_cell(report, "document.sections", kept)


def _heading(key: str, heading: str) -> AnnualReport:
    report = make_report()
    assert report.document is not None
    marks = tuple(
        SectionMark(m.key, heading) if m.key == key else m for m in report.document.sections
    )
    return with_cell(report, "document.sections", marks)


def _misfiled() -> AnnualReport:
    return with_cells(make_report(), {"applications.new[0]": 20, "applications.new[1]": 7})


def _open_long() -> AnnualReport:
    apps = applications_from(
        {"disclosed": (10, 4, 1, 1, 0, 2)}, (0, 0, 5, 0, 0, 0), (0, 0, 5, 0, 0, 0)
    )
    return make_report(applications=apps, text=None)


def _litigation_only() -> AnnualReport:
    return make_report(reviews=reviews_from(litigation_after_reconsideration=(1, 0, 0, 0)))


def _copied() -> tuple[AnnualReport, AnnualReport]:
    report = make_report()
    previous = dataclasses.replace(report, year=2022, document=document(year=2022))
    return report, previous


FAILING: dict[str, Callable[[], Case]] = {
    "R01": lambda: (_sections_without("problems"), None, {}),
    "R02": lambda: (make_report(proactive=None), None, {}),
    "R03": lambda: (with_cell(make_report(), "document.title_year", 2022), None, {}),
    "R04": lambda: (with_cell(make_report(), "document.published", date(2024, 2, 15)), None, {}),
    "R05": lambda: (make_report_2019(year=2021), None, {}),
    "R06": lambda: (
        make_report(agency="绵阳市涪城区人民政府", text=Narrative("工作有序。")),
        None,
        {},
    ),
    "R07": lambda: (_heading("reviews", "四、行政复议及行政诉讼情况"), None, {}),
    "R10": lambda: (with_cell(make_report(), "applications.new[0]", 22), None, {}),
    "R11": lambda: (with_cell(make_report(), "applications.results_total[1]", 6), None, {}),
    "R12": lambda: (with_cell(make_report(), "applications.disclosed[6]", 19), None, {}),
    "R13": lambda: (with_cell(make_report(), "applications.disclosed[2]", -1), None, {}),
    "R14": lambda: (
        make_report(),
        with_cell(make_previous(), "applications.carried_forward[0]", 2),
        {},
    ),
    "R15": lambda: (_misfiled(), None, {}),
    "R16": lambda: (_open_long(), None, {}),
    "R17": lambda: (with_cell(make_report(), "applications.disclosed[3]", None), None, {}),
    "R20": lambda: (with_cell(make_report(), "reviews.reconsideration.total", 4), None, {}),
    "R21": lambda: (with_cell(make_report(), "reviews.litigation_direct.other", -1), None, {}),
    "R22": lambda: (_litigation_only(), make_previous(reviews=reviews_from()), {}),
    "R30": lambda: (with_cell(make_report(), "proactive.licensing", -3), None, {}),
    "R31": lambda: (
        with_cell(make_report(), "proactive.normative_documents.in_force", 13),
        make_previous(),
        {},
    ),
    "R32": lambda: (
        with_cell(make_report(), "proactive.normative_documents.abolished", 20),
        make_previous(),
        {},
    ),
    "R33": lambda: (with_cell(make_report(), "proactive.regulations.issued", 1), None, {}),
    "R34": lambda: (with_cell(make_report(), "proactive.fees", Decimal(12500)), None, {}),
    "R35": lambda: (
        make_report_2019(),
        with_cell(make_previous_2019(), "proactive.licensing.change", 1),
        {},
    ),
    "R36": lambda: (
        with_cell(make_report_2019(), "proactive.normative_documents.published", 30),
        None,
        {},
    ),
    "R40": lambda: (
        with_cell(make_report(), "text.overview", "2023年共收到政府信息公开申请30件。"),
        None,
        {},
    ),
    "R41": lambda: (with_cell(make_report(), "text.other_matters", "无。"), None, {}),
    "R42": lambda: (*_copied(), {}),
    "R43": lambda: (
        with_cell(make_report(), "text.problems", "一是公开不够及时。下一步将加强培训。"),
        None,
        {},
    ),
}

PASSING: dict[str, Callable[[], Case]] = {
    "R35": lambda: (make_report_2019(), make_previous_2019(), {}),
    "R36": lambda: (make_report_2019(), None, {}),
}

CHECKED = [r.id for r in CATALOGUE if r.scope in ("report", "cross_year")]


def test_every_checked_rule_has_a_failing_case() -> None:
    assert sorted(FAILING) == CHECKED


@pytest.mark.parametrize("rule_id", CHECKED)
def test_fails(rule_id: str) -> None:
    report, previous, options = FAILING[rule_id]()
    found = failed(report, rule_id, previous, **options)
    assert found, f"{rule_id} did not fire"
    for finding in found:
        assert finding.message
        assert all(e.path and e.label for e in finding.evidence)


@pytest.mark.parametrize("rule_id", CHECKED)
def test_passes(rule_id: str) -> None:
    default = (make_report(), make_previous(), {})
    report, previous, options = PASSING.get(rule_id, lambda: default)()
    assert findings(report, rule_id, previous, **options) == []


CROSS_YEAR = ["R14", "R22", "R31", "R32", "R35", "R42"]


@pytest.mark.parametrize("rule_id", CROSS_YEAR)
def test_cross_year_rules_need_last_year_of_the_same_agency(rule_id: str) -> None:
    report, previous, options = FAILING[rule_id]()
    assert previous is not None
    other = dataclasses.replace(previous, agency="德阳市教育局")
    (finding,) = findings(report, rule_id, other, **options)
    assert finding.status == "not_assessable"
    assert finding.message.startswith("上年年报的机关（德阳市教育局）与本年（")
    assert [e.value for e in finding.evidence] == [report.agency, "德阳市教育局"]
