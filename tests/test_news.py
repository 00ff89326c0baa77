import datetime
import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from news.models import NewsCategory
from tests.factories import ImageFactory, NewsIndexPageFactory, NewsPageFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page, slug="news", title="政策与动态", per_page=3)


def titles(response):
    return [item.title for item in response.context["items"]]


@pytest.mark.django_db
class TestListing:
    def test_newest_first_and_paginated(self, client, news_index):
        for day in range(1, 6):
            NewsPageFactory(parent=news_index, title=f"新闻{day}", date=datetime.date(2026, 3, day))
        first = client.get("/news/")
        assert titles(first) == ["新闻5", "新闻4", "新闻3"]
        second = client.get("/news/?page=2")
        assert titles(second) == ["新闻2", "新闻1"]
        assert "第 2 / 2 页，共 5 条" in second.content.decode()
        # Out-of-range and junk page numbers land on a real page instead of a 404.
        assert titles(client.get("/news/?page=99")) == ["新闻2", "新闻1"]
        assert titles(client.get("/news/?page=abc")) == ["新闻5", "新闻4", "新闻3"]

    def test_tag_filter(self, client, news_index):
        NewsPageFactory(parent=news_index, title="张江新闻", tags=["张江", "生物医药"])
        NewsPageFactory(parent=news_index, title="临港新闻", tags=["临港"])
        NewsPageFactory(parent=news_index, title="无标签新闻")
        response = client.get("/news/", {"tag": "张江"})
        assert titles(response) == ["张江新闻"]
        assert "#张江" in response.content.decode()
        assert titles(client.get("/news/", {"tag": "不存在"})) == []

    def test_tag_links_on_article_lead_to_filtered_listing(self, client, news_index):
        page = NewsPageFactory(parent=news_index, title="张江新闻", tags=["张江"])
        html = client.get(page.url).content.decode()
        assert 'href="/news/?tag=%E5%BC%A0%E6%B1%9F"' in html

    def test_category_filter_and_unknown_category(self, client, news_index):
        NewsPageFactory(parent=news_index, title="政策A", category=NewsCategory.CASE)
        NewsPageFactory(parent=news_index, title="动态B", category=NewsCategory.WORK)
        assert titles(client.get("/news/", {"category": "case"})) == ["政策A"]
        assert sorted(titles(client.get("/news/", {"category": "nonsense"}))) == ["动态B", "政策A"]

    def test_filters_combine_and_pagination_keeps_them(self, client, news_index):
        for n in range(4):
            NewsPageFactory(parent=news_index, title=f"案例{n}", category=NewsCategory.CASE, tags=["张江"])
        NewsPageFactory(parent=news_index, title="动态", category=NewsCategory.WORK, tags=["张江"])
        response = client.get("/news/", {"category": "case", "tag": "张江"})
        assert len(response.context["items"]) == 3
        assert 'href="?category=case&amp;tag=%E5%BC%A0%E6%B1%9F&amp;page=2"' in response.content.decode()

    def test_drafts_and_private_pages_are_not_listed(self, client, news_index):
        NewsPageFactory(parent=news_index, title="公开新闻")
        NewsPageFactory(parent=news_index, title="草稿", live=False)
        private = NewsPageFactory(parent=news_index, title="内部新闻")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="only-staff"
        )
        assert titles(client.get("/news/")) == ["公开新闻"]
        feed = ET.fromstring(client.get("/news/feed/").content)
        assert [item.findtext("title") for item in feed.iter("item")] == ["公开新闻"]
        assert (
            "内部新闻" not in client.get(private.url).content.decode()
        )  # the page itself asks for the password

    def test_listing_query_count_does_not_grow_with_the_items(self, client, news_index):
        news_index.per_page = 50  # every item on one page, so more items really means more rows rendered
        news_index.save()

        def add_items(count):
            for n in range(count):
                NewsPageFactory(parent=news_index, tags=["张江", f"标签{n}"], cover_image=ImageFactory())

        def queries_for_listing(expected_items):
            assert len(client.get("/news/").context["items"]) == expected_items  # warm: renditions, site root
            with CaptureQueriesContext(connection) as queries:
                client.get("/news/")
            return len(queries)

        add_items(4)
        few = queries_for_listing(4)
        add_items(8)
        assert queries_for_listing(12) == few


@pytest.mark.django_db
def test_rss_feed(client, news_index):
    NewsPageFactory(parent=news_index, title="旧闻", date=datetime.date(2026, 1, 1), summary="旧的摘要")
    NewsPageFactory(
        parent=news_index, title="新闻", date=datetime.date(2026, 2, 1), summary="新的摘要", tags=["张江"]
    )
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "政策与动态"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["新闻", "旧闻"]
    assert items[0].findtext("description") == "新的摘要"
    assert items[0].findtext("link").startswith("http://testserver/news/")
    assert "张江" in [c.text for c in items[0].findall("category")]
    assert "/news/feed/" in client.get("/news/").content.decode()  # <link rel=alternate>


@pytest.mark.django_db
class TestGovInfoBlock:
    def test_policy_document_shows_gov_info(self, client, news_index):
        page = NewsPageFactory(
            parent=news_index,
            title="关于印发《浦东新区孵化载体全链升级高峰高原计划》的通知",
            category=NewsCategory.POLICY,
            gov_index_no="ZWGK-2023-0027",
            gov_publisher="政务公开办",
            gov_open_category="active",
            gov_doc_no="浦府办〔2023〕27号",
            gov_published_at=datetime.date(2023, 8, 18),
        )
        html = client.get(page.url).content.decode()
        assert 'class="gov-info"' in html
        for label, value in [
            ("索引号", "ZWGK-2023-0027"),
            ("发布机构", "政务公开办"),
            ("公开类别", "主动公开"),
            ("文号", "浦府办〔2023〕27号"),
            ("发布时间", "2023-08-18"),
        ]:
            assert f"<dt>{label}</dt>" in html
            assert value in html

    def test_ordinary_news_has_no_gov_info(self, client, news_index):
        page = NewsPageFactory(parent=news_index, category=NewsCategory.WORK)
        assert 'class="gov-info"' not in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_footer_shows_site_settings(client, home_page):
    from home.models import SiteSettings

    settings_obj = SiteSettings.objects.get()
    settings_obj.icp_number = "沪ICP备99999999号-2"
    settings_obj.contact_email = "hello@example.cn"
    settings_obj.footer_links = [
        ("link", {"title": "浦东新区人民政府", "url": "https://www.pudong.gov.cn/", "page": None})
    ]
    settings_obj.save()
    html = client.get("/").content.decode()
    assert (
        '<a class="icp" href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">沪ICP备99999999号-2</a>'
        in html
    )
    assert 'href="mailto:hello@example.cn"' in html
    assert '<a href="https://www.pudong.gov.cn/">浦东新区人民政府</a>' in html


@pytest.mark.django_db
def test_previous_and_next_articles_by_date_then_id(client, news_index):
    """上一篇/下一篇: the nearest older and newer live, public siblings; same-day articles by id."""
    day = datetime.date(2026, 5, 1)
    oldest = NewsPageFactory(parent=news_index, title="最早", date=day - datetime.timedelta(days=9))
    draft = NewsPageFactory(parent=news_index, title="草稿", date=day - datetime.timedelta(days=1))
    draft.unpublish()
    same_day_first = NewsPageFactory(parent=news_index, title="同日之一", date=day)
    middle = NewsPageFactory(parent=news_index, title="当中", date=day)
    same_day_last = NewsPageFactory(parent=news_index, title="同日之二", date=day)
    newest = NewsPageFactory(parent=news_index, title="最新", date=day + datetime.timedelta(days=3))
    assert middle.neighbours() == (same_day_first, same_day_last)
    assert same_day_first.neighbours() == (oldest, middle)
    assert oldest.neighbours() == (None, same_day_first)  # the unpublished one is skipped
    assert newest.neighbours() == (same_day_last, None)
    with CaptureQueriesContext(connection) as queries:
        middle.neighbours()
    assert len([q for q in queries.captured_queries if "news_newspage" in q["sql"]]) == 1  # on PostgreSQL
    html = client.get(middle.url).content.decode()
    assert (
        'rel="prev"><span>上一篇</span>同日之一' in html and 'rel="next"><span>下一篇</span>同日之二' in html
    )
