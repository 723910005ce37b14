"""A region's year-by-year overview: totals and comparisons over the collected reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.oversight.aggregate import Aggregate, Member, add_up, same_members
from gongkai.oversight.collection import Collection
from gongkai.oversight.indicators import Comparison, compare
from gongkai.report.finding import Finding


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the office's summary shows."""

    collection: Collection
    comparisons: Sequence[Comparison]  # one per year with reports
    totals: Sequence[Aggregate]  # one per year with reports
    extra_findings: Sequence[tuple[str, int, Finding]] = ()  # (aggregate, year, R52 finding)


def summarise(collection: Collection, region: str) -> Summary:
    """Add up and compare every year the collection has reports for."""
    comparisons, totals, extra = [], [], []
    last_total: Aggregate | None = None
    for year in collection.years:
        reports = collection.by_year(year)
        if not reports:
            continue
        previous = collection.by_year(year - 1) or None
        comparisons.append(compare(year, reports, previous))
        total = add_up(region, year, [Member(name, r) for name, r in reports.items()])
        totals.append(total)
        if last_total is not None and last_total.year == year - 1:
            changed = same_members(total, last_total)
            if changed is not None:
                extra.append((total.name, year, changed))
        last_total = total
    return Summary(collection, comparisons, totals, extra)
