"""Every page type: where it may be created, that the admin form creates it, that it renders and edits."""

import datetime

from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from brand.models import BrandPage
from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from tests.factories import (
    BrandPageFactory,
    HomePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    SiteSettingsFactory,
    StandardPageFactory,
    UserFactory,
)


class PageTreeTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, slug="chuangfu")
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.hostname = "testserver"
        site.save()
        SiteSettingsFactory(site=site)
        cls.about = StandardPageFactory(parent=cls.home, title="关于创孵", slug="about")
        cls.brand = BrandPageFactory(parent=cls.home)
        cls.news_index = NewsIndexPageFactory(parent=cls.home, slug="news")
        cls.news = NewsPageFactory(parent=cls.news_index, title="张江孵化器开放日", slug="open-day")
        cls.admin = UserFactory(username="root", is_superuser=True, is_staff=True)

    def setUp(self):
        self.client.force_login(self.admin)


class TestPageHierarchy(PageTreeTestCase):
    def test_home_only_under_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_news_pages_live_under_a_news_index(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_brand_pages_live_under_home(self):
        self.assertAllowedParentPageTypes(BrandPage, {HomePage})

    def test_standard_page_anywhere_under_home(self):
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)


class TestAdminCreatesEveryPageType(PageTreeTestCase):
    def test_create_standard_page(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "使用说明",
                    "slug": "guide",
                    "intro": "如何使用本站",
                    "body": streamfield([("paragraph", rich_text("<p>说明正文</p>"))]),
                }
            ),
        )

    def test_create_news_index_and_news_page(self):
        self.assertCanCreate(
            self.home,
            NewsIndexPage,
            nested_form_data({"title": "媒体报道", "slug": "media", "intro": "", "per_page": 10}),
        )
        self.assertCanCreate(
            self.news_index,
            NewsPage,
            nested_form_data(
                {
                    "title": "金桥加速器开放技术平台",
                    "slug": "jinqiao",
                    "date": "2026-05-01",
                    "category": "work",
                    "summary": "平台向区内企业开放。",
                    "source": "",
                    "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
                    "tags": "金桥, 人工智能",
                    "gov_index_no": "",
                    "gov_publisher": "",
                    "gov_open_category": "active",
                    "gov_doc_no": "",
                    "gov_published_at": "",
                }
            ),
        )
        page = NewsPage.objects.get(slug="jinqiao")
        self.assertEqual(sorted(page.tags.names()), ["人工智能", "金桥"])

    def test_create_brand_page(self):
        self.assertCanCreate(
            self.home,
            BrandPage,
            nested_form_data(
                {
                    "title": "创孵学堂",
                    "slug": "xuetang",
                    "brand": "xuetang",
                    "slogan": "浦东孵化学堂",
                    "icon_text": "学",
                    "summary": "孵化从业人员培训。",
                    "body": streamfield([]),
                }
            ),
        )

    def test_policy_document_requires_publisher_and_date(self):
        response = self.client.post(
            f"/admin/pages/add/news/newspage/{self.news_index.pk}/",
            nested_form_data(
                {
                    "title": "某政策",
                    "slug": "policy-x",
                    "date": "2026-05-01",
                    "category": "policy",
                    "summary": "摘要",
                    "body": streamfield([]),
                    "tags": "",
                    "gov_open_category": "active",
                    "action-publish": "publish",
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "政策文件须填写发布机构。")
        self.assertContains(response, "政策文件须填写发布时间。")
        self.assertFalse(NewsPage.objects.filter(slug="policy-x").exists())


class TestEveryPageRendersAndEdits(PageTreeTestCase):
    def test_renderable_and_editable(self):
        for page in (self.home, self.about, self.brand, self.news_index, self.news):
            with self.subTest(page=page.title):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=self.edit_form_data(page))

    def edit_form_data(self, page):
        """The edit form as the browser would post it; StreamFields (rendered by JS) post as empty streams."""
        self.client.force_login(self.admin)  # assertPageIsEditable logs out after each page
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for field in page._meta.get_fields():
            if isinstance(field, StreamField):
                data[f"{field.name}-count"] = "0"
        data["action-publish"] = ""
        return data

    def test_home_page_shows_nav_and_brand_tiles(self):
        self.about.show_in_menus = True
        self.about.save()
        response = self.client.get("/")
        self.assertContains(response, 'href="/about/"')
        # An empty home body still renders the header, footer and skip link.
        self.assertContains(response, 'class="skip-link"')

    def test_breadcrumbs_on_news_page(self):
        response = self.client.get(self.news.url)
        self.assertContains(response, 'aria-label="当前位置"')
        self.assertContains(response, f'<a href="{self.news_index.url}">政策与动态</a>', html=True)
        self.assertContains(response, '<li aria-current="page">张江孵化器开放日</li>', html=True)

    def test_home_sections_render_from_stream(self):
        self.home.body = [
            ("hero", {"title": "创孵 · 让创新在浦东生根", "subtitle": "一站式孵化服务"}),
            ("brand_tiles", {"heading": "创孵服务", "brands": []}),
            ("latest_news", {"heading": "新闻动态", "count": 3, "category": ""}),
            ("upcoming_events", {"heading": "近期活动", "count": 3}),
            ("featured_carriers", {"heading": "孵化载体", "count": 3}),
            ("stats", {"heading": "目标", "items": [{"value": "10家", "label": "高峰孵化器"}]}),
        ]
        self.home.save_revision().publish()
        response = self.client.get("/")
        self.assertContains(response, "创孵 · 让创新在浦东生根")
        self.assertContains(response, self.brand.title)  # brand tiles fall back to all brand pages
        self.assertContains(response, "张江孵化器开放日")  # latest news
        self.assertContains(response, "近期暂无活动")  # slot without a provider yet
        self.assertContains(response, "10家")


def test_news_date_default_is_shanghai_today(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    field = NewsPage._meta.get_field("date")
    assert isinstance(field.default(), datetime.date)
