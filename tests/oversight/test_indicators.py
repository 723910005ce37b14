"""Indicators of one report, their distribution, rankings, year-over-year change and comparison."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from gongkai.oversight.indicators import (
    INDICATORS,
    Distribution,
    change,
    compare,
    distribution,
    measure,
    ranking,
)
from gongkai.report.model import AnnualReport
from tests.builders import (
    applications_from,
    make_report,
    make_report_2019,
    reviews_from,
    with_cells,
)

BY_KEY = {i.key: i for i in INDICATORS}


def hand_report(agency: str = "甲局", **overrides: Any) -> AnnualReport:
    """A small report whose indicators are worked out by hand below.

    Results (总计列): 予以公开 6, 部分公开 2, 不予公开 1 + 1 + 1 = 3, 不掌握 3, 重复申请 1,
    其他 1, so 三（七）总计 = 16. 上年结转 2, 结转下年 4, so 本年新收 = 16 + 4 − 2 = 18.
    行政复议: 维持 2, 纠正 1, 其他 1, 尚未审结 2, so 总计 6 and 4 decided.
    """
    report = make_report(
        agency=agency,
        applications=applications_from(
            {
                "disclosed": (5, 1, 0, 0, 0, 0),
                "partially_disclosed": (2, 0, 0, 0, 0, 0),
                "withheld_state_secret": (1, 0, 0, 0, 0, 0),
                "withheld_third_party": (0, 1, 0, 0, 0, 0),
                "withheld_admin_query": (0, 0, 0, 0, 0, 1),
                "unavailable_not_held": (3, 0, 0, 0, 0, 0),
                "rejected_duplicate": (1, 0, 0, 0, 0, 0),
                "other_other": (0, 0, 0, 0, 0, 1),
            },
            (2, 0, 0, 0, 0, 0),
            (3, 1, 0, 0, 0, 0),
        ),
        reviews=reviews_from(reconsideration=(2, 1, 1, 2)),
    )
    return dataclasses.replace(report, **overrides)


# ---------------------------------------------------------------- measure


def test_every_indicator_of_a_hand_built_report() -> None:
    values = measure(hand_report(), on_time_rate=0.9)
    assert values["applications"] == 18
    assert values["disclosed_share"] == pytest.approx(8 / 16)
    assert values["withheld_share"] == pytest.approx(3 / 16)
    assert values["correction_rate"] == pytest.approx(1 / 4)
    assert values["carry_forward_ratio"] == pytest.approx(4 / (18 + 2))
    assert values["on_time_rate"] == 0.9
    assert set(values) == {i.key for i in INDICATORS}


def test_a_2019_report_with_one_other_row_is_measured_the_same_way() -> None:
    # make_report_2019: 予以公开 9, 不掌握 2, 其他处理 1 → 总计 12; 结转下年 1, 上年结转 0 → 新收 13.
    values = measure(make_report_2019())
    assert values["applications"] == 13
    assert values["disclosed_share"] == pytest.approx(9 / 12)
    assert values["withheld_share"] == 0
    assert values["carry_forward_ratio"] == pytest.approx(1 / 13)
    assert values["correction_rate"] == 0  # one case, upheld
    assert values["on_time_rate"] is None


def test_a_blank_cell_makes_only_the_indicators_that_need_it_none() -> None:
    values = measure(with_cells(hand_report(), {"applications.withheld_third_party[6]": None}))
    assert values["withheld_share"] is None
    assert values["disclosed_share"] == pytest.approx(0.5)

    values = measure(with_cells(hand_report(), {"applications.new[6]": None}))
    assert values["applications"] is None
    assert values["carry_forward_ratio"] is None
    assert values["disclosed_share"] == pytest.approx(0.5)

    values = measure(with_cells(hand_report(), {"reviews.reconsideration.pending": None}))
    assert values["correction_rate"] is None


def test_a_zero_denominator_gives_none_not_zero() -> None:
    zero = (0, 0, 0, 0, 0, 0)
    report = hand_report(applications=applications_from({}, zero, zero), reviews=reviews_from())
    values = measure(report)
    assert values["applications"] == 0
    for key in ("disclosed_share", "withheld_share", "correction_rate", "carry_forward_ratio"):
        assert values[key] is None, key


def test_only_pending_reconsiderations_leave_no_decided_case() -> None:
    report = hand_report(reviews=reviews_from(reconsideration=(0, 0, 0, 3)))
    assert measure(report)["correction_rate"] is None


def test_missing_tables_give_none() -> None:
    values = measure(hand_report(applications=None, reviews=None))
    assert all(v is None for v in values.values())


# ---------------------------------------------------------------- distribution


def test_quartiles_of_four_values_interpolate_between_them() -> None:
    # inclusive method: position (n − 1)·p; for 1..4 that is 0.75, 1.5, 2.25 → 1.75, 2.5, 3.25
    assert distribution([4.0, None, 1.0, 3.0, 2.0]) == Distribution(4, 1.0, 1.75, 2.5, 3.25, 4.0)


def test_quartiles_of_five_values_fall_on_values() -> None:
    assert distribution([10.0, 50.0, 20.0, 40.0, 30.0]) == Distribution(
        5, 10.0, 20.0, 30.0, 40.0, 50.0
    )


def test_one_value_is_every_quartile_and_no_value_is_no_distribution() -> None:
    assert distribution([None, 0.3]) == Distribution(1, 0.3, 0.3, 0.3, 0.3, 0.3)
    assert distribution([None, None]) is None
    assert distribution([]) is None


# ---------------------------------------------------------------- ranking


def test_ties_share_a_rank_and_the_next_rank_is_skipped() -> None:
    values = {"甲": 3.0, "乙": 5.0, "丙": 5.0, "丁": 1.0, "戊": None}
    assert ranking(values) == {"乙": 1, "丙": 1, "甲": 3, "丁": 4}
    assert ranking(values, descending=False) == {"丁": 1, "甲": 2, "乙": 3, "丙": 3}


def test_nothing_to_rank() -> None:
    assert ranking({"甲": None}) == {}
    assert ranking({}) == {}


def test_ranking_direction_follows_which_way_is_better() -> None:
    assert BY_KEY["disclosed_share"].descending
    assert not BY_KEY["withheld_share"].descending
    assert not BY_KEY["correction_rate"].descending
    assert BY_KEY["applications"].higher_is_better is None
    assert BY_KEY["applications"].descending


# ---------------------------------------------------------------- change


def test_change_of_a_count_is_relative() -> None:
    applications = BY_KEY["applications"]
    assert change(applications, 30, 20) == pytest.approx(0.5)
    assert change(applications, 15, 20) == pytest.approx(-0.25)
    assert change(applications, 5, 0) is None
    assert change(applications, 5, None) is None
    assert change(applications, None, 5) is None


def test_change_of_a_share_is_in_points_not_relative() -> None:
    share = BY_KEY["disclosed_share"]
    assert change(share, 0.45, 0.40) == pytest.approx(0.05)  # 5 percentage points, not +12.5%
    assert change(share, 0.2, 0.0) == pytest.approx(0.2)
    assert change(share, None, 0.4) is None


# ---------------------------------------------------------------- compare


def test_compare_ranks_this_year_and_changes_against_last_year() -> None:
    zero = (0, 0, 0, 0, 0, 0)
    # 乙局: 10 new, 5 disclosed + 5 withheld (share 0.5), no carry-over either way.
    small = hand_report(
        "乙局",
        applications=applications_from(
            {"disclosed": (5, 0, 0, 0, 0, 0), "withheld_state_secret": (5, 0, 0, 0, 0, 0)},
            zero,
            zero,
        ),
    )
    this_year = {"甲局": hand_report("甲局"), "乙局": small, "丙局": hand_report("丙局")}
    # last year 甲局 had 12 new applications; 丙局 had no report; 丁局 no longer reports.
    last_jia = hand_report(
        "甲局", applications=applications_from({"disclosed": (12, 0, 0, 0, 0, 0)}, zero, zero)
    )
    last_year = {"甲局": last_jia, "丁局": hand_report("丁局")}
    result = compare(2023, this_year, last_year, on_time={"乙局": 0.8})

    assert result.year == 2023
    assert [r.agency for r in result.rows] == ["甲局", "乙局", "丙局"]
    jia, yi, bing = result.rows  # 甲局, 乙局, 丙局
    assert jia.changes["applications"] == pytest.approx(18 / 12 - 1)
    assert jia.changes["disclosed_share"] == pytest.approx(0.5 - 1.0)
    assert jia.changes["on_time_rate"] is None
    assert all(v is None for v in bing.changes.values())
    assert all(v is None for v in yi.changes.values())

    assert jia.ranks["applications"] == bing.ranks["applications"] == 1
    assert yi.ranks["applications"] == 3
    # withheld share: 甲/丙 3/16, 乙 5/10; lower is better
    assert jia.ranks["withheld_share"] == 1 and yi.ranks["withheld_share"] == 3
    assert yi.ranks["on_time_rate"] == 1
    assert "on_time_rate" not in jia.ranks
    assert yi.values["on_time_rate"] == 0.8

    applications = result.distributions["applications"]
    assert applications is not None
    assert (applications.count, applications.minimum, applications.median) == (3, 10, 18)
    on_time = result.distributions["on_time_rate"]
    assert on_time == Distribution(1, 0.8, 0.8, 0.8, 0.8, 0.8)


def test_compare_without_last_year() -> None:
    result = compare(2023, {"甲局": hand_report()})
    assert all(v is None for v in result.rows[0].changes.values())
    assert result.rows[0].ranks["disclosed_share"] == 1
    assert result.distributions["on_time_rate"] is None


def test_compare_of_nothing_is_empty() -> None:
    result = compare(2023, {})
    assert result.rows == ()
    assert all(d is None for d in result.distributions.values())
