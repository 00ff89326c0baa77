"""双创云超 providers: the provider page (services, ratings shown from three on), the service page's new facts,
the 创新券可用 facet on the catalogue and in the search document, and query bounds on both listings."""

from django.urls import reverse
from django.utils import timezone

import pytest

from brand.models import RequestKind, RequestStatus, ServicePage, ServiceProvider, ServiceRequest
from brand.search_documents import service_document
from core.brands import Brand
from tests.factories import BrandPageFactory, ServicePageFactory


@pytest.fixture
def yunchao(home_page):
    return BrandPageFactory(parent=home_page, brand=Brand.YUNCHAO)


@pytest.fixture
def provider(db):
    return ServiceProvider.objects.create(
        name="浦江示例知识产权",
        slug="pujiang-ip",
        profile="专利代理机构。",
        qualifications="专利代理机构执业许可证",
    )


def rated(service, rating, comment=""):
    now = timezone.now()
    return ServiceRequest.objects.create(
        kind=RequestKind.SERVICE,
        status=RequestStatus.CLOSED,
        topic="专利申请",
        company_name="示例企业",
        stage="startup",
        need="申请发明专利",
        contact_name="甲",
        mobile="13900000000",
        email="a@example.cn",
        privacy_version="2026-01",
        privacy_consented_at=now,
        service=service,
        provider=service.service_provider,
        due_at=now,
        closed_at=now,
        rating=rating,
        rating_comment=comment,
        rated_at=now,
    )


@pytest.mark.django_db
def test_provider_page_lists_services_and_shows_ratings_from_three(client, yunchao, provider):
    service = ServicePageFactory(
        parent=yunchao, title="发明专利申请", service_provider=provider, price_from=3000, price_to=8000
    )
    ServicePageFactory(parent=yunchao, title="别家的服务")
    url = reverse("brand:provider", args=[provider.slug])
    rated(service, 5, "很专业")
    rated(service, 4)
    html = client.get(url).content.decode()
    assert "发明专利申请" in html and "别家的服务" not in html and "专利代理机构执业许可证" in html
    assert "评价满 3 条后显示评分" in html and "很专业" not in html
    rated(service, 3)
    html = client.get(url).content.decode()
    assert "用户评分 <strong>4.0</strong> / 5（3 条评价）" in html and "很专业" in html
    service_html = client.get(service.url).content.decode()
    assert url in service_html and "3000–8000 元" in service_html
    assert client.get(reverse("brand:provider", args=["nobody"])).status_code == 404


@pytest.mark.django_db
def test_voucher_facet_and_search_document(client, yunchao, provider):
    voucher = ServicePageFactory(
        parent=yunchao, title="可用创新券的检测", innovation_voucher=True, service_provider=provider
    )
    ServicePageFactory(parent=yunchao, title="普通服务")
    response = client.get(yunchao.url + "?voucher=True")
    titles = [item.title for item in response.context["catalog"].items]
    assert titles == ["可用创新券的检测"]
    assert "创新券可用" in response.content.decode()
    document = service_document(voucher)
    assert "创新券可用" in document.tags and provider.name in document.keywords


@pytest.mark.django_db
def test_listing_and_provider_page_queries_do_not_grow(
    client, yunchao, provider, django_assert_max_num_queries
):
    def count(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(url)  # warm the page chrome
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    provider_url = reverse("brand:provider", args=[provider.slug])
    for n in range(2):
        ServicePageFactory(parent=yunchao, title=f"服务{n}", service_provider=provider, areas=["zhangjiang"])
    few = count(yunchao.url), count(provider_url)
    for n in range(2, 10):
        ServicePageFactory(parent=yunchao, title=f"服务{n}", service_provider=provider, areas=["zhangjiang"])
    many = count(yunchao.url), count(provider_url)
    assert many == few
    with django_assert_max_num_queries(25):
        client.get(yunchao.url)


@pytest.mark.django_db
def test_renaming_a_provider_reindexes_its_services(yunchao, provider):
    from search.models import IndexChange

    service = ServicePageFactory(parent=yunchao, service_provider=provider)
    ServicePageFactory(parent=yunchao, title="别家的服务")
    IndexChange.objects.all().delete()
    provider.name = "浦江知识产权（更名）"
    provider.save()
    assert list(IndexChange.objects.filter(key="service").values_list("object_id", flat=True)) == [
        str(service.pk)
    ]
    assert provider.name in service_document(ServicePage.objects.get(pk=service.pk)).keywords
