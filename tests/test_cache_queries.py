"""Every public page type answers in at most 15 queries once warm (page cache off: these are the cold costs)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

MAX_QUERIES = 15
# Today's counts on the demo: any regression fails. Routing reads the whole path at once and needs neither the
# sites nor the view restrictions from the database (core/public_pages.py, a snapshot in the shared cache).
BOUNDS = {
    # Warm: a URL routed before reads its page's own class with the routing query (core.public_pages._HINTS).
    "home": 8,  # "more" links, brand cards from the shared cache (core/index_pages.py); carriers' terms (core.terms)
    # The category facet's counts give the total (core.listing.Counts): no COUNT query; both facets' counts
    # come in one statement (core.listing.all_counts).
    "news list": 3,
    "news article": 3,  # its index is not read by type; previous and next in one UNION
    "event list": 5,  # the shown events' seat counts: one grouped query (attach_seat_counts)
    # Its registration target and cover image come with it (serve_select_related), and its seats taken
    # (serve_annotate).
    "event page": 2,
    "carriers list": 2,  # its rows without a keyword come from the shared cache (carriers/filters.py)
    "carrier page": 5,  # its levels and industries come with the page (serve_terms, core/terms.py)
    "search": 15,  # its own results cache answers the warm request; the bound is the cold one's limit
    "academy mentors": 5,
    # Its taxonomy's terms come from the shared cache (core/terms.py); the shown sessions' seat counts are one
    # grouped query (attach_seat_counts).
    "academy courses": 8,  # track, format and month counts in one statement
    "course page": 7,
    "company library": 5,
    # 创孵智询: the experts its request form offers come from the shared cache (core.index_pages); the
    # expertise counts and the number of experts in one statement.
    "brand catalogue": 3,  # its entries' fields come with the entries on PostgreSQL (core.terms)
    "expert page": 1,
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


def listing_index(kind, home_page):
    from tests import factories as f

    if kind == "news":
        return f.NewsIndexPageFactory(parent=home_page, slug="news")
    if kind == "experts":
        return f.BrandPageFactory(parent=home_page)
    if kind == "courses":
        return f.CourseIndexPageFactory(parent=f.BrandPageFactory(parent=home_page, brand="xuetang"))
    if kind == "events":
        return f.EventIndexPageFactory(parent=home_page)
    return f.CarrierIndexPageFactory(parent=home_page)


def add_entry(kind, index, n):
    from tests import factories as f

    if kind == "news":
        f.NewsPageFactory(parent=index, cover_image=f.ImageFactory())
    elif kind == "experts":
        f.ExpertPageFactory(parent=index)
    elif kind == "courses":
        course = f.CoursePageFactory(parent=index, tracks=["ip", "transfer"][: 1 + n % 2])
        f.CourseSessionFactory(course=course, starts_in=10 + n)
    elif kind == "events":
        f.EventPageFactory(parent=index, cover_image=f.ImageFactory())
    else:
        f.CarrierPageFactory(parent=index, industries=["ic"], levels=["gaofeng" if n % 2 else "gaoyuan"])


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["news", "experts", "courses", "events", "carriers"])
def test_listing_queries_stay_constant_when_entries_grow_tenfold(client, home_page, kind):
    index = listing_index(kind, home_page)
    for n in range(3):
        add_entry(kind, index, n)
    few = count_queries(client, index.url)
    for n in range(3, 30):
        add_entry(kind, index, n)
    assert count_queries(client, index.url) == few <= MAX_QUERIES
