"""Site search on the real Elasticsearch: ranking, phrases, facets, highlights, synonyms, autocomplete, privacy.

Besides news, standard and brand pages, a test-only type ("carrier", on auth.Group so it is a plain
non-page model) carries the structured attributes (area, industry) that issue 3's carriers will.
"""

import datetime

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction

import pytest

from search.registry import Searchable, SearchDocument
from search.testing import rebuild, registered, reset_index
from tests.factories import BrandPageFactory, NewsIndexPageFactory, NewsPageFactory, StandardPageFactory

# Attributes of the test carriers, by name; `staff_note` is staff-only and must never be searchable.
CARRIERS = {
    "张江药谷生物医药孵化器": {
        "summary": "面向创新药和医疗器械初创企业的专业孵化器。",
        "areas": ["张江"],
        "industries": ["生物医药"],
        "category": "孵化器",
        "staff_note": "内部备注：负责人手机13800000000",
    },
    "金桥智造加速器": {
        "summary": "智能制造方向的企业加速器。",
        "areas": ["金桥"],
        "industries": ["智能制造"],
        "category": "加速器",
        "staff_note": "内部备注：租金底价",
    },
    "临港集成电路众创空间": {
        "summary": "芯片设计早期团队的众创空间。",
        "areas": ["临港"],
        "industries": ["集成电路"],
        "category": "众创空间",
        "staff_note": "",
    },
}


def carrier_document(group):
    attrs = CARRIERS.get(group.name, {})
    return SearchDocument(
        title=group.name,
        url=f"/carriers/{group.pk}/",
        summary=attrs.get("summary", ""),
        category=attrs.get("category", ""),
        areas=attrs.get("areas", []),
        industries=attrs.get("industries", []),
    )


CARRIER = Searchable(
    key="carrier",
    label="孵化载体",
    model=Group,
    queryset=lambda: Group.objects.filter(name__in=list(CARRIERS)).order_by("pk"),
    to_document=carrier_document,
)


@pytest.fixture
def carriers(db, es_client):
    with registered(CARRIER):
        for name in CARRIERS:
            Group.objects.create(name=name)
        yield


@pytest.fixture
def content(home_page, carriers):
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    pages = {
        "mention": NewsPageFactory(
            parent=news,
            title="浦东新区年度产业发展综述",
            summary="全区产业保持平稳增长。",
            body=[("paragraph", "<p>张江的生物医药企业数量增长，多家孵化器扩容。</p>")],
        ),
        "policy": NewsPageFactory(
            parent=news,
            title="关于认定2026年度高新技术企业的通知",
            summary="高企认定工作启动。",
            category="policy",
            gov_publisher="浦东新区科经委",
            gov_doc_no="浦科经委〔2026〕12号",
            gov_published_at=datetime.date(2026, 3, 1),
        ),
        "shuangchuang": NewsPageFactory(
            parent=news, title="创新创业大赛浦东赛区开赛", summary="大赛面向全区初创企业。"
        ),
        "split": NewsPageFactory(
            parent=news, title="孵化服务与载体建设", summary="孵化服务质量提升，载体建设稳步推进。"
        ),
        "phrase": NewsPageFactory(parent=news, title="孵化载体绩效评价启动", summary="评价覆盖全部载体。"),
        "draft": NewsPageFactory(parent=news, title="张江孵化器草稿", live=False),
        "private": StandardPageFactory(parent=home_page, title="张江孵化器内部名单", intro="仅限工作人员"),
        "brand": BrandPageFactory(parent=home_page, title="创孵学堂", summary="孵化从业人员培训。"),
    }
    PageViewRestriction.objects.create(page=pages["private"], restriction_type=PageViewRestriction.LOGIN)
    reset_index()
    rebuild()
    return pages


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert response.context["search_mode"] == "engine"
    return response


def titles(response):
    return [
        hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in response.context["results"]
    ]


def test_attributes_rank_above_body_mentions(client, content):
    found = titles(search(client, q="张江 生物医药 孵化器"))
    assert found[0] == "张江药谷生物医药孵化器"
    assert "浦东新区年度产业发展综述" in found  # it does mention all three words, lower down
    assert found.index("张江药谷生物医药孵化器") < found.index("浦东新区年度产业发展综述")
    # Run together as one string, jieba splits it into the same words.
    assert titles(search(client, q="张江生物医药孵化器"))[0] == "张江药谷生物医药孵化器"


def test_phrase_versus_partial(client, content):
    partial = titles(search(client, q="孵化 载体"))
    # The exact phrase in the title first, then the title that has both words apart.
    assert partial.index("孵化载体绩效评价启动") < partial.index("孵化服务与载体建设")
    exact = titles(search(client, q='"孵化载体"'))
    assert "孵化载体绩效评价启动" in exact
    assert "孵化服务与载体建设" not in exact
    # Characters out of order are not a word.
    assert titles(search(client, q="化孵")) == []


def test_facets_counts_and_multi_select(client, content):
    response = search(client, q="孵化")
    facets = {facet.key: {v.value: v.count for v in values} for facet, values in response.context["facets"]}
    assert facets["type"]["carrier"] == 1
    assert facets["type"]["news"] >= 3
    assert facets["area"] == {"张江": 1}

    only_carriers = search(client, q="孵化", type="carrier")
    assert titles(only_carriers) == ["张江药谷生物医药孵化器"]
    # post_filter: the type facet still counts the other types so readers can add them.
    type_counts = {
        v.value: (v.count, v.selected)
        for f, vs in only_carriers.context["facets"]
        for v in vs
        if f.key == "type"
    }
    assert type_counts["carrier"] == (1, True)
    assert type_counts["news"][0] >= 3

    both = search(client, q="孵化", type=["carrier", "brand"])
    assert set(titles(both)) == {"张江药谷生物医药孵化器", "创孵学堂"}
    # Facets combine across keys with AND.
    assert titles(search(client, q="孵化", type="carrier", area="金桥")) == []
    html = search(client, q="孵化", type="carrier").content.decode()
    assert 'name="type" value="carrier" checked' in html
    assert "移除筛选：内容类型 孵化载体" in html


def test_highlights_badges_and_count(client, content):
    response = search(client, q="孵化器")
    first = response.context["results"][0]
    assert "<mark>孵化器</mark>" in first.title_html
    html = response.content.decode()
    assert "search-badge--carrier" in html and "孵化载体</span>" in html
    assert f"找到 <strong>{response.context['results'].paginator.count}</strong> 条" in html
    # User text is escaped inside highlights.
    NewsPageFactory(parent=content["mention"].get_parent(), title="孵化<script>alert(1)</script>")
    rebuild()
    html = search(client, q="孵化").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_snippets_come_from_the_summary_or_else_the_body(client, content):
    hits = {hit.url: hit for hit in search(client, q="高企").context["results"]}
    policy = hits[content["policy"].url]
    assert policy.snippet_html == "<mark>高企</mark>认定工作启动。"
    # 生物医药 is only in the body of this article: the excerpt comes from there, marked.
    hits = {hit.url: hit for hit in search(client, q="生物医药").context["results"]}
    mention = hits[content["mention"].url]
    assert "<mark>生物医药</mark>" in mention.snippet_html
    assert mention.snippet_html.startswith("…") and "张江的" in mention.snippet_html
    assert mention.title_html == "浦东新区年度产业发展综述"


def test_a_warm_search_page_makes_no_database_query(client, content, django_assert_num_queries):
    search(client, q="张江 孵化器", type="carrier")
    # Hits, facets and highlights come from Elasticsearch, the header and footer from the chrome cache.
    with django_assert_num_queries(0):
        response = search(client, q="孵化 张江", area="张江")
    assert response.context["results"].paginator.count >= 1


def test_synonyms_at_query_time(client, content):
    assert "关于认定2026年度高新技术企业的通知" in titles(search(client, q="高企"))
    assert "创新创业大赛浦东赛区开赛" in titles(search(client, q="双创"))
    # The word itself ranks above its synonyms.
    assert titles(search(client, q="高新技术企业"))[0] == "关于认定2026年度高新技术企业的通知"


def test_policy_found_by_document_number(client, content):
    assert titles(search(client, q="浦科经委〔2026〕12号"))[0] == "关于认定2026年度高新技术企业的通知"


def test_privacy(client, content):
    found = titles(search(client, q="张江 孵化器"))
    assert "张江孵化器草稿" not in found  # drafts
    assert "张江孵化器内部名单" not in found  # pages behind a view restriction
    assert titles(search(client, q="负责人手机")) == []  # staff-only fields never reach the index
    assert titles(search(client, q="13800000000")) == []


def test_autocomplete_prefix_pinyin_and_initials(client, content):
    def suggest(q):
        response = client.get("/search/autocomplete/", {"q": q})
        assert response.status_code == 200
        return [item["title"] for item in response.json()["results"]]

    assert suggest("张江")[0] == "张江药谷生物医药孵化器"
    assert "张江药谷生物医药孵化器" in suggest("zhangjiang")
    assert "张江药谷生物医药孵化器" in suggest("zj")
    assert "临港集成电路众创空间" in suggest("lingang")
    assert "临港集成电路众创空间" in suggest("jcdl")  # initials of a word inside the title
    assert suggest("qqqqzzzz") == []
    assert client.get("/search/autocomplete/", {"q": ""}).json()["results"] == []


def test_pagination_and_empty_state(client, content):
    response = search(client, q="孵化", page="999")
    assert response.context["results"].number == response.context["results"].paginator.num_pages
    # Issue 12: one word no page has no longer empties the page; the pages with the other words come,
    # marked as partial, with the split terms offered.
    relaxed = search(client, q="量子引力 孵化").content.decode()
    assert "没有同时包含全部关键词的内容" in relaxed and "部分匹配" in relaxed
    assert "分开搜索" in relaxed and "?q=%E9%87%8F%E5%AD%90%E5%BC%95%E5%8A%9B" in relaxed
    none = search(client, q="量子引力").content.decode()
    assert "没有找到相关内容" in none
