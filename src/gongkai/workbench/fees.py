"""信息处理费: the two charging methods of 国办函〔2020〕109号 as pure functions.

Fees are free by default (第四十二条). When one is due, an application is charged by exactly one
method, 按件 (by the applicant's running count of applications in the natural month) or 按量 (by
pages), both 超额累进: every unit pays the rate of the band it falls in. Amounts are whole 元.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.errors import GongkaiError


class FeeMethod(StrEnum):
    PER_APPLICATION = "按件"
    PER_PAGE = "按量"


@dataclass(frozen=True, slots=True)
class Band:
    """Units `first`..`last` (inclusive; `last` None = open-ended) cost `rate` 元 each."""

    first: int
    last: int | None
    rate: int


# 按量: pages of one application.
PAGE_BANDS: tuple[Band, ...] = (
    Band(1, 30, 0),
    Band(31, 100, 10),
    Band(101, 200, 20),
    Band(201, None, 40),
)

# 按件: the applicant's applications in one natural month, counted cumulatively.
FREE_APPLICATIONS_PER_MONTH = 10
FIRST_CHARGED_LAST = 30
FIRST_CHARGED_RATE = 100
# From the 31st application on: bands of 10, each 100 元/件 dearer than the one before
# (31–40: 200, 41–50: 300, …). UNCONFIRMED: this reading of the measure has no official worked
# example; change the three constants below if one turns up.
BAND_READING_CONFIRMED = False
LATER_BAND_SIZE = 10
LATER_BAND_STEP = 100


def application_band(ordinal: int) -> Band:
    """The 按件 band holding the `ordinal`-th application of the month (1-based)."""
    _require_positive(ordinal, "本月申请序号")
    if ordinal <= FREE_APPLICATIONS_PER_MONTH:
        return Band(1, FREE_APPLICATIONS_PER_MONTH, 0)
    if ordinal <= FIRST_CHARGED_LAST:
        return Band(FREE_APPLICATIONS_PER_MONTH + 1, FIRST_CHARGED_LAST, FIRST_CHARGED_RATE)
    index = (ordinal - FIRST_CHARGED_LAST - 1) // LATER_BAND_SIZE
    first = FIRST_CHARGED_LAST + 1 + index * LATER_BAND_SIZE
    rate = FIRST_CHARGED_RATE + (index + 1) * LATER_BAND_STEP
    return Band(first, first + LATER_BAND_SIZE - 1, rate)


@dataclass(frozen=True, slots=True)
class FeeSettings:
    """Open points of the measure, kept configurable (domain.md section 7)."""

    # The measure's provision on already-published information is unconfirmed; default: no 按量
    # fee when the requested information has already been made public.
    no_page_fee_for_public_information: bool = True


@dataclass(frozen=True, slots=True)
class BandCharge:
    """Units `first`..`last` of this application charged at `rate` 元 each."""

    first: int
    last: int
    rate: int
    unit: str  # "件" or "页"

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.rate

    @property
    def line(self) -> str:
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else (f"第{self.first}–{self.last}{self.unit}")
        )
        if self.rate == 0:
            return f"{span}：{self.count}{self.unit}，免费"
        return f"{span}：{self.count}{self.unit}×{self.rate}元＝{self.amount}元"


@dataclass(frozen=True, slots=True)
class Fee:
    method: FeeMethod
    amount: int  # 元
    bands: tuple[BandCharge, ...]
    note: str = ""

    @property
    def explanation(self) -> str:
        """The computation in Chinese, one band per clause, ending with the total."""
        parts = [b.line for b in self.bands]
        if self.note:
            parts.append(self.note)
        return f"{self.method.value}计费：" + "；".join(parts) + f"；合计{self.amount}元。"


def per_page_fee(
    pages: int, *, already_public: bool = False, settings: FeeSettings | None = None
) -> Fee:
    """按量: the fee for one application of `pages` pages."""
    settings = settings or FeeSettings()
    _require_positive(pages, "页数")
    if already_public and settings.no_page_fee_for_public_information:
        return Fee(
            FeeMethod.PER_PAGE,
            0,
            (),
            f"共{pages}页，所申请信息已主动公开，按设置不收取按量信息处理费",
        )
    charges = []
    for band in PAGE_BANDS:
        if pages < band.first:
            break
        last = pages if band.last is None else min(pages, band.last)
        charges.append(BandCharge(band.first, last, band.rate, "页"))
    return Fee(FeeMethod.PER_PAGE, sum(c.amount for c in charges), tuple(charges))


def per_application_fee(earlier_in_month: int, units: int = 1) -> Fee:
    """按件: the fee for an application counted as `units` applications (一事一申请 split), made
    by an applicant who already has `earlier_in_month` applications this natural month."""
    _require_non_negative(earlier_in_month, "本月此前申请件数")
    _require_positive(units, "本次计件数")
    charges: list[BandCharge] = []
    ordinal = earlier_in_month + 1
    end = earlier_in_month + units
    while ordinal <= end:
        band = application_band(ordinal)
        last = end if band.last is None else min(end, band.last)
        charges.append(BandCharge(ordinal, last, band.rate, "件"))
        ordinal = last + 1
    return Fee(FeeMethod.PER_APPLICATION, sum(c.amount for c in charges), tuple(charges))


def monthly_total(applications: int) -> Fee:
    """按件: what an applicant's first `applications` applications of a month cost together."""
    return per_application_fee(0, applications)


def application_fee(
    *,
    pages: int | None = None,
    earlier_in_month: int | None = None,
    units: int = 1,
    already_public: bool = False,
    settings: FeeSettings | None = None,
) -> Fee:
    """The fee of one application by the one method asked for: `pages` (按量) or
    `earlier_in_month` (按件), never both."""
    if pages is not None and earlier_in_month is not None:
        raise GongkaiError(
            "同一申请只能选择按件或按量一种方式计收信息处理费，不能同时适用两种方式。",
            "请只填写页数（按量）或本月此前申请件数（按件）其中一项。",
        )
    if pages is not None:
        return per_page_fee(pages, already_public=already_public, settings=settings)
    if earlier_in_month is not None:
        return per_application_fee(earlier_in_month, units)
    raise GongkaiError(
        "未指定信息处理费的计费方式。",
        "请填写页数（按量）或本月此前申请件数（按件）其中一项。",
    )


def _require_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GongkaiError(f"{what}必须是整数，收到的是“{value}”。", f"请填写整数形式的{what}。")
    return value


def _require_positive(value: object, what: str) -> None:
    if _require_int(value, what) <= 0:
        raise GongkaiError(f"{what}必须大于零，收到的是{value}。", f"请填写不小于1的{what}。")


def _require_non_negative(value: object, what: str) -> None:
    if _require_int(value, what) < 0:
        raise GongkaiError(f"{what}不能为负数，收到的是{value}。", f"请填写0或正整数形式的{what}。")
