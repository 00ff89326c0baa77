"""Routing reads the whole URL path at once (core/public_pages.py): same pages, same 404s, fewer queries, and
breadcrumbs from the pages routing read; the home hero's two button pages in one query (home/blocks.py)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from core import public_pages
from tests.factories import (
    BrandPageFactory,
    CourseIndexPageFactory,
    CoursePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)


def crumbs(response):
    return re.search(r'<nav class="breadcrumbs".*?</nav>', response.content.decode(), re.S).group(0)


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


@pytest.mark.django_db
def test_a_deep_page_routes_to_itself_with_its_breadcrumbs_and_unknown_slugs_404(client, home_page):
    brand = BrandPageFactory(parent=home_page, slug="xuetang", title="创孵学堂", brand="xuetang")
    index = CourseIndexPageFactory(parent=brand, slug="kecheng", title="课程")
    course = CoursePageFactory(parent=index, slug="ipr", title="知识产权入门")
    response = client.get("/xuetang/kecheng/ipr/")
    assert response.status_code == 200
    assert (
        response.context["page"].pk == course.pk and type(response.context["page"]).__name__ == "CoursePage"
    )
    html = crumbs(response)
    assert '<a href="/xuetang/">创孵学堂</a>' in html and '<a href="/xuetang/kecheng/">课程</a>' in html
    assert client.get("/xuetang/kecheng/missing/").status_code == 404
    assert client.get("/xuetang/missing/ipr/").status_code == 404
    index.unpublish()
    assert client.get("/xuetang/kecheng/").status_code == 404
    # An unpublished ancestor leaves the breadcrumbs, as before.
    html = crumbs(client.get("/xuetang/kecheng/ipr/"))
    assert '<a href="/xuetang/">创孵学堂</a>' in html and "/xuetang/kecheng/" not in html


@pytest.mark.django_db
def test_an_unknown_slug_404s_from_the_pages_routing_read_without_asking_for_children(client, home_page):
    """Routing read every page the URL names; a slug none of them has is a 404 at once, with no query of
    the children by slug (Wagtail's Page.route), wherever on the path the unknown slug is."""
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    NewsPageFactory(parent=index, slug="a")
    flat = StandardPageFactory(parent=home_page, slug="flat")
    for url in ("/flat/missing/", "/missing/", "/news/missing/", "/missing/a/", "/news/a/missing/"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 404, url
        children = [q["sql"] for q in queries.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]]
        assert not children, (url, children)
    # A page added under the same URL is found on the next request (nothing about the 404 is kept).
    StandardPageFactory(parent=flat, slug="missing", title="新页面")
    assert client.get("/flat/missing/").status_code == 200


@pytest.mark.django_db
def test_routing_one_level_deeper_costs_no_more_than_one_query(client, home_page):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    article = NewsPageFactory(parent=index, slug="a")
    shallow = StandardPageFactory(parent=home_page, slug="flat")
    deeper = StandardPageFactory(parent=StandardPageFactory(parent=home_page, slug="outer"), slug="inner")
    _, flat = count(client, shallow.url)
    _, nested = count(client, deeper.url)
    assert nested <= flat  # same types on the path: the same queries whatever the depth
    assert count(client, article.url)[0].status_code == 200


@pytest.mark.django_db
def test_a_routable_index_is_read_by_type_only_when_its_own_sub_route_matches(client, home_page):
    """An article under the news index (a RoutablePageMixin page) routes without reading the index's own
    row; the index's sub-routes (its feed) and a child whose slug is one of them still go to the index."""
    index = NewsIndexPageFactory(parent=home_page, slug="news", title="新闻中心")
    article = NewsPageFactory(parent=index, slug="a", title="一篇文章")
    NewsPageFactory(parent=index, slug="feed", title="与订阅同名的文章")
    response = client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200 and response.context["page"].pk == article.pk
    assert not any("news_newsindexpage" in q["sql"] for q in queries.captured_queries)
    assert '<a href="/news/">新闻中心</a>' in crumbs(response)
    feed = client.get(
        "/news/feed/"
    )  # the index's sub-route wins over a child of the same slug, as in Wagtail
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")


@pytest.mark.django_db
def test_a_served_page_reads_the_foreign_keys_its_class_names_with_it(client, home_page):
    from events.models import EventPage
    from tests.factories import EventIndexPageFactory, EventPageFactory, ImageFactory

    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home_page, slug="events"),
        slug="salon",
        cover_image=ImageFactory(),
    )
    assert EventPage.serve_select_related == ("registration_target", "cover_image")
    client.get(event.url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(event.url).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert not any(
        'FROM "events_registrationtarget"' in q or 'FROM "wagtailimages_image"' in q for q in sql
    ), sql


@pytest.mark.django_db
def test_course_list_queries_stay_constant_when_courses_grow_tenfold(client, home_page):
    index = CourseIndexPageFactory(
        parent=BrandPageFactory(parent=home_page, slug="xuetang", brand="xuetang"), slug="kecheng"
    )

    def add(n):
        for _ in range(n):
            CoursePageFactory(parent=index)

    add(2)
    _, few = count(client, index.url)
    add(18)
    response, many = count(client, index.url)
    assert response.status_code == 200
    assert many == few <= 16


def same_html(response):
    """The page without what differs on every response (the CSP nonce, the form key)."""
    return re.sub(r'(nonce="|csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode())


def statements_reading(queries, table):
    return [
        q["sql"]
        for q in queries.captured_queries
        if f'FROM "{table}" INNER JOIN "wagtailcore_page"' in q["sql"]
    ]


@pytest.mark.django_db
def test_a_url_routed_before_reads_its_page_with_the_routing_query(client, home_page):
    """The page's own class read last time is joined to the routing query (core.public_pages._HINTS): the
    page comes with its class, its foreign keys and its parent in one statement."""
    brand = BrandPageFactory(parent=home_page, slug="xuetang", title="创孵学堂", brand="xuetang")
    index = CourseIndexPageFactory(parent=brand, slug="kecheng", title="课程")
    course = CoursePageFactory(parent=index, slug="ipr", title="知识产权入门")
    first, cold = count(client, "/xuetang/kecheng/ipr/")  # (count() asks twice: the second is hinted)
    public_pages._HINTS.clear()
    with CaptureQueriesContext(connection) as queries:
        unhinted = client.get("/xuetang/kecheng/ipr/")
    assert statements_reading(queries, "academy_coursepage")  # read by type, as before
    with CaptureQueriesContext(connection) as queries:
        hinted = client.get("/xuetang/kecheng/ipr/")
    assert not statements_reading(queries, "academy_coursepage")
    assert len(queries) == cold
    page = hinted.context["page"]
    assert type(page).__name__ == "CoursePage" and page.pk == course.pk and page.title == "知识产权入门"
    assert crumbs(hinted) == crumbs(unhinted) and same_html(hinted) == same_html(unhinted)


@pytest.mark.django_db
def test_a_stale_hint_costs_a_query_never_a_wrong_page(client, home_page):
    """A URL whose page is replaced by one of another class (or gains a page below it) is served as Wagtail
    would serve it: the hint only names tables to join."""
    from news.models import NewsIndexPage

    old = StandardPageFactory(parent=home_page, slug="guide", title="旧页面")
    assert client.get("/guide/").context["page"].title == "旧页面"
    assert client.get("/guide/").context["page"].title == "旧页面"  # now hinted: StandardPage
    old.delete()
    NewsIndexPageFactory(parent=home_page, slug="guide", title="指南")
    response = client.get("/guide/")
    assert response.status_code == 200
    assert type(response.context["page"]) is NewsIndexPage and response.context["page"].title == "指南"
    # A page added below a URL that used to route to its parent.
    StandardPageFactory(parent=home_page, slug="about", title="关于")
    assert client.get("/about/more/").status_code == 404
    assert client.get("/about/more/").status_code == 404
    StandardPageFactory(parent=home_page.get_children().get(slug="about"), slug="more", title="更多")
    response = client.get("/about/more/")
    assert response.status_code == 200 and response.context["page"].title == "更多"
