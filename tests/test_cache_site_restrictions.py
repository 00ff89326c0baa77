"""The Site for a host and the view restrictions come from a snapshot in the shared cache
(core/public_pages.py, core/snapshots.py): no query of their own on a served page, and every change to a
site, a restriction, a page's place in the tree or an alias shows on the very next request."""

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction, Site

import pytest

from tests.factories import HomePageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="kouling-2026"
    )


def asks_for_password(response):
    return response.status_code == 200 and 'name="password"' in response.content.decode()


def test_a_served_page_reads_neither_the_sites_nor_the_view_restrictions(client, committed_home):
    home_page = committed_home
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    article = NewsPageFactory(parent=index, slug="a", title="不设限的文章")
    client.get(article.url)
    for url in (article.url, index.url, "/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        assert "wagtailcore_site" not in tables and "wagtailcore_pageviewrestriction" not in tables, url


def test_a_restriction_applies_on_the_next_request_to_the_page_below_it_and_to_listings(
    client, committed_home
):
    home_page = committed_home
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    section = StandardPageFactory(parent=home_page, slug="neibu", title="内部资料")
    inside = StandardPageFactory(parent=section, slug="mingdan", title="内部名单")
    article = NewsPageFactory(parent=index, slug="gongkai", title="公开文章")
    assert client.get(inside.url).status_code == 200 and "公开文章" in client.get(index.url).content.decode()
    assert Page.objects.live().public().filter(pk=inside.pk).exists()

    restriction = restrict(section)
    assert asks_for_password(client.get(inside.url))
    assert not Page.objects.live().public().filter(pk__in=[section.pk, inside.pk]).exists()
    restrict(article)
    assert "公开文章" not in client.get(index.url).content.decode()  # the listing's .public() drops it

    restriction.delete()
    assert "内部名单" in client.get(inside.url).content.decode()
    assert Page.objects.live().public().filter(pk=inside.pk).exists()


def test_a_page_moved_under_a_restricted_section_becomes_private_at_once(client, committed_home):
    home_page = committed_home
    section = StandardPageFactory(parent=home_page, slug="neibu")
    restrict(section)
    page = StandardPageFactory(parent=home_page, slug="huiyi-jiyao", title="会议纪要")
    assert "会议纪要" in client.get("/huiyi-jiyao/").content.decode()
    page.move(section, pos="last-child")
    assert asks_for_password(client.get("/neibu/huiyi-jiyao/"))
    assert not Page.objects.live().public().filter(pk=page.pk).exists()


def test_a_restricted_section_keeps_its_restriction_when_it_moves(client, committed_home):
    section = StandardPageFactory(parent=committed_home, slug="neibu")
    StandardPageFactory(parent=section, slug="mingdan", title="内部名单")
    archive = StandardPageFactory(parent=committed_home, slug="dangan", title="档案")
    restrict(section)
    assert asks_for_password(client.get("/neibu/mingdan/"))
    Page.objects.get(pk=section.pk).move(archive, pos="last-child")  # its restriction's path moves with it
    assert asks_for_password(client.get("/dangan/neibu/mingdan/"))
    assert not Page.objects.live().public().filter(slug="mingdan").exists()


def test_an_alias_of_a_restricted_page_asks_for_its_password(client, committed_home):
    home_page = committed_home
    source = StandardPageFactory(parent=home_page, slug="yuanwen", title="原文")
    restrict(source)
    elsewhere = StandardPageFactory(parent=home_page, slug="zhuanzai")
    assert client.get(elsewhere.url).status_code == 200  # the snapshot is read before the alias exists
    alias = source.create_alias(parent=elsewhere, update_slug="yuanwen-bieming")
    assert alias.url == "/zhuanzai/yuanwen-bieming/"
    assert asks_for_password(client.get(alias.url))


def test_each_host_gets_its_own_site_and_a_changed_hostname_follows(client, committed_home):
    second_root = HomePageFactory(parent=Page.get_first_root_node(), title="第二站点", slug="second-home")
    StandardPageFactory(parent=second_root, slug="guanyu", title="第二站点关于")
    second = Site.objects.create(hostname="er.example.cn", port=80, root_page=second_root)
    assert "第二站点关于" in client.get("/guanyu/", HTTP_HOST="er.example.cn").content.decode()
    assert client.get("/guanyu/").status_code == 404  # the default site has no such page

    second.hostname = "san.example.cn"
    second.save()
    assert client.get("/guanyu/", HTTP_HOST="er.example.cn").status_code == 404  # now the default site
    assert client.get("/guanyu/", HTTP_HOST="san.example.cn").status_code == 200
    second.delete()
    assert client.get("/guanyu/", HTTP_HOST="san.example.cn").status_code == 404


def test_a_restriction_rolled_back_leaves_no_trace(client, committed_home):
    page = StandardPageFactory(parent=committed_home, slug="gongshi", title="公示")
    assert client.get("/gongshi/").status_code == 200
    with pytest.raises(RuntimeError), transaction.atomic():
        restrict(page)
        assert not Page.objects.public().filter(pk=page.pk).exists()  # this transaction sees its own change
        assert asks_for_password(client.get("/gongshi/"))
        raise RuntimeError("editor's save failed")
    assert "公示" in client.get("/gongshi/").content.decode()
    assert Page.objects.public().filter(pk=page.pk).exists()


@pytest.mark.django_db
def test_a_protected_page_asks_for_its_password_in_the_site_chrome(client, home_page):
    page = StandardPageFactory(parent=home_page, slug="neican", title="内参", search_description="内参摘要")
    restriction = restrict(page)
    html = client.get("/neican/").content.decode()
    assert (
        "本页需要访问密码" in html and "仅向持有访问密码的读者开放" in html and 'class="site-footer' in html
    )
    assert "内参" not in html  # neither its title nor its summary
    action = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    assert f'action="{action}"' in html
    wrong = client.post(action, {"password": "cuowu", "return_url": "/neican/"})
    assert "密码不正确，请核对后再试。" in wrong.content.decode()
    right = client.post(action, {"password": "kouling-2026", "return_url": "/neican/"})
    assert right.status_code == 302 and right["Location"] == "/neican/"
    html = client.get("/neican/").content.decode()
    assert "内参" in html and "本页需要访问密码" not in html
