"""Issue 12 on the real Elasticsearch: a title match beats a keyword match, graded matching (partial
results after full ones, marked 部分匹配), editors' picks first (推荐), the suggestions of an empty or
partial page, and the query log (no personal data)."""

import datetime
import functools

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

import pytest

from search import picks, querylog
from search.models import QueryDay
from search.registry import Searchable, SearchDocument
from search.testing import rebuild, registered, reset_index
from tests.factories import NewsIndexPageFactory, NewsPageFactory

# Test-only "companies" on auth.Group: short names go into the sparse keywords field, as carriers' 简称 do.
COMPANIES = {
    "上海元联有限公司": ["量子"],
    "上海博拓有限公司": ["量子"],
    "上海华研有限公司": [],
    "上海卓安有限公司": [],
    "上海微析有限公司": [],
}


def company_document(group):
    return SearchDocument(
        title=group.name,
        url=f"/companies/{group.pk}/",
        summary="企业库条目。",
        keywords=COMPANIES[group.name],
    )


COMPANY = Searchable(
    key="company",
    label="企业库",
    model=Group,
    queryset=lambda: Group.objects.filter(name__in=list(COMPANIES)).order_by("pk"),
    to_document=company_document,
)


@pytest.fixture(autouse=True)
def _fresh_process_state():
    # Picks and popular searches are held per process; tests roll back the rows they were read from.
    picks.forget()
    querylog.forget_popular()
    yield
    picks.forget()
    querylog.forget_popular()


@pytest.fixture
def content(home_page, es_client):
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    # Dated this week: the factory's dates run on with every news page the session builds (into next year),
    # and freshness is part of the score.
    recent = functools.partial(NewsPageFactory, date=timezone.localdate() - datetime.timedelta(days=3))
    pages = {
        "quantum": recent(
            parent=news, title="临港科创量子科技加速器年度开放日活动", summary="面向初创团队开放。"
        ),
        "operations": recent(
            parent=news, title="孵化器运营管理实训营开班", summary="面向从业人员的实训课程。"
        ),
        "directory": recent(parent=news, title="浦东孵化器名录发布", summary="全区载体一览。"),
        "old_operations": recent(parent=news, title="载体运营案例汇编", summary="运营经验分享。"),
        "zhangjiang": recent(parent=news, title="张江创孵驿站揭牌", summary="就近服务企业。"),
    }
    with registered(COMPANY):
        for name in COMPANIES:
            Group.objects.create(name=name)
        reset_index()
        rebuild()
        yield pages


def results(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert response.context["search_mode"] == "engine"
    return response, list(response.context["results"] or [])


def test_a_title_match_beats_a_keyword_match(client, content):
    _, hits = results(client, q="量子")
    titles = [hit.title for hit in hits]
    # The sparse keywords field once gave each character about four times a title's weight.
    assert titles[0] == content["quantum"].title
    assert set(titles[1:]) == {"上海元联有限公司", "上海博拓有限公司"}


def test_an_old_title_match_still_beats_an_undated_keyword_match(client, content):
    # Freshness orders pages within a tier: a page years old loses its bonus, and an undated company gets none.
    content["quantum"].date = timezone.localdate() - datetime.timedelta(days=3 * 365)
    content["quantum"].save_revision().publish()
    rebuild()
    _, hits = results(client, q="量子")
    assert hits[0].title == content["quantum"].title


def test_partial_results_come_after_full_matches_and_are_marked(client, content):
    response, hits = results(client, q="孵化器 运营")
    assert hits[0].title == content["operations"].title and not hits[0].partial
    rest = {hit.title: hit.partial for hit in hits[1:]}
    assert rest == {content["directory"].title: True, content["old_operations"].title: True}
    html = response.content.decode()
    assert html.count("search-badge--partial") == 2
    assert "没有同时包含全部关键词的内容" not in html  # there is a full match


def test_only_partial_matches_say_so_and_suggest_the_query_without_its_rarest_word(client, content):
    response, hits = results(client, q="孵化器 引力波")
    assert hits and all(hit.partial for hit in hits)
    html = response.content.decode()
    assert "没有同时包含全部关键词的内容" in html
    assert 'href="?q=%E5%AD%B5%E5%8C%96%E5%99%A8"' in html  # 试试搜索 孵化器


def test_editors_picks_come_first_marked(client, content):
    SearchPromotion.objects.create(
        query=Query.get("量子"), page=content["zhangjiang"], description="编辑推荐"
    )
    response, hits = results(client, q="量子")
    assert hits[0].title == content["zhangjiang"].title and hits[0].pinned
    assert hits[1].title == content["quantum"].title
    html = response.content.decode()
    assert "search-badge--pick" in html and ">推荐</span>" in html
    # Only for its query, and only once.
    _, other = results(client, q="孵化器")
    assert content["zhangjiang"].title not in [hit.title for hit in other]
    SearchPromotion.objects.all().delete()
    _, hits = results(client, q="量子")
    assert not hits[0].pinned


def test_empty_page_suggests_pinyin_titles_and_popular_searches(client, content):
    querylog.flush()
    QueryDay.objects.all().delete()
    for _ in range(3):
        querylog.record("孵化器", 2)
    querylog.flush()
    querylog.forget_popular()  # popular searches are kept ten minutes: start afresh
    response, hits = results(client, q="引力波")
    assert hits == []
    html = response.content.decode()
    assert "没有找到相关内容" in html and "?q=%E5%AD%B5%E5%8C%96%E5%99%A8" in html  # 大家在搜：孵化器
    response, _ = results(client, q="zjcfyz")
    html = response.content.decode()
    assert "您是不是要找" in html and content["zhangjiang"].title in html


def test_query_log_keeps_no_personal_data(admin_client, content):
    querylog.flush()
    QueryDay.objects.all().delete()
    admin_client.get("/search/", {"q": "孵化器"})
    admin_client.get("/search/", {"q": "引力波"})
    admin_client.get("/search/", {"q": "13800000000"})
    admin_client.get("/search/", {"q": "zhang.san@example.com"})
    querylog.flush()
    rows = {row.query: (row.searches, row.no_results) for row in QueryDay.objects.all()}
    assert rows == {"孵化器": (1, 0), "引力波": (1, 1)}
    # The model has nowhere to put who searched.
    assert {f.name for f in QueryDay._meta.get_fields()} == {"id", "query", "day", "searches", "no_results"}
    page = admin_client.get("/admin/search-queries/").content.decode()
    assert "引力波" in page and "没有结果的搜索" in page
