"""What a rule may judge: the tables as the options see them, and last year's report if it fits.

Each `need_*` helper is used with `yield from`: it yields the one "not assessable" finding the rule
owes when its input is missing or unusable, and returns the input (or None). That keeps the policy
— a missing table makes each of its rules say so once, a blank is read as 0 only when the options
say so, last year's report must really be last year's and the same agency's — in one place instead
of in thirty rules.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import replace

from gongkai.report import agency
from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import AnnualReport, Applications, Count, Proactive, Reviews, Value
from gongkai.report.rules import Context
from gongkai.report.rules.cells import TABLE_TITLES, TABLES, is_count


def _zero_applications(a: Applications) -> Applications:
    return Applications({k: tuple(0 if v is None else v for v in row) for k, row in a.rows.items()})


def _zero_reviews(r: Reviews) -> Reviews:
    return Reviews(
        {
            g.key: {
                c.key: 0 if (v := r.cell(g.key, c.key)) is None else v for c in fmt.REVIEW_COLUMNS
            }
            for g in fmt.REVIEW_GROUPS
        }
    )


def _zero_proactive(p: Proactive) -> Proactive:
    rows = {}
    for row in fmt.proactive_rows(p.template):
        rows[row.key] = {
            c.key: 0 if c.kind != "text" and (v := p.cell(row.key, c.key)) is None else v
            for c in row.columns
        }
    return Proactive(p.template, rows)


def applications(ctx: Context, report: AnnualReport | None = None) -> Applications | None:
    """Table 三 of `report` (default: the one checked), blanks read as 0 if `blank_as_zero`."""
    a = (report or ctx.report).applications
    return _zero_applications(a) if a is not None and ctx.options.blank_as_zero else a


def reviews(ctx: Context, report: AnnualReport | None = None) -> Reviews | None:
    r = (report or ctx.report).reviews
    return _zero_reviews(r) if r is not None and ctx.options.blank_as_zero else r


def proactive(ctx: Context, report: AnnualReport | None = None) -> Proactive | None:
    p = (report or ctx.report).proactive
    return _zero_proactive(p) if p is not None and ctx.options.blank_as_zero else p


_REVIEW_CELLS = tuple((g.key, c.key) for g in fmt.REVIEW_GROUPS for c in fmt.REVIEW_COLUMNS)
_PROACTIVE_NUMBERS = {
    t: tuple((r.key, c.key) for r in fmt.proactive_rows(t) for c in r.columns if c.kind != "text")
    for t in fmt.TEMPLATES
}


def review_values(r: Reviews) -> list[Count]:
    """The 15 cells of table 四 in printed order, for fast whole-table checks."""
    return [r.cell(g, c) for g, c in _REVIEW_CELLS]


def proactive_values(p: Proactive) -> list[Value]:
    """The numeric cells of table 二 (not the printed text of 采购总金额)."""
    return [p.cell(row, c) for row, c in _PROACTIVE_NUMBERS[p.template]]


def missing_table(ctx: Context, rule_id: str, table: str) -> Finding:
    return ctx.finding(
        rule_id,
        f"{TABLES[table]}（{TABLE_TITLES[table]}）缺失，无法核对。",
        (Evidence(table, None, TABLE_TITLES[table]),),
        not_assessable=True,
    )


def need_applications(ctx: Context, rule_id: str) -> Generator[Finding, None, Applications | None]:
    a = applications(ctx)
    if a is None:
        yield missing_table(ctx, rule_id, "applications")
    return a


def need_reviews(ctx: Context, rule_id: str) -> Generator[Finding, None, Reviews | None]:
    r = reviews(ctx)
    if r is None:
        yield missing_table(ctx, rule_id, "reviews")
    return r


def need_proactive(
    ctx: Context, rule_id: str, template: fmt.Template
) -> Generator[Finding, None, Proactive | None]:
    """Table 二 on `template`; None without a finding when the report uses the other template."""
    p = proactive(ctx)
    if p is None:
        if ctx.report.template == template:
            yield missing_table(ctx, rule_id, "proactive")
        return None
    return p if p.template == template else None


def blanks(
    ctx: Context, rule_id: str, table: str, what: str, evidence: Sequence[Evidence]
) -> Finding:
    """The one "not assessable" finding of a rule that met blank cells; `what` names the checks."""
    return ctx.finding(
        rule_id,
        f"{TABLES[table]}有空白单元格（共 {len(evidence)} 个），无法核对{what}。"
        "请确认空白处是否为 0，或在核对时选择“空白按 0 计”。",
        evidence,
        not_assessable=True,
        blank_cells=len(evidence),
    )


def non_counts(
    ctx: Context,
    rule_id: str,
    table: str,
    groups: Sequence[tuple[str, Sequence[tuple[str, Evidence]], dict[str, str]]],
    noun: str,
) -> Generator[Finding, None, None]:
    """R13/R21: one finding per group (a row, a group of columns) holding cells that are not a
    non-negative integer, then one "not assessable" finding for the blank cells.

    `groups` holds (where, [(column name, evidence)], details) with every cell of the group.
    """
    blank: list[Evidence] = []
    for where, named, details in groups:
        blank.extend(e for _, e in named if e.value is None)
        bad = [(name, e) for name, e in named if e.value is not None and not is_count(e.value)]
        if bad:
            shown = "、".join(f"“{name}”为 {e.value}" for name, e in bad)
            found = ctx.finding(
                rule_id, f"{where}：{shown}，{noun}应为非负整数。", [e for _, e in bad]
            )
            yield replace(found, details=dict(details))
    if blank:
        yield blanks(ctx, rule_id, table, "这些单元格是否为非负整数", blank)


def blanks_across_years(
    ctx: Context, rule_id: str, table: str, what: str, evidence: Sequence[Evidence]
) -> Finding:
    """Like `blanks`, for a cross-year rule whose blank cells may be in either year's table."""
    return ctx.finding(
        rule_id,
        f"本年或上年的{TABLES[table]}有空白单元格（共 {len(evidence)} 个），无法核对{what}。",
        evidence,
        not_assessable=True,
        blank_cells=len(evidence),
    )


def need_previous(ctx: Context, rule_id: str) -> Generator[Finding, None, AnnualReport | None]:
    """Last year's report; None when there is none, or (with a finding) when it is another year's
    or another agency's (`agency.same_body`; an agency unknown on either side is not compared)."""
    previous = ctx.previous
    if previous is None:
        return None
    year = ctx.report.year
    if previous.year is not None and year is not None and previous.year != year - 1:
        yield ctx.finding(
            rule_id,
            f"提供的上年年报是 {previous.year} 年度的，而本年报是 {year} 年度，"
            f"应与 {year - 1} 年度年报比较，无法核对。",
            (
                Evidence("year", year, "本年报年度"),
                Evidence("previous.year", previous.year, "上年年报年度"),
            ),
            not_assessable=True,
        )
        return None
    now, then = agency_name(ctx.report), agency_name(previous)
    if now and then and agency.same_body(now, then) is False:
        yield ctx.finding(
            rule_id,
            f"上年年报的机关（{agency.normalise(then)}）与本年（{agency.normalise(now)}）不同，"
            "无法跨年核对。",
            (
                Evidence("agency", now, "本年报机关"),
                Evidence("previous.agency", then, "上年年报机关"),
            ),
            not_assessable=True,
        )
        return None
    return previous


def previous_table_missing(ctx: Context, rule_id: str, table: str, why: str = "") -> Finding:
    return ctx.finding(
        rule_id,
        f"上年年报{why or '缺少' + TABLES[table]}，无法进行跨年度核对。",
        (Evidence(f"previous.{table}", None, f"上年年报{TABLE_TITLES[table]}"),),
        not_assessable=True,
    )


def agency_name(report: AnnualReport) -> str | None:
    """The agency as named in the report, else the title up to its year (e.g. "X县人民政府")."""
    if report.agency:
        return report.agency
    title = report.document.title if report.document else None
    if not title:
        return None
    head = title.split("20", 1)[0].strip()
    return head or None
