"""Hostile and clumsy input never reaches a query as-is: NUL bytes and control characters in any query
parameter are cleaned in one place (core.middleware), so no public page answers 500."""

from django.http import QueryDict

import pytest

from core.brands import Brand
from core.middleware import MAX_VALUE_LENGTH, clean_cookies, clean_query
from registrations.models import Registration
from tests.factories import (
    BrandPageFactory,
    CarrierIndexPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
)


@pytest.fixture
def site_pages(home_page):
    CarrierIndexPageFactory(parent=home_page, slug="carriers")
    NewsIndexPageFactory(parent=home_page, slug="news")
    for brand in (Brand.ZHIXUN, Brand.YUNCHAO, Brand.YIZHAN):
        BrandPageFactory(parent=home_page, brand=brand, slug=brand.value)
    return home_page


NUL_URLS = [
    "/carriers/?q=%00",
    "/carriers/geojson/?q=%00",
    "/carriers/companies/?q=%00",
    "/news/?tag=%00",
    "/zhixun/?field=%00",
    "/yunchao/?category=%00",
    "/yizhan/?area=%00",
    "/search/?q=%E5%AD%B5%00%E5%8C%96",
    "/search/autocomplete/?q=%00",
    "/events/?month=%00",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_bytes_in_query_parameters_never_give_a_500(client, site_pages, url):
    assert client.get(url).status_code in (200, 404)


@pytest.mark.django_db
def test_nul_in_search_when_elasticsearch_is_down(client, site_pages, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: the 精简搜索 path queries PostgreSQL
    response = client.get("/search/?q=%E5%AD%B5%00%E5%8C%96")
    assert response.status_code == 200


def test_clean_query_drops_control_characters_and_caps_length():
    query = QueryDict("q=a%00b%01c&tag=x%09y&long=" + "z" * (MAX_VALUE_LENGTH + 50))
    cleaned = clean_query(query)
    assert cleaned["q"] == "abc"
    assert cleaned["tag"] == "x y"
    assert len(cleaned["long"]) == MAX_VALUE_LENGTH
    assert not cleaned._mutable
    untouched = QueryDict("q=孵化器&page=2")
    assert clean_query(untouched) is untouched  # the common case costs no copy


def test_clean_cookies_drops_forged_ones():
    cookies = {"sessionid": "abc\x00def", "csrftoken": "A1b2", "other": "孵化"}
    assert clean_cookies(cookies) == {"csrftoken": "A1b2", "other": "孵化"}
    untouched = {"sessionid": "abcdef"}
    assert clean_cookies(untouched) is untouched


@pytest.fixture
def event(home_page):
    from django.core.cache import cache

    cache.clear()  # the registration rate limit
    return EventPageFactory(parent=EventIndexPageFactory(parent=home_page), capacity=10)


def registration(**overrides):
    data = {"name": "张三", "mobile": "13912345678", "email": "a@example.cn", "consent": "on"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_an_overlong_email_is_a_field_error_and_nothing_is_saved(client, event):
    email = "a" * 250 + "@example.cn"
    response = client.post(event.url + "register/", registration(email=email))
    assert response.status_code == 400
    assert "邮箱最多 254 个字符" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("mobile", ["１３９１２３４５６７８", "١٣٩١٢٣٤٥٦٧٨", "१३९१२३४५६७८"])
def test_mobile_numbers_in_other_digits_are_the_same_person(client, event, mobile):
    assert client.post(event.url + "register/", registration(submission_key="one")).status_code == 302
    response = client.post(
        event.url + "register/", registration(mobile=mobile, email="b@example.cn", submission_key="two")
    )
    assert response.status_code == 400
    assert "该手机号已报名本活动" in response.content.decode()
    assert list(Registration.objects.values_list("mobile", flat=True)) == ["13912345678"]
