"""Indicators that let a supervising office compare agencies, and where each agency stands.

Each indicator is computed from the cells of one report (tables 三 and 四), except the on-time
rate, which only the workbench's register knows and is passed in. An indicator whose cells are
blank, or whose denominator is 0, is None: a blank is "not reported", and ranking it as 0 would
reward agencies for leaving tables empty.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Count


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    label: str
    unit: str  # "件" for counts, "%" for shares and rates (held as fractions 0–1)
    higher_is_better: bool | None  # None when neither direction is better, e.g. applications
    formula: str  # how it is computed from the table cells, shown next to the numbers

    @property
    def is_share(self) -> bool:
        return self.unit == "%"

    @property
    def descending(self) -> bool:
        """Rank the largest first unless a smaller value is the better one."""
        return self.higher_is_better is not False


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "applications",
        "本年新收申请（件）",
        "件",
        None,
        "三、一、本年新收政府信息公开申请数量（总计列）",
    ),
    Indicator(
        "disclosed_share",
        "予以公开（含部分公开）占比",
        "%",
        True,
        "（三（一）予以公开 + 三（二）部分公开）÷ 三（七）总计，均取总计列",
    ),
    Indicator(
        "withheld_share",
        "不予公开占比",
        "%",
        False,
        "三（三）不予公开第1–8项之和 ÷ 三（七）总计，均取总计列",
    ),
    Indicator(
        "correction_rate",
        "行政复议纠错率",
        "%",
        False,
        "四、行政复议“结果纠正” ÷（行政复议“总计” − “尚未审结”）",
    ),
    Indicator(
        "carry_forward_ratio",
        "结转下年度占比",
        "%",
        False,
        "三、四、结转下年度继续办理 ÷（本年新收 + 上年结转），均取总计列",
    ),
    Indicator(
        "on_time_rate",
        "按期答复率",
        "%",
        True,
        "工作台登记的本年已答复申请中，在法定期限内答复的比例（仅限在工作台登记的机关）",
    ),
)
INDICATOR_BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}

WITHHELD_KEYS: tuple[str, ...] = tuple(r.key for r in fmt.APPLICATION_ROWS if r.group == fmt.G3)


def measure(report: AnnualReport, *, on_time_rate: float | None = None) -> dict[str, float | None]:
    """Every indicator of one report (None when a needed cell is blank or the denominator is 0)."""
    values: dict[str, float | None] = dict.fromkeys(INDICATOR_BY_KEY)
    apps = report.applications
    if apps is not None:
        new, carried_over = apps["new"][fmt.TOTAL], apps["carried_over"][fmt.TOTAL]
        concluded = apps["results_total"][fmt.TOTAL]
        disclosed = _sum(apps[k][fmt.TOTAL] for k in ("disclosed", "partially_disclosed"))
        withheld = _sum(apps[k][fmt.TOTAL] for k in WITHHELD_KEYS)
        values["applications"] = None if new is None else float(new)
        values["disclosed_share"] = _ratio(disclosed, concluded)
        values["withheld_share"] = _ratio(withheld, concluded)
        values["carry_forward_ratio"] = _ratio(
            apps["carried_forward"][fmt.TOTAL], _sum((new, carried_over))
        )
    if report.reviews is not None:
        total = report.reviews.cell("reconsideration", "total")
        pending = report.reviews.cell("reconsideration", "pending")
        decided = None if total is None or pending is None else total - pending
        values["correction_rate"] = _ratio(
            report.reviews.cell("reconsideration", "corrected"), decided
        )
    values["on_time_rate"] = on_time_rate
    return values


def _sum(cells: Iterable[Count]) -> int | None:
    """The sum, or None if any cell is blank: a partial sum would understate the share."""
    total = 0
    for cell in cells:
        if cell is None:
            return None
        total += cell
    return total


def _ratio(numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return numerator / denominator


@dataclass(frozen=True, slots=True)
class Distribution:
    """Five-number summary of one indicator across agencies (quartiles by the inclusive method)."""

    count: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


def distribution(values: Iterable[float | None]) -> Distribution | None:
    """The distribution of the values that are not None; None when there is none."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    if len(known) == 1:
        only = known[0]
        return Distribution(1, only, only, only, only, only)
    q1, median, q3 = statistics.quantiles(known, n=4, method="inclusive")
    return Distribution(len(known), known[0], q1, median, q3, known[-1])


def ranking(values: Mapping[str, float | None], *, descending: bool = True) -> dict[str, int]:
    """Competition ranking ("1224"): ties share a rank, the next rank skips; None is not ranked."""
    known = [(name, value) for name, value in values.items() if value is not None]
    known.sort(key=lambda item: item[1], reverse=descending)
    ranks: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, (name, value) in enumerate(known, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[name] = rank
    return ranks


def change(indicator: Indicator, this: float | None, last: float | None) -> float | None:
    """Year over year: relative change for counts, difference (as a fraction) for shares.

    A share moving from 0.40 to 0.45 is +0.05, i.e. 5 percentage points; a relative change of a
    share ("+12.5%") would read as if it were the share itself.
    """
    if this is None or last is None:
        return None
    if indicator.is_share:
        return this - last
    if last == 0:
        return None
    return this / last - 1


@dataclass(frozen=True, slots=True)
class Row:
    agency: str
    values: Mapping[str, float | None]
    changes: Mapping[str, float | None]  # vs last year; None when no report last year
    ranks: Mapping[str, int]  # rank among agencies this year, per indicator (absent when None)


@dataclass(frozen=True, slots=True)
class Comparison:
    year: int
    rows: tuple[Row, ...]  # in input order
    distributions: Mapping[str, Distribution | None]


def compare(
    year: int,
    this_year: Mapping[str, AnnualReport],
    last_year: Mapping[str, AnnualReport] | None = None,
    *,
    on_time: Mapping[str, float] | None = None,
) -> Comparison:
    """Every agency's indicators for `year`, their change since last year and their rank."""
    on_time = on_time or {}
    last_year = last_year or {}
    values = {
        agency: measure(report, on_time_rate=on_time.get(agency))
        for agency, report in this_year.items()
    }
    ranks = {
        ind.key: ranking(
            {agency: v[ind.key] for agency, v in values.items()}, descending=ind.descending
        )
        for ind in INDICATORS
    }
    rows = []
    for agency, now in values.items():
        before = last_year.get(agency)
        # The register's on-time rate is only known for this year, so its change stays None.
        then = measure(before) if before is not None else dict.fromkeys(INDICATOR_BY_KEY)
        rows.append(
            Row(
                agency,
                now,
                {ind.key: change(ind, now[ind.key], then[ind.key]) for ind in INDICATORS},
                {ind.key: ranks[ind.key][agency] for ind in INDICATORS if agency in ranks[ind.key]},
            )
        )
    return Comparison(
        year,
        tuple(rows),
        {ind.key: distribution(v[ind.key] for v in values.values()) for ind in INDICATORS},
    )
