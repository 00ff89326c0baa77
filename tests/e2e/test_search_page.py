"""In real Chromium: pinyin autocomplete in the header, and facet checkboxes that filter through the URL."""

import pytest

from search.testing import ensure_wagtail_tree, reset_index
from tests.factories import BrandPageFactory, NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def wagtail_tree(transactional_db):
    # A previous transactional test flushed the data Wagtail's migrations created.
    ensure_wagtail_tree()


@pytest.fixture
def indexed_site(wagtail_tree, live_site, es_client):
    reset_index()
    index = NewsIndexPageFactory(parent=live_site["home"], slug="news")
    NewsPageFactory(parent=index, title="张江科学城新增两家孵化器", slug="zhangjiang")
    NewsPageFactory(parent=index, title="金桥孵化企业开放日", slug="jinqiao")
    BrandPageFactory(parent=live_site["home"], title="创孵驿站", summary="孵化服务站点遍布全区。")
    return live_site


def test_pinyin_autocomplete_opens_the_page(indexed_site, browser_page):
    page = browser_page
    page.goto(indexed_site["url"] + "/")
    box = page.get_by_role("combobox", name="搜索全站")
    box.press_sequentially("zhangj", delay=30)
    option = page.get_by_role("option").first
    option.wait_for()
    assert "张江科学城新增两家孵化器" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/news/zhangjiang/")


def test_facet_checkbox_filters_and_stays_in_url(indexed_site, browser_page):
    page = browser_page
    page.goto(indexed_site["url"] + "/search/?q=孵化")
    assert "找到 3 条" in page.locator(".search-count").inner_text()
    page.get_by_role("checkbox", name="服务品牌").first.check()
    page.wait_for_url("**type=brand**")
    assert page.locator(".search-result__title").all_inner_texts() == ["创孵驿站"]
    assert "找到 1 条" in page.locator(".search-count").inner_text()
    page.get_by_role("link", name="移除筛选：内容类型 服务品牌").click()
    page.wait_for_url(lambda url: "type=" not in url)
    assert "找到 3 条" in page.locator(".search-count").inner_text()


def test_filters_fold_on_a_phone_and_open_beside_results_on_a_desktop(indexed_site, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(indexed_site["url"] + "/search/?q=孵化")
    checkbox = page.get_by_role("checkbox", name="服务品牌").first
    page.wait_for_function("!document.querySelector('details[data-collapse-narrow]').open")
    assert not checkbox.is_visible()
    assert page.locator(".search-result__title").first.is_visible()
    page.get_by_text("筛选结果").click()  # the reader unfolds them
    assert checkbox.is_visible()
    # click, not check(): the form submits at once and the new page folds the filters again, so the
    # new checkbox is hidden by the time check() would look for its state.
    checkbox.click()
    page.wait_for_url("**type=brand**")
    assert not page.get_by_role("checkbox", name="服务品牌").first.is_visible()
    assert "已选 1 项" in page.locator(".search-facets__title").inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert page.get_by_role("checkbox", name="服务品牌").first.is_visible()
