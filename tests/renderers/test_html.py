"""The web page: valid structure, the official merged cells, escaping, nothing external."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from gongkai.renderers import annual, style
from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table
from gongkai.renderers.html import MARK_TEXT, to_html, to_html_bytes
from gongkai.report import format as fmt
from gongkai.report.model import Applications, Narrative
from tests.builders import make_report, make_report_2019

VOID = {"meta", "br", "col", "link", "img", "input", "hr"}


@dataclass
class HCell:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class HTable:
    caption: str = ""
    sections: list[tuple[str, list[list[HCell]]]] = field(default_factory=list)

    def rows(self) -> list[list[HCell]]:
        return [row for _, rows in self.sections for row in rows]


class Page(HTMLParser):
    """A small DOM of what the tests look at: every tag with its attributes, tables, texts."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.tables: list[HTable] = []
        self._cell: HCell | None = None
        self._caption = False
        self.feed(source)
        self.close()
        assert not self.open, f"unclosed tags: {self.open}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag not in VOID:
            self.open.append(tag)
        if tag == "table":
            self.tables.append(HTable())
        elif tag in ("thead", "tbody"):
            self.tables[-1].sections.append((tag, []))
        elif tag == "tr":
            self.tables[-1].sections[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = HCell(tag, a)
            self.tables[-1].sections[-1][1][-1].append(self._cell)
        elif tag == "caption":
            self._caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
        if tag in ("td", "th"):
            self._cell = None
        elif tag == "caption":
            self._caption = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        if self._caption:
            self.tables[-1].caption += data
        if self.open:
            self.texts.setdefault(self.open[-1], []).append(data)


def expand(rows: list[list[HCell]]) -> list[list[HCell | None]]:
    """HTML rows with rowspan/colspan -> the full grid, covered slots None (the Document's form)."""
    grid: dict[tuple[int, int], HCell | None] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in grid:
                c += 1
            rs, cs = int(cell.attrs.get("rowspan", "1")), int(cell.attrs.get("colspan", "1"))
            for dr in range(rs):
                for dc in range(cs):
                    assert (r + dr, c + dc) not in grid, f"overlapping spans at {(r + dr, c + dc)}"
                    grid[r + dr, c + dc] = None if dr or dc else cell
            c += cs
            width = max(width, c)
    return [[grid.get((r, c)) for c in range(width)] for r in range(len(rows))]


def check_grid(table: Table, html_table: HTable) -> None:
    grid = expand(html_table.rows())
    assert len(grid) == len(table.grid)
    for r, (want_row, got_row) in enumerate(zip(table.grid, grid, strict=True)):
        assert len(got_row) == table.width, f"row {r} is {len(got_row)} slots wide"
        for c, (want, got) in enumerate(zip(want_row, got_row, strict=True)):
            if want is None:
                assert got is None, f"slot {(r, c)} should be covered"
                continue
            assert got is not None, f"slot {(r, c)} should hold {want.text!r}"
            assert got.text == want.text, (r, c)
            assert got.tag == ("th" if want.header else "td"), (r, c)
            assert int(got.attrs.get("rowspan", "1")) == want.rowspan
            assert int(got.attrs.get("colspan", "1")) == want.colspan


def test_page_structure() -> None:
    doc = annual.build(make_report())
    source = to_html(doc)
    page = Page(source)
    assert source.startswith("<!DOCTYPE html>\n")
    html_tag = next(a for t, a in page.tags if t == "html")
    assert html_tag["lang"] == "zh-CN"
    metas = [a for t, a in page.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    assert any(m.get("name") == "viewport" for m in metas)
    assert {"name": "author", "content": "绵阳市生态环境局"} in metas
    assert page.texts["title"] == [doc.title]
    assert page.texts["h1"] == [doc.title]
    assert page.texts["h2"] == [f"{s.numeral}、{s.heading}" for s in fmt.SECTIONS]
    names = [t for t, _ in page.tags]
    assert names.count("style") == 1
    assert {"main", "article", "header"} <= set(names)
    assert "绵阳市生态环境局" in page.texts["p"]


def test_tables_reconstruct_the_documents_grid() -> None:
    for report in (make_report(), make_report_2019()):
        doc = annual.build(report)
        page = Page(to_html(doc))
        assert len(page.tables) == len(doc.tables()) == 3
        for table, html_table in zip(doc.tables(), page.tables, strict=True):
            check_grid(table, html_table)


def test_thead_tbody_and_scopes() -> None:
    doc = annual.build(make_report())
    page = Page(to_html(doc))
    for table, html_table in zip(doc.tables(), page.tables, strict=True):
        kinds = [kind for kind, _ in html_table.sections]
        heads = [rows for kind, rows in html_table.sections if kind == "thead"]
        if table.header_rows:
            assert kinds == ["thead", "tbody"]
            assert len(heads[0]) == table.header_rows
            assert all(c.attrs.get("scope") == "col" for row in heads[0] for c in row)
        else:
            assert kinds == ["tbody"]
        body = html_table.sections[-1][1]
        for row in body:
            ths = [c for c in row if c.tag == "th"]
            assert all(c.attrs.get("scope") in ("row", "col") for c in ths)
            if any(c.tag == "td" for c in row):
                assert all(c.attrs["scope"] == "row" for c in ths)
    # table 三: the row labels of the body are th scope=row, the values td
    body = page.tables[1].sections[1][1]
    first = body[0]
    assert first[0].tag == "th" and first[0].attrs["scope"] == "row"
    assert first[0].text == "一、本年新收政府信息公开申请数量"
    assert [c.tag for c in first[1:]] == ["td"] * fmt.N_APPLICANT_COLUMNS


def test_no_external_resources_and_no_script() -> None:
    source = to_html(annual.build(make_report()))
    page = Page(source)
    names = {t for t, _ in page.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for tag, attrs in page.tags:
        for name in ("src", "href", "srcset", "action"):
            assert name not in attrs, f"<{tag} {name}=…>"
    css = "".join(page.texts["style"])
    assert "url(" not in css and "@import" not in css
    assert not re.search(r"https?://", source)


def test_null_cells_are_empty() -> None:
    report = make_report()
    assert report.applications is not None
    rows = dict(report.applications.rows)
    rows["carried_forward"] = (None, 7, None, None, None, None, None)
    source = to_html(annual.build(dataclasses.replace(report, applications=Applications(rows))))
    page = Page(source)
    last = page.tables[1].rows()[-1]
    assert last[0].text == "四、结转下年度继续办理"
    assert [c.text for c in last[1:]] == ["", "7", "", "", "", "", ""]
    assert source.count("<td></td>") == 6


def test_text_is_escaped() -> None:
    nasty = '<script>alert("x")</script>&amp; "quoted" \'single\''
    agency = '某局<b onclick="x()">&"'
    report = make_report(agency=agency, text=Narrative(overview=nasty, problems=None))
    source = to_html(annual.build(report))
    page = Page(source)
    assert "<script" not in source and "<b " not in source
    assert nasty in page.texts["p"]
    assert page.texts["h1"] == [f"{agency}2023年政府信息公开工作年度报告"]
    assert agency in page.texts["p"]
    metas = [a for t, a in page.tags if t == "meta"]
    assert {"name": "author", "content": agency} in metas


def test_control_characters_are_dropped() -> None:
    doc = Document(
        "标题\x07",
        (
            Paragraph("正文\x00第一段\x1b\x85。"),
            Table(((Cell("值\x0b"), Cell("\x7f")),), (1, 1)),
        ),
        meta={"author": "机关\x01"},
    )
    source = to_html(doc)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", source)
    assert "正文第一段。" in source and "<td>值</td><td></td>" in source


def test_marks_notes_and_paragraph_styles() -> None:
    doc = Document(
        "比较",
        (
            Heading("（一）主动公开", 2),
            Paragraph("落款", "signature"),
            Table(
                (
                    (Cell("项目", header=True), Cell("数", header=True)),
                    (
                        Cell("甲", header=True, align="left"),
                        Cell("5", mark="changed", note="上年 3"),
                    ),
                    (Cell("乙", header=True, align="left"), Cell("9", mark="error")),
                ),
                (2, 1),
                header_rows=1,
                caption="表一 <比较>",
            ),
        ),
        page_numbers=False,
        landscape=True,
    )
    source = to_html(doc)
    page = Page(source)
    assert page.texts["h3"] == ["（一）主动公开"]
    assert page.tables[0].caption == "表一 <比较>"
    changed, error = page.tables[0].rows()[1][1], page.tables[0].rows()[2][1]
    assert changed.attrs["class"] == "changed" and changed.text == f"5{MARK_TEXT['changed']}上年 3"
    assert error.attrs["class"] == "error" and error.text == f"9{MARK_TEXT['error']}"
    assert "<small>上年 3</small>" in source and '<span class="vh">' in source
    assert page.tables[0].rows()[1][0].attrs == {"class": "left", "scope": "row"}
    assert '<p class="signature">落款</p>' in source
    css = "".join(page.texts["style"])
    assert f"#{style.MARK_COLOUR}" in css and f"#{style.ERROR_COLOUR}" in css
    assert "size: A4 landscape" in css and "counter(pages)" not in css
    assert to_html(doc) == source  # deterministic


def test_print_css_and_bytes() -> None:
    doc = annual.build(make_report())
    css = "".join(Page(to_html(doc)).texts["style"])
    assert "size: A4;" in css
    assert "margin: 37mm 26mm 35mm 28mm" in css
    assert '"第 " counter(page) " 页 共 " counter(pages) " 页"' in css
    assert "@media print" in css and "display: table-header-group" in css
    assert style.css_family(style.BODY) in css
    assert "text-indent: 2em" in css and "overflow-x: auto" in css
    data = to_html_bytes(doc)
    assert data == to_html_bytes(doc)
    assert data.decode("utf-8") == to_html(doc)
