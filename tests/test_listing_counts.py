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
from core.listing import ChoiceFilter, Counts, MonthFilter, TextFilter, filtered_listing
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
    # every entry; the month's counts, unless a brand is chosen.
    assert len(counted) == (1 if len(query) == 2 else 0), counted


@pytest.mark.django_db
def test_the_blank_entries_count_in_the_total_but_not_as_an_option(events):
    counts = brand_filter().counts(EventPage.objects.all())
    assert isinstance(counts, Counts) and counts.every == 7 and counts == {"shalong": 4}


@pytest.mark.django_db
def test_filters_whose_counts_do_not_partition_leave_the_count_to_the_paginator(events):
    result, _, counted = listing({}, [TextFilter("q", "关键词", fields=["title"])])
    assert result.page_obj.paginator.count == 7 and len(counted) == 1
