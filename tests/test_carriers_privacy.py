"""Staff-only company fields never reach public pages, the GeoJSON, search documents or non-staff exports."""

import dataclasses
import datetime

import pytest

from search.registry import get as get_searchable
from tests.factories import (
    CarrierIndexPageFactory,
    CarrierPageFactory,
    CompanyFactory,
    ResidencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STAFF_VALUES = ["内部融资信息：A轮五千万", "内部联系人甲", "13900000000", "内部备注：勿外传"]


@pytest.fixture
def library(home_page):
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    carrier = CarrierPageFactory(parent=index, title="张江芯片孵化器", slug="zj-ic", industries=["ic"])
    public = CompanyFactory(name="上海公开芯片科技有限公司", is_hightech=True)
    hidden = CompanyFactory(name="上海不公开科技有限公司", is_public=False)
    ResidencyFactory(company=public, carrier=carrier)
    ResidencyFactory(company=hidden, carrier=carrier)
    return index, carrier, public, hidden


def assert_no_staff_data(text):
    for value in STAFF_VALUES:
        assert value not in text


def test_public_pages_show_public_fields_only(client, library):
    index, carrier, public, hidden = library
    for url in ["/carriers/", "/carriers/zj-ic/", "/carriers/companies/", "/carriers/geojson/", "/"]:
        html = client.get(url).content.decode()
        assert_no_staff_data(html)
        assert hidden.name not in html, url
    assert public.name in client.get("/carriers/zj-ic/").content.decode()
    assert public.name in client.get("/carriers/companies/").content.decode()


def test_search_documents_carry_no_staff_fields(library):
    index, carrier, public, hidden = library
    company_search = get_searchable("company")
    documents = [company_search.to_document(c) for c in company_search.queryset()]
    assert [d.title for d in documents] == [public.name]  # non-public companies are not indexed
    for document in documents:
        assert_no_staff_data(repr(dataclasses.asdict(document)))
    assert company_search.is_public(hidden) is False
    carrier_document = get_searchable("carrier").to_document(carrier)
    assert carrier_document.title == "张江芯片孵化器"
    assert carrier_document.industries == ["集成电路"]
    assert carrier_document.areas == ["张江"]
    assert_no_staff_data(repr(dataclasses.asdict(carrier_document)))


def test_database_search_finds_carriers_but_not_staff_text(client, library, settings):
    # The database search (the embedded default, and 精简搜索): without this the test depended on whether
    # an earlier test had left a search index behind on the shared cluster.
    settings.ELASTICSEARCH_URL = ""
    response = client.get("/search/", {"q": "芯片孵化器"})
    assert response.context["search_mode"] == "database"
    # The database search marks the query's words in titles (issue 12), so compare the plain titles.
    assert "张江芯片孵化器" in [hit.title for hit in response.context["results"]]
    # Staff notes are not searchable: searching for them finds nothing.
    html = client.get("/search/", {"q": "勿外传"}).content.decode()
    assert "张江芯片孵化器" not in html and "上海公开芯片科技有限公司" not in html


def test_export_is_for_staff_only(client, library):
    index = library[0]
    url = f"/admin/carriers/export/{index.pk}/"
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory())
    assert client.get(url).status_code in (302, 403)
    assert client.get("/admin/carriers/import/").status_code in (302, 403)
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_carrier_figures_come_from_the_library(client, library):
    index, carrier, public, hidden = library
    other = CompanyFactory(is_hightech=True)
    ResidencyFactory(
        company=other, carrier=carrier, left_on=datetime.date(2025, 6, 1), left_reason="graduated"
    )
    moved = CompanyFactory(is_hightech=True)
    ResidencyFactory(company=moved, carrier=carrier, left_on=datetime.date(2025, 6, 1), left_reason="moved")
    figures = carrier.figures()
    # Hidden companies still count (the figure is an aggregate, not a listing).
    assert figures == {"incubating": 2, "graduated": 1, "hightech": 2, "source": "library"}
    lonely = CarrierPageFactory(parent=index, slug="lonely", reported_incubating=7)
    assert lonely.figures()["incubating"] == 7 and lonely.figures()["source"] == "reported"
