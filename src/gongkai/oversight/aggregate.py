"""Adding member agencies' reports up into a region's totals (R50, R51, R52).

A supervising office sums the annual reports of the agencies below it cell by cell. Because the
balance rules of tables 三 and 四 (R10–R12, R20) are linear, the sum passes them whenever every
member does; so a member that fails them is named, never "fixed", and the sum is checked with the
same registered rules. A cell blank in any member stays blank in the sum: guessing 0 would make the
region's totals look complete when they are not.

The template of an aggregate describes the shape of its tables. Members all on one template give
that template. Mixed members give "2019": table 二 cannot be combined across templates (it is
None), and table 三 can only take the undivided 三（六）其他处理 row — the 2019 shape — because the
three 2021 sub-rows add up to it while the reverse split is impossible. Calling the result "2021"
would promise three sub-rows the aggregate does not have.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.errors import GongkaiError
from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import (
    EMPTY_ROW,
    AnnualReport,
    Applications,
    AppRow,
    Count,
    Proactive,
    Reviews,
    Value,
)
from gongkai.report.rules import CheckOptions, cells, check_rules
from gongkai.report.rules.catalogue import RULES

# The linear rules: what holds in every member holds in the sum.
LINEAR_RULES = ("R10", "R11", "R12", "R20")
_OPTIONS = CheckOptions()  # built once: the check runs on every member
_TEMPLATE_ZH: dict[fmt.Template, str] = {"2021": "2021年格式", "2019": "2019年试行格式"}
_TABLES = ("proactive", "applications", "reviews")


@dataclass(frozen=True, slots=True)
class Member:
    """One report to add up, under the name the supervising office uses for its agency."""

    name: str  # the member agency's name, as the office knows it
    report: AnnualReport


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A region's (or a system's) totals, and what stands between them and publication."""

    name: str  # the aggregate's own name, e.g. "桐庐县（汇总）"
    year: int
    report: AnnualReport  # the cell-wise sum; agency=name, year=year
    members: tuple[str, ...]  # the names added up, in input order
    failing: tuple[str, ...]  # members failing R10/R11/R12/R20 (listed, never fixed)
    findings: tuple[Finding, ...]  # R50, R51 and the blank-cell note (R17) about this aggregate


def add_up(name: str, year: int, members: Sequence[Member]) -> Aggregate:
    """The cell-wise sum of `members`' reports, with what an office must chase before using it."""
    if not members:
        raise GongkaiError(
            f"“{name}”没有成员年报，无法汇总",
            f"请至少选择一家下级机关的{year}年度年报后再汇总",
        )
    reports = [m.report for m in members]
    templates = {r.template for r in reports}
    mixed = len(templates) > 1
    template: fmt.Template = "2019" if mixed else templates.pop()
    undivided = any(r.applications is not None and r.applications.undivided_other for r in reports)
    report = AnnualReport(
        template=template,
        agency=name,
        year=year,
        proactive=None if mixed else _sum_proactive(template, reports),
        applications=_sum_applications(reports, undivided),
        reviews=_sum_reviews(reports),
    )
    failing = _failing_members(members)
    findings = [
        *_failing_finding(failing),
        *_aggregate_failures(report),
        *_membership_finding(year, members),
        *_shape_finding(members, undivided),
        *_blank_note(report, members, mixed),
    ]
    return Aggregate(
        name=name,
        year=year,
        report=report,
        members=tuple(m.name for m in members),
        failing=tuple(failing.keys()),
        findings=tuple(findings),
    )


def same_members(this: Aggregate, last: Aggregate) -> Finding | None:
    """R52: R14 across years holds for an aggregate only when the member set is unchanged."""
    now, before = set(this.members), set(last.members)
    if now == before:
        return None
    added = [m for m in dict.fromkeys(this.members) if m not in before]
    dropped = [m for m in dict.fromkeys(last.members) if m not in now]
    changes = "；".join(
        f"{what} {len(names)} 家：{_names(names)}"
        for what, names in (("新增", added), ("减少", dropped))
        if names
    )
    return Finding(
        rule="R52",
        severity=RULES["R52"].severity,
        message=(
            f"{this.name}{this.year}年的汇总成员与{last.name}{last.year}年不同（{changes}）。"
            "上年结转与上年年报结转下年度的跨年核对（R14）只在成员相同时成立，"
            "请按相同成员重新汇总后再比较，或在比较时说明成员变化。"
        ),
        details={"added": added, "dropped": dropped},
    )


# ---------------------------------------------------------------- sums


def _sum(values: Sequence[Any], start: int | Decimal = 0) -> Any:
    """One aggregate cell: None if any member leaves it blank or writes something not a number."""
    if None in values:
        return None
    try:
        return sum(values, start)
    except TypeError:
        return None


def _sum_applications(reports: Sequence[AnnualReport], undivided: bool) -> Applications | None:
    tables = [r.applications for r in reports]
    if None in tables:
        return None
    keys = fmt.application_keys(undivided)
    # One list of rows per member, in the aggregate's row order; split 三（六） folded if needed.
    rows = [_rows_as(a, keys, undivided) for a in tables if a is not None]
    return Applications(
        {
            key: tuple(_sum(column) for column in zip(*[r[i] for r in rows], strict=True))
            for i, key in enumerate(keys)
        }
    )


def _rows_as(a: Applications, keys: tuple[str, ...], undivided: bool) -> list[AppRow]:
    get = a.rows.get  # the hot loop of add_up: one dict lookup per row
    if not undivided or a.undivided_other:
        return [get(k, EMPTY_ROW) for k in keys]
    split = (get(k, EMPTY_ROW) for k in fmt.OTHER_SPLIT)
    folded = tuple(_sum(c) for c in zip(*split, strict=True))
    return [folded if k == "other" else get(k, EMPTY_ROW) for k in keys]


def _sum_reviews(reports: Sequence[AnnualReport]) -> Reviews | None:
    tables = [r.reviews for r in reports]
    if None in tables:
        return None
    groups: dict[str, dict[str, Count]] = {}
    for g in fmt.REVIEW_GROUPS:
        cols = [t.groups.get(g.key, {}) for t in tables if t is not None]
        groups[g.key] = {c.key: _sum([m.get(c.key) for m in cols]) for c in fmt.REVIEW_COLUMNS}
    return Reviews(groups)


def _sum_proactive(template: fmt.Template, reports: Sequence[AnnualReport]) -> Proactive | None:
    """Table 二 of members on one template; the printed text of 采购总金额 cannot be summed."""
    tables = [r.proactive for r in reports]
    if None in tables:
        return None
    rows: dict[str, dict[str, Value]] = {}
    for row in fmt.proactive_rows(template):
        cols = [t.rows.get(row.key, {}) for t in tables if t is not None]
        rows[row.key] = {
            col.key: None
            if col.kind == "text"
            else _sum([m.get(col.key) for m in cols], Decimal(0) if col.kind == "decimal" else 0)
            for col in row.columns
        }
    return Proactive(template, rows)


# ---------------------------------------------------------------- R50


def _failing_members(members: Sequence[Member]) -> dict[str, list[Finding]]:
    """Members whose own report fails a linear rule, with those findings, in input order."""
    failing: dict[str, list[Finding]] = {}
    for m in members:
        failed = [
            f for f in check_rules(m.report, LINEAR_RULES, options=_OPTIONS) if f.status == "failed"
        ]
        if failed:
            failing.setdefault(m.name, []).extend(failed)
    return failing


def _failing_finding(failing: dict[str, list[Finding]]) -> Iterator[Finding]:
    if not failing:
        return
    rules = {name: sorted({f.rule for f in found}) for name, found in failing.items()}
    listed = "；".join(f"{name}（{'、'.join(ids)}）" for name, ids in rules.items())
    yield Finding(
        rule="R50",
        severity=RULES["R50"].severity,
        message=(
            f"{len(failing)} 家成员的年报表三或表四不平衡，错误已带入汇总数：{listed}。"
            "汇总时未作任何修正；请这些成员更正年报后重新汇总。"
        ),
        details={
            "members": rules,
            "messages": {name: [f.message for f in found] for name, found in failing.items()},
        },
    )


def _aggregate_failures(report: AnnualReport) -> Iterator[Finding]:
    """The sum checked with the same rules: whatever fails is carried in from failing members."""
    for f in check_rules(report, LINEAR_RULES, options=_OPTIONS):
        if f.status == "failed":
            yield Finding(
                rule="R50",
                severity=RULES["R50"].severity,
                message=f"汇总表本身未通过 {f.rule} 核对：{f.message}",
                evidence=f.evidence,
                details={"rule": f.rule, **f.details},
            )


def _membership_finding(year: int, members: Sequence[Member]) -> Iterator[Finding]:
    """R50 adds up reports of one year, each once: other years and repeated names are errors."""
    other_years = {m.name: m.report.year for m in members if m.report.year != year}
    repeated = {name: n for name, n in Counter(m.name for m in members).items() if n > 1}
    problems = []
    if other_years:
        shown = "、".join(
            f"{name}（{'年度不明' if y is None else f'{y}年'}）" for name, y in other_years.items()
        )
        problems.append(f"以下成员的年报不是{year}年度的：{shown}")
    if repeated:
        shown = "、".join(f"{name}（{n} 次）" for name, n in repeated.items())
        problems.append(f"以下成员重复出现，其数字被重复相加：{shown}")
    if problems:
        yield Finding(
            rule="R50",
            severity=RULES["R50"].severity,
            message="；".join(problems)
            + "。汇总只应包含每家成员同一年度的一份年报，请更正成员名单。",
            details={"other_years": other_years, "repeated": repeated},
        )


# ---------------------------------------------------------------- R51


def _shape_finding(members: Sequence[Member], undivided: bool) -> Iterator[Finding]:
    """R51: members on different templates, or 三（六） split in some members and not in others."""
    by_template: dict[fmt.Template, list[str]] = {t: [] for t in fmt.TEMPLATES}
    for m in members:
        by_template[m.report.template].append(m.name)
    split = [
        m.name
        for m in members
        if m.report.applications is not None and not m.report.applications.undivided_other
    ]
    mixed = all(by_template.values())
    folded = undivided and bool(split)
    if not (mixed or folded):
        return
    parts = []
    if mixed:
        # Name the members on the less used template: they are the ones to look at.
        odd = min(fmt.TEMPLATES, key=lambda t: (len(by_template[t]), t != "2019"))
        counts = "、".join(f"{_TEMPLATE_ZH[t]} {len(by_template[t])} 家" for t in fmt.TEMPLATES)
        parts.append(
            f"成员使用不同模板（{counts}；使用{_TEMPLATE_ZH[odd]}的有：{_names(by_template[odd])}），"
            "表二的栏目不同，不能相加，汇总表不含表二"
        )
    if folded:
        parts.append(
            f"表三（六）其他处理按一行汇总，{_names(split)}的（六）1–3项相加后计入；"
            "一行的数字无法拆回三项"
        )
    yield Finding(
        rule="R51",
        severity=RULES["R51"].severity,
        message="；".join(parts) + "。",
        details={
            "templates": {t: names for t, names in by_template.items() if names},
            "folded_other": split if folded else [],
        },
    )


# ---------------------------------------------------------------- the blank-cell note (R17)


def _blank_note(report: AnnualReport, members: Sequence[Member], mixed: bool) -> Iterator[Finding]:
    """One info note naming, per table, the members that leave the aggregate blank.

    It carries rule R17 (blank cells present, info in the catalogue): that is what the aggregate
    shows, and R50's own severity (error) would overstate a blank that the office only has to
    chase.
    """
    missing: dict[str, list[str]] = {}
    blank: dict[str, list[str]] = {}
    n_blank: dict[str, int] = {}
    evidence: list[Evidence] = []
    for table in _TABLES:
        if table == "proactive" and mixed:
            continue  # None by design, said by R51
        absent = [m.name for m in members if getattr(m.report, table) is None]
        if absent:
            missing[table] = absent
            evidence.append(Evidence(table, None, cells.TABLE_TITLES[table]))
            continue
        holes = list(_blank_cells(report, table))
        if holes:
            blank[table] = [m.name for m in members if _has_blanks(m.report, table)]
            n_blank[table] = len(holes)
            evidence.extend(holes)
    if not (missing or blank):
        return
    parts = [
        f"{_names(names)}缺少{cells.TABLES[t]}，汇总表无{cells.TABLES[t]}"
        for t, names in missing.items()
    ]
    parts += [
        f"{_names(names)}的{cells.TABLES[t]}有空白或非数字单元格，"
        f"汇总{cells.TABLES[t]}因此有 {n_blank[t]} 个空白单元格"
        for t, names in blank.items()
    ]
    yield Finding(
        rule="R17",
        severity=RULES["R17"].severity,
        message="；".join(parts) + "。汇总时未按 0 计算，请督促这些成员补全年报后重新汇总。",
        evidence=tuple(evidence),
        details={"missing_table": missing, "blank_cells": blank},
    )


def _blank_cells(report: AnnualReport, table: str) -> Iterator[Evidence]:
    """The aggregate's blank numeric cells of one table, as evidence."""
    p, a, r = report.proactive, report.applications, report.reviews
    if table == "proactive" and p is not None:
        yield from (
            cells.proactive(p.template, row, col, None)
            for row, col, v in p.cells()
            if v is None and (row, col) not in _TEXT_CELLS
        )
    elif table == "applications" and a is not None:
        yield from (cells.app(k, c, None) for k, c, v in a.cells() if v is None)
    elif table == "reviews" and r is not None:
        yield from (cells.review(g, c, None) for g, c, v in r.cells() if v is None)


# Table 二 cells holding printed text (采购总金额（原文）): never summed, so never a blank to chase.
_TEXT_CELLS = frozenset(
    (row.key, c.key)
    for t in fmt.TEMPLATES
    for row in fmt.proactive_rows(t)
    for c in row.columns
    if c.kind == "text"
)


def _has_blanks(report: AnnualReport, table: str) -> bool:
    """Whether a member contributes a blank (or a value that is not a number) to `table`."""
    p, a, r = report.proactive, report.applications, report.reviews
    values: Iterable[object] = ()
    if table == "proactive" and p is not None:
        values = (v for row, col, v in p.cells() if (row, col) not in _TEXT_CELLS)
    elif table == "applications" and a is not None:
        values = (v for _, _, v in a.cells())
    elif table == "reviews" and r is not None:
        values = (v for _, _, v in r.cells())
    return any(v is None or not isinstance(v, (int, Decimal)) for v in values)


def _names(names: Sequence[str], limit: int = 10) -> str:
    """Member names for a message; the full list is in the finding's details."""
    shown = "、".join(names[:limit])
    return shown + (f"等 {len(names)} 家" if len(names) > limit else "")
