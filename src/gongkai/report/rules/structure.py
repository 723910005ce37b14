"""Structure and metadata: R01–R07.

Most of these need what the reader saw of the document (`report.document`: headings, title, dates);
a report built by a program has none, and those rules then say "not assessable" rather than pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from gongkai.report import agency
from gongkai.report import format as fmt
from gongkai.report.finding import Evidence, Finding
from gongkai.report.model import DocumentFacts
from gongkai.report.rules import Context, cells, rule
from gongkai.report.rules.figures import years
from gongkai.report.rules.inputs import agency_name

_SECTION_INDEX = {s.key: i for i, s in enumerate(fmt.SECTIONS)} | {
    s.numeral: i for i, s in enumerate(fmt.SECTIONS)
}
_NUMERAL = re.compile(
    r"^\s*(?:第?[一二三四五六七八九十]+(?:部分)?|[（(][一二三四五六七八九十]+[）)])"
)
_NOT_WORD = re.compile(r"[\W_]+")
_STANDARD = tuple(_NOT_WORD.sub("", s.heading) for s in fmt.SECTIONS)


def _date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _no_document(ctx: Context, rule_id: str, what: str) -> Finding:
    return ctx.finding(
        rule_id,
        f"没有年报原文的信息（例如由程序生成的年报），无法核对{what}。",
        (Evidence("document", None, "年报原文信息"),),
        not_assessable=True,
    )


def _headings(doc: DocumentFacts) -> Evidence:
    return cells.document("sections", [m.heading for m in doc.sections], "识别到的各部分标题")


@rule("R01")
def sections_present_in_order(ctx: Context) -> Iterator[Finding]:
    """All six sections are there, in the order of the national format."""
    doc = ctx.report.document
    if doc is None:
        yield _no_document(ctx, "R01", "六个部分是否齐全、顺序是否正确")
        return
    order: list[int] = []
    for mark in doc.sections:
        index = _SECTION_INDEX.get(mark.key)
        if index is not None and index not in order:
            order.append(index)
    for i, section in enumerate(fmt.SECTIONS):
        if i not in order:
            yield ctx.finding(
                "R01",
                f"缺少第{section.numeral}部分“{cells.SECTION_TITLES[section.key]}”。",
                (_headings(doc),),
                section=section.key,
            )
    if order != sorted(order):
        actual = "、".join(fmt.SECTIONS[i].numeral for i in order)
        yield ctx.finding(
            "R01",
            f"各部分顺序不正确：实际顺序为{actual}，应按一至六依次排列。",
            (_headings(doc),),
            order=[fmt.SECTIONS[i].key for i in order],
        )


@rule("R02")
def tables_present(ctx: Context) -> Iterator[Finding]:
    """Tables 二, 三 and 四 are all there; a report with nothing to count still shows zeros."""
    report = ctx.report
    for table, value in (
        ("proactive", report.proactive),
        ("applications", report.applications),
        ("reviews", report.reviews),
    ):
        if value is None:
            yield ctx.finding(
                "R02",
                f"缺少{cells.TABLES[table]}（{cells.TABLE_TITLES[table]}）。没有相关数据也应列出该表并填写 0。",
                (Evidence(table, None, cells.TABLE_TITLES[table]),),
                table=table,
            )


def _body_years(ctx: Context) -> set[int]:
    text = ctx.report.text
    if text is None:
        return set()
    return {y for key in fmt.TEXT_KEYS for y in years(text.get(key) or "")}


@rule("R03")
def year_agrees(ctx: Context) -> Iterator[Finding]:
    """The year of the report, of its title, of its 统计期限 sentence and of its body agree."""
    doc = ctx.report.document
    if doc is None:
        yield _no_document(ctx, "R03", "标题、统计期限与正文中的年度是否一致")
        return
    stated = [
        e
        for e in (
            cells.meta("year", ctx.report.year, "年报年度"),
            cells.document("title_year", doc.title_year, "标题中的年度"),
            cells.document("period_year", doc.period_year, "统计期限中的年度"),
        )
        if e.value is not None
    ]
    distinct = {e.value for e in stated}
    body = _body_years(ctx)
    reference = stated[0].value if stated else None
    body_differs = bool(body) and reference is not None and reference not in body
    if len(distinct) > 1 or body_differs:
        shown = "，".join(f"{e.label}为 {e.value} 年" for e in stated)
        if body_differs:
            mentioned = "、".join(str(y) for y in sorted(body))
            shown += f"，而正文只提到 {mentioned} 年"
            stated.append(Evidence("text", sorted(body), "正文中提到的年份"))
        yield ctx.finding("R03", f"年度前后不一致：{shown}。", stated)
    elif len(stated) < 2:
        yield ctx.finding(
            "R03",
            "标题和统计期限中至少有一处未找到年度，无法核对年度是否一致。",
            stated,
            not_assessable=True,
        )


@rule("R04")
def published_on_time(ctx: Context) -> Iterator[Finding]:
    """Published by 31 January (departments) or 31 March (a 人民政府's own report) of year + 1."""
    doc = ctx.report.document
    published = ctx.options.publication_date or (doc.published if doc else None)
    year = ctx.report.year
    if published is None or year is None:
        unknown = (
            cells.document("published", None, "发布日期")
            if published is None
            else cells.meta("year", None, "年报年度")
        )
        yield ctx.finding(
            "R04", f"{unknown.label}不详，无法核对是否按时发布。", (unknown,), not_assessable=True
        )
        return
    if ctx.options.publication_date is not None:
        when = Evidence("options.publication_date", published, "发布日期（核对时提供）")
    else:
        when = cells.document("published", published, "发布日期")
    name = agency_name(ctx.report)
    by_march = agency.files_by_march(name)
    january, march = agency.publication_deadlines(year)
    evidence = (when, cells.meta("agency", name, "发布机关"))
    if by_march is None and january < published <= march:
        yield ctx.finding(
            "R04",
            f"年报于{_date(published)}发布：若为部门年报，已晚于{_date(january)}的期限；"
            "若为人民政府年报则未逾期。无法从机关名称判断属于哪一种。",
            evidence,
            not_assessable=True,
        )
        return
    # A body the name does not place is held to the later deadline, and told the other one.
    deadline = agency.publication_deadline(name, year)
    who = "政府部门年报" if by_march is False else "县级以上地方人民政府年报"
    also = f"（部门为{_date(january)}）" if by_march is None else ""
    if published <= deadline:
        return
    days_late = (published - deadline).days
    yield ctx.finding(
        "R04",
        f"年报于{_date(published)}发布，晚于{who}的发布期限{_date(deadline)}{also}"
        f"（条例第四十九条），逾期 {days_late} 天。",
        evidence,
        days_late=days_late,
    )


@rule("R05")
def outdated_template(ctx: Context) -> Iterator[Finding]:
    """A report on 2021 or later uses the 2019 trial tables, or prints their undivided 三（六）.

    On the 2021 format, 三（六）其他处理 has three rows (逾期不补正、逾期未缴费、其他); a report that
    prints it as the 2019 format's single row gets its own finding, also when its year is unknown.
    """
    report = ctx.report
    a = report.applications
    if report.template == "2021" and a is not None and a.undivided_other:
        if report.year is None or report.year >= 2021:
            yield ctx.finding(
                "R05",
                "表三（六）“其他处理”未按2021年格式分为三行（逾期不补正、逾期未缴费、其他）。",
                (Evidence("applications.other", list(a["other"]), cells.ROW_LABELS["other"]),),
            )
        return
    if report.template != "2019":
        return
    evidence = (
        cells.meta("template", "2019", "表格格式"),
        cells.meta("year", report.year, "年报年度"),
    )
    if report.year is None:
        yield ctx.finding(
            "R05",
            "年报使用 2019 年试行格式，但年度不详，无法判断格式是否过时。",
            evidence,
            not_assessable=True,
        )
    elif report.year >= 2021:
        yield ctx.finding(
            "R05",
            f"{report.year} 年度年报仍使用 2019 年试行格式（国办公开办函〔2019〕60号）的表格，"
            "应使用 2021 年格式（国办公开办函〔2021〕30号）。",
            evidence,
        )


_OVERSIGHT = (
    ("工作考核", ("考核",)),
    ("社会评议", ("评议", "社会评价")),
    ("责任追究", ("追究", "问责", "追责")),
)


@rule("R06")
def government_reports_oversight(ctx: Context) -> Iterator[Finding]:
    """A 人民政府's report covers 工作考核、社会评议和责任追究 (条例 第五十条); read from the text."""
    name = agency_name(ctx.report)
    if not agency.is_people_government(name):
        return
    text = ctx.report.text
    sections = {k: v for k in fmt.TEXT_KEYS if text and (v := text.get(k))}
    if not sections:
        yield ctx.finding(
            "R06",
            "没有年报正文，无法核对是否报告了工作考核、社会评议和责任追究情况。",
            (cells.meta("text", None, "年报正文"),),
            not_assessable=True,
        )
        return
    missing = [
        what
        for what, words in _OVERSIGHT
        if not any(w in body for w in words for body in sections.values())
    ]
    if missing:
        yield ctx.finding(
            "R06",
            f"从名称看，“{name}”是人民政府，年报应报告政府信息公开工作考核、社会评议和责任追究结果情况"
            f"（条例第五十条），正文未提及：{'、'.join(missing)}。",
            [
                cells.meta("agency", name, "发布机关"),
                *(cells.excerpt(k, v) for k, v in sections.items()),
            ],
            missing=missing,
        )


def _normalised(heading: str) -> str:
    return _NOT_WORD.sub("", _NUMERAL.sub("", heading))


@rule("R07")
def standard_headings(ctx: Context) -> Iterator[Finding]:
    """Headings read as the national format's, once numerals, punctuation and spaces are ignored."""
    doc = ctx.report.document
    if doc is None:
        yield _no_document(ctx, "R07", "各部分标题的表述")
        return
    for position, mark in enumerate(doc.sections):
        index = _SECTION_INDEX.get(mark.key)
        if index is None or _normalised(mark.heading) == _STANDARD[index]:
            continue
        section = fmt.SECTIONS[index]
        yield ctx.finding(
            "R07",
            f"第{section.numeral}部分标题为“{mark.heading.strip()}”，"
            f"标准表述为“{cells.SECTION_TITLES[section.key]}”。",
            (
                cells.document(
                    f"sections[{position}]", mark.heading, f"第{section.numeral}部分标题"
                ),
            ),
            section=section.key,
        )
