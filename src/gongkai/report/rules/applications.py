"""Table 三 (收到和处理政府信息公开申请情况): R10–R17.

The table is an account: what came in (新收 + 上年结转) equals what went out (办理结果总计 +
结转下年度), column by column, and every row adds up across applicant types. Each column or row is
judged on its own, so one blank cell silences only the checks it takes part in; those are gathered
in a single "not assessable" finding per rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import Applications
from gongkai.report.rules import Context, cells, rule
from gongkai.report.rules.cells import all_counts, known
from gongkai.report.rules.inputs import (
    applications,
    blanks,
    blanks_across_years,
    need_applications,
    need_previous,
    non_counts,
    previous_table_missing,
    proactive_values,
    review_values,
)

TOTAL = fmt.TOTAL
COLUMNS = range(fmt.N_APPLICANT_COLUMNS)
APPLICANTS = range(TOTAL)
BALANCE = (*fmt.INPUT_KEYS, *fmt.OUTPUT_KEYS)  # new, carried_over, results_total, carried_forward
NEW, OVER, DONE, FORWARD = (cells.ROW_NAMES[k] for k in BALANCE)


def _cells(a: Applications, keys: tuple[str, ...], c: int) -> list[Evidence]:
    return [cells.app(k, c, a[k][c]) for k in keys]


def _imbalances(a: Applications) -> tuple[dict[int, int], list[Evidence]]:
    """R10 per column: inflow − outflow of each column without blanks, and the blank cells."""
    rows = [a[k] for k in BALANCE]
    diffs: dict[int, int] = {}
    blank: list[Evidence] = []
    for c in COLUMNS:
        column = [row[c] for row in rows]
        if known(column):
            new, over, done, forward = column
            diffs[c] = new + over - done - forward
        else:
            blank.extend(
                cells.app(k, c, v) for k, v in zip(BALANCE, column, strict=True) if v is None
            )
    return diffs, blank


@rule("R10")
def balance(ctx: Context) -> Iterator[Finding]:
    """新收 + 上年结转 = 办理结果总计 + 结转下年度 in every column (the identity in the header)."""
    a = yield from need_applications(ctx, "R10")
    if a is None:
        return
    diffs, blank = _imbalances(a)
    for c, diff in diffs.items():
        if diff:
            new, over, done, forward = (a[k][c] or 0 for k in BALANCE)
            yield ctx.finding(
                "R10",
                f"表三“{cells.COLUMN_NAMES[c]}”列：{NEW} {new} + {OVER} {over} = {new + over}，"
                f"而{DONE} {done} + {FORWARD} {forward} = {done + forward}，相差 {abs(diff)}。",
                _cells(a, BALANCE, c),
                column=c,
                difference=diff,
            )
    if blank:
        yield blanks(ctx, "R10", "applications", "相关列的收支平衡", blank)


@rule("R11")
def results_add_up(ctx: Context) -> Iterator[Finding]:
    """The result rows add up to （七）总计 in every column (19 rows when 三（六） is one row)."""
    a = yield from need_applications(ctx, "R11")
    if a is None:
        return
    keys = (*fmt.result_keys(a.undivided_other), "results_total")
    blank: list[Evidence] = []
    for c, column in enumerate(zip(*(a[k] for k in keys), strict=True)):
        if not known(column):
            blank.extend(cells.app(k, c, v) for k, v in zip(keys, column, strict=True) if v is None)
            continue
        found, total = sum(column[:-1]), column[-1]
        if found != total:
            yield ctx.finding(
                "R11",
                f"表三“{cells.COLUMN_NAMES[c]}”列：办理结果各项之和为 {found}，"
                f"而{DONE}为 {total}，相差 {abs(found - total)}。",
                _cells(a, keys, c),
                column=c,
                difference=found - total,
            )
    if blank:
        yield blanks(ctx, "R11", "applications", "相关列的办理结果合计", blank)


@rule("R12")
def rows_add_up(ctx: Context) -> Iterator[Finding]:
    """Every row's 总计 is the sum of its six applicant columns."""
    a = yield from need_applications(ctx, "R12")
    if a is None:
        return
    blank: list[Evidence] = []
    for key in fmt.application_keys(a.undivided_other):
        row = a[key]
        if not known(row):
            blank.extend(cells.app(key, c, v) for c, v in enumerate(row) if v is None)
            continue
        parts, total = row[:TOTAL], row[TOTAL]
        found = sum(parts)
        if found != total:
            yield ctx.finding(
                "R12",
                f"表三“{cells.ROW_LABELS[key]}”行：各类申请人之和 {cells.plus(parts)} = {found}，"
                f"而总计为 {total}，相差 {abs(found - total)}。",
                [cells.app(key, c, v) for c, v in enumerate(row)],
                row=key,
                difference=found - total,
            )
    if blank:
        yield blanks(ctx, "R12", "applications", "相关行的合计", blank)


@rule("R13")
def counts(ctx: Context) -> Iterator[Finding]:
    """Every cell is a number of applications: a non-negative integer."""
    a = yield from need_applications(ctx, "R13")
    if a is None:
        return
    keys = fmt.application_keys(a.undivided_other)
    if all_counts([v for k in keys for v in a[k]]):
        return
    yield from non_counts(
        ctx,
        "R13",
        "applications",
        [
            (
                f"表三“{cells.ROW_LABELS[key]}”行",
                [(cells.COLUMN_NAMES[c], cells.app(key, c, v)) for c, v in enumerate(a[key])],
                {"row": key},
            )
            for key in keys
        ],
        "申请件数",
    )


@rule("R14")
def carried_over_matches_last_year(ctx: Context) -> Iterator[Finding]:
    """This year's 上年结转 equals last year's 结转下年度继续办理, column by column."""
    previous = yield from need_previous(ctx, "R14")
    if previous is None:
        return
    a = yield from need_applications(ctx, "R14")
    if a is None:
        return
    last = applications(ctx, previous)
    if last is None:
        yield previous_table_missing(ctx, "R14", "applications")
        return
    year = f"{previous.year}年度" if previous.year else "上年"
    over, forward = a["carried_over"], last["carried_forward"]
    blank: list[Evidence] = []
    for c in COLUMNS:
        now = cells.app("carried_over", c, over[c])
        then = cells.previous(cells.app("carried_forward", c, forward[c]))
        pair = (over[c], forward[c])
        if not known(pair):
            blank.extend(e for e in (now, then) if e.value is None)
        elif pair[0] != pair[1]:
            yield ctx.finding(
                "R14",
                f"表三“{cells.COLUMN_NAMES[c]}”列：本年{OVER} {pair[0]} 件，"
                f"而{year}年报{FORWARD} {pair[1]} 件，相差 {abs(pair[0] - pair[1])}。",
                (now, then),
                column=c,
                difference=pair[0] - pair[1],
            )
    if blank:
        yield blanks_across_years(ctx, "R14", "applications", "相关列的跨年度结转", blank)


@rule("R15")
def misfiled_applicant(ctx: Context) -> Iterator[Finding]:
    """R10 holds in 总计 but fails in applicant columns whose differences cancel out."""
    a = yield from need_applications(ctx, "R15")
    if a is None:
        return
    diffs, blank = _imbalances(a)
    failing = [c for c in APPLICANTS if diffs.get(c)]
    if TOTAL not in diffs or (blank and not failing):
        yield blanks(ctx, "R15", "applications", "各申请人列的差额是否相互抵消", blank)
        return
    if diffs[TOTAL] or not failing:
        return
    shown = "、".join(f"“{cells.COLUMN_NAMES[c]}”列相差 {cells.signed(diffs[c])}" for c in failing)
    yield ctx.finding(
        "R15",
        f"表三“总计”列收支平衡，但{shown}，差额相互抵消：可能有申请被计入了错误的申请人类型。",
        [e for c in (*failing, TOTAL) for e in _cells(a, BALANCE, c)],
        columns=failing,
    )


@rule("R16")
def open_for_over_a_year(ctx: Context) -> Iterator[Finding]:
    """More carried forward than received: some application has been open for over a year."""
    a = yield from need_applications(ctx, "R16")
    if a is None:
        return
    keys = ("carried_forward", "new")
    rows = [a[k] for k in keys]
    blank: list[Evidence] = []
    for c in COLUMNS:
        pair = [row[c] for row in rows]
        if not known(pair):
            blank.extend(cells.app(k, c, v) for k, v in zip(keys, pair, strict=True) if v is None)
            continue
        forward, new = pair
        if forward > new:
            yield ctx.finding(
                "R16",
                f"表三“{cells.COLUMN_NAMES[c]}”列：{FORWARD} {forward} 件，多于{NEW} {new} 件，"
                f"即至少 {forward - new} 件申请到年底已超过一年未办结，远超 20 个工作日"
                "（延长后 40 个工作日）的答复期限，除非依条例第三十五条另行确定了期限。",
                _cells(a, keys, c),
                column=c,
            )
    if blank:
        yield blanks(ctx, "R16", "applications", "相关列的结转与新收", blank)


_TEXT_CELLS = frozenset(
    (t, r.key, c.key)
    for t in fmt.TEMPLATES
    for r in fmt.proactive_rows(t)
    for c in r.columns
    if c.kind == "text"
)


def _blank_cells(ctx: Context) -> Iterator[tuple[str, list[Evidence]]]:
    report = ctx.report
    p, a, r = report.proactive, report.applications, report.reviews
    if p is not None and None in proactive_values(p):
        t = p.template
        yield (
            "proactive",
            [
                cells.proactive(t, row, c, None)
                for row, c, v in p.cells()
                if v is None and (t, row, c) not in _TEXT_CELLS
            ],
        )
    if a is not None and None in chain.from_iterable(map(a.__getitem__, a.keys())):
        yield "applications", [cells.app(k, c, None) for k, c, v in a.cells() if v is None]
    if r is not None and None in review_values(r):
        yield "reviews", [cells.review(g, c, None) for g, c, v in r.cells() if v is None]


@rule("R17")
def blank_cells(ctx: Context) -> Iterator[Finding]:
    """Blank cells in tables 二–四 (a missing table is R02's); says whether they counted as 0."""
    for table, blank in _blank_cells(ctx):
        if not blank:  # only a blank 采购总金额（原文）, which is text, not a number
            continue
        names = "、".join(e.label for e in blank[:3]) + ("等" if len(blank) > 3 else "")
        then = (
            "核对时已按 0 计算（已选择“空白按 0 计”）。"
            if ctx.options.blank_as_zero
            else "涉及这些单元格的核对无法进行；空白若表示 0，请在年报中填写 0。"
        )
        yield ctx.finding(
            "R17",
            f"{cells.TABLES[table]}有 {len(blank)} 个空白单元格：{names}。{then}",
            blank,
            blank_cells=len(blank),
            blank_as_zero=ctx.options.blank_as_zero,
        )
