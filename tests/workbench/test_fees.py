from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.errors import GongkaiError
from gongkai.workbench import fees
from gongkai.workbench.fees import FeeMethod, FeeSettings


@pytest.mark.parametrize(
    ("applications", "total"),
    [(1, 0), (10, 0), (11, 100), (30, 2000), (31, 2200), (40, 4000), (41, 4300), (50, 7000)],
)
def test_monthly_total_at_band_edges(applications: int, total: int) -> None:
    fee = fees.monthly_total(applications)
    assert fee.method is FeeMethod.PER_APPLICATION
    assert fee.amount == total


@pytest.mark.parametrize(
    ("ordinal", "price"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_the_nth_application_of_the_month(ordinal: int, price: int) -> None:
    assert fees.per_application_fee(ordinal - 1).amount == price


def test_per_application_explanation_lists_each_band() -> None:
    fee = fees.per_application_fee(8, units=25)  # applications 9 … 33 of the month
    assert fee.amount == 20 * 100 + 3 * 200
    assert fee.explanation == (
        "按件计费：第9–10件：2件，免费；第11–30件：20件×100元＝2000元；"
        "第31–33件：3件×200元＝600元；合计2600元。"
    )


def test_band_reading_is_marked_unconfirmed() -> None:
    assert fees.BAND_READING_CONFIRMED is False


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_page_fee_at_band_edges(pages: int, amount: int) -> None:
    fee = fees.per_page_fee(pages)
    assert fee.method is FeeMethod.PER_PAGE
    assert fee.amount == amount


def test_page_fee_worked_example() -> None:
    fee = fees.per_page_fee(2219)
    assert fee.amount == 83460
    assert fee.explanation == (
        "按量计费：第1–30页：30页，免费；第31–100页：70页×10元＝700元；"
        "第101–200页：100页×20元＝2000元；第201–2219页：2019页×40元＝80760元；合计83460元。"
    )


def test_single_page_band_reads_naturally() -> None:
    assert "第31页：1页×10元＝10元" in fees.per_page_fee(31).explanation


def test_already_public_information_is_free_by_default() -> None:
    fee = fees.per_page_fee(500, already_public=True)
    assert fee.amount == 0
    assert "已主动公开" in fee.explanation


def test_already_public_setting_can_be_switched_off() -> None:
    settings = FeeSettings(no_page_fee_for_public_information=False)
    assert fees.per_page_fee(2219, already_public=True, settings=settings).amount == 83460


def test_one_method_per_application() -> None:
    assert fees.application_fee(pages=2219).amount == 83460
    assert fees.application_fee(earlier_in_month=40).amount == 300
    with pytest.raises(GongkaiError, match="不能同时适用"):
        fees.application_fee(pages=31, earlier_in_month=40)
    with pytest.raises(GongkaiError, match="未指定信息处理费的计费方式"):
        fees.application_fee()


@pytest.mark.parametrize("pages", [0, -1])
def test_pages_must_be_positive(pages: int) -> None:
    with pytest.raises(GongkaiError, match="页数必须大于零"):
        fees.per_page_fee(pages)


def test_pages_must_be_an_integer() -> None:
    with pytest.raises(GongkaiError, match="页数必须是整数"):
        fees.per_page_fee(True)
    with pytest.raises(GongkaiError, match="页数必须是整数"):
        fees.per_page_fee(3.5)  # type: ignore[arg-type]


def test_month_counters_are_validated() -> None:
    with pytest.raises(GongkaiError, match="本月此前申请件数不能为负数"):
        fees.per_application_fee(-1)
    with pytest.raises(GongkaiError, match="本次计件数必须大于零"):
        fees.per_application_fee(3, units=0)
    with pytest.raises(GongkaiError, match="本月申请序号必须大于零"):
        fees.application_band(0)


@given(st.integers(min_value=1, max_value=5000))
def test_page_fee_is_the_sum_of_its_bands(pages: int) -> None:
    fee = fees.per_page_fee(pages)
    assert fee.amount == sum(b.amount for b in fee.bands)
    assert sum(b.count for b in fee.bands) == pages


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=100))
def test_splitting_an_application_does_not_change_the_month_total(earlier: int, units: int) -> None:
    together = fees.per_application_fee(earlier, units).amount
    one_by_one = sum(fees.per_application_fee(earlier + i).amount for i in range(units))
    assert together == one_by_one
    assert fees.monthly_total(earlier + units).amount == (
        (fees.monthly_total(earlier).amount if earlier else 0) + together
    )
