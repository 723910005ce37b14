"""Canonical JSON in and out: the shipped schema, round trips, and clear errors for bad JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from gongkai.errors import ReportFormatError
from gongkai.readers import read_report
from gongkai.report import codec
from gongkai.report import format as fmt
from gongkai.report.model import AnnualReport, Applications, Reviews
from gongkai.report.schema import build_schema, schema_json
from tests.builders import make_report, make_report_2019
from tests.conftest import SAMPLES

SHIPPED = Path(__file__).parents[2] / "src/gongkai/report/schema.json"


def test_shipped_schema_is_the_one_built_from_the_format() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_json(), (
        "schema.json is stale: run `python -m gongkai.report.schema > src/gongkai/report/schema.json`"
    )
    Draft202012Validator.check_schema(json.loads(SHIPPED.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.expected.json")), ids=lambda p: p.stem)
def test_the_expected_sample_files_follow_the_schema(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert codec.validation_errors(data) == []
    assert codec.to_dict(codec.from_dict(data))["applications"] == data["applications"]


@pytest.mark.parametrize("report", [make_report(), make_report_2019()], ids=["2021", "2019"])
def test_round_trip_of_built_reports(report: AnnualReport) -> None:
    assert codec.loads(codec.dumps(report)) == report


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.stem)
def test_round_trip_keeps_what_the_reader_saw(path: Path) -> None:
    report = read_report(path).report
    again = codec.loads(codec.dumps(report))
    assert again == report
    assert again.document is not None and again.document.sections


cell = st.one_of(st.none(), st.integers(min_value=-5, max_value=10**6))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    rows=st.lists(st.lists(cell, min_size=7, max_size=7), min_size=25, max_size=25),
    reviews=st.lists(cell, min_size=15, max_size=15),
    undivided=st.booleans(),
)
def test_round_trip_of_any_cells(
    rows: list[list[int | None]], reviews: list[int | None], undivided: bool
) -> None:
    keys = fmt.application_keys(undivided)
    report = AnnualReport(
        template="2021",
        agency="某局",
        year=2023,
        proactive=None,
        applications=Applications({k: tuple(r) for k, r in zip(keys, rows, strict=False)}),
        reviews=Reviews(
            {
                g.key: {c.key: reviews[gi * 5 + ci] for ci, c in enumerate(fmt.REVIEW_COLUMNS)}
                for gi, g in enumerate(fmt.REVIEW_GROUPS)
            }
        ),
    )
    data = json.loads(codec.dumps(report))
    assert codec.validation_errors(data) == []
    assert codec.from_dict(data) == report


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{", "不是有效的 JSON"),
        ('{"format": "gongkai.annual-report/1"}', "不符合年报数据格式"),
        (
            '{"format": "other/1", "template": "2021", "agency": null, "year": null, '
            '"proactive": null, "applications": null, "reviews": null}',
            "format",
        ),
    ],
)
def test_bad_json_gets_a_chinese_message(text: str, says: str) -> None:
    with pytest.raises(ReportFormatError) as err:
        codec.loads(text)
    assert says in str(err.value)


def test_the_schema_lists_every_row_of_the_format() -> None:
    props = build_schema()["properties"]["applications"]["oneOf"][1]["properties"]
    assert list(props) == [r.key for r in fmt.APPLICATION_ROWS]
