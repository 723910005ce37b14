"""Table 四: R20–R22."""

from __future__ import annotations

from gongkai.report.model import AnnualReport
from tests.builders import (
    failed,
    findings,
    make_previous,
    make_report,
    not_assessable,
    paths,
    reviews_from,
    with_cell,
    with_cells,
)


def test_r20_one_finding_per_group_with_its_five_cells() -> None:
    report = with_cells(
        make_report(),
        {"reviews.reconsideration.total": 4, "reviews.litigation_direct.upheld": 2},
    )
    found = failed(report, "R20")
    assert [f.details["group"] for f in found] == ["reconsideration", "litigation_direct"]
    assert found[0].message == (
        "表四“行政复议”：结果维持 1 + 结果纠正 1 + 其他结果 0 + 尚未审结 1 = 3，而总计为 4，相差 1。"
    )
    assert paths(found[0]) == [
        f"reviews.reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    assert found[0].evidence[0].label == "行政复议 · 结果维持"


def test_r20_blank_is_not_assessable_and_blank_as_zero_judges_it() -> None:
    report = with_cell(make_report(), "reviews.litigation_direct.pending", None)
    assert failed(report, "R20") == []
    (finding,) = not_assessable(report, "R20")
    assert paths(finding) == ["reviews.litigation_direct.pending"]
    assert findings(report, "R20", blank_as_zero=True) == []


def test_r20_r21_missing_table() -> None:
    report = make_report(reviews=None)
    for rule_id in ("R20", "R21", "R22"):
        (finding,) = findings(report, rule_id)
        assert finding.status == "not_assessable" and "表四" in finding.message


def test_r21_negative_cell() -> None:
    report = with_cell(make_report(), "reviews.litigation_direct.other", -1)
    (finding,) = failed(report, "R21")
    assert (
        finding.message == "表四“行政诉讼·未经复议直接起诉”：“其他结果”为 -1，案件数应为非负整数。"
    )
    assert paths(finding) == ["reviews.litigation_direct.other"]


def _litigation_only() -> AnnualReport:
    return make_report(reviews=reviews_from(litigation_after_reconsideration=(1, 0, 0, 0)))


def test_r22_needs_last_year_to_be_sure() -> None:
    report = _litigation_only()
    (alone,) = findings(report, "R22")
    assert alone.status == "not_assessable" and "未提供上年年报" in alone.message
    (both_zero,) = failed(report, "R22", make_previous(reviews=reviews_from()))
    assert paths(both_zero) == [
        "reviews.litigation_after_reconsideration.total",
        "reviews.reconsideration.total",
        "previous.reviews.reconsideration.total",
    ]
    assert findings(report, "R22", make_previous()) == []  # last year had 行政复议
    (missing,) = findings(report, "R22", make_previous(reviews=None))
    assert missing.status == "not_assessable" and "缺少表四" in missing.message
    (wrong_year,) = findings(report, "R22", make_previous(year=2020))
    assert wrong_year.status == "not_assessable" and "2020" in wrong_year.message
