"""The index pages that listings and home sections link to come from a snapshot in the shared cache
(core/index_pages.py): no query once cached, and every publish, unpublish, rename, move, restriction or
rollback shows on the very next read."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from core.index_pages import first_public_page
from news.models import NewsIndexPage
from tests.factories import NewsIndexPageFactory, StandardPageFactory


def first_url():
    page = first_public_page(NewsIndexPage)
    return page.url if page else None


def test_a_cached_index_page_costs_no_query(committed_home):
    index = NewsIndexPageFactory(parent=committed_home, slug="news")
    assert first_public_page(NewsIndexPage).pk == index.pk
    assert index.url == "/news/"  # Wagtail's own cache of the site root paths, read once
    with CaptureQueriesContext(connection) as queries:
        page = first_public_page(NewsIndexPage)
        assert page.url == "/news/" and isinstance(page, NewsIndexPage)
    assert len(queries) == 0, [q["sql"] for q in queries.captured_queries]


def test_publish_unpublish_rename_and_move_show_on_the_next_read(committed_home):
    section = StandardPageFactory(parent=committed_home, slug="zixun")
    later = NewsIndexPageFactory(parent=section, slug="dongtai", title="动态")
    assert first_url() == "/zixun/dongtai/"

    earlier = NewsIndexPageFactory(parent=committed_home, slug="news", title="新闻")  # a new index page
    assert first_public_page(NewsIndexPage).pk in (earlier.pk, later.pk)
    first = first_public_page(NewsIndexPage)
    assert first.path == min(earlier.path, later.path)

    earlier.unpublish()
    assert first_url() == "/zixun/dongtai/"

    section.slug = "zixun-zhongxin"  # the index page's URL changes; the index page itself is not saved
    section.save_revision().publish()
    assert first_url() == "/zixun-zhongxin/dongtai/"

    later.title = "工作动态"
    later.save_revision().publish()
    assert first_public_page(NewsIndexPage).title == "工作动态"

    later.move(committed_home, pos="last-child")
    assert first_url() == "/dongtai/"

    later.delete()
    assert first_public_page(NewsIndexPage) is None


def test_a_restricted_index_page_is_not_linked(committed_home):
    index = NewsIndexPageFactory(parent=committed_home, slug="news")
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="kouling-2026"
    )
    assert first_public_page(NewsIndexPage) is None
    restriction.delete()
    assert first_url() == "/news/"


def test_within_a_section(committed_home):
    one = StandardPageFactory(parent=committed_home, slug="yi")
    two = StandardPageFactory(parent=committed_home, slug="er")
    NewsIndexPageFactory(parent=one, slug="news")
    in_two = NewsIndexPageFactory(parent=two, slug="news")
    assert first_public_page(NewsIndexPage, within=two).pk == in_two.pk
    assert first_public_page(NewsIndexPage, within=in_two) is None  # strictly below the page
    assert first_public_page(NewsIndexPage).url == "/yi/news/"


def test_a_transaction_reads_its_own_changes_and_a_rollback_leaves_the_cache_exact(committed_home):
    index = NewsIndexPageFactory(parent=committed_home, slug="news")
    assert first_url() == "/news/"
    with pytest.raises(RuntimeError), transaction.atomic():
        index.unpublish()
        assert first_public_page(NewsIndexPage) is None  # its own change, not the cached copy
        raise RuntimeError("rolled back")
    assert first_url() == "/news/"
    assert NewsIndexPage.objects.live().filter(pk=index.pk).exists()


def test_the_experts_a_consultation_offers_follow_every_publish_rename_and_unpublish(committed_home, client):
    """The 创孵智询 page's request form lists its live, public experts from the shared cache
    (core.index_pages.public_titles): no query once cached, and each change shows on the next read."""
    from brand.models import ExpertPage
    from core.index_pages import public_titles
    from tests.factories import BrandPageFactory, ExpertPageFactory

    brand = BrandPageFactory(parent=committed_home)
    first = ExpertPageFactory(parent=brand, title="甲专家")
    second = ExpertPageFactory(parent=brand, title="乙专家")
    assert public_titles(ExpertPage, brand) == [(first.pk, "甲专家"), (second.pk, "乙专家")]
    with CaptureQueriesContext(connection) as queries:
        public_titles(ExpertPage, brand)
    assert len(queries) == 0

    second.title = "乙专家（知识产权）"
    second.save_revision().publish()
    first.unpublish()
    third = ExpertPageFactory(parent=brand, title="丙专家")
    assert public_titles(ExpertPage, brand) == [(second.pk, "乙专家（知识产权）"), (third.pk, "丙专家")]
    html = client.get(brand.url).content.decode()
    assert "乙专家（知识产权）" in html and "丙专家" in html and "甲专家" not in html
