"""Table 二 (主动公开政府信息情况): R30–R34 on the 2021 format, R35–R36 on the 2019 format.

The two templates' columns mean different things, so each rule applies to one template only and
stays silent on the other; cross-year rules also need last year's table on the same template.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from gongkai.report import agency
from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import Proactive
from gongkai.report.rules import Context, cells, rule
from gongkai.report.rules.cells import all_counts, is_count, known
from gongkai.report.rules.inputs import (
    agency_name,
    blanks,
    blanks_across_years,
    need_previous,
    need_proactive,
    previous_table_missing,
    proactive,
)

DOCUMENT_ROWS = ("regulations", "normative_documents")  # 第二十条第（一）项, both templates
FEES = ("fees", "amount")
_COUNTS = tuple((r.key, c.key) for r in fmt.PROACTIVE_2021 for c in r.columns if c.kind == "count")
ROWS_2021 = cells.PROACTIVE_ROW_NAMES["2021"]
ROWS_2019 = cells.PROACTIVE_ROW_NAMES["2019"]
COLS_2021 = cells.PROACTIVE_COLUMN_NAMES["2021"]
COLS_2019 = cells.PROACTIVE_COLUMN_NAMES["2019"]
ITEM_ROWS_2019 = tuple(r.key for r in fmt.PROACTIVE_2019 if r.columns[0].key == "previous")


def _is_amount(value: object) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value >= 0
    return is_count(value)


def _cells_2021(p: Proactive, row: str, columns: tuple[str, ...]) -> list[Evidence]:
    return [cells.proactive("2021", row, c, p.cell(row, c)) for c in columns]


@rule("R30")
def counts_and_amount(ctx: Context) -> Iterator[Finding]:
    """Counts are non-negative integers; the fee is a non-negative amount (万元, decimals allowed)."""
    p = yield from need_proactive(ctx, "R30", "2021")
    if p is None or (all_counts([p.cell(*k) for k in _COUNTS]) and _is_amount(p.cell(*FEES))):
        return
    blank: list[Evidence] = []
    for row in fmt.PROACTIVE_2021:
        found = _cells_2021(p, row.key, tuple(c.key for c in row.columns))
        blank.extend(e for e in found if e.value is None)
        bad = [
            (col, e)
            for col, e in zip(row.columns, found, strict=True)
            if e.value is not None
            and not (_is_amount if col.kind == "decimal" else is_count)(e.value)
        ]
        if bad:
            shown = "、".join(f"“{col.label}”为 {e.value}" for col, e in bad)
            should = "非负数" if row.key == FEES[0] else "非负整数"
            yield ctx.finding(
                "R30",
                f"表二“{row.label}”：{shown}，应为{should}。",
                [e for _, e in bad],
                row=row.key,
            )
    if blank:
        yield blanks(ctx, "R30", "proactive", "这些单元格的数值", blank)


def _document_rows(
    ctx: Context, rule_id: str
) -> Iterator[Finding | tuple[str, int, int, int, int, list[Evidence]]]:
    """For R31/R32, per row: (row, 现行有效 last year, 制发, 废止, 现行有效, evidence)."""
    if ctx.previous is None:
        return
    p = yield from need_proactive(ctx, rule_id, "2021")
    if p is None:
        return
    previous = yield from need_previous(ctx, rule_id)
    if previous is None:
        return
    last = proactive(ctx, previous)
    if last is None or last.template != "2021":
        why = "" if last is None else "表二使用 2019 年试行格式，与本年口径不同"
        yield previous_table_missing(ctx, rule_id, "proactive", why)
        return
    blank: list[Evidence] = []
    for row in DOCUMENT_ROWS:
        before = cells.previous(
            cells.proactive("2021", row, "in_force", last.cell(row, "in_force"))
        )
        now = _cells_2021(p, row, ("issued", "abolished", "in_force"))
        evidence = [before, *now]
        values = [e.value for e in evidence]
        if not known(values):
            blank.extend(e for e in evidence if e.value is None)
            continue
        previous_in_force, issued, abolished, in_force = values
        yield row, previous_in_force, issued, abolished, in_force, evidence
    if blank:
        yield blanks_across_years(ctx, rule_id, "proactive", "相关行的现行有效件数", blank)


@rule("R31")
def in_force_carries_over(ctx: Context) -> Iterator[Finding]:
    """现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) for 规章 and 规范性文件."""
    for item in _document_rows(ctx, "R31"):
        if isinstance(item, Finding):
            yield item
            continue
        row, before, issued, abolished, in_force, evidence = item
        expected = before + issued - abolished
        if in_force != expected:
            yield ctx.finding(
                "R31",
                f"表二“{ROWS_2021[row]}”：本年{COLS_2021['in_force']} {in_force}，而上年现行有效 "
                f"{before} + 本年制发 {issued} − 本年废止 {abolished} = {expected}，"
                f"相差 {abs(in_force - expected)}。",
                evidence,
                row=row,
                difference=in_force - expected,
            )


@rule("R32")
def abolished_more_than_existed(ctx: Context) -> Iterator[Finding]:
    """More documents abolished than were in force last year plus those issued this year."""
    for item in _document_rows(ctx, "R32"):
        if isinstance(item, Finding):
            yield item
            continue
        row, before, issued, abolished, _, evidence = item
        if abolished > before + issued:
            yield ctx.finding(
                "R32",
                f"表二“{ROWS_2021[row]}”：本年废止 {abolished} 件，超过上年现行有效 {before} 件"
                f"与本年制发 {issued} 件之和 {before + issued}：废止的多于可废止的。",
                evidence[:3],
                row=row,
            )


@rule("R33")
def regulations_without_power(ctx: Context) -> Iterator[Finding]:
    """规章 reported by a body that cannot make them (by its name; "/" or blank is the norm)."""
    p = yield from need_proactive(ctx, "R33", "2021")
    if p is None or not any(p.rows.get("regulations", {}).values()):
        return
    name = agency_name(ctx.report)
    if agency.may_make_regulations(name) is False:
        reported = _cells_2021(p, "regulations", ("issued", "abolished", "in_force"))
        shown = "、".join(
            f"{COLS_2021[c]} {e.value}"
            for c, e in zip(("issued", "abolished", "in_force"), reported, strict=True)
        )
        yield ctx.finding(
            "R33",
            f"从名称看，“{name}”不具有规章制定权（只有国务院部门和省、自治区、直辖市、设区的市、自治州的"
            f"人民政府可以制定规章），但表二“规章”填报了 {shown}。请核对是否把行政规范性文件填入了规章行。",
            [cells.meta("agency", name, "发布机关"), *reported],
        )


_FEE_IN_YUAN = re.compile(r"收费[^。；;\n]{0,30}?(\d+(?:\.\d+)?)\s*(万?)元")


@rule("R34")
def fees_in_yuan(ctx: Context) -> Iterator[Finding]:
    """The 万元 fee looks like an amount in 元: implausibly large, or the text gives it in 元."""
    p = yield from need_proactive(ctx, "R34", "2021")
    if p is None:
        return
    fee = p.cell(*FEES)
    evidence = cells.proactive("2021", *FEES, fee)
    if fee is None:
        yield blanks(ctx, "R34", "proactive", "收费金额的单位", [evidence])
        return
    if not isinstance(fee, (int, Decimal)) or not fee:
        return
    if fee > Decimal(str(ctx.options.fee_wan_yuan_limit)):
        yield ctx.finding(
            "R34",
            f"表二“{ROWS_2021['fees']}”本年收费金额为 {fee} 万元，即 {fee * 10000} 元，"
            "数额异常大：是否按元而非万元填报？",
            [evidence],
            limit=ctx.options.fee_wan_yuan_limit,
        )
        return
    for key in fmt.TEXT_KEYS:
        text = ctx.report.text.get(key) if ctx.report.text else None
        for m in _FEE_IN_YUAN.finditer(text or ""):
            if not m.group(2) and Decimal(m.group(1)) == fee:
                yield ctx.finding(
                    "R34",
                    f"表二“{ROWS_2021['fees']}”填报 {fee}（单位：万元），而正文写作“{m.group(0)}”，"
                    "单位为元：表中金额可能应换算为万元。",
                    [evidence, cells.text(key, m.group(0))],
                )
                return


def _cells_2019(p: Proactive, row: str, columns: tuple[str, ...]) -> list[Evidence]:
    return [cells.proactive("2019", row, c, p.cell(row, c)) for c in columns]


@rule("R35")
def item_counts_carry_over(ctx: Context) -> Iterator[Finding]:
    """上一年项目数量(N) = 上一年项目数量(N−1) + 本年增/减(N−1), on the 2019 format."""
    if ctx.previous is None:
        return
    p = yield from need_proactive(ctx, "R35", "2019")
    if p is None:
        return
    previous = yield from need_previous(ctx, "R35")
    if previous is None:
        return
    last = proactive(ctx, previous)
    if last is None or last.template != "2019":
        why = "" if last is None else "表二不是 2019 年试行格式，与本年口径不同"
        yield previous_table_missing(ctx, "R35", "proactive", why)
        return
    blank: list[Evidence] = []
    for row in ITEM_ROWS_2019:
        now = cells.proactive("2019", row, "previous", p.cell(row, "previous"))
        then = [cells.previous(e) for e in _cells_2019(last, row, ("previous", "change"))]
        evidence = [now, *then]
        values = [e.value for e in evidence]
        if not known(values):
            blank.extend(e for e in evidence if e.value is None)
            continue
        this_year, last_year, change = values
        if this_year != last_year + change:
            yield ctx.finding(
                "R35",
                f"表二“{ROWS_2019[row]}”：本年上一年项目数量 {this_year}，而上年年报上一年项目数量 "
                f"{last_year} 加本年增/减 {cells.signed(change)} 为 {last_year + change}，"
                f"相差 {abs(this_year - last_year - change)}。",
                evidence,
                row=row,
            )
    if blank:
        yield blanks_across_years(ctx, "R35", "proactive", "相关行的上一年项目数量", blank)


@rule("R36")
def published_more_than_total(ctx: Context) -> Iterator[Finding]:
    """本年新公开数量 cannot exceed 对外公开总数量 (2019 format)."""
    p = yield from need_proactive(ctx, "R36", "2019")
    if p is None:
        return
    blank: list[Evidence] = []
    for row in DOCUMENT_ROWS:
        evidence = _cells_2019(p, row, ("published", "total"))
        values = [e.value for e in evidence]
        if not known(values):
            blank.extend(e for e in evidence if e.value is None)
        elif values[0] > values[1]:
            yield ctx.finding(
                "R36",
                f"表二“{ROWS_2019[row]}”：{COLS_2019['published']} {values[0]}，"
                f"大于{COLS_2019['total']} {values[1]}。",
                evidence,
                row=row,
            )
    if blank:
        yield blanks(ctx, "R36", "proactive", "新公开数量与对外公开总数量", blank)
