"""Signing in and out in the browser, with the keyboard only."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.e2e.conftest import log_in, shot


def test_sign_in_and_out(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    expect(page).to_have_url(f"{live_server}/login?next=/")
    page.get_by_label("登录名").fill("jy_jb")
    page.get_by_label("密码").fill("wrong-password-1")
    page.get_by_label("密码").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("登录名或密码不正确")
    shot(page, "login-refused")
    log_in(page, live_server, "jy_jb")
    expect(page.get_by_text("桐庐县教育局经办人（经办人）")).to_be_visible()
    shot(page, "signed-in")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(f"{live_server}/login")
