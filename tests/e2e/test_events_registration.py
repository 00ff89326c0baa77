"""In real Chromium: a visitor opens an event, registers, and sees the confirmation with the ticket code."""

import pytest

from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.e2e

QUESTIONS = [
    ("choice", {"label": "企业所处阶段", "choices": "种子期\n初创期", "required": True, "help_text": ""})
]


def test_register_for_an_event_and_see_the_ticket(live_site, browser_page):
    index = EventIndexPageFactory(parent=live_site["home"], slug="events", title="活动")
    EventPageFactory(
        parent=index, slug="synbio-salon", title="合成生物创新沙龙", capacity=30, questions=QUESTIONS
    )

    page = browser_page
    page.goto(live_site["url"] + "/events/")
    page.get_by_role("link", name="合成生物创新沙龙").first.click()
    page.wait_for_url("**/events/synbio-salon/")
    assert "报名中 · 剩余 30 席" in page.locator(".register-box").inner_text()

    # A first try with a wrong mobile number shows the error next to the field and keeps the input.
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("手机号").fill("12345")
    page.get_by_label("邮箱").fill("zhangsan@example.cn")
    page.get_by_label("初创期").check()
    page.get_by_label("我同意主办方").check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_load_state()
    assert "请输入11位中国大陆手机号" in page.locator("#field-mobile").inner_text()
    assert page.get_by_label("姓名").input_value() == "张三"
    assert Registration.objects.count() == 0

    page.get_by_label("手机号").fill("139 1234 5678")
    page.get_by_label("我同意主办方").check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/registration/**")
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert page.locator(".ticket__status").inner_text() == "已确认"
    assert page.locator("[data-ticket-code]").inner_text() == registration.ticket_code
    assert page.locator("img.ticket__qr").evaluate("img => img.naturalWidth") > 0
