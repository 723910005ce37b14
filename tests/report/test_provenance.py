"""Places of evidence cells: by path, by the first traced cell of a row, in Chinese words."""

from __future__ import annotations

import dataclasses

from gongkai.report.finding import Evidence, Finding
from gongkai.report.provenance import describe, findings_with_places, place_of
from tests.builders import make_report

PLACES = {
    "applications.new[0]": {"page": 3, "box": [1.0, 2.0, 3.0, 4.0]},
    "applications.new[6]": {"page": 4, "box": [5.0, 6.0, 7.0, 8.0]},
    "reviews.reconsideration.total": {"table": 3, "row": 4, "cell": 5},
    "proactive.licensing": {"line": 12},
}
REPORT = dataclasses.replace(make_report(), extra={"provenance": PLACES})


def test_a_cell_a_row_and_a_table_find_their_place() -> None:
    assert place_of(REPORT, "applications.new[6]") == {"page": 4, "box": [5.0, 6.0, 7.0, 8.0]}
    assert place_of(REPORT, "applications.new") == PLACES["applications.new[0]"]
    assert place_of(REPORT, "reviews") == PLACES["reviews.reconsideration.total"]
    assert place_of(REPORT, "applications.carried_over[0]") is None
    assert place_of(make_report(), "applications.new[0]") is None  # not read from a file


def test_places_in_words() -> None:
    assert describe({"page": 3, "box": [0, 0, 1, 1]}) == "第 3 页"
    assert describe({"table": 2, "row": 4, "cell": 5}) == "表 2 第 4 行第 5 列"
    assert describe({"paragraph": 14}) == "第 14 段"
    assert describe({"line": 77}) == "第 77 行"
    assert describe(None) == "" and describe({}) == ""


def test_findings_carry_the_places_of_their_cells() -> None:
    finding = Finding(
        "R10",
        "error",
        "不平",
        (Evidence("applications.new[6]", 7), Evidence("text.overview", "…")),
    )
    (data,) = findings_with_places(REPORT, [finding])
    assert data["evidence"][0]["place"] == PLACES["applications.new[6]"]
    assert "place" not in data["evidence"][1]
