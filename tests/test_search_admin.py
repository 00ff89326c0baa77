"""Editors find Chinese words inside titles in the Wagtail admin (substring backend, see ARCHITECTURE.md)."""

import pytest

from tests.factories import NewsIndexPageFactory, NewsPageFactory, UserFactory


@pytest.mark.django_db
def test_admin_page_search_finds_chinese_word_inside_title(client, home_page):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    NewsPageFactory(parent=index, title="浦东新区孵化载体全链升级高峰高原计划")
    NewsPageFactory(parent=index, title="临港概念验证中心启用")
    draft = NewsPageFactory(parent=index, title="孵化草稿", live=False)
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    response = client.get("/admin/pages/search/", {"q": "孵化"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "浦东新区孵化载体全链升级高峰高原计划" in html
    assert draft.title in html  # editors also find drafts
    assert "临港概念验证中心启用" not in html
