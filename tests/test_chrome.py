"""The page chrome (header, navigation, footer) is cached per process and follows editors' changes."""

import pytest

from home import chrome
from tests.factories import StandardPageFactory


def nav_titles(response):
    return [item.title for item in response.context["nav_pages"]]


@pytest.fixture
def about(home_page):
    return StandardPageFactory(parent=home_page, title="关于创孵", slug="about", show_in_menus=True)


@pytest.mark.django_db
def test_warm_pages_build_no_chrome_queries(client, about, django_assert_num_queries):
    first = client.get("/search/")
    assert "关于创孵" in nav_titles(first)
    # Site, settings, menu pages and view restrictions are not looked up again.
    with django_assert_num_queries(0):
        response = client.get("/search/")
    html = response.content.decode()
    assert '<a href="/about/">关于创孵</a>' in html
    assert "沪ICP备2023000000号-1" in html and "021-5000 0000" in html


@pytest.mark.django_db
def test_publishing_and_unpublishing_a_menu_page_updates_the_navigation(client, about, home_page):
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    news = StandardPageFactory(
        parent=home_page, title="新闻动态", slug="news", show_in_menus=True, live=False
    )
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    news.save_revision().publish()
    assert nav_titles(client.get("/search/")) == ["关于创孵", "新闻动态"]
    about.unpublish()
    assert nav_titles(client.get("/search/")) == ["新闻动态"]
    news.delete()
    assert nav_titles(client.get("/search/")) == []


@pytest.mark.django_db
def test_moving_and_renaming_pages_updates_the_navigation(client, about, home_page):
    child = StandardPageFactory(parent=about, title="联系我们", slug="contact", show_in_menus=True)
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    child.move(home_page, pos="last-child")
    assert nav_titles(client.get("/search/")) == ["关于创孵", "联系我们"]
    about.title = "走进创孵"
    about.save_revision().publish()
    assert nav_titles(client.get("/search/")) == ["走进创孵", "联系我们"]


@pytest.mark.django_db
def test_site_settings_changes_show_at_once(client, home_page):
    from home.models import SiteSettings

    assert "021-5000 0000" in client.get("/search/").content.decode()
    settings_obj = SiteSettings.objects.get()
    settings_obj.contact_phone = "021-6888 8888"
    settings_obj.site_name = "创孵浦东"
    settings_obj.save()
    html = client.get("/search/").content.decode()
    assert "021-6888 8888" in html and "021-5000 0000" not in html
    assert "<title>站内搜索 - 创孵浦东</title>" in html


@pytest.mark.django_db
def test_each_host_gets_its_own_chrome(client, home_page, about):
    from wagtail.models import Site

    other_root = StandardPageFactory(parent=home_page.get_parent(), title="另一个站", slug="other")
    StandardPageFactory(parent=other_root, title="只在另一个站", slug="only", show_in_menus=True)
    Site.objects.create(hostname="other.test", root_page=other_root, site_name="另一个站")
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    assert nav_titles(client.get("/search/", HTTP_HOST="other.test")) == ["只在另一个站"]


@pytest.mark.django_db
def test_the_cache_expires(client, about, settings):
    settings.CHROME_CACHE_SECONDS = 0  # other processes see changes when their copy expires
    client.get("/search/")
    assert chrome._cache().get("chrome:testserver:80") is None


@pytest.mark.django_db
def test_a_page_behind_a_login_leaves_the_navigation(client, about):
    from wagtail.models import PageViewRestriction

    assert nav_titles(client.get("/search/")) == ["关于创孵"]
    restriction = PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert nav_titles(client.get("/search/")) == []
    restriction.delete()
    assert nav_titles(client.get("/search/")) == ["关于创孵"]
