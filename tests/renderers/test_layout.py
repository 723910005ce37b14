"""The annual report laid out in the national format: the official merged cells and labels."""

from __future__ import annotations

import dataclasses

import pytest

from gongkai.renderers import annual
from gongkai.renderers.document import Cell, Document, Heading, Paragraph, Table, clean, paragraphs
from gongkai.report import format as fmt
from tests.builders import make_report, make_report_2019


def _cell(table: Table, text: str) -> tuple[int, int, Cell]:
    (found,) = [(r, c, cell) for r, c, cell in table.cells() if cell.text == text]
    return found


def _table(doc: Document, key: str) -> Table:
    (table,) = [t for t in doc.tables() if t.key == key]
    return table


def test_the_six_sections_in_order_with_the_standard_headings():
    doc = annual.build(make_report())
    headings = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [f"{s.numeral}、{s.heading}" for s in fmt.SECTIONS]
    assert doc.title == "绵阳市生态环境局2023年政府信息公开工作年度报告"
    assert "统计期限自2023年1月1日起至2023年12月31日止" in doc.blocks[0].text  # type: ignore[union-attr]


@pytest.mark.parametrize(("maker", "rows"), [(make_report, 25), (make_report_2019, 23)])
def test_table_three_has_the_official_merged_cells(maker, rows):
    table = _table(annual.build(maker()), "applications")
    assert table.width == 10 and len(table.grid) == 3 + rows
    r, c, note = _cell(table, annual.IDENTITY_NOTE)
    assert (r, c, note.rowspan, note.colspan) == (0, 0, 3, 3)
    assert _cell(table, "申请人情况")[2].colspan == 7
    _, _, legal = _cell(table, "法人或其他组织")
    assert (legal.colspan, legal.rowspan) == (5, 1)
    assert _cell(table, "自然人")[2].rowspan == 2 and _cell(table, "总计")[2].rowspan == 2
    results = len(fmt.result_keys(maker is make_report_2019))
    assert _cell(table, "三、本年度办理结果")[2].rowspan == results + 1
    assert _cell(table, fmt.G3)[2].rowspan == 8
    assert _cell(table, fmt.G4)[2].rowspan == 3
    assert _cell(table, fmt.G5)[2].rowspan == 5
    if maker is make_report:
        assert _cell(table, fmt.G6)[2].rowspan == 3
    else:
        assert _cell(table, "（六）其他处理")[2].colspan == 2
    for key in ("new", "carried_over", "carried_forward"):
        assert _cell(table, fmt.APPLICATION_ROW_BY_KEY[key].label)[2].colspan == 3


def test_table_three_values_sit_under_their_columns():
    report = make_report()
    table = _table(annual.build(report), "applications")
    r, _, _ = _cell(table, fmt.APPLICATION_ROW_BY_KEY["disclosed"].label)
    assert [c.text for c in table.grid[r][3:]] == [str(v) for v in report.applications["disclosed"]]  # type: ignore[union-attr, index]


def test_table_four_has_two_levels_of_groups():
    table = _table(annual.build(make_report()), "reviews")
    assert table.width == 15 and len(table.grid) == 4
    assert _cell(table, "行政复议")[2].colspan == 5
    assert _cell(table, "行政诉讼")[2].colspan == 10
    assert _cell(table, "未经复议直接起诉")[2].colspan == 5
    assert _cell(table, "复议后起诉")[2].colspan == 5
    assert [c.text for c in table.grid[3]] == [  # type: ignore[union-attr]
        str(v)
        for _, _, v in make_report().reviews.cells()  # type: ignore[union-attr]
    ]


def test_table_two_blocks_by_article_with_their_own_column_headings():
    table = _table(annual.build(make_report()), "proactive")
    articles = [c.text for _, _, c in table.cells() if c.text.startswith("第二十条")]
    assert articles == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    _, _, fee = _cell(table, "本年收费金额（单位：万元）")
    assert fee.colspan == 3
    r, _, _ = _cell(table, "行政事业性收费")
    assert table.grid[r][1].text == "1.25"  # type: ignore[union-attr]


def test_2019_procurement_prints_the_amount_as_the_report_wrote_it():
    report = make_report_2019()
    p = report.proactive
    assert p is not None
    rows = dict(p.rows)
    rows["procurement"] = {**rows["procurement"], "amount_text": "251000元"}
    doc = annual.build(dataclasses.replace(report, proactive=dataclasses.replace(p, rows=rows)))
    table = _table(doc, "proactive")
    r, _, _ = _cell(table, "政府集中采购")
    assert table.grid[r][2].text == "251000元"  # type: ignore[union-attr]


def test_null_cells_are_empty_never_zero_and_a_missing_table_says_so():
    report = make_report()
    assert report.applications is not None
    rows = dict(report.applications.rows)
    rows["new"] = (None, 3, None, 0, 0, 0, None)
    blank = dataclasses.replace(
        report,
        applications=dataclasses.replace(report.applications, rows=rows),
        reviews=None,
    )
    doc = annual.build(blank)
    table = _table(doc, "applications")
    r, _, _ = _cell(table, fmt.APPLICATION_ROW_BY_KEY["new"].label)
    assert [c.text for c in table.grid[r][3:]] == ["", "3", "", "0", "0", "0", ""]  # type: ignore[union-attr]
    assert annual.MISSING_TABLE in [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def test_show_prints_amounts_without_exponent_or_trailing_zeros():
    from decimal import Decimal

    assert annual.show(Decimal("1.250")) == "1.25"
    assert annual.show(Decimal("1E+2")) == "100"
    assert annual.show(Decimal("0.00")) == "0"
    assert annual.show(None) == "" and annual.show(0) == "0" and annual.show(-2) == "-2"


def test_narrative_text_is_cleaned_and_split_into_paragraphs():
    blocks = paragraphs("（一）主动公开情况\r\n本年度\x07公开<b>信息</b>。\n\n\x00")
    assert blocks == [Heading("（一）主动公开情况", 2), Paragraph("本年度公开<b>信息</b>。")]
    assert clean("a\x1bb\u2028c") == "ab\u2028c"


def test_a_grid_whose_spans_do_not_add_up_is_refused():
    with pytest.raises(ValueError, match="covered"):
        Table(((Cell("a", colspan=2), Cell("b")),), (1, 1))
    with pytest.raises(ValueError, match="no span covers"):
        Table(((Cell("a"), None),), (1, 1))
    with pytest.raises(ValueError, match="spans past"):
        Table(((Cell("a", rowspan=2),),), (1,))
