"""Table 四 (行政复议、行政诉讼情况): R20–R22, one finding per group of five cells."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import Reviews
from gongkai.report.rules import Context, cells, rule
from gongkai.report.rules.cells import all_counts, known
from gongkai.report.rules.inputs import (
    blanks,
    need_previous,
    need_reviews,
    non_counts,
    review_values,
    reviews,
)

COLUMNS = tuple(c.key for c in fmt.REVIEW_COLUMNS)  # upheld, corrected, other, pending, total
PARTS = COLUMNS[:-1]
GROUPS = tuple(g.key for g in fmt.REVIEW_GROUPS)
RECONSIDERATION, _, AFTER_RECONSIDERATION = GROUPS


def _group(r: Reviews, group: str) -> list[Evidence]:
    return [cells.review(group, c, r.cell(group, c)) for c in COLUMNS]


@rule("R20")
def groups_add_up(ctx: Context) -> Iterator[Finding]:
    """结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计 in each of the three groups."""
    r = yield from need_reviews(ctx, "R20")
    if r is None:
        return
    blank: list[Evidence] = []
    for group in GROUPS:
        values = [r.cell(group, c) for c in COLUMNS]
        if not known(values):
            blank.extend(e for e in _group(r, group) if e.value is None)
            continue
        parts, total = values[:-1], values[-1]
        found = sum(parts)
        if found != total:
            written = " + ".join(
                f"{cells.REVIEW_COLUMN_NAMES[c]} {v}" for c, v in zip(PARTS, parts, strict=True)
            )
            yield ctx.finding(
                "R20",
                f"表四“{cells.GROUP_NAMES[group]}”：{written} = {found}，"
                f"而总计为 {total}，相差 {abs(found - total)}。",
                _group(r, group),
                group=group,
                difference=found - total,
            )
    if blank:
        yield blanks(ctx, "R20", "reviews", "相关组的合计", blank)


@rule("R21")
def counts(ctx: Context) -> Iterator[Finding]:
    """Every cell is a number of cases: a non-negative integer."""
    r = yield from need_reviews(ctx, "R21")
    if r is None or all_counts(review_values(r)):
        return
    yield from non_counts(
        ctx,
        "R21",
        "reviews",
        [
            (
                f"表四“{cells.GROUP_NAMES[group]}”",
                [
                    (cells.REVIEW_COLUMN_NAMES[c], cells.review(group, c, r.cell(group, c)))
                    for c in COLUMNS
                ],
                {"group": group},
            )
            for group in GROUPS
        ],
        "案件数",
    )


@rule("R22")
def litigation_without_reconsideration(ctx: Context) -> Iterator[Finding]:
    """复议后起诉 cases while neither this year nor last year shows any 行政复议: worth a look."""
    r = yield from need_reviews(ctx, "R22")
    if r is None:
        return
    after = r.cell(AFTER_RECONSIDERATION, "total")
    recon = r.cell(RECONSIDERATION, "total")
    now = [
        cells.review(AFTER_RECONSIDERATION, "total", after),
        cells.review(RECONSIDERATION, "total", recon),
    ]
    if not known((after, recon)):
        yield blanks(
            ctx,
            "R22",
            "reviews",
            "复议后起诉与行政复议的对应关系",
            [e for e in now if e.value is None],
        )
        return
    if after == 0 or recon != 0:
        return
    what = f"本年有复议后起诉的行政诉讼 {after} 件，而本年行政复议为 0"
    if ctx.previous is None:
        yield ctx.finding(
            "R22", f"{what}；未提供上年年报，无法判断上年是否有行政复议。", now, not_assessable=True
        )
        return
    previous = yield from need_previous(ctx, "R22")
    if previous is None:
        return
    last = reviews(ctx, previous)
    last_recon = last.cell(RECONSIDERATION, "total") if last is not None else None
    then = cells.previous(cells.review(RECONSIDERATION, "total", last_recon))
    if last_recon is None:
        missing = "上年年报缺少表四" if last is None else "上年行政复议总计为空白"
        yield ctx.finding(
            "R22",
            f"{what}；{missing}，无法判断上年是否有行政复议。",
            [*now, then],
            not_assessable=True,
        )
    elif last_recon == 0:
        yield ctx.finding(
            "R22",
            f"{what}，上年也为 0：复议后起诉通常以行政复议为前提，请核对是否漏填行政复议或填错了组。",
            [*now, then],
        )
