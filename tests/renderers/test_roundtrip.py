"""Round trips: any report rendered to Markdown or text and read back by gongkai equals itself."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.readers import read_text
from gongkai.renderers.annual import build
from gongkai.renderers.markdown import to_markdown, to_text
from gongkai.report.model import AnnualReport, Narrative
from tests.builders import make_report
from tests.strategies import canonical, reports


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_markdown_reads_back_to_the_same_report(report: AnnualReport) -> None:
    back = read_text(to_markdown(build(report)), "report.md").report
    assert canonical(back) == canonical(report)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_plain_text_reads_back_to_the_same_report(report: AnnualReport) -> None:
    back = read_text(to_text(build(report)), "report.txt").report
    assert canonical(back) == canonical(report)


HOSTILE = "<script>alert('x')</script> # 非标题 [链接](http://x) a_b `代码` 1\\2 ｜竖线|a|b"


@pytest.mark.parametrize(("to", "name"), [(to_markdown, "r.md"), (to_text, "r.txt")])
def test_markup_in_the_narrative_comes_back_as_written(to: Any, name: str) -> None:
    """Faithful, except that a bar "|" prints full-width (｜): a line with bars is a table row.
    (The text reader drops Markdown's ** also from .txt files, so only Markdown gets them here.)"""
    hostile = ("**重点**工作：" if name.endswith(".md") else "") + HOSTILE
    report = dataclasses.replace(
        make_report(), text=Narrative(overview=hostile, problems="无。", other_matters="无。")
    )
    rendered = to(build(report))
    back = read_text(rendered, name).report
    assert back.text is not None and back.text.overview == hostile.replace("|", "｜")
    if name.endswith(".md"):  # nothing a Markdown viewer would turn into markup or raw HTML
        assert "<script>" not in rendered and "**重点**" not in rendered
        assert "\\<script\\>" in rendered
    else:
        assert "<script>alert('x')</script>" in rendered
