"""Table 三: R10–R17, including blanks, the 2019 single 其他处理 row and blank_as_zero."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications
from gongkai.report.rules import check_report
from tests.builders import (
    applications_from,
    failed,
    findings,
    make_previous,
    make_report,
    make_report_2019,
    not_assessable,
    paths,
    with_cell,
    with_cells,
)

ZEROS = (0, 0, 0, 0, 0, 0)


def small_report() -> AnnualReport:
    apps = applications_from({"disclosed": (2, 0, 0, 0, 0, 0)}, ZEROS, ZEROS)
    return make_report(applications=apps, text=None)


def test_r10_message_names_the_column_and_the_numbers() -> None:
    report = with_cells(small_report(), {"applications.new[0]": 3, "applications.new[6]": 3})
    found = failed(report, "R10")
    assert [f.details["column"] for f in found] == [0, 6]
    total = found[1]
    assert total.message == (
        "表三“总计”列：本年新收 3 + 上年结转 0 = 3，而（七）总计 2 + 结转下年度继续办理 0 = 2，相差 1。"
    )
    assert paths(total) == [
        "applications.new[6]",
        "applications.carried_over[6]",
        "applications.results_total[6]",
        "applications.carried_forward[6]",
    ]
    assert [e.value for e in total.evidence] == [3, 0, 2, 0]
    assert total.evidence[0].label == "一、本年新收 · 总计"


def test_r10_blank_cell_makes_only_its_column_not_assessable() -> None:
    report = with_cells(make_report(), {"applications.new[3]": None, "applications.new[0]": 22})
    found = findings(report, "R10")
    assert [(f.status, f.details.get("column")) for f in found] == [
        ("failed", 0),
        ("not_assessable", None),
    ]
    blank = found[1]
    assert paths(blank) == ["applications.new[3]"]
    assert "表三有空白单元格" in blank.message


def test_blank_as_zero_counts_the_blank_and_r17_says_so() -> None:
    report = with_cell(make_report(), "applications.new[3]", None)  # was 1
    assert failed(report, "R10") == []
    assert [f.details["column"] for f in failed(report, "R10", blank_as_zero=True)] == [3]
    assert not_assessable(report, "R10", blank_as_zero=True) == []
    (r17,) = findings(report, "R17", blank_as_zero=True)
    assert "已按 0 计算" in r17.message
    assert r17.details["blank_as_zero"] is True


def test_missing_table_gives_one_not_assessable_finding_per_rule() -> None:
    report = make_report(applications=None)
    for rule_id in ("R10", "R11", "R12", "R13", "R15", "R16"):
        (finding,) = findings(report, rule_id)
        assert finding.status == "not_assessable"
        assert "表三" in finding.message and "缺失" in finding.message
    assert findings(report, "R17") == []  # R02 reports the missing table


def test_r11_per_column_with_every_result_row_as_evidence() -> None:
    report = with_cell(make_report(), "applications.results_total[1]", 6)
    (finding,) = failed(report, "R11")
    assert "“商业企业”列：办理结果各项之和为 5，而（七）总计为 6，相差 1" in finding.message
    assert len(finding.evidence) == len(fmt.result_keys(False)) + 1


def test_r11_on_the_2019_template_uses_the_single_other_row() -> None:
    report = make_report_2019()
    assert failed(report, "R11") == []
    broken = with_cell(report, "applications.other[0]", 2)
    (finding,) = failed(broken, "R11")
    assert "applications.other[0]" in paths(finding)
    assert not any(p.startswith("applications.other_no_correction") for p in paths(finding))
    assert len(finding.evidence) == 20  # 19 result rows + 总计


def test_2021_report_printing_other_as_one_row_passes() -> None:
    apps = applications_from({"other": (1, 0, 0, 0, 0, 0)}, ZEROS, ZEROS, undivided=True)
    report = make_report(applications=apps, text=None)
    assert [f.rule for f in check_report(report) if f.rule.startswith("R1")] == []


def test_r12_lists_the_whole_row() -> None:
    report = with_cell(make_report(), "applications.disclosed[6]", 19)
    (finding,) = failed(report, "R12")
    assert finding.message == (
        "表三“（一）予以公开”行：各类申请人之和 10 + 4 + 1 + 1 + 0 + 2 = 18，而总计为 19，相差 1。"
    )
    assert len(finding.evidence) == 7


def test_r13_negative_and_fractional_cells() -> None:
    report = with_cells(
        make_report(),
        {"applications.disclosed[2]": -1, "applications.disclosed[3]": Decimal("1.5")},
    )
    (finding,) = failed(report, "R13")
    assert paths(finding) == ["applications.disclosed[2]", "applications.disclosed[3]"]
    assert "“科研机构”为 -1" in finding.message and "“社会公益组织”为 1.5" in finding.message


def test_r13_blank_is_not_assessable() -> None:
    report = with_cell(make_report(), "applications.disclosed[2]", None)
    assert failed(report, "R13") == []
    (finding,) = not_assessable(report, "R13")
    assert paths(finding) == ["applications.disclosed[2]"]


def test_r14_compares_with_last_years_carried_forward() -> None:
    previous = with_cell(make_previous(), "applications.carried_forward[0]", 2)
    (finding,) = failed(make_report(), "R14", previous)
    assert finding.message == (
        "表三“自然人”列：本年上年结转 1 件，而2022年度年报结转下年度继续办理 2 件，相差 1。"
    )
    assert paths(finding) == [
        "applications.carried_over[0]",
        "previous.applications.carried_forward[0]",
    ]
    assert finding.evidence[1].label.startswith("上年年报 · ")


def test_r14_without_a_usable_previous_report() -> None:
    assert findings(make_report(), "R14") == []
    (wrong_year,) = findings(make_report(), "R14", make_previous(year=2021))
    assert wrong_year.status == "not_assessable" and "2021" in wrong_year.message
    (no_table,) = findings(make_report(), "R14", make_previous(applications=None))
    assert no_table.status == "not_assessable"
    blank = with_cell(make_previous(), "applications.carried_forward[0]", None)
    (finding,) = findings(make_report(), "R14", blank)
    assert finding.status == "not_assessable"
    assert paths(finding) == ["previous.applications.carried_forward[0]"]


def test_r14_last_year_of_another_agency_is_not_compared() -> None:
    previous = with_cell(make_previous(), "applications.carried_forward[0]", 2)
    other = dataclasses.replace(previous, agency="绵阳市 教育和体育局")
    (finding,) = findings(make_report(), "R14", other)
    assert finding.status == "not_assessable"
    assert finding.message == (
        "上年年报的机关（绵阳市教育和体育局）与本年（绵阳市生态环境局）不同，无法跨年核对。"
    )
    assert paths(finding) == ["agency", "previous.agency"]
    # Spaces, a short form, and an unknown agency on either side: compared as before.
    for agency in ("绵阳市 生态环境局", "绵阳市环境局", None):
        same = dataclasses.replace(previous, agency=agency, document=None)
        assert [f.status for f in findings(make_report(), "R14", same)] == ["failed"]
    unnamed = dataclasses.replace(make_report(), agency=None, document=None)
    assert [f.status for f in findings(unnamed, "R14", other)] == ["failed"]


def test_r15_differences_that_cancel_out() -> None:
    report = with_cells(make_report(), {"applications.new[0]": 20, "applications.new[1]": 7})
    (finding,) = failed(report, "R15")
    assert "“自然人”列相差 −1、“商业企业”列相差 +1" in finding.message
    assert finding.details["columns"] == [0, 1]
    assert len(finding.evidence) == 12  # four cells for each of the two columns and 总计


def test_r15_silent_when_the_total_column_is_off_too() -> None:
    report = with_cells(make_report(), {"applications.new[0]": 22, "applications.new[6]": 34})
    assert failed(report, "R10") and findings(report, "R15") == []


def test_r15_blank_total_is_not_assessable() -> None:
    report = with_cell(make_report(), "applications.new[6]", None)
    (finding,) = findings(report, "R15")
    assert finding.status == "not_assessable"


def test_r16_more_carried_forward_than_new() -> None:
    apps = applications_from(
        {"disclosed": (1, 0, 0, 0, 0, 0)}, (4, 0, 0, 0, 0, 0), (4, 0, 0, 0, 0, 0)
    )
    found = failed(make_report(applications=apps, text=None), "R16")
    assert [f.details["column"] for f in found] == [0, 6]
    assert "至少 3 件申请" in found[0].message


def test_r17_one_finding_per_table_and_text_cells_do_not_count() -> None:
    report = with_cells(
        make_report(),
        {
            "applications.disclosed[3]": None,
            "applications.new[6]": None,
            "reviews.reconsideration.other": None,
        },
    )
    found = findings(report, "R17")
    assert [(f.message[:2], f.details["blank_cells"]) for f in found] == [("表三", 2), ("表四", 1)]
    assert "核对无法进行" in found[0].message
    report_2019 = with_cell(make_report_2019(), "proactive.procurement.amount_text", None)
    assert findings(report_2019, "R17") == []


def _row(draw: st.DrawFn) -> tuple[int, int, int, int, int, int]:
    return tuple(draw(st.integers(0, 50)) for _ in range(6))  # type: ignore[return-value]


@st.composite
def consistent_applications(draw: st.DrawFn) -> Applications:
    undivided = draw(st.booleans())
    keys = fmt.result_keys(undivided)
    chosen = draw(st.lists(st.sampled_from(keys), max_size=6, unique=True))
    results = {k: _row(draw) for k in chosen}
    forward = _row(draw)
    done = [sum(r[c] for r in results.values()) for c in range(6)]
    over = tuple(draw(st.integers(0, done[c] + forward[c])) for c in range(6))
    return applications_from(results, over, forward, undivided)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(consistent_applications())
def test_any_consistent_table_passes_the_arithmetic(apps: Applications) -> None:
    report = make_report(applications=apps, text=None)
    rules = {"R10", "R11", "R12", "R13", "R15", "R17"}
    assert [f for f in check_report(report) if f.rule in rules] == []
