"""督导 in the browser: a supervisor compares the county's reports on the server-drawn charts,
downloads the region's totals and finds the report that disagrees with its register."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.web.e2e.conftest import log_in, shot


def test_a_supervisor_compares_adds_up_and_reconciles(page: Page, oversight_server: str) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, oversight_server, "gkb")
    page.get_by_role("link", name="督导").first.click()
    nav = page.get_by_role("navigation", name="督导")
    nav.get_by_role("link", name="指标比较").click()
    expect(page.get_by_role("heading", name=re.compile(r"指标比较（2025 年度）"))).to_be_visible()

    charts = page.locator("figure.chart svg")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2, "a bar chart and the box plots are drawn"
    bars = page.locator("figure.chart svg rect")
    assert bars.count() > 3
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50

    page.get_by_label("排序与图示的指标").select_option(label="予以公开（含部分公开）占比")
    page.get_by_label("突出显示机关").select_option(label="桐庐县自然资源和规划局")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("caption").last).to_contain_text("予以公开（含部分公开）占比")
    shot(page, "oversight-compare")

    nav.get_by_role("link", name="汇总").click()
    expect(page.get_by_role("heading", name=re.compile(r"（汇总）（2025 年度）"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Word").click()
    assert download.value.suggested_filename.endswith(".docx")
    assert (download.value.path()).stat().st_size > 5_000
    shot(page, "oversight-totals")

    nav.get_by_role("link", name="年报与登记核对").click()
    expect(page.get_by_role("status")).to_contain_text("1 个与登记数据不一致")
    page.get_by_role("row", name=re.compile("单元格不一致")).get_by_role("link").click()
    expect(page.get_by_role("status")).to_contain_text("个单元格与登记数据不一致")
    differing = page.get_by_role("table", name="不一致的单元格").locator("tbody tr")
    expect(differing).to_have_count(4)
    shot(page, "oversight-reconcile")
    assert not problems, problems
