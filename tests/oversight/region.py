"""A generated region: hundreds of agencies over several years, as a supervising office sees it.

Every agency's reports chain across years (this year's 上年结转 is last year's 结转下年度) and
balance (R10–R12, R20), except where the region is told to spoil them. Some agencies publish
late, some not at all, some reports stay on the 2019 tables after 2021, some print their name
differently from the office's list (aliases). `write_region` puts the reports in a folder as
text files, the way they are downloaded from the agencies' websites.
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from gongkai.renderers import render_report
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Proactive
from tests.builders import (
    PROACTIVE_2021,
    Six,
    applications_from,
    document,
    make_report_2019,
    narrative,
    reviews_from,
)

COUNTY = "临江县"
FIELDS = (
    "教育局", "民政局", "财政局", "司法局", "公安局", "卫生健康局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化和旅游局", "应急管理局", "审计局", "统计局", "医疗保障局",
    "自然资源和规划局", "住房和城乡建设局", "人力资源和社会保障局", "市场监督管理局", "林业局",
)  # fmt: skip


DIGITS = "〇一二三四五六七八九"  # 二分局 … 一二分局: names the reader takes for agency names


@dataclass
class Region:
    """What was generated, so that tests know the truth without reading it back."""

    agencies: list[str]
    years: list[int]
    reports: dict[tuple[str, int], AnnualReport] = field(default_factory=dict)
    late: set[tuple[str, int]] = field(default_factory=set)
    missing: set[tuple[str, int]] = field(default_factory=set)
    spoiled: set[tuple[str, int]] = field(default_factory=set)  # R10 broken
    broken_chain: set[tuple[str, int]] = field(default_factory=set)  # R14 broken vs last year
    old_tables: set[tuple[str, int]] = field(default_factory=set)  # 2019 tables in 2021+
    printed: dict[str, str] = field(default_factory=dict)  # agency -> how its reports name it


def agency_names(n: int) -> list[str]:
    """The county government first, then departments, then their branches (二分局, 三分局…)."""
    names = [f"{COUNTY}人民政府"]
    for i in range(n - 1):
        round_, field_ = divmod(i, len(FIELDS))
        branch = "" if round_ == 0 else "".join(DIGITS[int(d)] for d in str(round_ + 1)) + "分局"
        names.append(f"{COUNTY}{FIELDS[field_]}{branch}")
    return names


def make_region(
    n: int = 200, years: tuple[int, ...] = (2020, 2021, 2022, 2023), seed: int = 7
) -> Region:
    rng = random.Random(seed)
    region = Region(agency_names(n), list(years))
    for index, agency in enumerate(region.agencies):
        forward: Six = (0, 0, 0, 0, 0, 0)
        in_force = rng.randint(0, 30)
        stays_old = index % 29 == 5  # keeps the 2019 tables after 2021
        if index % 17 == 3:
            region.printed[agency] = agency.replace(COUNTY, "临江县 ")  # a space: still matched
        if index % 23 == 7:
            region.printed[agency] = agency.removeprefix(COUNTY)  # only "教育局": needs an alias
        for year in years:
            key = (agency, year)
            carried_over = forward
            if index % 31 == 11 and year == years[-1]:
                region.missing.add(key)  # never published
                continue
            old = year < 2021 or stays_old
            report, forward = _report(rng, agency, year, carried_over, old)
            if not old:  # 现行有效 chains across years (R31)
                issued, abolished = rng.randint(0, 4), rng.randint(0, min(2, in_force))
                in_force += issued - abolished
                report = dataclasses.replace(
                    report, proactive=_proactive(issued, abolished, in_force)
                )
            if old and year >= 2021:
                region.old_tables.add(key)
            if index % 37 == 13 and year == years[1]:
                report = _spoil(report)
                region.spoiled.add(key)
            if index % 41 == 17 and year == years[2]:
                report = _break_chain(report)
                region.broken_chain.add(key)
            if index % 13 == 4:
                region.late.add(key)
            published = _published(rng, agency, year, late=key in region.late)
            printed = region.printed.get(agency, agency)
            report = dataclasses.replace(
                report, agency=printed, document=document(printed, year, published)
            )
            region.reports[key] = report
    return region


def _report(
    rng: random.Random, agency: str, year: int, carried_over: Six, old: bool
) -> tuple[AnnualReport, Six]:
    keys = [k for k in fmt.result_keys(old) if k != "results_total"]
    results: dict[str, Six] = {}
    for key in rng.sample(keys, rng.randint(2, 6)):
        results[key] = tuple(rng.choice((0, 0, 1, 2, 5, 9)) for _ in range(6))  # type: ignore[misc]
    done = [sum(row[c] for row in results.values()) for c in range(6)]
    forward = tuple(rng.randint(0, 2) if done[c] else 0 for c in range(6))
    # Whatever came over from last year is concluded this year or carried on.
    first = next(iter(results))
    lifted = tuple(
        v + max(0, carried_over[c] - done[c] - forward[c]) for c, v in enumerate(results[first])
    )
    results[first] = lifted  # type: ignore[assignment]
    corrected = rng.choice((0, 0, 0, 1))
    reviews = reviews_from(
        reconsideration=(rng.randint(0, 3), corrected, 0, rng.randint(0, 1)),
        litigation_direct=(rng.randint(0, 2), 0, 0, 0),
    )
    applications = applications_from(results, carried_over, forward, undivided=old)  # type: ignore[arg-type]
    if old:
        base = make_report_2019(
            year=year, applications=applications, reviews=reviews, proactive=_proactive_2019()
        )
    else:
        base = AnnualReport(
            template="2021",
            agency=agency,
            year=year,
            proactive=PROACTIVE_2021,
            applications=applications,
            reviews=reviews,
        )
    new_total = applications["new"][fmt.TOTAL] or 0
    text = narrative(
        year=year,
        new=new_total,
        reconsideration=reviews.cell("reconsideration", "total") or 0,
        litigation=0,
    )
    return dataclasses.replace(base, text=text), forward  # type: ignore[return-value]


def _proactive(issued: int, abolished: int, in_force: int) -> Proactive:
    rows = {key: dict(cells) for key, cells in PROACTIVE_2021.rows.items()}
    rows["normative_documents"] = {"issued": issued, "abolished": abolished, "in_force": in_force}
    return Proactive("2021", rows)


def _proactive_2019() -> Proactive:
    """The old table 二 with nothing changing from year to year, so that R35 holds."""
    base = make_report_2019().proactive
    assert base is not None
    rows = {key: dict(cells) for key, cells in base.rows.items()}
    for cells in rows.values():
        if "change" in cells:
            cells["change"] = 0
    return Proactive("2019", rows)


def _published(rng: random.Random, agency: str, year: int, *, late: bool) -> date:
    deadline = date(year + 1, 3, 31) if agency.endswith("人民政府") else date(year + 1, 1, 31)
    if late:
        return deadline + timedelta(days=rng.randint(1, 60))
    return deadline - timedelta(days=rng.randint(0, 25))


def _spoil(report: AnnualReport) -> AnnualReport:
    """One more 新收 in the 自然人 column and the total: R10 fails in that column."""
    assert report.applications is not None
    rows = dict(report.applications.rows)
    new = list(rows["new"])
    new[0] = (new[0] or 0) + 1
    new[fmt.TOTAL] = (new[fmt.TOTAL] or 0) + 1
    rows["new"] = tuple(new)
    return dataclasses.replace(
        report, applications=dataclasses.replace(report.applications, rows=rows)
    )


def _break_chain(report: AnnualReport) -> AnnualReport:
    """上年结转 that does not match last year's 结转下年度 (R14), balanced within the year."""
    assert report.applications is not None
    rows = dict(report.applications.rows)
    for key in ("carried_over", "results_total", "disclosed"):
        row = list(rows[key])
        row[0] = (row[0] or 0) + 3
        row[fmt.TOTAL] = (row[fmt.TOTAL] or 0) + 3
        rows[key] = tuple(row)
    return dataclasses.replace(
        report, applications=dataclasses.replace(report.applications, rows=rows)
    )


def write_region(region: Region, folder: Path, *, fmt_: str = "txt") -> dict[str, tuple[str, int]]:
    """Each report as a file in `folder/<year>/`; returns file (relative) -> (agency, year)."""
    out = {}
    for (agency, year), report in region.reports.items():
        rel = f"{year}/{region.agencies.index(agency):03d}.{fmt_}"
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_report(report, fmt_))
        out[rel] = (agency, year)
    return out
