"""A filtered listing takes its total from a filter's counts when they partition the entries (core/listing.py
Counts): no COUNT query of its own, and the same total and pages as counting, with entries that have no
value for the filter, with a value chosen, and with another filter narrowing the list."""

import datetime

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from core.brands import Brand
from core.listing import ChoiceFilter, Counts, MonthFilter, TagFilter, TextFilter, filtered_listing
from events.models import EventPage, EventType
from tests.factories import EventIndexPageFactory, EventPageFactory


def listing(query, filters, per_page=2):
    request = RequestFactory().get("/events/", query)
    with CaptureQueriesContext(connection) as queries:
        result = filtered_listing(request, EventPage.objects.order_by("pk"), filters, per_page)
        objects = list(result.page_obj.object_list)
    counted = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    return result, objects, counted


@pytest.fixture
def events(home_page):
    index = EventIndexPageFactory(parent=home_page)
    start = timezone.make_aware(datetime.datetime(2027, 3, 10, 14))
    made = []
    for n, (brand, kind) in enumerate(
        [(Brand.SHALONG, EventType.SALON), (Brand.SHALONG, EventType.FORUM), ("", EventType.SALON)] * 2
        + [("", EventType.ROADSHOW)]
    ):
        made.append(
            EventPageFactory(
                parent=index,
                brand=brand,
                event_type=kind,
                starts_at=start + datetime.timedelta(days=20 * n),
                ends_at=start + datetime.timedelta(days=20 * n, hours=2),
            )
        )
    return made


def brand_filter():
    return ChoiceFilter("brand", "品牌", field="brand", choices=Brand.choices)


def month_filter():
    return MonthFilter("month", "月份", field="starts_at")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"brand": "shalong"},
        {"brand": "zhixun"},
        {"month": "2027-04"},
        {"brand": "shalong", "month": "2027-03"},
    ],
)
def test_the_total_comes_from_the_counts_and_matches_counting(events, query):
    result, objects, counted = listing({**query, "page": 2}, [brand_filter(), month_filter()])
    expected = EventPage.objects.all()
    if "brand" in query:
        expected = expected.filter(brand=query["brand"])
    if "month" in query:
        year, month = map(int, query["month"].split("-"))
        expected = [e for e in expected if timezone.localtime(e.starts_at).timetuple()[:2] == (year, month)]
    expected = sorted(e.pk for e in expected)
    assert result.page_obj.paginator.count == len(expected)
    page = 2 if len(expected) > 2 else 1  # past the end: the last page
    assert [e.pk for e in objects] == expected[(page - 1) * 2 : page * 2]
    assert result.total == 7  # every entry, whatever is chosen
    # The brand filter's counts tell the total (blank brands included) and, unless the month is chosen too,
    # every entry; the month's counts, unless a brand is chosen; with both chosen, every entry is counted in
    # the statement that counts the filters' options.
    assert len(counted) == 0, counted


@pytest.mark.django_db
def test_the_blank_entries_count_in_the_total_but_not_as_an_option(events):
    counts = brand_filter().counts(EventPage.objects.all())
    assert isinstance(counts, Counts) and counts.every == 7 and counts == {"shalong": 4}


@pytest.mark.django_db
def test_filters_whose_counts_do_not_partition_leave_the_count_to_the_paginator(events):
    result, _, counted = listing({}, [TextFilter("q", "关键词", fields=["title"])])
    assert result.page_obj.paginator.count == 7 and len(counted) == 1


# -- every filter's counts in one statement (PostgreSQL) ----------------------------------------------------


def news_listing(query, per_page=2):
    from news.models import NewsCategory, NewsPage, NewsPageTag

    filters = [
        ChoiceFilter("category", "分类", field="category", choices=NewsCategory.choices),
        TagFilter("tag", "标签", through=NewsPageTag, limit=3),
    ]
    request = RequestFactory().get("/news/", query)
    with CaptureQueriesContext(connection) as queries:
        result = filtered_listing(request, NewsPage.objects.order_by("pk"), filters, per_page)
        list(result.page_obj.object_list)
    return result, [q["sql"] for q in queries.captured_queries]


def facet_counts(result):
    return {facet.param: {o.value: o.count for o in facet.options} for facet in result.facets}


@pytest.fixture
def news(home_page):
    from news.models import NewsCategory
    from tests.factories import NewsIndexPageFactory, NewsPageFactory

    index = NewsIndexPageFactory(parent=home_page)
    specs = [
        (NewsCategory.WORK, ["孵化", "政策"]),
        (NewsCategory.WORK, ["孵化"]),
        (NewsCategory.MEDIA, ["政策", "融资", "沙龙"]),
        (NewsCategory.MEDIA, []),
        (NewsCategory.WORK, ["融资", "孵化", "人才"]),
    ]
    return [NewsPageFactory(parent=index, category=category, tags=tags) for category, tags in specs]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{}, {"category": "media"}, {"tag": "孵化"}, {"category": "work", "tag": "政策"}, {"tag": "无此标签"}],
)
def test_the_filters_counts_come_in_one_statement_and_match_counting_each_alone(news, query, monkeypatch):
    together, sql = news_listing(query)
    assert sum("UNION" in s and "cf_facet" in s for s in sql) == 1
    assert not any("COUNT(*)" in s for s in sql)  # the category's counts tell both totals
    # Each filter counted on its own (as on SQLite, whose UNION parts cannot be ordered and limited).
    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    alone, sql_alone = news_listing(query)
    assert not any("cf_facet" in s for s in sql_alone)
    assert facet_counts(together) == facet_counts(alone)
    assert (together.total, together.page_obj.paginator.count) == (
        alone.total,
        alone.page_obj.paginator.count,
    )
    assert [e.pk for e in together.page_obj.object_list] == [e.pk for e in alone.page_obj.object_list]
    # The tag facet offers the three most used tags of what the category leaves, most used first.
    if not query:
        assert list(facet_counts(together)["tag"].items()) == [("孵化", 3), ("政策", 2), ("融资", 2)]


@pytest.mark.django_db
@pytest.mark.parametrize("query, shown", [({}, 5), ({"tag": "融资"}, 2), ({"tag": "无此标签"}, 0)])
def test_many_valued_filters_alone_count_the_entries_in_the_same_statement(news, query, shown):
    from news.models import NewsPage, NewsPageTag

    request = RequestFactory().get("/news/", query)
    with CaptureQueriesContext(connection) as queries:
        result = filtered_listing(
            request, NewsPage.objects.order_by("pk"), [TagFilter("tag", "标签", through=NewsPageTag)], 2
        )
        list(result.page_obj.object_list)
    sql = [q["sql"] for q in queries.captured_queries]
    assert result.page_obj.paginator.count == shown and result.total == 5
    assert len(sql) == (1 if shown == 0 else 2), sql  # the counts and totals, then the page of entries
    assert not any("COUNT(*)" in s for s in sql)
