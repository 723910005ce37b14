"""A clerk's day in the browser: register, 补正, reply, the annual table follows, the DOCX."""

from __future__ import annotations

import io
import re

from docx import Document
from playwright.sync_api import Page, expect

from tests.web.e2e.conftest import log_in, shot


def _new_total(page: Page) -> int:
    return int(page.locator("#cell-applications-new-6").inner_text())


def test_register_correct_reply_and_the_annual_report_follows(page: Page, live_server: str) -> None:
    log_in(page, live_server, "jy_jb")
    agency_id = page.request.get(f"{live_server}/api/me").json()["agency_id"]

    # The annual report of this year before.
    page.goto(f"{live_server}/reports")
    page.locator("#pick-year").select_option("2026")
    page.get_by_role("button", name="打开").click()
    expect(page).to_have_url(re.compile(rf".*/reports/{agency_id}/2026"))
    before = _new_total(page)

    # Register an application that came in person.
    page.goto(f"{live_server}/applications")
    page.get_by_role("link", name="登记新申请").click()
    page.get_by_label("姓名或名称").fill("欧阳明远")
    page.get_by_label("申请渠道").select_option(label="当面提交")
    page.get_by_label("到达时间（北京时间）").fill("2026-11-20T09:30")
    page.get_by_label(re.compile("^申请内容")).fill("2026年秋季学期城区小学招生划片方案")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("dl.facts")).to_contain_text("欧阳明远")
    expect(page.get_by_text("已登记收到").first).to_be_visible()
    shot(page, "flow-1-registered")

    # 补正: ask once for everything, then the applicant supplies it.
    page.locator("summary", has_text="要求补正").click()
    page.get_by_label("需要补正的事项（一次性告知）").fill("请写明所需信息的文号或发布日期。")
    page.get_by_role("button", name=re.compile("记录“要求补正")).click()
    expect(page.get_by_text("待补正").first).to_be_visible()
    page.locator("summary", has_text="收到补正").click()
    page.get_by_role("button", name=re.compile("记录“收到补正")).click()
    expect(page.get_by_text("已补正").first).to_be_visible()
    shot(page, "flow-2-corrected")

    # The reply: disclosed.
    page.locator("summary", has_text="作出答复决定").click()
    page.get_by_label("办理结果（年度报告表三）").select_option("disclosed")
    page.get_by_role("button", name=re.compile("记录“作出答复决定")).click()
    expect(page.get_by_text("已作出答复").first).to_be_visible()
    timeline = page.locator("#timeline")
    for step in ("要求补正", "收到补正", "作出答复决定"):
        expect(timeline).to_contain_text(step)
    shot(page, "flow-3-replied")

    # The annual table counts it, and the report downloads as a Word document.
    page.goto(f"{live_server}/reports/{agency_id}/2026")
    assert _new_total(page) == before + 1
    shot(page, "flow-4-annual-table")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Word").click()
    path = download.value.path()
    assert download.value.suggested_filename.endswith("2026年政府信息公开工作年度报告.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)
    assert "桐庐县教育局" in text
