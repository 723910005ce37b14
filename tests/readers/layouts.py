"""Test support: an AnnualReport rendered as text in each layout annual reports come in.

Used only by tests. Every label comes from `gongkai.report.format`; nothing here retypes the rows.
A table is first laid out as a grid (header rows, then data rows of label cells and value cells,
as the national format prints it), then emitted as one of the layouts:

- "tabs":  tab-separated PDF copy, with the blank cells merged label cells leave behind;
- "pipes": Markdown / converter / OCR pipe tables (label and numbers on separate rows, a table
           cut into chunks with repeated headers, stray lines, blank cells for nulls);
- "cells": a DOCX dump, one cell per line;
- "flat":  flattened web text: the cells of a row run together with no separator at all.

`Style` holds the knobs (bracket width, numbering, spaces inside words, misprints, placeholders…).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Value

LAYOUTS = ("tabs", "pipes", "cells", "flat")
PLACEHOLDERS = ("/", "—", "-", "无")
ITEM_MARKS = ("．", ".", "、")

# Look-alike characters that OCR and careless typing put in place of the right ones.
OCR_SLIPS = dict(
    zip(
        "密务理申请开已未人处息信政公法规访复出版年本新收上结转予以部分国家秘禁止全事内程性执案卷"
        "查询掌握现成需要制作补容仍明确举报投诉重提供大量反认获取逾期再费通知缴纳用总计续办",
        "蜜各埋由清幵己末入外怠倍攻仑去观纺夏山板午木亲牧土洁砖矛似郁兮囯冢祕襟正金亊肉桯姓热桉券"
        "杳洵拿喔观戍霈耍刺怍朴客扔朋碓拳极没拆垂堤洪太最友队荻耳愉斯冉贾诵和激钠甩忌汁读力",
        strict=True,
    )
)
TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Style:
    """How a report is printed. Defaults: the national format as published."""

    half_width: bool = False  # (一) rather than （一）
    item_mark: str = "．"  # "1．" / "1." / "1、"
    spaced: frozenset[str] = frozenset()  # row keys (and "header") with a space inside a word
    slips: tuple[tuple[str, int], ...] = ()  # (row key, seed): one or two misprinted characters
    placeholders: tuple[str, ...] = ("/",)  # how a null cell is printed, used in turn
    blank_nulls: bool = False  # pipes only: a null cell is an empty cell
    sign_words: bool = False  # 2019 本年增/减 as 增3/减4 rather than +3/-4
    annotated: frozenset[str] = frozenset()  # proactive paths printed as "22（其中修订16件）"
    lost_headings: frozenset[str] = frozenset()  # section keys whose heading line is missing
    title_form: int = 0  # 0: agency on its own line, 1: agency+year in one line, 2: year first
    # pipes
    split_labels: bool = False  # a label and its numbers on separate rows
    chunks: int = 1  # table 三 cut into this many small tables, headers repeated
    stray_lines: bool = False  # page numbers, notes and 续表 inside a table (pipes, tabs)
    # tabs
    wrap_labels: bool = False  # a long label wrapped: its first half on a line of its own
    trailing_tab: bool = False
    # cells
    indent: bool = False  # a tab before every cell, as some DOCX dumps have
    # flat
    one_line: bool = False  # the whole table on one line (rows glued to each other)
    glued_heading: bool = False  # the table glued to its section heading
    _counter: list[int] = field(default_factory=lambda: [0], compare=False, repr=False)

    def placeholder(self) -> str:
        self._counter[0] += 1
        return self.placeholders[self._counter[0] % len(self.placeholders)]


# ------------------------------------------------------------------ labels


def vary(label: str, style: Style, key: str = "") -> str:
    """A label of the format as a report might print it."""
    text = label
    if style.half_width:
        text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"^(\d)．", lambda m: m[1] + style.item_mark, text)
    prefix, core, suffix = _parts(text)
    seed = dict(style.slips).get(key)
    if seed is not None and len(core) >= 6:
        core = _slip(core, seed, 2 if len(core) >= 10 and seed % 3 == 0 else 1)
    if key in style.spaced and len(core) >= 2:
        mid = len(core) // 2
        core = core[:mid] + " " + core[mid:]
    return prefix + core + suffix


def _parts(text: str) -> tuple[str, str, str]:
    m = re.match(
        r"^((?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d[．.、])?)(.*?)([（(].*)?$",
        text,
    )
    assert m is not None
    return m[1], m[2], m[3] or ""


def _slip(core: str, seed: int, count: int) -> str:
    chars = list(core)
    for n in range(count):
        i = (seed * 7 + n * 5) % len(chars)
        chars[i] = OCR_SLIPS.get(chars[i], "")
    return "".join(chars)


def header(label: str, style: Style) -> str:
    text = label.replace("（", "(").replace("）", ")") if style.half_width else label
    if "header" in style.spaced and 2 <= len(text) <= 6:
        return " ".join(text)
    return text


# ------------------------------------------------------------------ cells


def number(
    value: Value, kind: fmt.CellKind, path: str, style: Style, printed: str | None = None
) -> str:
    if printed is not None:
        return printed
    if value is None:
        return "" if style.blank_nulls else style.placeholder()
    if kind == "signed" and isinstance(value, int) and value != 0:
        if style.sign_words:
            return ("增" if value > 0 else "减") + str(abs(value))
        return ("+" if value > 0 else "-") + str(abs(value))
    if path in style.annotated and isinstance(value, int):
        return f"{value}（其中修订{value // 2}件）"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


# ------------------------------------------------------------------ grids


@dataclass
class GridRow:
    cells: list[str]
    header: bool = False
    labels: int = 0  # leading label cells of a data row
    key: str = ""


def applications_grid(report: AnnualReport, style: Style) -> list[GridRow]:
    a = report.applications
    assert a is not None
    cols = [header(c.label, style) for c in fmt.APPLICANT_COLUMNS]
    rows = [
        GridRow([header(TABLE3_NOTE, style), "", "", header("申请人情况", style), *[""] * 6], True),
        GridRow(
            ["", "", "", cols[0], header("法人或其他组织", style), "", "", "", "", cols[6]], True
        ),
        GridRow(["", "", "", "", *cols[1:6], ""], True),
    ]
    seen_groups: set[str] = set()
    for key in fmt.application_keys(a.undivided_other):
        spec = fmt.APPLICATION_ROW_BY_KEY[key]
        label = vary(spec.label, style, key)
        group = spec.group
        first = group is not None and group not in seen_groups
        if group is not None:
            seen_groups.add(group)
        if key in ("new", "carried_over", "carried_forward"):
            labels = [label, "", ""]
        elif key == "disclosed":
            labels = [vary(spec.group or "", style), label, ""]
        elif spec.item is None:  # （二）部分公开, （六）其他处理, （七）总计
            labels = ["", label, ""]
        else:
            labels = ["", vary(group or "", style) if first else "", label]
        values = [
            number(v, "count", f"applications.{key}[{i}]", style) for i, v in enumerate(a[key])
        ]
        rows.append(GridRow([*labels, *values], labels=3, key=key))
    return rows


def reviews_grid(report: AnnualReport, style: Style) -> list[GridRow]:
    r = report.reviews
    assert r is not None
    cols = [header(c.label, style) for c in fmt.REVIEW_COLUMNS]
    values = [number(v, "count", f"reviews.{g}.{c}", style) for g, c, v in r.cells()]
    return [
        GridRow([header("行政复议", style), *[""] * 4, header("行政诉讼", style), *[""] * 9], True),
        GridRow(
            [
                *cols,
                header("未经复议直接起诉", style),
                *[""] * 4,
                header("复议后起诉", style),
                *[""] * 4,
            ],
            True,
        ),
        GridRow([*[""] * 5, *cols, *cols], True),
        GridRow(values, key="reviews"),
    ]


def proactive_grid(report: AnnualReport, style: Style) -> list[GridRow]:
    p = report.proactive
    assert p is not None
    rows: list[GridRow] = []
    article = ""
    for spec in fmt.proactive_rows(report.template):
        printed = [c for c in spec.columns if c.kind != "text"]
        if spec.article != article:
            article = spec.article
            rows.append(GridRow([header(spec.article, style), *[""] * len(printed)], True))
            rows.append(
                GridRow(
                    [header("信息内容", style), *(header(c.label, style) for c in printed)], True
                )
            )
        values = []
        for col in printed:
            path = (
                f"proactive.{spec.key}"
                if spec.scalar and report.template == "2021"
                else (f"proactive.{spec.key}.{col.key}")
            )
            text = (
                p.cell(spec.key, "amount_text")
                if col.key == "amount" and spec.key == "procurement"
                else None
            )
            values.append(number(p.cell(spec.key, col.key), col.kind, path, style, text))  # type: ignore[arg-type]
        rows.append(GridRow([vary(spec.label, style, spec.key), *values], labels=1, key=spec.key))
    return rows


# ------------------------------------------------------------------ layouts


def emit(rows: list[GridRow], layout: str, style: Style) -> list[str]:
    return {"tabs": _tabs, "pipes": _pipes, "cells": _cells, "flat": _flat}[layout](rows, style)


def _tabs(rows: list[GridRow], style: Style) -> list[str]:
    out = []
    for n, row in enumerate(rows):
        if style.stray_lines and n == len(rows) // 2:
            out.extend(["- 2 -", "第 2 页 共 4 页"])  # a page break inside the table
        cells = list(row.cells)
        if style.wrap_labels and row.labels:
            i = max(j for j in range(row.labels) if cells[j] or j == 0)
            label = cells[i]
            if len(label) > 20:
                head = label[: len(label) // 2]
                out.append("\t" * i + head)
                cells[i] = label[len(label) // 2 :]
        out.append("\t".join(cells) + ("\t" if style.trailing_tab else ""))
    return out


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _pipes(rows: list[GridRow], style: Style) -> list[str]:
    """A Markdown table; cut into `chunks` small tables that each repeat the leading headers."""
    width = max(len(r.cells) for r in rows)
    lead = 0
    while lead < len(rows) and rows[lead].header:
        lead += 1
    heads, body = rows[:lead], rows[lead:]
    size = -(-len(body) // max(style.chunks, 1))
    out: list[str] = []
    for n, start in enumerate(range(0, len(body), size)):
        if n and style.stray_lines:
            out.extend([f"- {n + 1} -", "", "注：统计截至12月31日", "（续表）"])
        padded = [_padded(h.cells, width) for h in heads] or [[""] * width]
        out.extend([_pipe(padded[0]), "|" + "---|" * width, *(_pipe(h) for h in padded[1:])])
        for row in body[start : start + size]:
            cells = _padded(row.cells, width)
            if style.split_labels and row.labels:
                n_labels = row.labels
                out.append(_pipe([*cells[:n_labels], *[""] * (width - n_labels)]))
                out.append(_pipe([*[""] * n_labels, *cells[n_labels:]]))
            else:
                out.append(_pipe(cells))
        out.append("")
    return out


def _padded(cells: list[str], width: int) -> list[str]:
    return [*cells, *[""] * (width - len(cells))]


def _cells(rows: list[GridRow], style: Style) -> list[str]:
    lead = "\t" if style.indent else ""
    return [lead + c for row in rows for c in row.cells if c]


def _flat(rows: list[GridRow], style: Style) -> list[str]:
    lines = ["".join(row.cells) for row in rows]
    return ["".join(lines)] if style.one_line else lines


# ------------------------------------------------------------------ the whole report


def render(report: AnnualReport, layout: str, style: Style | None = None) -> str:
    style = style or Style()
    return "\n".join(_document(report, layout, style)) + "\n"


def _document(report: AnnualReport, layout: str, style: Style) -> Iterator[str]:
    agency, year = report.agency or "某某局", report.year or 2023
    yield from _title(agency, year, style.title_form)
    yield (
        f"本报告根据《中华人民共和国政府信息公开条例》第五十条和有关规定编制。本报告中所列数据的统计期限"
        f"自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系（电话：0816-1234567）。"
    )
    tables: dict[str, Callable[[AnnualReport, Style], list[GridRow]] | None] = {
        "proactive": proactive_grid if report.proactive is not None else None,
        "applications": applications_grid if report.applications is not None else None,
        "reviews": reviews_grid if report.reviews is not None else None,
    }
    for section in fmt.SECTIONS:
        heading = f"{section.numeral}、{section.heading}"
        lines: list[str] = []
        if section.key in tables:
            grid = tables[section.key]
            if grid is None:
                lines = [f"{year}年，本机关没有需要在本表填报的数据。"]
            else:
                lines = emit(grid(report, style), layout, style)
        else:
            lines = list(_narrative(section.key, agency, year))
        if section.key in style.lost_headings:
            yield from lines
        elif style.glued_heading and section.key in tables and lines:
            yield heading + lines[0]
            yield from lines[1:]
        else:
            yield heading
            yield from lines
    yield agency
    yield f"{year + 1}年1月20日"


def _title(agency: str, year: int, form: int) -> Iterator[str]:
    if form == 0:
        yield agency
        yield f"{year}年政府信息公开工作年度报告"
    elif form == 1:
        yield f"{agency}{year}年度政府信息公开工作年度报告"
    else:
        yield f"{year} 年{agency}政府信息公开工作年度报告"


def _narrative(key: str, agency: str, year: int) -> Iterator[str]:
    if key == "overview":
        yield "（一）主动公开情况"
        yield f"{year}年，{agency}主动公开政府信息125条，其中政策文件3件。"
        yield "（二）依申请公开情况"
        yield f"{year}年共收到政府信息公开申请5件，上年结转1件，均已按时办结。"
        yield "（三）政府信息管理情况"
        yield "严格落实信息发布审核制度，对拟公开信息进行保密审查。"
    elif key == "problems":
        yield "一是信息公开的及时性有待提高；二是政策解读形式较为单一。"
        yield f"下一步，我们将在{year + 1}年进一步加强培训，提高政府信息公开工作质量。"
    else:
        yield "本年度未收取信息处理费。无其他需要报告的事项。"
