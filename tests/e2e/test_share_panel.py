"""In real Chromium: an article's 复制链接 button copies the page's address; printing hides the site chrome
and keeps the text and the QR code."""

import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.e2e


def test_copy_link_and_print_layout(browser, live_site):
    news = NewsIndexPageFactory(parent=live_site["home"], slug="news")
    article = NewsPageFactory(parent=news, slug="gaofeng", title="张江新增两家高峰孵化器")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_site["url"] + article.url)
    page.get_by_role("button", name="复制链接").click()
    page.get_by_text("链接已复制").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == live_site["url"] + "/news/gaofeng/"

    page.emulate_media(media="print")
    for hidden in (".site-nav", ".header-search", ".share-panel button", ".article__pager", ".topbar"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".share-panel svg.qr").is_visible()
    assert page.get_by_role("heading", name="张江新增两家高峰孵化器").is_visible()
    context.close()
