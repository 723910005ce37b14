"""Two reports (usually one agency's last year and this year) -> one Document that shows the change.

It opens with a list of every changed cell (last, this, difference), then prints the three
tables in the national layout with this year's value in each cell, last year's under it where
it changed, and the changed cells shaded; the narrative sections follow side by side. A table
that exists on different templates (table 二 of 2019 and 2021) is not compared cell by cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.renderers import annual
from gongkai.renderers.document import Block, Cell, Document, Heading, Paragraph, Table, clean
from gongkai.renderers.document import paragraphs as narrative_blocks
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Value

_ABSENT = object()  # a cell the other report's format has no place for


@dataclass(frozen=True, slots=True)
class Change:
    table: str  # 表二 / 表三 / 表四
    row: str
    column: str
    before: Value
    after: Value

    @property
    def difference(self) -> str:
        if isinstance(self.before, int | Decimal) and isinstance(self.after, int | Decimal):
            delta = self.after - self.before
            return f"+{annual.show(delta)}" if delta > 0 else annual.show(delta)
        return ""


def value_at(report: AnnualReport, path: str) -> Value | object:
    """The cell at an evidence path ("applications.new[6]", "reviews.x.total", "proactive.r.c")."""
    table, _, rest = path.partition(".")
    if table == "applications":
        a = report.applications
        key, _, index = rest.partition("[")
        if a is None or key not in a:
            return _ABSENT
        return a[key][int(index.rstrip("]"))]
    if table == "reviews":
        group, _, column = rest.partition(".")
        return _ABSENT if report.reviews is None else report.reviews.cell(group, column)
    row, _, column = rest.partition(".")
    p = report.proactive
    spec = next((r for r in fmt.proactive_rows(report.template) if r.key == row), None)
    if p is None or spec is None:
        return _ABSENT
    return annual.printed_value(p, spec, column)


def changes(last: AnnualReport, this: AnnualReport) -> list[Change]:
    """Every cell whose value differs, in printed order; table 二 only on the same template."""
    out: list[Change] = []
    for path, table, row, column in _cells(this):
        if table == "表二" and last.template != this.template:
            continue
        before, after = value_at(last, path), value_at(this, path)
        if before is not _ABSENT and before != after:
            out.append(Change(table, row, column, before, after))  # type: ignore[arg-type]
    return out


def absent(full: AnnualReport, partial: AnnualReport) -> list[Change]:
    """The cells of `full` in tables `partial` leaves out altogether, as changes to blank: a
    report without its 表三 does not agree with a register that has one."""
    return [
        Change(table, row, column, value_at(full, path), None)  # type: ignore[arg-type]
        for path, table, row, column in _cells(full)
        if not (table == "表二" and full.template != partial.template)
        and value_at(partial, path) is _ABSENT
    ]


def _cells(report: AnnualReport) -> Iterator[tuple[str, str, str, str]]:
    if report.proactive is not None:
        for spec in fmt.proactive_rows(report.template):
            for col in spec.columns:
                if col.kind != "text":
                    path = f"proactive.{spec.key}.{col.key}"
                    yield path, "表二", spec.label, col.label
    if report.applications is not None:
        keys = report.applications.keys()
        for key in keys:
            label = fmt.APPLICATION_ROW_BY_KEY[key].label
            for c, col in enumerate(fmt.APPLICANT_COLUMNS):
                yield f"applications.{key}[{c}]", "表三", label, col.label
    if report.reviews is not None:
        for g in fmt.REVIEW_GROUPS:
            for col in fmt.REVIEW_COLUMNS:
                yield f"reviews.{g.key}.{col.key}", "表四", g.label, col.label


def _who(report: AnnualReport) -> str:
    year = f"{report.year}年" if report.year is not None else "年份不详"
    return f"{report.agency or '机关不详'}（{year}）"


def build(last: AnnualReport, this: AnnualReport) -> Document:
    same_agency = last.agency == this.agency
    if same_agency:
        title = f"{this.agency or ''}政府信息公开工作年度报告对照（{_year(last)}—{_year(this)}）"
    else:
        title = f"政府信息公开工作年度报告对照：{_who(last)}与{_who(this)}"
    found = changes(last, this)
    blocks: list[Block] = [
        Paragraph(
            f"前者：{_who(last)}；后者：{_who(this)}。各表单元格显示后者的数值，"
            "有变化的单元格加底色，并在其下注明前者的数值。",
            "lead",
        ),
        Heading("变化一览", 1),
        *_summary(found, last, this),
    ]
    for section in fmt.SECTIONS:
        blocks.append(Heading(f"{section.numeral}、{section.heading}", 1))
        if section.text_key is not None:
            blocks.append(_side_by_side(last, this, section.text_key))
            continue
        if section.key == "proactive" and last.template != this.template:
            blocks.append(
                Paragraph(
                    f"两份报告的表二格式不同（{last.template} 年格式与 {this.template} 年格式），"
                    "栏目含义不同，不逐格比较。",
                    "note",
                )
            )
        table = annual.TABLES[section.key](this, _marker(last, this))
        blocks.append(table if table is not None else Paragraph(annual.MISSING_TABLE, "note"))
    return Document(
        title=clean(title),
        blocks=tuple(blocks),
        kind="comparison",
        subtitle=f"共 {len(found)} 个单元格有变化",
        landscape=True,
        meta={"author": clean(this.agency or ""), "subject": "年度报告对照"},
    )


def _year(report: AnnualReport) -> str:
    return f"{report.year}年" if report.year is not None else "年份不详"


def _marker(last: AnnualReport, this: AnnualReport) -> annual.CellMaker:
    compare_proactive = last.template == this.template

    def make(path: str, value: Value) -> Cell:
        before = value_at(last, path)
        if before is _ABSENT or (path.startswith("proactive.") and not compare_proactive):
            return Cell(annual.show(value))
        if before == value:
            return Cell(annual.show(value))
        shown = "空白" if before is None else annual.show(before)  # type: ignore[arg-type]
        return Cell(annual.show(value), mark="changed", note=f"前者 {shown}")

    return make


def _summary(found: list[Change], last: AnnualReport, this: AnnualReport) -> list[Block]:
    if not found:
        return [Paragraph("三张统计表的数值完全相同。", "body")]
    header = ("表", "项目", "栏目", _year(last), _year(this), "增减")
    grid = [tuple(Cell(h, header=True) for h in header)]
    for ch in found:
        grid.append(
            (
                Cell(ch.table),
                Cell(ch.row, align="left"),
                Cell(ch.column),
                Cell(annual.show(ch.before)),
                Cell(annual.show(ch.after), mark="changed"),
                Cell(ch.difference),
            )
        )
    return [Table(tuple(grid), (1, 6, 2.5, 1.5, 1.5, 1.2), header_rows=1, key="changes")]


def _side_by_side(last: AnnualReport, this: AnnualReport, key: str) -> Table:
    before = last.text.get(key) if last.text else None
    after = this.text.get(key) if this.text else None
    mark = "changed" if (before or "").strip() != (after or "").strip() else None
    header = (Cell(_who(last), header=True), Cell(_who(this), header=True))
    body = (
        Cell(_text(before), align="left"),
        Cell(_text(after), align="left", mark=mark),  # type: ignore[arg-type]
    )
    return Table((header, body), (1, 1), header_rows=1, key=f"text.{key}")


def _text(text: str | None) -> str:
    blocks = narrative_blocks(text)
    return "\n".join(b.text for b in blocks if isinstance(b, Heading | Paragraph)) or "（无）"
