"""In real Chromium: a trainee sees 登录后报名, signs in, enrolls with one click, sees the enrollment; staff
record full attendance; the certificate's public verify page says it is valid."""

from django.conf import settings
from django.test import Client

import pytest

from academy import completion
from academy.models import Certificate
from registrations.models import Registration, RegistrationStatus
from tests.academy_enrollment_helpers import course, course_index, session, trainee

pytestmark = pytest.mark.e2e


def sign_in(browser_page, base_url, user):
    """Give the browser the session of a logged-in user (the sign-in pages are the accounts app's)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    browser_page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_enroll_see_it_and_verify_the_certificate(live_site, browser_page):
    index = course_index(live_site["home"], slug="xuetang-courses")
    spring = session(
        course(index, title="概念验证实务", slug="poc"), name="2026年春季班", capacity=12, meetings=3
    )
    user = trainee(1, name="林晓雯")
    page = browser_page
    url = f"{live_site['url']}/xuetang/enroll/{spring.pk}/"

    page.goto(url)
    panel = page.locator(f"#enroll-{spring.pk}")
    assert "报名中 · 剩余 12 席" in panel.inner_text()
    login = page.get_by_role("link", name="登录后报名")
    assert login.get_attribute("href").endswith(f"?next=/xuetang/enroll/{spring.pk}/")

    sign_in(page, live_site["url"], user)
    page.goto(url)
    page.get_by_label("手机号").fill("139 1234 5678")
    page.get_by_role("button", name="立即报名").click()
    page.wait_for_url("**/registration/**")
    registration = Registration.objects.get()
    assert (registration.user_id, registration.status) == (user.pk, RegistrationStatus.CONFIRMED)
    assert page.locator(".ticket__status").inner_text() == "已确认"
    assert page.locator("[data-ticket-code]").inner_text() == registration.ticket_code

    page.goto(url)
    assert page.locator("[data-enrollment-status]").get_attribute("data-enrollment-status") == "confirmed"
    assert "剩余 11 席" in panel.inner_text()
    assert page.get_by_role("button", name="立即报名").count() == 0

    # Staff tick every class meeting for her; the certificate is issued.
    meetings = list(spring.meetings.all())
    completion.save_sheet(spring, {(registration.pk, m.pk) for m in meetings})
    certificate = Certificate.objects.get(registration=registration)

    page.goto(f"{live_site['url']}/xuetang/certificate/{certificate.code}/")
    assert page.locator("h1").inner_text() == "证书有效"
    assert page.locator("[data-holder]").inner_text() == "林晓雯"
    assert "概念验证实务" in page.locator("[data-course]").inner_text()
    assert "13912345678" not in page.content()
