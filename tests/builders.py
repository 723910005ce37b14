"""Readable test data: consistent annual reports, and a way to change one cell of them.

`make_report()` is a 2023 report of a municipal department on the 2021 format, with non-zero
numbers everywhere that matters, that passes every rule; `make_previous()` is the same agency's
2022 report that fits it across years; `make_report_2019()` a 2020 report on the 2019 tables.
`with_cells(report, {"applications.new[0]": 5})` changes cells by the evidence paths the checker
reports, so a test reads as "this cell, this value, this finding".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.report import format as fmt
from gongkai.report.finding import Finding
from gongkai.report.model import (
    EMPTY_ROW,
    AnnualReport,
    Applications,
    AppRow,
    DocumentFacts,
    Narrative,
    Proactive,
    Reviews,
    SectionMark,
    Value,
)
from gongkai.report.rules import CheckOptions, check_report

AGENCY = "绵阳市生态环境局"
YEAR = 2023

Six = tuple[int, int, int, int, int, int]


def applications_from(
    results: Mapping[str, Six], carried_over: Six, carried_forward: Six, undivided: bool = False
) -> Applications:
    """A balanced table 三: 新收 and every 总计 are derived, so R10–R12 hold by construction."""
    keys = fmt.result_keys(undivided)
    unknown = set(results) - set(keys)
    if unknown:
        raise ValueError(f"not result rows on this template: {unknown}")
    six: dict[str, tuple[int, ...]] = {k: tuple(results.get(k, (0,) * 6)) for k in keys}
    done = tuple(sum(row[c] for row in six.values()) for c in range(6))
    new = tuple(d + f - o for d, f, o in zip(done, carried_forward, carried_over, strict=True))
    if min(new) < 0:
        raise ValueError("more carried over than could be concluded or carried forward")
    six |= {
        "new": new,
        "carried_over": carried_over,
        "results_total": done,
        "carried_forward": carried_forward,
    }
    return Applications({k: (*six[k], sum(six[k])) for k in fmt.application_keys(undivided)})


def reviews_from(**groups: tuple[int, int, int, int]) -> Reviews:
    """Table 四 from (upheld, corrected, other, pending) per group; totals are derived."""
    out: dict[str, dict[str, int | None]] = {}
    for g in fmt.REVIEW_GROUPS:
        parts = groups.get(g.key, (0, 0, 0, 0))
        out[g.key] = {
            c.key: v for c, v in zip(fmt.REVIEW_COLUMNS, (*parts, sum(parts)), strict=True)
        }
    return Reviews(out)


RESULTS: dict[str, Six] = {
    "disclosed": (10, 4, 1, 1, 0, 2),
    "partially_disclosed": (3, 0, 0, 0, 1, 0),
    "withheld_third_party": (1, 0, 0, 0, 0, 0),
    "withheld_process_info": (0, 0, 0, 0, 1, 0),
    "unavailable_not_held": (4, 1, 0, 0, 0, 0),
    "rejected_duplicate": (1, 0, 0, 0, 0, 0),
    "other_no_correction": (1, 0, 0, 0, 0, 0),
    "other_other": (0, 0, 0, 0, 0, 1),
}
CARRIED_OVER: Six = (1, 0, 0, 0, 1, 0)
CARRIED_FORWARD: Six = (2, 1, 0, 0, 0, 0)
NEW_TOTAL = 33  # 新收 derived from the numbers above; the narrative states it

PROACTIVE_2021 = Proactive(
    "2021",
    {
        "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
        "normative_documents": {"issued": 3, "abolished": 1, "in_force": 12},
        "licensing": {"count": 120},
        "punishment": {"count": 35},
        "enforcement": {"count": 4},
        "fees": {"amount": Decimal("1.25")},
    },
)

OVERVIEW = (
    "{year}年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。"
    "全年共收到政府信息公开申请{new}件，均在法定期限内答复。"
    "本年度发生政府信息公开行政复议{reconsideration}件、行政诉讼{litigation}件。"
    "我局将政府信息公开工作纳入年度绩效考核，定期开展社会评议，严格落实责任追究制度。"
)
PROBLEMS = (
    "一是主动公开的深度和广度还不够；二是依申请公开答复文书还需进一步规范。"
    "针对上年发现的栏目更新不及时问题，已建立每周检查制度，整改到位。"
)
OTHER_MATTERS = (
    "按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定的按件、按量收费标准，"
    "本年度未收取信息处理费。"
)


def narrative(
    year: int = YEAR, new: int = NEW_TOTAL, reconsideration: int = 3, litigation: int = 2
) -> Narrative:
    return Narrative(
        overview=OVERVIEW.format(
            year=year, new=new, reconsideration=reconsideration, litigation=litigation
        ),
        problems=PROBLEMS,
        other_matters=OTHER_MATTERS,
    )


def document(
    agency: str = AGENCY, year: int = YEAR, published: date | None = None
) -> DocumentFacts:
    return DocumentFacts(
        title=f"{agency}{year}年政府信息公开工作年度报告",
        sections=tuple(
            SectionMark(s.key, f"{s.numeral}、{s.heading}", line=10 * i)
            for i, s in enumerate(fmt.SECTIONS, 1)
        ),
        title_year=year,
        period_year=year,
        published=published or date(year + 1, 1, 20),
    )


def make_report(**overrides: Any) -> AnnualReport:
    """A consistent 2023 report on the 2021 format that passes every rule."""
    report = AnnualReport(
        template="2021",
        agency=AGENCY,
        year=YEAR,
        proactive=PROACTIVE_2021,
        applications=applications_from(RESULTS, CARRIED_OVER, CARRIED_FORWARD),
        reviews=reviews_from(
            reconsideration=(1, 1, 0, 1),
            litigation_direct=(1, 0, 0, 0),
            litigation_after_reconsideration=(0, 1, 0, 0),
        ),
        text=narrative(),
        document=document(),
    )
    return dataclasses.replace(report, **overrides)


def make_previous(**overrides: Any) -> AnnualReport:
    """Last year's (2022) report of the same agency, consistent with `make_report()` across years."""
    year = YEAR - 1
    report = make_report(
        year=year,
        applications=applications_from(
            {"disclosed": (8, 2, 0, 0, 1, 0), "unavailable_not_held": (3, 0, 0, 0, 0, 1)},
            (0, 0, 0, 0, 0, 0),
            CARRIED_OVER,
        ),
        proactive=Proactive(
            "2021",
            {
                "regulations": {"issued": 0, "abolished": 0, "in_force": 0},
                "normative_documents": {"issued": 2, "abolished": 0, "in_force": 10},
                "licensing": {"count": 98},
                "punishment": {"count": 41},
                "enforcement": {"count": 2},
                "fees": {"amount": Decimal("0.8")},
            },
        ),
        reviews=reviews_from(reconsideration=(2, 0, 0, 0)),
        text=Narrative(
            overview=f"{year}年，我局围绕生态环境保护中心工作推进政务公开，共收到政府信息公开申请17件。",
            problems="信息公开栏目更新不够及时；上年提出的整改措施已全部落实。",
            other_matters="本年度未收取信息处理费。",
        ),
        document=document(year=year),
    )
    return dataclasses.replace(report, **overrides)


RESULTS_2019: dict[str, Six] = {
    "disclosed": (6, 2, 0, 0, 0, 1),
    "unavailable_not_held": (2, 0, 0, 0, 0, 0),
    "other": (1, 0, 0, 0, 0, 0),
}


def make_report_2019(**overrides: Any) -> AnnualReport:
    """A consistent 2020 report on the 2019 trial tables (三（六） one row, the old table 二)."""
    year = 2020
    report = AnnualReport(
        template="2019",
        agency=AGENCY,
        year=year,
        proactive=Proactive(
            "2019",
            {
                "regulations": {"made": 0, "published": 0, "total": 0},
                "normative_documents": {"made": 4, "published": 4, "total": 25},
                "licensing": {"previous": 30, "change": 2, "decisions": 150},
                "other_services": {"previous": 5, "change": 0, "decisions": 12},
                "punishment": {"previous": 40, "change": -1, "decisions": 60},
                "enforcement": {"previous": 6, "change": 0, "decisions": 3},
                "fees": {"previous": 2, "change": 0},
                "procurement": {
                    "projects": 3,
                    "amount": Decimal("52.15"),
                    "amount_text": "52.15万元",
                },
            },
        ),
        applications=applications_from(
            RESULTS_2019, (0, 0, 0, 0, 0, 0), (1, 0, 0, 0, 0, 0), undivided=True
        ),
        reviews=reviews_from(reconsideration=(1, 0, 0, 0)),
        text=narrative(year=year, new=13, reconsideration=1, litigation=0),
        document=document(year=year),
    )
    return dataclasses.replace(report, **overrides)


# ---------------------------------------------------------------- changing cells by path

_APP_PATH = re.compile(r"applications\.(\w+)\[(\d)\]")


def with_cells(report: AnnualReport, cells: Mapping[str, Any]) -> AnnualReport:
    """`report` with each cell at an evidence path (as the checker reports it) set to a value."""
    for path, value in cells.items():
        report = with_cell(report, path, value)
    return report


def with_cell(report: AnnualReport, path: str, value: Any) -> AnnualReport:
    """`report` with one cell changed; `path` is an evidence path or a top-level field."""
    head, _, rest = path.partition(".")
    if not rest:
        return dataclasses.replace(report, **{path: value})
    if m := _APP_PATH.fullmatch(path):
        assert report.applications is not None
        key, c = m.group(1), int(m.group(2))
        rows: dict[str, AppRow] = dict(report.applications.rows)
        row = list(rows.get(key, EMPTY_ROW))
        row[c] = value
        rows[key] = tuple(row)
        return dataclasses.replace(report, applications=Applications(rows))
    if head == "reviews":
        assert report.reviews is not None
        group, column = rest.split(".")
        groups = {g: dict(cols) for g, cols in report.reviews.groups.items()}
        groups[group][column] = value
        return dataclasses.replace(report, reviews=Reviews(groups))
    if head == "proactive":
        p = report.proactive
        assert p is not None
        row_key, _, column = rest.partition(".")
        column = column or fmt.proactive_row(p.template, row_key).columns[0].key
        prows: dict[str, dict[str, Value]] = {r: dict(cols) for r, cols in p.rows.items()}
        prows[row_key][column] = value
        return dataclasses.replace(report, proactive=Proactive(p.template, prows))
    if head == "text":
        return dataclasses.replace(
            report, text=dataclasses.replace(report.text or Narrative(), **{rest: value})
        )
    if head == "document":
        return dataclasses.replace(
            report,
            document=dataclasses.replace(report.document or DocumentFacts(), **{rest: value}),
        )
    raise ValueError(f"not a cell path: {path}")


# ---------------------------------------------------------------- running one rule


def findings(
    report: AnnualReport,
    rule_id: str,
    previous: AnnualReport | None = None,
    **options: Any,
) -> list[Finding]:
    """What `rule_id` says about `report` when the whole checker runs."""
    found = check_report(report, previous, CheckOptions(**options))
    return [f for f in found if f.rule == rule_id]


def failed(
    report: AnnualReport, rule_id: str, previous: AnnualReport | None = None, **options: Any
) -> list[Finding]:
    return [f for f in findings(report, rule_id, previous, **options) if f.status == "failed"]


def not_assessable(
    report: AnnualReport, rule_id: str, previous: AnnualReport | None = None, **options: Any
) -> list[Finding]:
    return [
        f for f in findings(report, rule_id, previous, **options) if f.status == "not_assessable"
    ]


def paths(finding: Finding) -> list[str]:
    return [e.path for e in finding.evidence]


def make_previous_2019(**overrides: Any) -> AnnualReport:
    """The 2019 report that `make_report_2019()` (2020) follows on from."""
    year = 2019
    current = make_report_2019()
    assert current.proactive is not None
    rows = {r: dict(cols) for r, cols in current.proactive.rows.items()}
    for row, before in {
        "licensing": (28, 2),
        "other_services": (5, 0),
        "punishment": (41, -1),
        "enforcement": (6, 0),
        "fees": (2, 0),
    }.items():
        rows[row] |= {"previous": before[0], "change": before[1]}
    report = make_report_2019(
        year=year,
        proactive=Proactive("2019", rows),
        applications=applications_from(
            {"disclosed": (3, 0, 0, 0, 0, 0)}, (0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0), True
        ),
        text=Narrative(
            overview="2019年，我局共收到政府信息公开申请3件。",
            problems="上年问题已整改。",
            other_matters="无。",
        ),
        document=document(year=year),
    )
    return dataclasses.replace(report, **overrides)
