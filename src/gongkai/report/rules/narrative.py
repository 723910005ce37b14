"""The narrative against the tables and against itself: R40–R43."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import AnnualReport, Applications, Narrative, Reviews
from gongkai.report.rules import Context, cells, rule
from gongkai.report.rules.cells import known
from gongkai.report.rules.figures import Figure, Quantity, find_figures, years
from gongkai.report.rules.inputs import applications, need_previous, reviews

TOTAL = fmt.TOTAL
_RECON, _DIRECT, _AFTER = (g.key for g in fmt.REVIEW_GROUPS)
_WHAT: dict[Quantity, str] = {
    "applications": "收到政府信息公开申请",
    "reconsideration": "行政复议",
    "litigation": "行政诉讼",
}
_TABLE: dict[Quantity, str] = {
    "applications": "applications",
    "reconsideration": "reviews",
    "litigation": "reviews",
}


def _table_side(
    quantity: Quantity, a: Applications | None, r: Reviews | None
) -> tuple[list[Evidence], set[int], str] | None:
    """The cells a figure is compared with, the values it may take, and how to say so; None if missing."""
    if quantity == "applications":
        if a is None:
            return None
        new, over = a["new"][TOTAL], a["carried_over"][TOTAL]
        compared = [cells.app("new", TOTAL, new), cells.app("carried_over", TOTAL, over)]
        said = f"表三本年新收总计为 {new} 件"
        pair = (new, over)
        if known(pair):  # "共受理…N件" sometimes counts 上年结转 too: both readings pass
            return compared, {pair[0], pair[0] + pair[1]}, said
        return compared, set() if new is None else {new}, said
    if r is None:
        return None
    if quantity == "reconsideration":
        total = r.cell(_RECON, "total")
        said = f"表四行政复议总计为 {total} 件"
        return [cells.review(_RECON, "total", total)], set() if total is None else {total}, said
    pair = (r.cell(_DIRECT, "total"), r.cell(_AFTER, "total"))
    compared = [cells.review(_DIRECT, "total", pair[0]), cells.review(_AFTER, "total", pair[1])]
    if not known(pair):
        return compared, set(), ""
    direct, after = pair
    said = (
        f"表四行政诉讼总计为 {direct + after} 件（未经复议直接起诉 {direct}，复议后起诉 {after}）"
    )
    return compared, {direct, after, direct + after}, said


def _short(sentence: str, limit: int = 80) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "……"


@rule("R40")
def narrative_matches_tables(ctx: Context) -> Iterator[Finding]:
    """Figures in the narrative (申请N件, 行政复议N件, 行政诉讼N件) agree with tables 三 and 四."""
    figures = find_figures(ctx.report.text, ctx.report.year)
    if not figures:
        return
    by_quantity: dict[Quantity, list[Figure]] = {}
    for figure in figures:
        by_quantity.setdefault(figure.quantity, []).append(figure)
    a, r = applications(ctx), reviews(ctx)
    unknown: list[Evidence] = []
    for quantity, found in by_quantity.items():
        side = _table_side(quantity, a, r)
        if side is None:
            table = _TABLE[quantity]
            if all(e.path != table for e in unknown):
                unknown.append(Evidence(table, None, cells.TABLE_TITLES[table]))
            continue
        compared, accepted, said = side
        if not accepted:
            unknown.extend(e for e in compared if e.value is None)
            continue
        if any(f.value in accepted for f in found):
            continue
        sentences = list(dict.fromkeys((f.section, f.sentence) for f in found))
        quoted = "；".join(f"“{_short(s)}”" for _, s in sentences)
        values = "、".join(str(v) for v in dict.fromkeys(f.value for f in found))
        yield ctx.finding(
            "R40",
            f"正文称{_WHAT[quantity]} {values} 件，而{said}。正文原句：{quoted}",
            [*compared, *(cells.text(key, s) for key, s in sentences)],
            quantity=quantity,
            narrative=[f.value for f in found],
        )
    if unknown:
        yield ctx.finding(
            "R40",
            "正文提到了申请或复议、诉讼的件数，但表中对应的单元格空白或表格缺失，无法核对。",
            unknown,
            not_assessable=True,
        )


FEES_FROM = 2021  # 政府信息公开信息处理费管理办法 (国办函〔2020〕109号) applies from 2021
# 信息处理费 itself, or the 收费办法 cited by number: 国办函〔2020〕109号, [2020], （2020）, "109号".
# Other 收费/费用 (行政事业性收费 in table 二) say nothing about it.
FEE_REPORTED = re.compile(r"处理费|(?<!\d)109\s*号")


@rule("R41")
def fees_reported(ctx: Context) -> Iterator[Finding]:
    """Section 六 says whether 信息处理费 was charged (收费办法, reports on 2021 onwards).

    It must name the 信息处理费 (处理费) or cite the 收费办法 (国办函〔2020〕109号); other fees, such as
    the 行政事业性收费 of table 二, do not count.
    """
    year = ctx.report.year
    if year is not None and year < FEES_FROM:
        return
    text = ctx.report.text.other_matters if ctx.report.text else None
    if text is None:
        yield ctx.finding(
            "R41",
            f"没有第六部分“{cells.TEXT_TITLES['other_matters']}”的正文，无法核对是否报告了信息处理费情况。",
            (cells.text("other_matters", None),),
            not_assessable=True,
        )
    elif not FEE_REPORTED.search(text):
        yield ctx.finding(
            "R41",
            "第六部分未报告信息处理费情况：应说明本年度是否依《政府信息公开信息处理费管理办法》"
            "（国办函〔2020〕109号）收取信息处理费；未收取的也应写明。",
            (cells.excerpt("other_matters", text),),
        )


def _phrases(text: str) -> set[str]:
    """The text cut at 。，； and line ends (`str.replace` is several times faster than `re` here)."""
    cut = text.replace("，", "。").replace("；", "。").replace("\n", "。")
    return {p for part in cut.split("。") if (p := part.strip())}


def _grams(phrases: set[str]) -> set[str]:
    return {p[i : i + 4] for p in phrases for i in range(max(len(p) - 3, 1))}


def similarity(a: str, b: str) -> float:
    """How much of two texts is the same wording, from 0 to 1.

    Phrases found verbatim in both count in full; the remaining phrases are compared by the
    Jaccard index of their character 4-grams, so an edit inside a phrase lowers the score only a
    little. Computing 4-grams for the remainder alone keeps this fast on 10 kB texts; when more
    than half of the phrases differ, only the verbatim share counts (under 0.5): such a text has
    been reworked, whatever its 4-grams would say.
    """
    pa, pb = _phrases(a), _phrases(b)
    size_a, size_b = sum(map(len, pa)), sum(map(len, pb))
    if not size_a or not size_b:
        return 1.0 if size_a == size_b else 0.0
    common = pa & pb
    same = sum(map(len, common))
    mean = (size_a + size_b) / 2
    rest = mean - same
    if not rest or rest > mean / 2:
        return same / mean
    ga, gb = _grams(pa - common), _grams(pb - common)
    shared = len(ga & gb)
    union = len(ga) + len(gb) - shared
    return (same + rest * (shared / union if union else 1.0)) / mean


def _numbers(report: AnnualReport) -> tuple[Any, ...]:
    return (
        tuple(report.applications.cells()) if report.applications else None,
        tuple(report.reviews.cells()) if report.reviews else None,
        tuple(report.proactive.cells()) if report.proactive else None,
    )


def _narrative(text: Narrative | None) -> str:
    return "\n".join(t for k in fmt.TEXT_KEYS if text and (t := text.get(k)))


@rule("R42")
def copied_from_last_year(ctx: Context) -> Iterator[Finding]:
    """Identical tables and nearly identical wording to last year's report: copied, not written."""
    previous = yield from need_previous(ctx, "R42")
    if previous is None or _numbers(ctx.report) != _numbers(previous):
        return
    now, then = _narrative(ctx.report.text), _narrative(previous.text)
    year = f"{previous.year}年度" if previous.year else "上年"
    if not now or not then:
        yield ctx.finding(
            "R42",
            f"表格数字与{year}年报完全相同，但缺少{'本年' if not now else '上年'}正文，无法判断是否照搬。",
            (
                Evidence(
                    "previous.text" if now else "text", None, "上年年报正文" if now else "本年正文"
                ),
            ),
            not_assessable=True,
        )
        return
    ratio = similarity(now, then)
    threshold = ctx.options.similarity_threshold
    if ratio >= threshold:
        evidence = [
            Evidence("text", _short(now, 60), "本年正文"),
            Evidence("previous.text", _short(then, 60), "上年年报正文"),
        ]
        yield ctx.finding(
            "R42",
            f"本年报与{year}年报高度相似：表格数字完全相同，正文相似度 {ratio:.0%}"
            f"（阈值 {threshold:.0%}），疑似照搬上年年报。",
            evidence,
            similarity=round(ratio, 3),
        )


# Words that point at last year (上年 covers 上年度, 上一年 covers 上一年度). 改进/整改 alone do not:
# nearly every section 五 promises them for next year.
LAST_YEAR_WORDS = ("上年", "上一年", "去年", "前一年")


def _follows_up(text: str, year: int | None) -> bool:
    if any(w in text for w in LAST_YEAR_WORDS):
        return True
    return year is not None and (year - 1) in years(text)


@rule("R43")
def last_years_problems(ctx: Context) -> Iterator[Finding]:
    """Section 五 refers to last year's problems (上年/上一年度/去年/前一年, or last year's number).

    Only a reference to last year counts; 改进/整改 without one is usually next year's plan.
    """
    text = ctx.report.text.problems if ctx.report.text else None
    if text is None:
        yield ctx.finding(
            "R43",
            f"没有第五部分“{cells.TEXT_TITLES['problems']}”的正文，无法核对是否说明了上年问题的改进情况。",
            (cells.text("problems", None),),
            not_assessable=True,
        )
    elif not _follows_up(text, ctx.report.year):
        yield ctx.finding(
            "R43",
            "第五部分只写了存在的问题或下一步打算，未说明上一年度所发现问题的改进（整改）情况。",
            (cells.excerpt("problems", text),),
        )
