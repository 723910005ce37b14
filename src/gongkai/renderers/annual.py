"""An annual report -> a printable Document in the national layout.

The three tables are laid out with the official merged cells and labels, read from
`report.format` (the one definition the reader and the checker also use). A null cell prints as
an empty cell, never as 0; a table the report lacks prints as a sentence saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from gongkai.renderers.document import Block, Cell, Document, Heading, Paragraph, Row, Table, clean
from gongkai.renderers.document import paragraphs as narrative_blocks
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications, Proactive, Reviews, Value

# How a cell's value is shown; the comparison document swaps in one that also marks changes.
CellMaker = Callable[[str, Value], Cell]

FORMAT_NAMES: dict[fmt.Template, str] = {
    "2021": "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）",
    "2019": "《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）",
}
IDENTITY_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"
MISSING_TABLE = "（本报告未列出此表。）"


def show(value: Value) -> str:
    """A cell value as printed: integers as digits, 万元 amounts without exponent, null as ""."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def value_cell(path: str, value: Value) -> Cell:
    return Cell(show(value))


def _h(text: str, rowspan: int = 1, colspan: int = 1, align: str = "center") -> Cell:
    return Cell(text, rowspan, colspan, header=True, align=align)  # type: ignore[arg-type]


def title_of(report: AnnualReport) -> str:
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.agency or ''}{year}政府信息公开工作年度报告"


def preamble(report: AnnualReport) -> str:
    period = (
        f"本报告中所列数据的统计期限自{report.year}年1月1日起至{report.year}年12月31日止。"
        if report.year is not None
        else ""
    )
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"{FORMAT_NAMES[report.template]}编制。{period}"
    )


def build(report: AnnualReport, cell: CellMaker = value_cell) -> Document:
    """The whole report: title, preamble, the six sections in order, 落款."""
    blocks: list[Block] = [Paragraph(preamble(report), "lead")]
    text = report.text
    for section in fmt.SECTIONS:
        blocks.append(Heading(f"{section.numeral}、{section.heading}", 1))
        if section.text_key is not None:
            blocks.extend(narrative_blocks(text.get(section.text_key) if text else None))
            continue
        table = TABLES[section.key](report, cell)
        blocks.append(table if table is not None else Paragraph(MISSING_TABLE, "note"))
    if report.agency:
        blocks.append(Paragraph(clean(report.agency), "signature"))
    published = report.document.published if report.document else None
    if published is not None:
        blocks.append(
            Paragraph(f"{published.year}年{published.month}月{published.day}日", "signature")
        )
    return Document(
        title=clean(title_of(report)),
        blocks=tuple(blocks),
        kind="report",
        meta={"author": clean(report.agency or ""), "subject": "政府信息公开工作年度报告"},
    )


# ---------------------------------------------------------------- table 二


def proactive_table(report: AnnualReport, cell: CellMaker) -> Table | None:
    p: Proactive | None = report.proactive
    if p is None:
        return None
    rows: list[Row] = []
    specs = fmt.proactive_rows(report.template)
    previous_block: tuple[str, tuple[str, ...]] | None = None
    for spec in specs:
        printed = [c for c in spec.columns if c.kind != "text"]
        block = (spec.article, tuple(c.label for c in printed))
        if block != previous_block:
            rows.append((_h(spec.article, colspan=4), None, None, None))
            rows.append((_h("信息内容"), *_spread([_h(c.label) for c in printed])))
            previous_block = block
        values = [
            cell(f"proactive.{spec.key}.{c.key}", printed_value(p, spec, c.key)) for c in printed
        ]
        rows.append((_h(spec.label), *_spread(values)))
    return Table(tuple(rows), (3, 2, 2, 2), header_rows=0, key="proactive")


def printed_value(p: Proactive, spec: fmt.ProactiveRow, column: str) -> Value:
    """The printed value; a 2019 采购总金额 prints as the report wrote it ("251000元")."""
    text_column = next((c.key for c in spec.columns if c.kind == "text"), None)
    if text_column and column == "amount":
        printed = p.cell(spec.key, text_column)
        if isinstance(printed, str) and printed.strip():
            return printed
    return p.cell(spec.key, column)


def _spread(cells: list[Cell]) -> list[Cell | None]:
    """Cells over the three value columns: the last one stretches over what is left."""
    out: list[Cell | None] = []
    for i, c in enumerate(cells):
        span = 3 - len(cells) + 1 if i == len(cells) - 1 else 1
        out.append(Cell(c.text, 1, span, c.header, c.align, c.mark, c.note))
        out.extend([None] * (span - 1))
    return out


# ---------------------------------------------------------------- table 三


def applications_table(report: AnnualReport, cell: CellMaker) -> Table | None:
    a: Applications | None = report.applications
    if a is None:
        return None
    n = fmt.N_APPLICANT_COLUMNS
    width = 3 + n
    applicants = [_h(c.label) for c in fmt.APPLICANT_COLUMNS[1:-1]]
    grid: list[Row] = [
        (_h(IDENTITY_NOTE, 3, 3, "left"), None, None, _h("申请人情况", 1, n), *[None] * (n - 1)),
        (None, None, None, _h("自然人", 2), _h("法人或其他组织", 1, 5), *[None] * 4, _h("总计", 2)),
        (None, None, None, None, *applicants, None),
    ]
    keys = a.keys()
    results = fmt.result_keys(a.undivided_other)
    result_span = len(results) + 1  # the result rows and （七）总计
    group_sizes = {
        g: sum(1 for k in keys if fmt.APPLICATION_ROW_BY_KEY[k].group == g) for g in _GROUPS
    }
    for key in keys:
        row = fmt.APPLICATION_ROW_BY_KEY[key]
        values = [cell(f"applications.{key}[{c}]", v) for c, v in enumerate(a[key])]
        if key in fmt.INPUT_KEYS or key == "carried_forward":
            labels: list[Cell | None] = [_h(row.label, 1, 3, "left"), None, None]
        else:
            first = _h("三、本年度办理结果", result_span) if key == results[0] else None
            if row.group in _GROUPS:
                starts = keys.index(key) == min(
                    i
                    for i, k in enumerate(keys)
                    if fmt.APPLICATION_ROW_BY_KEY[k].group == row.group
                )
                group = _h(row.group, group_sizes[row.group]) if starts else None
                labels = [first, group, _h(row.label, align="left")]
            else:
                labels = [first, _h(row.label, 1, 2, "left"), None]
        grid.append((*labels, *values))
    widths = (1.2, 1.4, 4.6, *[1.0] * n)
    assert len(grid[0]) == width
    return Table(tuple(grid), widths, header_rows=3, key="applications")


_GROUPS = (fmt.G3, fmt.G4, fmt.G5, fmt.G6)


# ---------------------------------------------------------------- table 四


def reviews_table(report: AnnualReport, cell: CellMaker) -> Table | None:
    r: Reviews | None = report.reviews
    if r is None:
        return None
    columns = fmt.REVIEW_COLUMNS
    recon, direct, after = fmt.REVIEW_GROUPS
    k = len(columns)
    filler = [None] * (k - 1)
    grid: list[Row] = [
        (_h(recon.label, 1, k), *filler, _h("行政诉讼", 1, 2 * k), *[None] * (2 * k - 1)),
        (
            *[_h(c.label, 2) for c in columns],
            _h(_plain(direct.label), 1, k),
            *filler,
            _h(_plain(after.label), 1, k),
            *filler,
        ),
        (*[None] * k, *[_h(c.label) for c in columns], *[_h(c.label) for c in columns]),
        tuple(
            cell(f"reviews.{g.key}.{c.key}", r.cell(g.key, c.key))
            for g in fmt.REVIEW_GROUPS
            for c in columns
        ),
    ]
    return Table(tuple(grid), (1.0,) * (3 * k), header_rows=3, key="reviews")


def _plain(label: str) -> str:
    """ "行政诉讼·未经复议直接起诉" -> "未经复议直接起诉": the group heading already says 行政诉讼."""
    return label.split("·", 1)[-1]


TABLES: dict[str, Callable[[AnnualReport, CellMaker], Table | None]] = {
    "proactive": proactive_table,
    "applications": applications_table,
    "reviews": reviews_table,
}
