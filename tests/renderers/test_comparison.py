"""The comparison document: every changed cell listed, marked in the tables, the rest untouched."""

from __future__ import annotations

import dataclasses

from gongkai.renderers import comparison
from gongkai.renderers.document import Heading, Paragraph, Table
from tests.builders import make_previous, make_report, make_report_2019, with_cells


def _marked(doc, key):  # type: ignore[no-untyped-def]
    (table,) = [t for t in doc.tables() if t.key == key]
    return [(cell.text, cell.note) for _, _, cell in table.cells() if cell.mark == "changed"]


def test_identical_reports_have_no_changes():
    doc = comparison.build(make_report(), make_report())
    assert comparison.changes(make_report(), make_report()) == []
    assert "三张统计表的数值完全相同。" in [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert all(_marked(doc, k) == [] for k in ("proactive", "applications", "reviews"))


def test_each_changed_cell_is_listed_and_marked_with_the_earlier_value():
    before = make_report()
    after = with_cells(before, {"applications.new[1]": 9, "reviews.reconsideration.upheld": 7})
    found = comparison.changes(before, after)
    assert [(c.table, c.column, c.before, c.after, c.difference) for c in found] == [
        (
            "表三",
            "商业企业",
            before.applications["new"][1],
            9,
            f"+{9 - before.applications['new'][1]}",
        ),  # type: ignore[index, union-attr]
        (
            "表四",
            "结果维持",
            before.reviews.cell("reconsideration", "upheld"),
            7,
            "+{}".format(7 - before.reviews.cell("reconsideration", "upheld")),
        ),  # type: ignore[union-attr, operator]
    ]
    doc = comparison.build(before, after)
    assert _marked(doc, "applications") == [("9", f"前者 {before.applications['new'][1]}")]  # type: ignore[index, union-attr]
    (summary,) = [t for t in doc.tables() if t.key == "changes"]
    assert len(summary.grid) == 1 + 2
    assert doc.subtitle == "共 2 个单元格有变化"
    assert doc.landscape


def test_a_blank_that_got_a_value_says_blank():
    before = with_cells(make_report(), {"applications.new[2]": None})
    after = make_report()
    doc = comparison.build(before, after)
    assert [n for _, n in _marked(doc, "applications")] == ["前者 空白"]


def test_table_two_is_not_compared_across_templates():
    doc = comparison.build(make_report_2019(), make_report())
    assert _marked(doc, "proactive") == []
    notes = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "note"]
    assert any("表二格式不同" in n for n in notes)
    assert all(c.table != "表二" for c in comparison.changes(make_report_2019(), make_report()))


def test_narratives_side_by_side_with_the_changed_side_marked():
    last, this = make_previous(), make_report()
    doc = comparison.build(last, this)
    (overview,) = [t for t in doc.tables() if t.key == "text.overview"]
    header, body = overview.grid
    assert [c.text for c in header] == ["绵阳市生态环境局（2022年）", "绵阳市生态环境局（2023年）"]  # type: ignore[union-attr]
    assert body[1].mark == "changed" and body[0].mark is None  # type: ignore[union-attr]
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert headings[0] == "变化一览" and headings[1] == "一、总体情况"
    assert "（2022年—2023年）" in doc.title


def test_missing_tables_and_different_agencies_are_said_plainly():
    other = dataclasses.replace(make_report(), agency="梓潼县工业和信息化局", reviews=None)
    doc = comparison.build(make_report(), other)
    assert doc.title.startswith("政府信息公开工作年度报告对照：绵阳市生态环境局（2023年）与梓潼县")
    assert not [t for t in doc.tables() if t.key == "reviews"]
    assert all(isinstance(t, Table) for t in doc.tables())
