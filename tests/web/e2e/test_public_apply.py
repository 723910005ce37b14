"""A visitor applies online without an account and looks the application up by its 查询码."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.e2e.conftest import shot


def test_apply_online_and_track(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/public")
    expect(page.get_by_role("heading", name="政府信息公开", exact=True)).to_be_visible()
    page.locator("tr", has_text="桐庐县教育局").get_by_role("link", name="在线申请").click()
    expect(page.get_by_role("heading", name="在线申请政府信息公开")).to_be_visible()
    expect(page.get_by_label("向哪个机关申请")).to_have_value("3")
    page.get_by_label("姓名或单位名称").fill("章小明")
    page.get_by_label("证件号码").fill("123")
    page.get_by_label("联系电话").fill("13800001111")
    page.get_by_label("所需政府信息的名称").fill("本辖区2026年义务教育学校招生划片范围")
    page.get_by_label("获取信息的方式").select_option("自行领取")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert")).to_contain_text("申请未提交")
    expect(page.get_by_text("居民身份证号码应为18位")).to_be_visible()
    expect(page.get_by_label("姓名或单位名称")).to_have_value("章小明")
    shot(page, "public-apply-refused")
    page.get_by_label("证件号码").fill("33012219900101123X")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 12
    expect(page.get_by_text("查询码是查询本申请办理进度的唯一凭证")).to_be_visible()
    shot(page, "public-apply-code")
    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询码").press("Enter")
    expect(page.get_by_text("已登记收到")).to_be_visible()
    expect(page.get_by_text("桐庐县教育局 · 登记编号")).to_be_visible()
    assert code not in page.url
    shot(page, "public-track-found")
    page.get_by_label("查询码").fill("AAAABBBBCCCC")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("未找到与该查询码对应的申请")).to_be_visible()
