"""In real Chromium, with the full-page cache on Redis: two visitors send 创孵智询 consultations from the same
cached page, each with the CSRF token and form key their own browser fetched from /registration/form-key/."""

import pytest

from brand.models import RequestKind, ServiceRequest
from core.brands import Brand
from tests.factories import BrandPageFactory, ExpertPageFactory
from tests.test_cache_redis import redis_settings

pytestmark = pytest.mark.e2e


def ask(page, name, mobile, email):
    """Fill in and send the request form on the page as loaded; returns the form key fetched for it."""
    with page.expect_response(lambda r: "/registration/form-key/" in r.url) as key:
        page.get_by_label("主题").fill(
            f"{name}的融资问题"
        )  # the first focus fetches this visitor's token and key
    form_key = key.value.json()["key"]
    page.get_by_label("意向专家").select_option(label="王律师")
    page.get_by_label("企业名称").fill(f"{name}的科技公司")
    page.get_by_label("企业阶段").select_option("startup")
    page.get_by_label("需求描述").fill("公司成立一年，准备天使轮融资，想了解估值方法。")
    page.get_by_label("联系人").fill(name)
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("邮箱").fill(email)
    page.get_by_label("我已阅读并同意").check()
    page.get_by_role("button", name="提交咨询").click()
    page.wait_for_url("**/brand/requests/**")
    assert page.locator("[data-request-status]").inner_text() == "新提交"
    return form_key


def test_two_visitors_send_requests_from_the_same_cached_zhixun_page(live_site, browser, settings):
    settings.CACHES = redis_settings()
    settings.PAGE_CACHE = True
    zhixun = BrandPageFactory(parent=live_site["home"], brand=Brand.ZHIXUN)
    expert = ExpertPageFactory(parent=zhixun, title="王律师")
    url = live_site["url"] + zhixun.url

    contexts = [browser.new_context(locale="zh-CN") for _ in range(2)]
    try:
        first, second = (context.new_page() for context in contexts)
        # Both load the page before either sends: the second copy is the cached one, with no cookie set.
        assert first.goto(url).headers["x-page-cache"] == "miss"
        answer = second.goto(url)
        assert answer.headers["x-page-cache"] == "hit" and "set-cookie" not in answer.headers
        assert answer.headers["cache-control"].startswith("public")
        keys = [
            ask(first, "张三", "13912345678", "zhang@example.cn"),
            ask(second, "李四", "13987654321", "li@example.cn"),
        ]
        cookies = [context.cookies() for context in contexts]
    finally:
        for context in contexts:
            context.close()
    requests = ServiceRequest.objects.order_by("pk")
    assert [r.contact_name for r in requests] == ["张三", "李四"]
    assert all(r.kind == RequestKind.CONSULTATION and r.expert_id == expert.pk for r in requests)
    assert [r.email for r in requests] == ["zhang@example.cn", "li@example.cn"]
    # Each sent the key its own browser fetched; each has its own CSRF cookie.
    assert [r.submission_key for r in requests] == keys and len(set(keys)) == 2
    tokens = [next(c["value"] for c in jar if c["name"] == "csrftoken") for jar in cookies]
    assert tokens[0] != tokens[1]
