"""督导 · 指标比较: the six indicators of every held report, their distribution, change and rank.

The charts are drawn on the server (`oversight.charts`, SVG under the page's CSP); the workbook
holds everything the page shows. Computed on each view from the held reports (thread pool).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from gongkai.errors import InputError
from gongkai.oversight import charts
from gongkai.oversight.indicators import INDICATOR_BY_KEY, INDICATORS, Indicator, Row
from gongkai.oversight.workbook import indicator_sheet, new_book, to_bytes
from gongkai.web.context import Db, Now, Signed, render
from gongkai.web.pages.oversight.common import Short, YearQuery, router, xlsx, year_or_default
from gongkai.workbench import oversight_summary
from gongkai.workbench.oversight_summary import Compared

CHART_ROWS = 40  # bars drawn when there are more agencies: the best and the worst 20
Highlight = Annotated[str, Query(max_length=200)]


@dataclass(frozen=True, slots=True)
class Shown:
    """One table row: the agency, its id and the indicator values as the page prints them."""

    row: Row
    agency_id: int
    source: str


@router.get("/oversight/compare")
def compare_page(
    request: Request,
    viewer: Signed,
    db: Db,
    now: Now,
    year: YearQuery = None,
    indicator: Short = "disclosed_share",
    agency: Highlight = "",
) -> Response:
    chosen = year_or_default(year, now)
    ind = _indicator(indicator)
    found = oversight_summary.comparison(db, viewer.user.id, chosen)
    result = found.comparison
    rows = sorted(result.rows, key=lambda r: (r.ranks.get(ind.key, 10**9), r.agency))
    context = {
        "title": "指标比较",
        "year": chosen,
        "indicator": ind,
        "indicators": INDICATORS,
        "highlight": agency if agency in found.agency_ids else "",
        "rows": [Shown(r, found.agency_ids[r.agency], found.sources[r.agency]) for r in rows],
        "distributions": [(i, result.distributions.get(i.key)) for i in INDICATORS],
        "without": found.without_report,
        "bar_chart": _bar_chart(found, ind, agency),
        "box_plots": _box_plots(found),
        "value": charts.format_value,
        "change": charts.format_change,
        "chart_rows": CHART_ROWS,
    }
    return render(request, "oversight/compare.html", context)


@router.get("/oversight/compare.xlsx")
def compare_workbook(viewer: Signed, db: Db, now: Now, year: YearQuery = None) -> Response:
    chosen = year_or_default(year, now)
    found = oversight_summary.comparison(db, viewer.user.id, chosen)
    book = new_book()
    indicator_sheet(book.create_sheet("指标"), [found.comparison])
    sheet = book.create_sheet("无年报的机关")
    sheet.append(["机关"])
    for name in found.without_report:
        sheet.append([name])
    return xlsx(to_bytes(book), f"{chosen}年度年报指标比较")


def _indicator(key: str) -> Indicator:
    if key not in INDICATOR_BY_KEY:
        raise InputError(
            f"没有名为“{key}”的指标。",
            "请从指标列表中选择：" + "、".join(i.label for i in INDICATORS),
        )
    return INDICATOR_BY_KEY[key]


def _bar_chart(found: Compared, ind: Indicator, highlight: str) -> str:
    """The chosen indicator for every agency, best first, with the quartiles marked; past
    `CHART_ROWS` agencies, the best and the worst half of that (the table has them all)."""
    rows = found.comparison.rows
    ranked = sorted(
        (r for r in rows if ind.key in r.ranks), key=lambda r: (r.ranks[ind.key], r.agency)
    )
    if len(ranked) > CHART_ROWS:
        half = CHART_ROWS // 2
        ranked = ranked[:half] + ranked[-half:]
    d = found.comparison.distributions.get(ind.key)
    marks = {"下四分位数": d.q1, "中位数": d.median, "上四分位数": d.q3} if d else None
    title = f"{found.comparison.year}年度 {ind.label}"
    items = [(r.agency, r.values[ind.key]) for r in ranked]
    return charts.bar_chart(title, items, unit=ind.unit, highlight=highlight or None, marks=marks)


def _box_plots(found: Compared) -> list[str]:
    """The shares on one scale; the counts (applications) on their own."""
    year = found.comparison.year
    plots = []
    for unit, title in (("%", "各项比例的分布"), ("件", "本年新收申请数量的分布")):
        boxes = [
            (i.label, d)
            for i in INDICATORS
            if i.unit == unit and (d := found.comparison.distributions.get(i.key)) is not None
        ]
        if boxes:
            plots.append(charts.box_plot(f"{year}年度{title}", boxes, unit=unit))
    return plots
