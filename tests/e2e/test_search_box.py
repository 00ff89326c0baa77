"""In real Chromium: a reader types a Chinese word in the header search box and finds the policy."""

import pytest

from search.testing import ensure_wagtail_tree, reset_index
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def wagtail_tree(transactional_db):
    # A previous transactional test flushed the data Wagtail's migrations created.
    ensure_wagtail_tree()


def test_header_search_finds_chinese_word(wagtail_tree, live_site, browser_page, es_client):
    reset_index()  # pages created below reach the index through the after-commit sync
    index = NewsIndexPageFactory(parent=live_site["home"], slug="news")
    NewsPageFactory(parent=index, title="关于印发《浦东新区孵化载体全链升级高峰高原计划》的通知")
    NewsPageFactory(parent=index, title="临港概念验证中心启用", summary="服务高校成果转化")

    page = browser_page
    page.goto(live_site["url"] + "/")
    page.get_by_label("搜索全站").fill("孵化")
    page.get_by_role("button", name="搜索").first.click()
    page.wait_for_url("**/search/?q=*")
    results = page.locator(".search-result__title")
    assert results.count() == 1
    assert "孵化载体" in results.first.inner_text()
    assert "找到 1 条" in page.locator(".search-count").inner_text()
