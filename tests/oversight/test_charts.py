"""SVG charts: valid XML, escaped labels, no inline styles, accessible, proportional, stable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from gongkai.oversight.charts import bar_chart, box_plot, format_value
from gongkai.oversight.indicators import Distribution

SVG = "{http://www.w3.org/2000/svg}"
TRICKY = '甲局<测试>&"乙"'


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "gk-bar-fill"]


def assert_accessible_without_styles(svg: str) -> ET.Element:
    root = parse(svg)
    assert root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+(\.\d)? \d+(\.\d)?", root.get("viewBox") or "")
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}desc") is not None
    assert "style=" not in svg
    assert all("style" not in element.attrib for element in root.iter())
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    return root


ITEMS = [("甲局", 0.5), ("乙局", 0.25), ("丙局", None), ("丁局", 0.125)]


def test_bar_chart_is_valid_accessible_svg_without_inline_styles() -> None:
    svg = bar_chart("予以公开占比", ITEMS, unit="%")
    root = assert_accessible_without_styles(svg)
    assert root.find(f"{SVG}title").text == "予以公开占比"  # type: ignore[union-attr]


def test_bar_widths_are_proportional_to_values() -> None:
    root = parse(bar_chart("予以公开占比", ITEMS, unit="%"))
    widths = [float(r.get("width") or 0) for r in bars(root)]
    assert len(widths) == 3  # 丙局 has no bar
    assert widths[0] == 2 * widths[1] == 4 * widths[2]
    assert widths[0] > 0


def test_none_is_drawn_as_not_reported_and_values_are_printed_as_percent() -> None:
    shown = texts(parse(bar_chart("予以公开占比", ITEMS, unit="%")))
    assert shown.count("未填报") == 1
    assert "50.0%" in shown and "25.0%" in shown and "12.5%" in shown


def test_counts_print_with_their_unit() -> None:
    shown = texts(parse(bar_chart("本年新收申请", [("甲局", 33.0), ("乙局", 2.5)], unit="件")))
    assert "33件" in shown and "2.5件" in shown
    assert format_value(0.425, "%") == "42.5%"


def test_labels_are_escaped_and_come_back_intact() -> None:
    svg = bar_chart(f"标题{TRICKY}", [(TRICKY, 1.0)], unit="件", highlight=TRICKY)
    root = assert_accessible_without_styles(svg)
    assert TRICKY in texts(root)
    assert root.find(f"{SVG}title").text == f"标题{TRICKY}"  # type: ignore[union-attr]
    assert "<测试>" not in svg


def test_the_highlighted_agency_has_another_colour() -> None:
    root = parse(bar_chart("占比", ITEMS, unit="%", highlight="乙局"))
    fills = [r.get("fill") for r in bars(root)]
    assert fills[1] != fills[0] and fills[0] == fills[2]
    highlighted = [g for g in root.iter(f"{SVG}g") if "gk-highlight" in (g.get("class") or "")]
    assert len(highlighted) == 1
    assert "乙局" in texts(highlighted[0])


def test_marks_are_lines_on_the_bars_scale() -> None:
    root = parse(bar_chart("占比", ITEMS, unit="%", marks={"中位数": 0.25}))
    bar_a, bar_b = bars(root)[:2]
    marks = [g for g in root.iter(f"{SVG}g") if g.get("class") == "gk-mark"]
    assert len(marks) == 1
    line = marks[0].find(f"{SVG}line")
    assert line is not None
    end_of_b = float(bar_b.get("x") or 0) + float(bar_b.get("width") or 0)
    assert float(line.get("x1") or 0) == end_of_b
    assert float(bar_a.get("width") or 0) > float(bar_b.get("width") or 0)
    assert "中位数 25.0%" in texts(root)


def test_width_grows_with_the_longest_label_and_height_with_the_rows() -> None:
    def size(svg: str) -> tuple[float, float]:
        _, _, w, h = (float(v) for v in (parse(svg).get("viewBox") or "").split())
        return w, h

    short = size(bar_chart("t", [("甲", 1.0)], unit="件"))
    long = size(bar_chart("t", [("某某市某某区人力资源和社会保障局", 1.0)], unit="件"))
    more = size(bar_chart("t", [("甲", 1.0), ("乙", 2.0), ("丙", 3.0)], unit="件"))
    assert long[0] > short[0]
    assert more[1] > short[1]


def test_same_input_gives_the_same_string_and_different_charts_different_ids() -> None:
    first = bar_chart("占比", ITEMS, unit="%", highlight="甲局")
    assert first == bar_chart("占比", ITEMS, unit="%", highlight="甲局")
    other = bar_chart("占比", ITEMS[:2], unit="%")
    ids = re.compile(r'id="([^"]+)"')
    assert set(ids.findall(first)).isdisjoint(ids.findall(other))


def test_empty_and_all_blank_charts_still_draw() -> None:
    assert "无数据" in texts(assert_accessible_without_styles(bar_chart("空", [], unit="%")))
    root = assert_accessible_without_styles(bar_chart("空", [("甲", None)], unit="%"))
    assert bars(root) == []


DISTRIBUTIONS = [
    ("2022年", Distribution(5, 0.0, 0.2, 0.4, 0.6, 0.8)),
    ("2023年", Distribution(3, 0.1, 0.3, 0.5, 0.7, 0.9)),
]


def test_box_plot_is_valid_accessible_svg() -> None:
    root = assert_accessible_without_styles(box_plot("予以公开占比", DISTRIBUTIONS, unit="%"))
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "中位数 40.0%" in (desc.text or "")
    assert "2023年" in texts(root)


def test_box_spans_the_quartiles_on_a_shared_scale() -> None:
    root = parse(box_plot("占比", DISTRIBUTIONS, unit="%"))
    boxes = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "gk-box-iqr"]
    medians = [ln for ln in root.iter(f"{SVG}line") if ln.get("class") == "gk-median"]
    assert len(boxes) == len(medians) == 2
    for box, median in zip(boxes, medians, strict=True):
        x, width = float(box.get("x") or 0), float(box.get("width") or 0)
        assert x < float(median.get("x1") or 0) < x + width
    # both boxes are 0.4 wide on one scale; the second starts 0.1 further right
    assert boxes[0].get("width") == boxes[1].get("width")
    assert float(boxes[1].get("x") or 0) > float(boxes[0].get("x") or 0)


def test_box_plot_escapes_labels() -> None:
    svg = box_plot("指标", [(TRICKY, Distribution(1, 2.0, 2.0, 2.0, 2.0, 2.0))], unit="件")
    root = assert_accessible_without_styles(svg)
    assert TRICKY in texts(root)
    assert "<测试>" not in svg


def test_close_marks_put_their_labels_on_separate_lines() -> None:
    marks = {"下四分位数": 0.45, "中位数": 0.5, "上四分位数": 0.55}
    root = parse(bar_chart("占比", ITEMS, unit="%", marks=marks))
    groups = [g for g in root.iter(f"{SVG}g") if g.get("class") == "gk-mark"]
    label_ys = [g.find(f"{SVG}text").get("y") for g in groups]  # type: ignore[union-attr]
    assert len(set(label_ys)) == 3
    far = parse(bar_chart("占比", ITEMS, unit="%", marks={"甲": 0.0, "乙": 0.5}))
    far_ys = {
        g.find(f"{SVG}text").get("y")  # type: ignore[union-attr]
        for g in far.iter(f"{SVG}g")
        if g.get("class") == "gk-mark"
    }
    assert len(far_ys) == 1


def test_box_plot_axis_ends_on_a_round_number() -> None:
    # largest maximum 0.9: a quarter of it is 0.225, rounded up to a step of 0.25 → ticks to 100%
    shown = texts(parse(box_plot("占比", DISTRIBUTIONS, unit="%")))
    assert [t for t in shown if t[0].isdigit() and t.endswith("%")] == [
        "0.0%",
        "25.0%",
        "50.0%",
        "75.0%",
        "100.0%",
    ]
