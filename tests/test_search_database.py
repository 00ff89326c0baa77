"""The database search (embedded default and 精简搜索): jieba words in any order across title, summary and
tags, title hits first, highlights, autocomplete from pinyin and initials; the same on PostgreSQL and
SQLite (a fresh SQLite database in a subprocess)."""

import json
import os
import subprocess
import sys

from django.conf import settings

import pytest

from search.testing import registered
from tests import search_database_probe
from tests.factories import NewsIndexPageFactory, NewsPageFactory


@pytest.fixture(autouse=True)
def _embedded_mode(settings):
    settings.ELASTICSEARCH_URL = ""


EXPECTED_SEARCH = {
    # Any order, title hits (both words) before the article that has them in its summary.
    "孵化器张江": [
        "<mark>张江</mark>星河人工智能<mark>孵化器</mark>",
        "浦东产业年度综述",
        "~创孵驿站服务指南",  # only 孵化器 (a tag): after the pages with both words, marked partial
    ],
    "张江 孵化器": [
        "<mark>张江</mark>星河人工智能<mark>孵化器</mark>",
        "浦东产业年度综述",
        "~创孵驿站服务指南",
    ],
    # A title hit first; a tag-only hit (创孵驿站服务指南) above a summary-only one.
    "孵化器": [
        "张江星河人工智能<mark>孵化器</mark>",
        "创孵驿站服务指南",
        "浦东产业年度综述",
    ],
    "量子 临港": ["<mark>临港</mark>科创<mark>量子</mark>科技加速器"],
    "人工智能": ["张江星河<mark>人工智能</mark>孵化器"],
    # No entry has both words: those with one of them follow, marked 部分匹配 (the probe prints "~").
    "金桥 量子": ["~临港科创<mark>量子</mark>科技加速器", "~浦东产业年度综述"],
}
EXPECTED_SUGGEST = {
    "张江": ["张江星河人工智能孵化器"],
    "zj": ["张江星河人工智能孵化器"],
    "zhangjiang": ["张江星河人工智能孵化器"],
    "lgkc": ["临港科创量子科技加速器"],
    "liangzi": ["临港科创量子科技加速器"],
    "qqqq": [],
}


def test_chinese_matching_and_autocomplete_on_postgresql(db):
    with registered(search_database_probe.PROBE):
        search_database_probe.create()
        found = search_database_probe.probe()
    assert found["search"] == EXPECTED_SEARCH
    assert found["suggest"] == EXPECTED_SUGGEST


def test_the_same_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "ELASTICSEARCH_URL": "",
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PYTHONPATH": os.pathsep.join([str(settings.REPO_DIR), str(settings.REPO_DIR / "site")]),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from tests import search_database_probe as p; p.main()",
        ],
        cwd=settings.REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["search"] == EXPECTED_SEARCH
    assert found["suggest"] == EXPECTED_SUGGEST


def test_search_page_type_filter_and_highlights(client, home_page):
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    NewsPageFactory(parent=news, title="张江孵化器开放日", summary="欢迎参观。")
    with registered(search_database_probe.PROBE):
        search_database_probe.create()
        response = client.get("/search/", {"q": "孵化器 张江"})
        assert response.context["search_mode"] == "database"
        types = {hit.type_key for hit in response.context["results"]}
        assert types == {"news", "probe"}
        html = response.content.decode()
        assert "<mark>张江</mark><mark>孵化器</mark>开放日" in html or "<mark>张江孵化器</mark>开放日" in html
        assert 'name="type" value="news"' in html  # the type filter is offered
        only_news = client.get("/search/", {"q": "孵化器 张江", "type": "news"})
        assert [hit.title for hit in only_news.context["results"]] == ["张江孵化器开放日"]
        # Unpublishing takes the page out of the table (the sync path).
        page = NewsPageFactory(parent=news, title="张江孵化器草稿通知")
        assert "张江孵化器草稿通知" in [
            h.title for h in client.get("/search/", {"q": "张江"}).context["results"]
        ]
        page.unpublish()
        assert "张江孵化器草稿通知" not in [
            h.title for h in client.get("/search/", {"q": "张江"}).context["results"]
        ]
