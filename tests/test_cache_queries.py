"""Every public page type answers in at most 15 queries once warm (page cache off: these are the cold costs)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

MAX_QUERIES = 15
# Today's counts on the demo (routing reads the whole path at once, core/public_pages.py): any regression fails.
BOUNDS = {
    "home": 15,
    "news list": 9,
    "news article": 9,
    "event list": 10,
    "event page": 9,
    "carriers list": 8,
    "carrier page": 13,
    "search": 15,  # its own results cache answers the warm request; the bound is the cold one's limit
    "academy mentors": 11,
    "academy courses": 15,  # its taxonomy's terms come from the shared cache (core/terms.py)
    "course page": 13,
    "company library": 12,
    "brand catalogue": 11,  # 创孵智询: its request form lists the experts to choose from
    "expert page": 8,
}


def first_url(model_path, **filters):
    from django.apps import apps

    model = apps.get_model(model_path)
    page = model.objects.live().public().filter(**filters).order_by("path").first()
    assert page is not None, f"the demo has no live {model_path}"
    return page.url


PAGES = {
    "home": lambda: "/",
    "news list": lambda: first_url("news.NewsIndexPage"),
    "news article": lambda: first_url("news.NewsPage"),
    "event list": lambda: first_url("events.EventIndexPage"),
    "event page": lambda: first_url("events.EventPage"),
    "carriers list": lambda: first_url("carriers.CarrierIndexPage"),
    "carrier page": lambda: first_url("carriers.CarrierPage"),
    "search": lambda: "/search/?q=创业",
    "academy courses": lambda: first_url("academy.CourseIndexPage"),
    "academy mentors": lambda: first_url("academy.MentorIndexPage"),
    "course page": lambda: first_url("academy.CoursePage"),
    "company library": lambda: first_url("carriers.CarrierIndexPage") + "companies/",
    "brand catalogue": lambda: first_url("brand.BrandPage", brand="zhixun"),
    "expert page": lambda: first_url("brand.ExpertPage"),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_warm_public_page_queries(demo_site, client, name):
    url = PAGES[name]()
    assert client.get(url).status_code == 200  # warm: chrome, site root paths, renditions exist
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= BOUNDS.get(name, MAX_QUERIES), "\n".join(
        q["sql"][:300] for q in queries.captured_queries
    )


def count_queries(client, url):
    client.get(url)  # warm: chrome, renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_news_list_queries_stay_constant_when_articles_grow_tenfold(client, home_page):
    from tests.factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory

    index = NewsIndexPageFactory(parent=home_page, slug="news")

    def add(count):
        for _ in range(count):
            NewsPageFactory(parent=index, cover_image=ImageFactory())

    add(3)
    few = count_queries(client, index.url)
    add(27)
    assert count_queries(client, index.url) == few <= MAX_QUERIES


@pytest.mark.django_db
def test_expert_catalogue_queries_stay_constant_when_experts_grow_tenfold(client, home_page):
    from tests.factories import BrandPageFactory, ExpertPageFactory

    brand = BrandPageFactory(parent=home_page)

    def add(count):
        for _ in range(count):
            ExpertPageFactory(parent=brand)

    add(2)
    few = count_queries(client, brand.url)
    add(18)
    assert count_queries(client, brand.url) == few <= MAX_QUERIES


@pytest.mark.django_db
def test_course_list_queries_stay_constant_when_courses_grow_tenfold(client, home_page):
    from tests.factories import (
        BrandPageFactory,
        CourseIndexPageFactory,
        CoursePageFactory,
        CourseSessionFactory,
    )

    index = CourseIndexPageFactory(parent=BrandPageFactory(parent=home_page, brand="xuetang"))

    def add(count):
        for n in range(count):
            course = CoursePageFactory(parent=index, tracks=["ip", "transfer"][: 1 + n % 2])
            CourseSessionFactory(course=course, starts_in=10 + n)

    add(2)
    few = count_queries(client, index.url)
    add(18)
    assert count_queries(client, index.url) == few <= MAX_QUERIES


@pytest.mark.django_db
def test_event_list_queries_stay_constant_when_events_grow_tenfold(client, home_page):
    from tests.factories import EventIndexPageFactory, EventPageFactory, ImageFactory

    index = EventIndexPageFactory(parent=home_page)

    def add(count):
        for _ in range(count):
            EventPageFactory(parent=index, cover_image=ImageFactory())

    add(2)
    few = count_queries(client, index.url)
    add(18)
    assert count_queries(client, index.url) == few <= MAX_QUERIES


@pytest.mark.django_db
def test_carrier_map_queries_stay_constant_when_carriers_grow_tenfold(client, home_page):
    from tests.factories import CarrierIndexPageFactory, CarrierPageFactory

    index = CarrierIndexPageFactory(parent=home_page)

    def add(count):
        for n in range(count):
            CarrierPageFactory(parent=index, industries=["ic"], levels=["gaofeng" if n % 2 else "gaoyuan"])

    add(3)
    few = count_queries(client, index.url)
    add(27)
    assert count_queries(client, index.url) == few <= MAX_QUERIES
