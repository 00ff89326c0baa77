"""In real Chromium, the whole journey of issue 10: a visitor signs up, verifies the email from the mail,
logs in, enrolls in a course session from the course page, sees the enrollment in 我的创孵; staff record
attendance; the certificate shows in 我的创孵 and its public verify page says it is valid."""

import re

from django.core import mail

import pytest

from academy import completion
from academy.models import Certificate
from registrations.models import Registration, RegistrationStatus
from tests.academy_enrollment_helpers import course, course_index, session

pytestmark = pytest.mark.e2e


def test_sign_up_verify_enroll_and_get_a_verifiable_certificate(live_site, browser_page):
    index = course_index(live_site["home"], slug="kecheng")
    spring = session(
        course(index, title="概念验证实务", slug="poc"), name="2026年春季班", capacity=12, meetings=3
    )
    base, page = live_site["url"], browser_page

    page.goto(base + "/accounts/signup/")
    page.get_by_label("姓名").fill("林晓雯")
    page.get_by_label("邮箱").fill("linxiaowen@example.cn")
    page.get_by_label("手机号").fill("139 1234 5678")
    page.locator("#id_password1").fill("Pudong-2026-xuetang")
    page.get_by_label("确认密码").fill("Pudong-2026-xuetang")
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="注册").click()
    page.wait_for_url("**/accounts/signup/done/")
    [message] = mail.outbox
    path = re.search(r"https?://[^/\s]+(/accounts/verify-email/\S+/)", message.body).group(1)
    page.goto(base + path)
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("邮箱或手机号").fill("linxiaowen@example.cn")
    page.get_by_label("密码").fill("Pudong-2026-xuetang")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(base + "/accounts/")

    # Enroll from the course page with one click (the account already has a name and a mobile).
    page.goto(base + "/kecheng/poc/")
    panel = page.locator(f"#enroll-{spring.pk}")
    panel.get_by_role("button", name="立即报名").click()
    page.wait_for_url("**/registration/**")
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED and registration.name == "林晓雯"

    page.goto(base + "/accounts/")
    mine = page.locator("[data-section=academy-enrollments]").inner_text()
    assert "概念验证实务" in mine and "2026年春季班" in mine

    # Staff tick every class meeting; the certificate is issued and shows in 我的创孵.
    completion.save_sheet(spring, {(registration.pk, m.pk) for m in spring.meetings.all()})
    certificate = Certificate.objects.get(registration=registration)
    page.goto(base + "/accounts/")
    certificates = page.locator("[data-section=academy-certificates]")
    assert certificate.code in certificates.inner_text()
    certificates.get_by_role("link", name="核验页面").click()
    page.wait_for_url(f"**/xuetang/certificate/{certificate.code}/")
    assert page.locator("h1").inner_text() == "证书有效"
    assert page.locator("[data-holder]").inner_text() == "林晓雯"
    assert "13912345678" not in page.content() and "linxiaowen" not in page.content()
