"""The embedded default's search: Chinese words inside titles and summaries, without segmentation.

With ELASTICSEARCH_URL empty (`make run`) the database search is the configured mode: no 精简搜索 notice.
"""

import pytest

from tests.factories import BrandPageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory


@pytest.fixture(autouse=True)
def _embedded_mode(settings):
    settings.ELASTICSEARCH_URL = ""


@pytest.fixture
def content(home_page):
    index = NewsIndexPageFactory(parent=home_page, slug="news")
    policy = NewsPageFactory(
        parent=index,
        title="浦东新区人民政府办公室关于印发《浦东新区孵化载体全链升级高峰高原计划》的通知",
        summary="建成一批国际领先的孵化高峰载体。",
    )
    summary_only = NewsPageFactory(parent=index, title="金桥开放日", summary="金桥加速器面向孵化企业开放")
    other = NewsPageFactory(parent=index, title="临港概念验证中心启用", summary="服务高校成果转化")
    draft = NewsPageFactory(parent=index, title="孵化草稿", live=False)
    brand = BrandPageFactory(parent=home_page, summary="汇聚专家，为在孵企业一对一咨询")
    about = StandardPageFactory(parent=home_page, title="关于", intro="张江、金桥等区域的服务")
    return {
        "policy": policy,
        "summary_only": summary_only,
        "other": other,
        "draft": draft,
        "brand": brand,
        "about": about,
    }


def result_titles(response):
    return [hit.title for hit in response.context["results"]] if response.context["results"] else []


@pytest.mark.django_db
def test_chinese_word_inside_title(client, content):
    found = result_titles(client.get("/search/", {"q": "孵化"}))
    assert content["policy"].title in found
    assert content["summary_only"].title in found  # matched in the summary
    assert content["other"].title not in found
    assert "孵化草稿" not in found  # drafts never appear
    # Title matches rank above summary-only matches.
    assert found.index(content["policy"].title) < found.index(content["summary_only"].title)


@pytest.mark.django_db
def test_pages_with_every_word_first_then_partial_matches_marked(client, content):
    hits = list(client.get("/search/", {"q": "金桥 开放"}).context["results"])
    assert [(hit.title, hit.partial) for hit in hits[:1]] == [("金桥开放日", False)]
    assert hits[1:] and all(hit.partial for hit in hits[1:])  # pages with one of the words, after it
    response = client.get("/search/", {"q": "金桥 量子"})  # no page has both
    hits = list(response.context["results"])
    assert "金桥开放日" in [hit.title for hit in hits] and all(hit.partial for hit in hits)
    assert "部分匹配" in response.content.decode()
    assert result_titles(client.get("/search/", {"q": "量子 引力波"})) == []  # no page shares a word


@pytest.mark.django_db
def test_brand_and_standard_page_short_fields(client, content):
    assert content["brand"].title in result_titles(client.get("/search/", {"q": "在孵企业"}))
    assert content["about"].title in result_titles(client.get("/search/", {"q": "张江"}))


@pytest.mark.django_db
def test_full_width_input_is_normalised(client, content):
    # NFKC folds full-width letters and spaces typed by Chinese input methods.
    assert content["summary_only"].title in result_titles(client.get("/search/", {"q": "金桥　开放"}))


@pytest.mark.django_db
def test_empty_and_no_result_states(client, content):
    empty = client.get("/search/")
    assert empty.status_code == 200
    assert "可搜索新闻、政策文件" in empty.content.decode()
    none = client.get("/search/", {"q": "完全不存在的词"})
    assert "没有找到相关内容" in none.content.decode()


@pytest.mark.django_db
def test_embedded_mode_shows_no_degraded_notice(client, content):
    response = client.get("/search/", {"q": "孵化"})
    assert response.context["search_mode"] == "database"
    assert "精简搜索" not in response.content.decode()
    # Issue 12: the embedded default suggests titles too (from the database search's table).
    suggested = [
        item["title"] for item in client.get("/search/autocomplete/", {"q": "孵化"}).json()["results"]
    ]
    assert suggested == [content["policy"].title]
