"""The carrier list's light rows (every live carrier with its level and industry ids: what the facets, the
list and the map are computed from) come from a snapshot in the shared cache when there is no keyword
(carriers/filters.py load_rows): no query once cached, and exact on the next read after a publish, an
unpublish, an edit, a move, a restriction or a deleted level."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from carriers.filters import load_rows
from carriers.models import CarrierLevel, Industry
from core.models import Area
from tests.factories import CarrierIndexPageFactory, CarrierPageFactory


@pytest.fixture
def index(committed_home):
    # A transactional test starts from an empty database: the terms the migrations load are made here.
    Area.objects.get_or_create(slug="zhangjiang", defaults={"name": "张江"})
    CarrierLevel.objects.get_or_create(slug="gaofeng", defaults={"name": "高峰"})
    Industry.objects.get_or_create(slug="ic", defaults={"name": "集成电路"})
    return CarrierIndexPageFactory(parent=committed_home, slug="carriers")


def titles(index):
    return {row.title: (row.levels, row.industries) for row in load_rows(index)}


def test_rows_without_a_keyword_are_read_once(index):
    CarrierPageFactory(parent=index, title="张江孵化器", levels=["gaofeng"], industries=["ic"])
    level, industry = CarrierLevel.objects.get(slug="gaofeng").pk, Industry.objects.get(slug="ic").pk
    assert titles(index) == {"张江孵化器": ({level}, {industry})}
    with CaptureQueriesContext(connection) as queries:
        assert titles(index) == {"张江孵化器": ({level}, {industry})}
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:  # a keyword is matched in the database
        assert [row.title for row in load_rows(index, "张江")] == ["张江孵化器"]
    assert len(queries) == 2


def test_every_change_shows_on_the_next_read(index, committed_home):
    first = CarrierPageFactory(parent=index, title="甲孵化器", levels=["gaofeng"])
    second = CarrierPageFactory(parent=index, title="乙加速器")
    assert set(titles(index)) == {"甲孵化器", "乙加速器"}

    first.title = "甲孵化器（新址）"
    first.save_revision().publish()
    assert set(titles(index)) == {"甲孵化器（新址）", "乙加速器"}

    second.unpublish()
    assert set(titles(index)) == {"甲孵化器（新址）"}

    restriction = PageViewRestriction.objects.create(
        page=first, restriction_type=PageViewRestriction.PASSWORD, password="kouling-2026"
    )
    assert titles(index) == {}
    restriction.delete()
    assert titles(index)["甲孵化器（新址）"][0] == {CarrierLevel.objects.get(slug="gaofeng").pk}

    CarrierLevel.objects.get(slug="gaofeng").delete()  # its links go with it, without a page save
    assert titles(index)["甲孵化器（新址）"][0] == set()

    elsewhere = CarrierIndexPageFactory(parent=committed_home, slug="carriers-2")
    first.move(elsewhere, pos="last-child")
    assert titles(index) == {} and set(titles(elsewhere)) == {"甲孵化器（新址）"}
