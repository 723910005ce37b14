"""Every cell the reader fills says where it was printed (`extra.provenance`), and that place
really shows the number: in text, the line holds the cell's digits."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from gongkai.readers import read_report, read_text
from gongkai.renderers.comparison import value_at
from gongkai.report.model import AnnualReport
from tests.readers.layouts import Style, render
from tests.readers.test_layouts import FAST, reports, styles

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def _digits(value: Any) -> str:
    if isinstance(value, str):
        return _flat(value)
    if isinstance(value, Decimal):
        return format(abs(value).normalize(), "f")
    return str(abs(value))


def _flat(line: str) -> str:
    return unicodedata.normalize("NFKC", line).replace(",", "").replace(" ", "")


def assert_lines_show_values(text: str, report: AnnualReport) -> int:
    """Each traced cell's line shows its number; returns how many cells were traced."""
    lines = text.replace("\f", "\n").splitlines()
    places = report.extra.get("provenance", {})
    for path, place in places.items():
        value = value_at(report, path)
        assert set(place) == {"line"}, (path, place)
        if value is None:
            continue
        line = _flat(lines[place["line"] - 1])
        assert _digits(value) in line, f"{path}={value} traced to line {place['line']}: {line}"
    return len(places)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_every_cell_of_the_samples_is_traced_to_its_line(name: str) -> None:
    path = SAMPLES / name
    report = read_report(path).report
    traced = assert_lines_show_values(path.read_text(encoding="utf-8"), report)
    filled = sum(
        value_at(report, p) is not None for p in report.extra["provenance"]
    )  # blank cells may be traced too (a real blank cell), printed values always are
    assert traced >= filled > 150


def _traced(report: AnnualReport, layout: str, style: Style) -> None:
    text = render(report, layout, style)
    result = read_text(text).report
    assert_lines_show_values(text, result)
    places = result.extra.get("provenance", {})
    for path in (
        "applications.new[6]",
        "applications.results_total[0]",
        "reviews.litigation_direct.total",
    ):
        value = value_at(result, path)
        if isinstance(value, int) and value == value_at(report, path):
            assert path in places, f"{path} was read but not traced"


@FAST
@given(reports(), styles("tabs"))
def test_tab_text_is_traced(report: AnnualReport, style: Style) -> None:
    _traced(report, "tabs", style)


@FAST
@given(reports(), styles("pipes"))
def test_pipe_tables_are_traced(report: AnnualReport, style: Style) -> None:
    _traced(report, "pipes", style)


@FAST
@given(reports(), styles("cells"))
def test_one_cell_per_line_is_traced(report: AnnualReport, style: Style) -> None:
    _traced(report, "cells", style)


@FAST
@given(reports(nulls=False, big=False), styles("flat"))
def test_glued_digits_are_traced_to_their_run(report: AnnualReport, style: Style) -> None:
    _traced(report, "flat", style)


def test_a_derived_cell_has_no_place() -> None:
    """A missing cell whose value only the sums give was never printed: it has no source."""
    text = (
        "某某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t5\t1\t0\t0\t0\t0\n"
    )
    result = read_text(text)
    places = result.report.extra["provenance"]
    traced = [k for k in places if k.startswith("applications.new[")]
    assert result.report.applications is not None
    assert result.report.applications["new"][6] is None  # derived, so left blank (RD01)
    assert len(traced) == 6 and "applications.new[6]" not in places
    assert places["applications.new[0]"] == {"line": 3}
