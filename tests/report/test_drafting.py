"""Drafted narrative: R40 and R41 hold by construction, and what a person wrote is kept."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import format as fmt
from gongkai.report.drafting import draft, fees_sentence
from gongkai.report.model import Narrative
from gongkai.report.rules import check_report
from gongkai.report.rules.figures import find_figures
from tests.builders import applications_from, make_report, reviews_from

six = st.tuples(*[st.integers(0, 40)] * 6)


def _failed(report, rule_id):  # type: ignore[no-untyped-def]
    return [f for f in check_report(report) if f.rule == rule_id]


def test_a_report_without_words_gets_figures_that_the_rules_find_and_accept():
    report = dataclasses.replace(make_report(), text=None, extra={})
    drafted = draft(report).text
    assert drafted is not None
    assert "本机关共收到政府信息公开申请33件" in drafted.overview
    figures = {(f.quantity, f.value) for f in find_figures(drafted, report.year)}
    assert ("applications", 33) in figures
    assert ("reconsideration", 3) in figures
    assert ("litigation", 2) in figures
    assert "信息处理费" in drafted.other_matters
    checked = draft(report)
    assert not _failed(checked, "R40")
    assert not _failed(checked, "R41")


@settings(max_examples=60, deadline=None)
@given(
    results=st.fixed_dictionaries(dict.fromkeys(("disclosed", "withheld_third_party"), six)),
    over=six,
    forward=six,
    recon=st.tuples(*[st.integers(0, 5)] * 4),
    direct=st.tuples(*[st.integers(0, 5)] * 4),
)
def test_drafted_figures_always_agree_with_the_tables(results, over, forward, recon, direct):
    try:
        apps = applications_from(results, over, forward)
    except ValueError:
        return  # more carried over than concluded: not a possible year
    report = dataclasses.replace(
        make_report(),
        applications=apps,
        reviews=reviews_from(reconsideration=recon, litigation_direct=direct),
        text=None,
    )
    drafted = draft(report)
    findings = [f for f in check_report(drafted) if f.rule in ("R40", "R41")]
    assert findings == []
    stated = [
        f.value for f in find_figures(drafted.text, report.year) if f.quantity == "applications"
    ]
    assert stated and set(stated) <= {
        apps["new"][fmt.TOTAL],
        apps["new"][6] + apps["carried_over"][6],
    }


def test_what_a_person_wrote_is_kept_even_when_wrong():
    wrong = Narrative(
        overview="本年度共收到政府信息公开申请5件。我局高度重视。",
        problems="无。",
        other_matters="本年度未收取信息处理费。另：建议提案办理3件。",
    )
    report = dataclasses.replace(make_report(), text=wrong)
    drafted = draft(report).text
    assert drafted is not None
    assert drafted.overview.endswith(wrong.overview)  # kept, word for word
    assert "收到政府信息公开申请33件" not in drafted.overview  # the figure is the writer's to fix
    assert "行政复议3件" in drafted.overview  # only what the writer left unsaid is added
    assert drafted.other_matters == wrong.other_matters
    assert drafted.problems == "无。"
    assert [f.rule for f in _failed(draft(report), "R40")] == ["R40"]


def test_fee_sentence_states_notices_and_collection_in_yuan():
    text = fees_sentence(
        2025, {"notices_issued": 2, "notices_amount": 1200, "collected_amount": 1000}
    )
    assert text is not None
    assert "收费通知2件" in text and "通知金额1200元" in text and "实际收取信息处理费1000元" in text
    assert "未收取" in (fees_sentence(2025, None) or "")
    assert fees_sentence(2020, None) is None  # before the 收费办法


def test_blank_cells_are_not_turned_into_statements():
    report = make_report()
    assert report.applications is not None
    rows = dict(report.applications.rows)
    rows["new"] = (None,) * 7
    blank = dataclasses.replace(
        report, applications=dataclasses.replace(report.applications, rows=rows), text=None
    )
    overview = draft(blank).text.overview  # type: ignore[union-attr]
    assert "申请" not in overview
    assert "行政复议3件" in overview
