"""In real Chromium, with the full-page cache on Redis: two visitors register from the same cached event page,
each with the CSRF token and form key their own browser fetched from /registration/form-key/."""

import pytest

from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.test_cache_redis import redis_settings

pytestmark = pytest.mark.e2e


def register(page, name, mobile, email):
    """Fill in and send the form on the page as loaded; returns the ticket code and the fetched form key."""
    with page.expect_response(lambda r: "/registration/form-key/" in r.url) as key:
        page.get_by_label("姓名").fill(name)  # the first focus fetches this visitor's token and key
    form_key = key.value.json()["key"]
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("我同意主办方").check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/registration/**")
    return page.locator("[data-ticket-code]").inner_text(), form_key


def test_two_visitors_register_from_the_same_event_page_with_the_page_cache_on(live_site, browser, settings):
    settings.CACHES = redis_settings()
    settings.PAGE_CACHE = True
    index = EventIndexPageFactory(parent=live_site["home"], slug="events", title="活动")
    EventPageFactory(parent=index, slug="cached-salon", title="缓存测试沙龙", capacity=30)
    url = live_site["url"] + "/events/cached-salon/"

    contexts = [browser.new_context(locale="zh-CN") for _ in range(2)]
    try:
        first, second = (context.new_page() for context in contexts)
        # Both load the page before either submits: the second copy is the cached one.
        assert first.goto(url).headers["x-page-cache"] == "miss"
        assert second.goto(url).headers["x-page-cache"] == "hit"
        codes, keys = zip(
            register(first, "张三", "13912345678", "zhang@example.cn"),
            register(second, "李四", "13987654321", "li@example.cn"),
            strict=True,
        )
        cookies = [context.cookies() for context in contexts]
    finally:
        for context in contexts:
            context.close()
    registrations = Registration.objects.order_by("pk")
    assert [r.name for r in registrations] == ["张三", "李四"]
    assert all(r.status == RegistrationStatus.CONFIRMED for r in registrations)
    assert sorted(codes) == sorted(r.ticket_code for r in registrations)
    # Each sent the key its own browser fetched; each has its own CSRF cookie.
    assert [r.submission_key for r in registrations] == list(keys) and len(set(keys)) == 2
    tokens = [next(c["value"] for c in jar if c["name"] == "csrftoken") for jar in cookies]
    assert tokens[0] != tokens[1]
