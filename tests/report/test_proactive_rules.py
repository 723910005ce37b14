"""Table 二: R30–R34 on the 2021 format, R35–R36 on the 2019 format."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.builders import (
    failed,
    findings,
    make_previous,
    make_previous_2019,
    make_report,
    make_report_2019,
    not_assessable,
    paths,
    with_cell,
    with_cells,
)

RULES_2021 = ("R30", "R31", "R32", "R33", "R34")
RULES_2019 = ("R35", "R36")


def test_each_template_has_its_own_rules() -> None:
    report_2019, previous_2019 = make_report_2019(), make_previous_2019()
    broken_2019 = with_cell(report_2019, "proactive.regulations.made", -1)
    for rule_id in RULES_2021:
        assert findings(broken_2019, rule_id, previous_2019) == []
    for rule_id in RULES_2019:
        assert findings(make_report(), rule_id, make_previous()) == []


def test_r30_counts_and_a_decimal_fee() -> None:
    assert findings(make_report(), "R30") == []  # fee 1.25 万元
    report = with_cells(
        make_report(),
        {
            "proactive.licensing": -3,
            "proactive.fees": Decimal("-0.5"),
            "proactive.punishment": "三",
        },
    )
    found = failed(report, "R30")
    assert [paths(f) for f in found] == [
        ["proactive.licensing"],
        ["proactive.punishment"],
        ["proactive.fees"],
    ]
    assert found[0].message == "表二“行政许可”：“本年处理决定数量”为 -3，应为非负整数。"
    assert found[2].message.endswith("应为非负数。")


def test_r30_blank_regulations_are_not_assessable() -> None:
    report = with_cells(
        make_report(),
        {f"proactive.regulations.{c}": None for c in ("issued", "abolished", "in_force")},
    )
    (finding,) = findings(report, "R30")
    assert finding.status == "not_assessable"
    assert paths(finding) == [
        "proactive.regulations.issued",
        "proactive.regulations.abolished",
        "proactive.regulations.in_force",
    ]
    assert findings(report, "R33") == []  # "/" in 规章 is what such a body prints


def test_r30_missing_table() -> None:
    (finding,) = findings(make_report(proactive=None), "R30")
    assert finding.status == "not_assessable" and "表二" in finding.message


def test_r31_in_force_follows_from_last_year() -> None:
    report = with_cell(make_report(), "proactive.normative_documents.in_force", 13)
    (finding,) = failed(report, "R31", make_previous())
    assert finding.message == (
        "表二“行政规范性文件”：本年现行有效件数 13，而上年现行有效 10 + 本年制发 3 − 本年废止 1 = 12，"
        "相差 1。"
    )
    assert paths(finding) == [
        "previous.proactive.normative_documents.in_force",
        "proactive.normative_documents.issued",
        "proactive.normative_documents.abolished",
        "proactive.normative_documents.in_force",
    ]
    assert findings(report, "R31") == []  # no previous report: nothing to compare with


def test_r31_r32_need_last_years_table_on_the_2021_format() -> None:
    for previous in (make_previous(proactive=None), make_previous_2019(year=2022)):
        for rule_id in ("R31", "R32"):
            (finding,) = findings(make_report(), rule_id, previous)
            assert finding.status == "not_assessable" and "上年年报" in finding.message
    blank = with_cell(make_previous(), "proactive.regulations.in_force", None)
    (finding,) = findings(make_report(), "R31", blank)
    assert finding.status == "not_assessable"
    assert paths(finding) == ["previous.proactive.regulations.in_force"]


def test_r32_abolished_more_than_existed() -> None:
    report = with_cell(make_report(), "proactive.normative_documents.abolished", 20)
    (finding,) = failed(report, "R32", make_previous())
    assert "本年废止 20 件，超过上年现行有效 10 件与本年制发 3 件之和 13" in finding.message


@pytest.mark.parametrize(
    ("agency", "fires"),
    [
        ("绵阳市生态环境局", True),
        ("梓潼县人民政府", True),
        ("某某镇人民政府", True),
        ("四川省人民政府", False),
        ("绵阳市人民政府", False),  # 设区的市 or 县级市: the name does not tell
        ("生态环境部", False),
        (None, False),
    ],
)
def test_r33_regulations_by_a_body_without_the_power(agency: str, fires: bool) -> None:
    report = with_cells(
        make_report(agency=agency),
        {
            "proactive.regulations.issued": 1,
            "document.title": f"{agency}2023年政府信息公开工作年度报告",
        },
    )
    assert bool(failed(report, "R33")) is fires


def test_r33_takes_the_agency_from_the_title_when_the_report_names_none() -> None:
    report = with_cell(make_report(agency=None), "proactive.regulations.issued", 1)
    (finding,) = failed(report, "R33")
    assert finding.evidence[0].value == "绵阳市生态环境局"
    untitled = with_cell(report, "document.title", None)
    assert failed(untitled, "R33") == []


def test_r34_fee_in_yuan() -> None:
    (large,) = failed(with_cell(make_report(), "proactive.fees", Decimal(12500)), "R34")
    assert "12500 万元" in large.message
    assert (
        failed(
            with_cell(make_report(), "proactive.fees", Decimal(12500)),
            "R34",
            fee_wan_yuan_limit=20000,
        )
        == []
    )
    stated = with_cells(
        make_report(),
        {
            "proactive.fees": Decimal(350),
            "text.other_matters": "本年度行政事业性收费350元，未收取信息处理费。",
        },
    )
    (finding,) = failed(stated, "R34")
    assert paths(finding) == ["proactive.fees", "text.other_matters"]
    in_wan = with_cell(
        stated, "text.other_matters", "本年度行政事业性收费350万元，未收取信息处理费。"
    )
    assert failed(in_wan, "R34") == []
    (blank,) = not_assessable(with_cell(make_report(), "proactive.fees", None), "R34")
    assert paths(blank) == ["proactive.fees"]


def test_r35_item_counts_follow_from_last_year() -> None:
    previous = with_cell(make_previous_2019(), "proactive.licensing.change", 1)
    (finding,) = failed(make_report_2019(), "R35", previous)
    assert finding.message == (
        "表二“行政许可”：本年上一年项目数量 30，而上年年报上一年项目数量 28 加本年增/减 +1 为 29，相差 1。"
    )
    assert paths(finding) == [
        "proactive.licensing.previous",
        "previous.proactive.licensing.previous",
        "previous.proactive.licensing.change",
    ]
    (other_format,) = findings(make_report_2019(), "R35", make_previous(year=2019))
    assert other_format.status == "not_assessable"
    assert findings(make_report_2019(), "R35") == []


def test_r36_published_more_than_total() -> None:
    report = with_cell(make_report_2019(), "proactive.normative_documents.published", 30)
    (finding,) = failed(report, "R36")
    assert finding.message == "表二“规范性文件”：本年新公开数量 30，大于对外公开总数量 25。"
    blank = with_cell(make_report_2019(), "proactive.regulations.total", None)
    assert not_assessable(blank, "R36")
