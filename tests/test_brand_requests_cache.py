"""Every brand page with a request form (创孵智询's page, an expert, a 云超 service, a 驿站 station) is stored by the
full-page cache for anonymous readers, on real Redis: the form carries no CSRF token nor key; the browser fetches
this visitor's from /registration/form-key/; a POST without a valid token saves nothing and asks to confirm."""

import re

from django.test import Client
from django.urls import reverse

import pytest

from brand.models import RequestKind, ServiceRequest
from core.brands import Brand
from tests.factories import (
    BrandPageFactory,
    ExpertPageFactory,
    ServicePageFactory,
    StationPageFactory,
    UserFactory,
)
from tests.test_brand_requests_visits import next_weekday
from tests.test_cache_pages import is_private
from tests.test_cache_redis import redis_settings

PAGE_TYPES = ["zhixun", "expert", "service", "station"]
KINDS = {
    "zhixun": RequestKind.CONSULTATION,
    "expert": RequestKind.CONSULTATION,
    "service": RequestKind.SERVICE,
    "station": RequestKind.VISIT,
}
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY_RE = re.compile(r'name="submission_key" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.CACHES = redis_settings()
    settings.PAGE_CACHE = True


@pytest.fixture
def pages(home_page):
    zhixun = BrandPageFactory(parent=home_page, brand=Brand.ZHIXUN)
    yunchao = BrandPageFactory(parent=home_page, brand=Brand.YUNCHAO)
    yizhan = BrandPageFactory(parent=home_page, brand=Brand.YIZHAN)
    return {
        "zhixun": zhixun,
        "expert": ExpertPageFactory(parent=zhixun, title="王律师"),
        "service": ServicePageFactory(parent=yunchao, title="专利申请一站式"),
        "station": StationPageFactory(parent=yizhan, title="张江驿站", visit_capacity=5),
    }


def answers(kind, **extra):
    data = {
        "topic": "天使轮融资估值咨询",
        "company_name": "上海示例生物科技有限公司",
        "stage": "startup",
        "need": "公司成立一年，准备天使轮融资。",
        "contact_name": "李四",
        "mobile": "13912345678",
        "email": "lisi@example.cn",
        "consent": "on",
        "website": "",
    }
    if kind == "station":
        data.update(visit_date=next_weekday().isoformat(), visit_half="am", visitors="2")
    return {**data, **extra}


def submit_url(page):
    return reverse("brand:submit", args=[page.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_the_anonymous_page_with_a_form_is_stored_and_served_from_the_page_cache(
    client, pages, page_cache, kind
):
    url = pages[kind].url
    first, second = client.get(url), client.get(url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    for response in (first, second):
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public") and not is_private(response)
        assert not response.cookies and "csrftoken" not in client.cookies  # no Set-Cookie: nothing personal
    html = second.content.decode()
    assert 'id="request-form"' in html and f'action="{submit_url(pages[kind])}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert KEY_RE.search(html) is None  # the hidden key is empty: each visitor fetches their own
    assert f'data-form-key="{reverse("registrations:form_key")}"' in html
    assert "theme/js/forms" in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a_submit_with_the_fetched_token_and_key_makes_one_request(pages, page_cache, kind):
    client = Client(enforce_csrf_checks=True)
    assert client.get(pages[kind].url)["X-Page-Cache"] == "miss"
    fetched = client.get(reverse("registrations:form_key")).json()
    data = {**answers(kind, submission_key=fetched["key"]), "csrfmiddlewaretoken": fetched["csrf"]}
    first = client.post(submit_url(pages[kind]), data)
    again = client.post(submit_url(pages[kind]), data)  # a double click: the same key
    [request] = ServiceRequest.objects.all()
    assert first.status_code == 302 and first["Location"] == again["Location"]
    assert request.kind == KINDS[kind] and request.submission_key == fetched["key"]
    if kind == "expert":
        assert request.expert_id == pages["expert"].pk
    if kind == "service":
        assert request.service_id == pages["service"].pk
    if kind == "station":
        assert request.station_id == pages["station"].pk and request.visitors == 2


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a_post_without_a_token_saves_nothing_and_asks_to_confirm_with_the_answers_kept(
    pages, page_cache, kind
):
    client = Client(enforce_csrf_checks=True)
    client.get(pages[kind].url)  # the cached page: no token, no key; JavaScript is off
    response = client.post(submit_url(pages[kind]), answers(kind, submission_key=""))
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 0
    html = response.content.decode()
    assert "尚未提交：请核对以下信息" in html and "未提交，请修改以下问题" not in html
    assert 'value="上海示例生物科技有限公司"' in html and "公司成立一年，准备天使轮融资。" in html
    assert is_private(response) and "X-Page-Cache" not in response
    assert "data-form-key" not in html
    token, key = TOKEN_RE.search(html).group(1), KEY_RE.search(html).group(1)
    assert re.fullmatch(r"[0-9a-f]{32}", key)
    # A forged token is no better than none: still nothing saved.
    forged = client.post(submit_url(pages[kind]), {**answers(kind), "csrfmiddlewaretoken": "x" * 64})
    assert forged.status_code == 200 and ServiceRequest.objects.count() == 0
    confirmed = client.post(
        submit_url(pages[kind]), {**answers(kind, submission_key=key), "csrfmiddlewaretoken": token}
    )
    assert confirmed.status_code == 302
    assert ServiceRequest.objects.get().submission_key == key


@pytest.mark.django_db
def test_a_post_without_a_token_and_with_errors_shows_them_in_chinese_and_saves_nothing(pages, page_cache):
    client = Client(enforce_csrf_checks=True)
    response = client.post(submit_url(pages["zhixun"]), answers("zhixun", mobile="12345", consent=""))
    html = response.content.decode()
    assert "请输入11位中国大陆手机号" in html and "请阅读并同意个人信息保护说明。" in html
    assert 'value="12345"' in html and TOKEN_RE.search(html)
    assert ServiceRequest.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_a_members_prefilled_form_stays_private_and_out_of_the_page_cache(client, pages, page_cache, kind):
    client.get(pages[kind].url)
    client.force_login(UserFactory(email="member@example.cn"))
    response = client.get(pages[kind].url)
    assert is_private(response) and "X-Page-Cache" not in response
    html = response.content.decode()
    assert 'value="member@example.cn"' in html and TOKEN_RE.search(html)
    assert re.fullmatch(r"[0-9a-f]{32}", KEY_RE.search(html).group(1))
    assert "data-form-key" not in html


@pytest.mark.django_db
def test_honeypot_and_rate_limit_still_hold_for_the_fetched_token(pages, page_cache, settings):
    settings.BRAND_REQUEST_RATE_LIMIT = (2, 600)  # the spam post counts too
    client = Client(enforce_csrf_checks=True)
    fetched = client.get(reverse("registrations:form_key")).json()
    url = submit_url(pages["service"])
    spam = client.post(
        url, {**answers("service", website="http://spam.example"), "csrfmiddlewaretoken": fetched["csrf"]}
    )
    assert spam.status_code == 200 and ServiceRequest.objects.count() == 0
    data = {**answers("service"), "csrfmiddlewaretoken": fetched["csrf"]}
    assert client.post(url, {**data, "submission_key": "k1"}).status_code == 302
    limited = client.post(url, {**data, "submission_key": "k2"})
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert ServiceRequest.objects.count() == 1
