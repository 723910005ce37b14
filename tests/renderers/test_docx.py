"""The DOCX backend: the official merged cells, GB/T 9704 fonts and page, faithful text, and a
file LibreOffice opens and prints."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn

from gongkai.renderers import annual, render_report, style
from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table
from gongkai.renderers.docx import to_docx
from gongkai.renderers.fonts import FONTS_CONF
from gongkai.report.model import AnnualReport, Narrative
from tests.builders import make_report, make_report_2019, narrative, with_cells
from tests.renderers.docx_structure import describe, paragraphs, tables

REPORTS = {"2021": make_report, "2019": make_report_2019}


def _expected_cells(table: Table) -> list[dict[str, Any]]:
    return [
        {
            "row": r,
            "col": c,
            "rowspan": cell.rowspan,
            "colspan": cell.colspan,
            "text": f"{cell.text}\n{cell.note}" if cell.note else cell.text,
        }
        for r, c, cell in table.cells()
    ]


def _cells(described: dict[str, Any]) -> list[dict[str, Any]]:
    keys = ("row", "col", "rowspan", "colspan", "text")
    return [{k: cell[k] for k in keys} for cell in described["cells"]]


def _squash(text: str) -> str:
    """LibreOffice PDFs put spaces around Latin text and digits, and wrap lines anywhere."""
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("template", sorted(REPORTS))
def test_tables_have_the_documents_merged_cells(template: str) -> None:
    report = REPORTS[template]()
    expected = annual.build(report).tables()
    got = tables(describe(render_report(report, "docx")))
    assert len(got) == len(expected) == 3
    for table, described in zip(expected, got, strict=True):
        assert (described["rows"], described["cols"]) == (len(table.grid), table.width)
        assert _cells(described) == _expected_cells(table)
        assert described["header_rows"] == table.header_rows
        assert described["cant_split"] is True
        assert described["layout"] == "fixed"
        assert len(described["borders"]) == 6
        assert all(b.endswith(":single") for b in described["borders"])
    # the official layout really has merges of every kind: horizontal, vertical and a block
    spans = {(c["rowspan"] > 1, c["colspan"] > 1) for t in got for c in t["cells"]}
    assert {(False, True), (True, False), (True, True)} <= spans


def test_column_widths_are_proportional_and_fill_the_text_width() -> None:
    got = tables(describe(to_docx(annual.build(make_report()))))
    text_width = style.PAGE_WIDTH_MM - style.MARGIN_LEFT_MM - style.MARGIN_RIGHT_MM
    for described in got:
        widths = [float(w) for w in described["column_widths_mm"]]
        assert sum(widths) == pytest.approx(text_width, abs=0.3)
    applications = got[1]  # widths (1.2, 1.4, 4.6, 1.0 x 7): the label column is the widest
    widths = [float(w) for w in applications["column_widths_mm"]]
    assert widths[2] == pytest.approx(4.6 * widths[3], rel=0.02)
    reviews = got[2]
    assert reviews["cols"] == 15  # a wide table still fits the page
    assert float(reviews["width_mm"]) <= text_width
    # labels of wide tables in 小五, values in 五号
    label = next(c for c in applications["cells"] if c["text"] == "（七）总计")
    value = next(c for c in applications["cells"] if c["row"] == label["row"] and c["col"] == 9)
    assert (label["size_pt"], value["size_pt"]) == ("9", "10.5")
    assert value["align"] == "center"


# ---------------------------------------------------------------- fonts and page


def _report_with_subheading() -> AnnualReport:
    text = narrative()
    overview = f"（一）主动公开情况\n{text.overview}"
    return make_report(text=Narrative(overview, text.problems, text.other_matters))


def test_styles_name_the_chinese_fonts_and_zh_cn() -> None:
    data = render_report(_report_with_subheading(), "docx")
    described = describe(data)
    fonts = {
        "Normal": style.BODY,
        "Title": style.TITLE,
        "Heading 1": style.HEADING_1,
        "Heading 2": style.HEADING_2,
    }
    for name, font in fonts.items():
        info = described["styles"][name]
        assert info["east_asian_font"] == font.east_asian, name
        assert info["latin_font"] == style.LATIN, name
        assert info["size_pt"] == f"{font.size_pt:g}", name
        assert info["lang"] == "zh-CN", name
    assert described["styles"]["Heading 1"]["outline_level"] == 0  # in the navigation pane
    assert described["styles"]["Heading 2"]["outline_level"] == 1
    normal = described["styles"]["Normal"]
    assert normal["first_line_chars"] == 200
    assert normal["line_spacing"] == f"exact {style.LINE_SPACING_PT:g}pt"
    assert normal["align"] == "justify"
    assert described["styles"]["Title"]["align"] == "center"
    # w:eastAsia is written in the styles themselves, not only inherited from somewhere
    doc = docx.Document(io.BytesIO(data))
    for name, font in fonts.items():
        rpr = doc.styles[name].element.rPr
        assert rpr is not None and rpr.rFonts is not None
        assert rpr.rFonts.get(qn("w:eastAsia")) == font.east_asian
        assert rpr.rFonts.get(qn("w:eastAsiaTheme")) is None
    # every body paragraph's text is drawn in the font of its kind
    body = paragraphs(described)
    assert body[0] | {"style": "Title", "align": "center"} == body[0]
    by_style = {p["style"]: p for p in body}
    assert by_style["Heading 2"]["text"] == "（一）主动公开情况"
    for name, font in fonts.items():
        assert by_style[name]["east_asian_font"] == font.east_asian
    assert all(p["lang"] == "zh-CN" for p in body)
    signatures = [p for p in body if p["style"] == "Signature"]
    assert [p["text"] for p in signatures] == ["绵阳市生态环境局", "2024年1月20日"]
    assert all(p["align"] == "right" for p in signatures)


def test_page_is_a4_with_the_official_margins_and_page_numbers() -> None:
    described = describe(render_report(make_report(), "docx"))
    assert described["page"] == {
        "width_mm": 210,
        "height_mm": 297,
        "orientation": "portrait",
        "margin_top_mm": style.MARGIN_TOP_MM,
        "margin_bottom_mm": style.MARGIN_BOTTOM_MM,
        "margin_left_mm": style.MARGIN_LEFT_MM,
        "margin_right_mm": style.MARGIN_RIGHT_MM,
    }
    assert described["footer"] == {"text": "— 1 —", "page_field": True}
    assert described["properties"] == {
        "title": "绵阳市生态环境局2023年政府信息公开工作年度报告",
        "author": "绵阳市生态环境局",
        "subject": "政府信息公开工作年度报告",
        "language": "zh-CN",
    }


def test_landscape_without_page_numbers() -> None:
    doc = Document("附表", (Paragraph("正文"),), page_numbers=False, landscape=True)
    described = describe(to_docx(doc))
    page = described["page"]
    assert (page["width_mm"], page["height_mm"], page["orientation"]) == (297, 210, "landscape")
    assert described["footer"]["page_field"] is False


# ---------------------------------------------------------------- values and text


def test_null_cells_are_empty_never_zero() -> None:
    base = make_report()
    nulls = with_cells(
        base,
        {
            "applications.withheld_third_party[1]": None,  # 0 in the base report
            "applications.new[0]": None,
            "reviews.reconsideration.other": None,  # 0 in the base report
            "proactive.licensing.count": None,
        },
    )
    expected = annual.build(nulls).tables()
    got = tables(describe(render_report(nulls, "docx")))
    before = tables(describe(render_report(base, "docx")))
    for table, described in zip(expected, got, strict=True):
        assert _cells(described) == _expected_cells(table)
    changed = [
        (t, a["row"], a["col"], a["text"], b["text"])
        for t, (old, new) in enumerate(zip(before, got, strict=True))
        for a, b in zip(old["cells"], new["cells"], strict=True)
        if a["text"] != b["text"]
    ]
    assert sorted(changed) == sorted(
        [
            (0, 6, 1, "120", ""),
            (1, 3, 3, "21", ""),
            (1, 10, 4, "0", ""),
            (2, 3, 2, "0", ""),
        ]
    )


CONTROL = "".join(chr(c) for c in (0, 1, 7, 8, 11, 12, 27, 0x7F, 0x85, 0x9F)) + "\ufffe\ud800"


def test_hostile_text_is_printed_literally() -> None:
    raw = f"a{CONTROL}b <script>alert('x')</script> **markdown** & <w:t> 1 < 2"
    doc = Document(
        title=f"标题{CONTROL}<script>",
        subtitle="**副标题**",
        blocks=(
            Heading(f"一、{CONTROL}<b>粗体</b>"),
            Paragraph(raw),
            Paragraph("第一行\n第二行\t制表", "quote"),
            Table(((Cell(raw, header=True), Cell(f"{CONTROL}**5**")),), (1, 1), caption=raw),
        ),
        meta={"author": f"机关{CONTROL}", "subject": "<主题>"},
    )
    described = describe(to_docx(doc))
    clean = "ab <script>alert('x')</script> **markdown** & <w:t> 1 < 2"
    assert [(p["style"], p["text"]) for p in paragraphs(described)] == [
        ("Title", "标题<script>"),
        ("Subtitle", "**副标题**"),
        ("Heading 1", "一、<b>粗体</b>"),
        ("Normal", clean),
        ("Quote", "第一行\n第二行\t制表"),
        ("Caption", clean),
    ]
    (table,) = tables(described)
    assert [c["text"] for c in table["cells"]] == [clean, "**5**"]
    assert described["properties"]["author"] == "机关"
    assert described["properties"]["subject"] == "<主题>"


def test_narrative_with_control_characters_renders() -> None:
    text = narrative()
    hostile = "（一）<script>\n总体\x00情况\x1b良好，**没有**问题。\x07"
    report = make_report(text=Narrative(hostile, text.problems, text.other_matters))
    body = paragraphs(describe(render_report(report, "docx")))
    texts = [(p["style"], p["text"]) for p in body]
    assert ("Normal", "总体情况良好，**没有**问题。") in texts
    assert ("Normal", "（一）<script>") in texts or ("Heading 2", "（一）<script>") in texts


def test_marks_shade_cells_and_notes_are_a_second_smaller_line() -> None:
    grid = (
        (Cell("项目", header=True), Cell("本年", header=True), Cell("上年", header=True)),
        (
            Cell("行政许可", header=True, align="left"),
            Cell("12", mark="changed", note="上年 10"),
            Cell("7", mark="error"),
        ),
    )
    data = to_docx(Document("比对", (Table(grid, (2, 1, 1), header_rows=1, caption="表一"),)))
    (table,) = tables(describe(data))
    by_text = {c["text"]: c for c in table["cells"]}
    assert by_text["12\n上年 10"]["shading"] == style.MARK_COLOUR
    assert by_text["7"]["shading"] == style.ERROR_COLOUR
    assert by_text["项目"]["shading"] == ""
    assert by_text["行政许可"]["align"] == "left"
    assert table["header_rows"] == 1
    doc = docx.Document(io.BytesIO(data))
    value, note = doc.tables[0].cell(1, 1).paragraphs
    assert (value.text, note.text) == ("12", "上年 10")
    assert value.style is not None and note.style is not None
    assert value.style.font.size is not None and note.style.font.size is not None
    assert note.style.font.size < value.style.font.size
    assert (
        paragraphs(describe(data))[1] | {"style": "Caption", "text": "表一"}
        == paragraphs(describe(data))[1]
    )


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Both reports converted to PDF by LibreOffice in one run: template -> the PDF's text."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: make system installs it")
    work = tmp_path_factory.mktemp("libreoffice")
    for template, make in REPORTS.items():
        (work / f"report{template}.docx").write_bytes(render_report(make(), "docx"))
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'lo_profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *(str(work / f"report{t}.docx") for t in REPORTS),
        ],
        env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {t: _pdf_text(work / f"report{t}.pdf") for t in REPORTS}


def _pdf_text(path: Path) -> str:
    assert path.is_file(), f"LibreOffice wrote no {path.name}"
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


@pytest.mark.parametrize("template", sorted(REPORTS))
def test_libreoffice_prints_the_report(printed: dict[str, str], template: str) -> None:
    report = REPORTS[template]()
    doc = annual.build(report)
    text = _squash(printed[template])
    assert _squash(doc.title) in text
    for heading in (b for b in doc.blocks if isinstance(b, Heading)):
        assert _squash(heading.text) in text
    # whole table rows, label then values, in reading order
    applications = doc.tables()[1]
    for label in ("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理"):
        row = next(r for r in applications.grid if r[0] is not None and r[0].text == label)
        values = "".join(c.text for c in row[3:] if c is not None)
        assert len(values) >= 7
        assert _squash(label + values) in text
    assert "—1—" in text  # the PAGE field, computed by LibreOffice
    assert _squash(annual.preamble(report))[:40] in text


def test_description_is_plain_json_and_deterministic() -> None:
    """The lead keeps golden files of `describe()`: two renderings must describe the same."""
    doc = annual.build(make_report())
    first, second = describe(to_docx(doc)), describe(to_docx(doc))
    assert json.loads(json.dumps(first, ensure_ascii=False)) == first == second
