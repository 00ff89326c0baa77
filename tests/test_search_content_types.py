"""Site search over the real content types (carriers, companies, events, news) on the real Elasticsearch.

test_search_relevance.py pins the ranking rules with test-only types; this file checks that the types the
carriers and events apps register really flow into the index the same way.
"""

import pytest

from search.testing import rebuild, reset_index
from tests.factories import (
    CarrierIndexPageFactory,
    CarrierPageFactory,
    CompanyFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ResidencyFactory,
)


@pytest.fixture
def content(home_page, es_client):
    carriers = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    news = NewsIndexPageFactory(parent=home_page, slug="news")
    events = EventIndexPageFactory(parent=home_page, slug="events")
    pages = {
        "biomed_incubator": CarrierPageFactory(
            parent=carriers, title="药谷创新中心", area="zhangjiang", industries=["biomed"]
        ),
        "ic_accelerator": CarrierPageFactory(
            parent=carriers,
            title="金桥芯片加速营",
            area="jinqiao",
            industries=["ic"],
            carrier_type="accelerator",
        ),
        "mention": NewsPageFactory(
            parent=news,
            title="浦东产业年度综述",
            summary="全区产业平稳增长。",
            body=[("paragraph", "<p>张江的生物医药企业数量增长，多家孵化器扩容。</p>")],
        ),
        "salon": EventPageFactory(parent=events, title="合成生物创新沙龙", venue_name="张江科学会堂"),
    }
    company = CompanyFactory(name="上海药谷示例生物科技有限公司", staff_notes="内部备注：估值机密")
    ResidencyFactory(company=company, carrier=pages["biomed_incubator"])
    pages["company"] = company
    reset_index()
    rebuild()
    return pages


def titles(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert response.context["search_mode"] == "engine"
    return [
        hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in response.context["results"]
    ]


@pytest.mark.django_db
def test_carrier_attributes_rank_above_body_mentions(client, content):
    found = titles(client, q="张江 生物医药 孵化器")
    assert found[0] == "药谷创新中心"
    assert "浦东产业年度综述" in found  # it mentions all three words, but only in its body
    assert "金桥芯片加速营" not in found


@pytest.mark.django_db
def test_events_and_companies_are_searchable(client, content):
    assert "合成生物创新沙龙" in titles(client, q="合成生物")
    assert "上海药谷示例生物科技有限公司" in titles(client, q="药谷示例")


@pytest.mark.django_db
def test_staff_only_company_fields_are_not_searchable(client, content):
    assert titles(client, q="估值机密") == []
    assert titles(client, q="13900000000") == []  # the factory's staff-only contact phone


@pytest.mark.django_db
def test_type_facet_counts_real_types(client, content):
    response = client.get("/search/", {"q": "张江"})
    facets = {facet.key: values for facet, values in response.context["facets"]}
    type_counts = {value.label: value.count for value in facets["type"]}
    assert type_counts.get("孵化载体") == 1, type_counts
    assert type_counts.get("活动") == 1, type_counts
    area_counts = {value.label: value.count for value in facets["area"]}
    assert area_counts.get("张江", 0) >= 1, area_counts
