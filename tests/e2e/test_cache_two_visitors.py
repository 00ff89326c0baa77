"""In real Chromium, with the full-page cache on Redis: two visitors register from the same event page, which
the cache never hands from one to the other (it carries a CSRF token and a per-visitor form key)."""

import pytest

from registrations.models import Registration, RegistrationStatus
from tests.factories import EventIndexPageFactory, EventPageFactory
from tests.test_cache_redis import redis_settings

pytestmark = pytest.mark.e2e


def register(page, url, name, mobile, email):
    page.goto(url)
    page.get_by_label("姓名").fill(name)
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("我同意主办方").check()
    page.get_by_role("button", name="提交报名").click()
    page.wait_for_url("**/registration/**")
    return page.locator("[data-ticket-code]").inner_text()


def test_two_visitors_register_from_the_same_event_page_with_the_page_cache_on(live_site, browser, settings):
    settings.CACHES = redis_settings()
    settings.PAGE_CACHE = True
    index = EventIndexPageFactory(parent=live_site["home"], slug="events", title="活动")
    EventPageFactory(parent=index, slug="cached-salon", title="缓存测试沙龙", capacity=30)
    url = live_site["url"] + "/events/cached-salon/"

    contexts = [browser.new_context(locale="zh-CN") for _ in range(2)]
    try:
        first, second = (context.new_page() for context in contexts)
        # Both load the page before either submits: the second copy could only be a cached one.
        first.goto(url)
        second.goto(url)
        listing = first.request.get(live_site["url"] + "/events/")
        listing_again = first.request.get(live_site["url"] + "/events/")
        assert listing_again.headers["x-page-cache"] == "hit"  # the cache is on for pages without a form
        assert listing.ok
        codes = [
            register(first, url, "张三", "13912345678", "zhang@example.cn"),
            register(second, url, "李四", "13987654321", "li@example.cn"),
        ]
    finally:
        for context in contexts:
            context.close()
    registrations = Registration.objects.order_by("pk")
    assert [r.name for r in registrations] == ["张三", "李四"]
    assert all(r.status == RegistrationStatus.CONFIRMED for r in registrations)
    assert sorted(codes) == sorted(r.ticket_code for r in registrations)
