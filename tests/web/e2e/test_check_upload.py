"""年报检查 in the browser: upload a report with a wrong number and see its cell highlighted."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.e2e.conftest import log_in, shot
from tests.web.test_checking import wrong_number


def test_upload_shows_the_wrong_cell(
    page: Page, live_server: str, samples_dir: Path, tmp_path: Path
) -> None:
    report = tmp_path / "新华区工信局2023年报.txt"
    report.write_bytes(wrong_number(samples_dir))
    log_in(page, live_server, "jy_jb")
    page.get_by_role("link", name="年报检查").click()
    expect(page.get_by_role("heading", name="年报检查", level=1)).to_be_visible()
    page.get_by_label("年报文件").set_input_files(str(report))
    page.get_by_role("button", name="检查").click()
    expect(page.get_by_role("heading", name="年报检查结果")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("错误")
    flagged = page.locator("td.flagged")
    expect(flagged.first).to_be_visible()
    total = page.locator("#cell-applications-new-6")
    expect(total).to_have_class("num flagged")
    finding = total.get_attribute("aria-describedby") or ""
    expect(page.locator(f"#{finding.split()[0]}")).to_contain_text("相差 3")
    page.get_by_role("link", name="一、本年新收 · 总计").first.click()
    expect(total).to_be_in_viewport()
    shot(page, "check-upload-flagged")
