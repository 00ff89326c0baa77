"""The filtered carrier listing runs a bounded number of SQL queries, however many carriers there are."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from carriers.filters import bump_cache_version
from carriers.models import CarrierType
from tests.factories import CarrierIndexPageFactory, CarrierPageFactory, CompanyFactory, ResidencyFactory

pytestmark = pytest.mark.django_db

ALL_FILTERS = (
    "?type=incubator&level=gaofeng&area=zhangjiang&industry=ic&open=1&q=孵化&bbox=121.4,30.8,122.0,31.5"
)


def add_carriers(index, start, count):
    for n in range(start, start + count):
        carrier = CarrierPageFactory(
            parent=index,
            title=f"张江孵化器{n}",
            slug=f"zj-{n}",
            carrier_type=CarrierType.INCUBATOR,
            industries=["ic", "ai"],
            levels=["gaofeng"],
            platforms=[("检测平台", "testing", True)],
        )
        ResidencyFactory(carrier=carrier, company=CompanyFactory(is_hightech=True))
        ResidencyFactory(
            carrier=carrier,
            company=CompanyFactory(),
            left_on=datetime.date(2025, 1, 1),
            left_reason="graduated",
        )


def count_queries(client, url):
    client.get(url)  # warm Wagtail's own caches (site root paths), which page saves reset
    bump_cache_version()  # our own caches (taxonomy, GeoJSON) start cold; Wagtail's site cache stays warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


def test_listing_with_all_filters_is_bounded_and_constant(client, home_page, django_assert_max_num_queries):
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers", per_page=12)
    add_carriers(index, 0, 15)
    url = f"/carriers/{ALL_FILTERS}"
    small, response = count_queries(client, url)
    assert response.context["match_count"] == 15

    add_carriers(index, 15, 15)  # twice as many carriers
    large, response = count_queries(client, url)
    assert response.context["match_count"] == 30
    assert large == small

    bump_cache_version()
    with django_assert_max_num_queries(15):
        client.get(url)


def test_geojson_queries_do_not_grow_with_carriers(client, home_page):
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    add_carriers(index, 0, 5)
    small, _ = count_queries(client, f"/carriers/geojson/{ALL_FILTERS}")
    add_carriers(index, 5, 10)
    large, _ = count_queries(client, f"/carriers/geojson/{ALL_FILTERS}")
    assert large == small <= 15


LIBRARY_FILTERS = "?industry=ic&honour=hightech&carrier=zj-1"


def test_library_queries_do_not_grow_with_companies(client, home_page):
    """Every filter's options are counted in one query each; the page, chrome included, stays constant."""
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    add_carriers(index, 0, 4)
    small, response = count_queries(client, f"/carriers/companies/{LIBRARY_FILTERS}")
    assert response.context["page_obj"].paginator.count == 1  # zj-1's current high-tech company
    add_carriers(index, 4, 12)
    large, _ = count_queries(client, f"/carriers/companies/{LIBRARY_FILTERS}")
    assert large == small <= 20
    response = client.get("/carriers/companies/?industry=ic")
    assert response.context["page_obj"].paginator.count == 32
