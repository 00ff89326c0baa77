"""In real Chromium: sign up, open the verification link from the mail, log in, and land in 我的创孵 with
the header showing the account's links."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

import pytest

pytestmark = pytest.mark.e2e


def test_sign_up_verify_log_in_and_see_my_chuangfu(live_site, browser_page):
    page = browser_page
    page.goto(live_site["url"] + "/")
    page.locator(".account-nav--header").get_by_role("link", name="注册").click()
    page.wait_for_url("**/accounts/signup/")

    page.get_by_label("姓名").fill("林晓")
    page.get_by_label("邮箱").fill("linxiao@example.cn")
    page.get_by_label("手机号").fill("139 0000 1234")
    page.locator("#id_password1").fill("Pudong-2026-xuetang")
    page.get_by_label("确认密码").fill("Pudong-2026-xuetang")
    # The honeypot is not reachable with the keyboard: tabbing from the first field never lands on it.
    assert page.locator("input[name=website]").get_attribute("tabindex") == "-1"
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/accounts/signup/done/")
    assert "请查收验证邮件" in page.locator("main").inner_text()

    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/verify-email/\S+/)", message.body).group(1)
    page.goto(live_site["url"] + path)
    page.wait_for_url("**/accounts/login/")
    assert "已验证，请登录" in page.locator(".notice").inner_text()
    assert get_user_model().objects.get(email="linxiao@example.cn").email_verified

    page.get_by_label("邮箱或手机号").fill("13900001234")
    page.get_by_label("密码").fill("Pudong-2026-xuetang")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_site["url"] + "/accounts/")
    assert page.locator("h1").inner_text() == "我的创孵"
    assert "林晓" in page.locator(".account-card").inner_text()
    assert "我的活动报名" in page.locator("main").inner_text()
    header = page.locator(".account-nav--header")
    assert header.get_by_role("link", name="我的创孵").is_visible()
    header.get_by_role("button", name="退出").click()
    page.wait_for_url(live_site["url"] + "/")
    assert page.locator(".account-nav--header").get_by_role("link", name="登录").is_visible()
