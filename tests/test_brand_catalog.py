"""The brand catalogues: 创孵智询 experts, 双创云超 service products and 创孵驿站 stations.

Where each type may live, the filtered and paginated listing on its brand page, the detail pages, site
search on the real Elasticsearch, and that an expert's staff-only contact fields never leave the admin.
"""

import dataclasses
import json

from django.core.exceptions import ValidationError
from django.core.management import call_command

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

import pytest

from brand.models import ExpertiseField, ExpertPage, ServiceCategory, ServicePage, StationPage
from core.brands import Brand
from core.models import Area
from home.models import HomePage
from search.es import content_alias
from search.fallback import search_pages
from search.registry import get as get_searchable
from search.testing import rebuild, reset_index
from tests.factories import (
    BrandPageFactory,
    CarrierIndexPageFactory,
    ExpertPageFactory,
    HomePageFactory,
    ImageFactory,
    ServicePageFactory,
    SiteSettingsFactory,
    StationPageFactory,
    UserFactory,
)

# What ExpertPageFactory puts in the staff-only fields.
STAFF_VALUES = ["13812345678", "expert.private@example.com", "内部备注：仅周二下午可约"]


@pytest.fixture
def brands(home_page):
    return {
        brand: BrandPageFactory(parent=home_page, brand=brand)
        for brand in (Brand.ZHIXUN, Brand.YUNCHAO, Brand.YIZHAN, Brand.SHALONG)
    }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def card_titles(response):
    return [item.title for item in response.context["catalog"].items]


# Page types: where each may be created ------------------------------------------------------------------


@pytest.mark.django_db
def test_each_type_is_creatable_only_under_its_own_brand(brands, home_page):
    allowed = {ExpertPage: Brand.ZHIXUN, ServicePage: Brand.YUNCHAO, StationPage: Brand.YIZHAN}
    for model, own in allowed.items():
        for brand, brand_page in brands.items():
            assert model.can_create_at(brand_page) is (brand == own), (model.__name__, brand)
            # A plain Page (as the admin's tree gives it) is resolved to its brand too.
            assert model.can_create_at(Page.objects.get(pk=brand_page.pk)) is (brand == own)
        assert not model.can_create_at(home_page)
        assert model.allowed_subpage_models() == []  # entries are leaves


@pytest.mark.django_db
def test_entries_cannot_be_moved_to_another_brand(brands):
    expert = ExpertPageFactory(parent=brands[Brand.ZHIXUN])
    station = StationPageFactory(parent=brands[Brand.YIZHAN])
    assert not expert.can_move_to(brands[Brand.YUNCHAO])
    assert not station.can_move_to(brands[Brand.ZHIXUN])
    assert not expert.can_move_to(HomePageFactory(parent=Page.get_first_root_node(), slug="other-site"))


@pytest.mark.django_db
def test_admin_add_page_offers_only_the_brands_own_type(client, brands):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get(f"/admin/pages/{brands[Brand.ZHIXUN].pk}/add_subpage/").content.decode()
    assert "/add/brand/expertpage/" in html
    assert "/add/brand/servicepage/" not in html and "/add/brand/stationpage/" not in html
    wrong = client.get(f"/admin/pages/add/brand/expertpage/{brands[Brand.YUNCHAO].pk}/")
    assert (wrong.status_code, wrong.get("Location")) == (302, "/admin/")  # Wagtail's "permission denied"


@pytest.mark.django_db
def test_service_needs_a_public_contact_channel(brands):
    service = ServicePageFactory.build(contact_phone="", website="")
    with pytest.raises(ValidationError) as error:
        service.clean()
    assert "contact_phone" in error.value.message_dict
    ServicePageFactory.build(contact_phone="", website="https://example.com/").clean()


@pytest.mark.django_db
def test_station_coordinates_are_checked(brands):
    with pytest.raises(ValidationError, match="同时填写"):
        StationPageFactory.build(latitude=None).clean()
    with pytest.raises(ValidationError, match="浦东新区范围"):  # lat/lng swapped
        StationPageFactory.build(latitude=121.6, longitude=31.2).clean()
    StationPageFactory.build(latitude=None, longitude=None).clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "brand"),
    [
        (ExpertPageFactory, Brand.ZHIXUN),
        (ServicePageFactory, Brand.YUNCHAO),
        (StationPageFactory, Brand.YIZHAN),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_factories_build_live_pages_under_their_brand(brands, factory, brand):
    page = factory(parent=brands[brand])
    assert page.pk and page.live
    assert Page.objects.get(pk=page.pk).specific_class is factory._meta.model
    assert page.get_parent().pk == brands[brand].pk


@pytest.mark.django_db
def test_factory_shapes_taxonomies(brands):
    expert = ExpertPageFactory(parent=brands[Brand.ZHIXUN], expertise=["ip", "legal"], area="lingang")
    assert sorted(t.slug for t in expert.expertise.all()) == ["ip", "legal"]
    assert expert.area.name == "临港"
    service = ServicePageFactory(parent=brands[Brand.YUNCHAO], category="tax", areas=["jinqiao", "lingang"])
    assert service.category.name == "财税服务"
    assert sorted(a.slug for a in service.areas.all()) == ["jinqiao", "lingang"]


class TestAdminCreatesCatalogPages(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root, slug="chuangfu")
        site = Site.objects.get(is_default_site=True)
        site.root_page = cls.home
        site.hostname = "testserver"
        site.save()
        SiteSettingsFactory(site=site)
        cls.zhixun = BrandPageFactory(parent=cls.home, brand=Brand.ZHIXUN)
        cls.yunchao = BrandPageFactory(parent=cls.home, brand=Brand.YUNCHAO)
        cls.yizhan = BrandPageFactory(parent=cls.home, brand=Brand.YIZHAN)
        cls.admin = UserFactory(username="root", is_superuser=True, is_staff=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_parent_types(self):
        from brand.models import BrandPage

        for model in (ExpertPage, ServicePage, StationPage):
            self.assertAllowedParentPageTypes(model, {BrandPage})
        self.assertCanNotCreateAt(HomePage, ExpertPage)

    def test_create_expert(self):
        finance, ip = ExpertiseField.objects.filter(slug__in=["finance", "ip"]).order_by("slug")
        data = nested_form_data(
            {
                "title": "顾老师",
                "slug": "gu",
                "position": "创投基金 投资总监",
                "area": Area.objects.get(slug="zhangjiang").pk,
                "summary": "专注早期投资。",
                "questions": "如何准备BP？",
                "body": streamfield([("paragraph", rich_text("<p>经历</p>"))]),
                "staff_phone": "13700000000",
                "staff_email": "",
                "staff_notes": "",
            }
        )
        data["expertise"] = [finance.pk, ip.pk]  # a multiple choice posts one value per item
        self.assertCanCreate(self.zhixun, ExpertPage, data)
        page = ExpertPage.objects.get(slug="gu")
        self.assertEqual(sorted(t.slug for t in page.expertise.all()), ["finance", "ip"])
        self.assertEqual(page.staff_phone, "13700000000")

    def test_create_service_and_station(self):
        self.assertCanCreate(
            self.yunchao,
            ServicePage,
            nested_form_data(
                {
                    "title": "专利申请代理",
                    "slug": "patent",
                    "provider": "示例知识产权代理公司",
                    "category": ServiceCategory.objects.get(slug="ip").pk,
                    "audience": "科技型中小企业",
                    "price_note": "首次咨询免费",
                    "areas": [],
                    "summary": "发明专利申请全流程代理。",
                    "body": streamfield([]),
                    "contact_phone": "021-50000001",
                    "website": "",
                    "response_hours": 48,
                }
            ),
        )
        self.assertCanCreate(
            self.yizhan,
            StationPage,
            nested_form_data(
                {
                    "title": "金桥创孵驿站",
                    "slug": "jinqiao",
                    "area": Area.objects.get(slug="jinqiao").pk,
                    "host": "",
                    "address": "上海市浦东新区示例路2号",
                    "opening_hours": "工作日 9:00–17:00",
                    "phone": "",
                    "latitude": "31.260000",
                    "longitude": "121.615000",
                    "services": "政策咨询\n载体推荐",
                    "visit_capacity": 10,
                    "visit_weekdays": "12345",
                    "summary": "金桥的服务窗口。",
                    "body": streamfield([]),
                }
            ),
        )

    def test_renderable_and_editable(self):
        pages = [
            ExpertPageFactory(parent=self.zhixun),
            ServicePageFactory(parent=self.yunchao),
            StationPageFactory(parent=self.yizhan),
        ]
        for page in pages:
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=self.edit_form_data(page))

    def test_staff_see_the_internal_fields_in_the_admin(self):
        expert = ExpertPageFactory(parent=self.zhixun)
        html = self.client.get(f"/admin/pages/{expert.pk}/edit/").content.decode()
        self.assertIn("内部信息（仅工作人员可见", html)
        self.assertIn("13812345678", html)

    def test_taxonomies_are_maintained_in_the_admin(self):
        for url in ["/admin/snippets/brand/expertisefield/", "/admin/snippets/brand/servicecategory/"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
        self.assertContains(self.client.get("/admin/snippets/brand/expertisefield/"), "技术转移")
        self.assertContains(self.client.get("/admin/snippets/brand/servicecategory/"), "检验检测")

    def edit_form_data(self, page):
        """The edit form as the browser posts it; StreamFields (rendered by JS) post as empty streams."""
        self.client.force_login(self.admin)  # assertPageIsEditable logs out after each page
        html = self.client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        data["body-count"] = "0"
        data["action-publish"] = ""
        return data


# Listings on the brand pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_expert_listing_filters_by_expertise(client, brands):
    zhixun = brands[Brand.ZHIXUN]
    ExpertPageFactory(parent=zhixun, title="顾老师", expertise=["finance"])
    ExpertPageFactory(parent=zhixun, title="沈老师", expertise=["ip", "legal"])
    ExpertPageFactory(parent=zhixun, title="陆老师", expertise=["ip"])
    draft = ExpertPageFactory(parent=zhixun, title="草稿专家", expertise=["ip"])
    draft.unpublish()

    response, html = html_of(client, zhixun.url)
    assert card_titles(response) == ["顾老师", "沈老师", "陆老师"]
    options = {o.label: o.count for o in response.context["catalog"].facets[0].options}
    assert options == {"投融资": 1, "知识产权": 2, "法律": 1}  # drafts are not counted
    assert "共 <strong>3</strong> 位专家" in html
    assert f'href="{zhixun.url}?field=ip#catalog"' in html

    response, html = html_of(client, f"{zhixun.url}?field=ip")
    assert card_titles(response) == ["沈老师", "陆老师"]
    assert "知识产权”：共 <strong>2</strong> 位专家" in html
    assert response.context["catalog"].total == 3
    assert f'<a href="{zhixun.url}?field=ip#catalog" aria-current="true">' in html

    # An unknown value is ignored; a known field with no experts shows the empty state.
    response, _ = html_of(client, f"{zhixun.url}?field=nonsense")
    assert len(card_titles(response)) == 3
    response, html = html_of(client, f"{zhixun.url}?field=tax")
    assert card_titles(response) == []
    assert "暂无该领域的专家" in html


@pytest.mark.django_db
def test_service_listing_filters_by_category(client, brands):
    yunchao = brands[Brand.YUNCHAO]
    ServicePageFactory(parent=yunchao, title="专利申请代理", category="ip")
    ServicePageFactory(
        parent=yunchao, title="代理记账", category="tax", areas=["lingang"], provider="示例财税"
    )
    response, html = html_of(client, f"{yunchao.url}?category=tax")
    assert card_titles(response) == ["代理记账"]
    assert "示例财税" in html and "临港" in html
    response, html = html_of(client, yunchao.url)
    assert card_titles(response) == ["专利申请代理", "代理记账"]
    assert "浦东全区" in html  # no areas chosen means the whole district


@pytest.mark.django_db
def test_station_listing_filters_by_area_with_empty_state(client, brands):
    yizhan = brands[Brand.YIZHAN]
    StationPageFactory(parent=yizhan, title="张江创孵驿站", area="zhangjiang")
    StationPageFactory(parent=yizhan, title="临港创孵驿站", area="lingang")
    response, _ = html_of(client, f"{yizhan.url}?area=lingang")
    assert card_titles(response) == ["临港创孵驿站"]
    assert [o.label for o in response.context["catalog"].facets[0].options] == [
        "张江",
        "临港",
    ]  # areas with stations
    response, html = html_of(client, f"{yizhan.url}?area=huinan")
    assert card_titles(response) == []
    assert "该区域暂未设立驿站" in html
    assert [o.label for o in response.context["catalog"].facets[0].options] == ["张江", "临港", "惠南"]


@pytest.mark.django_db
def test_empty_catalogue_and_other_brands(client, brands):
    _, html = html_of(client, brands[Brand.ZHIXUN].url)
    assert "暂无公开信息" in html
    response, html = html_of(client, brands[Brand.SHALONG].url)  # no catalogue on 创孵沙龙
    assert "catalog" not in response.context and 'id="catalog"' not in html


@pytest.mark.django_db
def test_listing_paginates_and_keeps_the_filter(client, brands, monkeypatch):
    monkeypatch.setattr(ExpertPage, "catalog", dataclasses.replace(ExpertPage.catalog, per_page=4))
    zhixun = brands[Brand.ZHIXUN]
    for n in range(6):
        ExpertPageFactory(parent=zhixun, title=f"专家{n:02d}", expertise=["finance"])
    ExpertPageFactory(parent=zhixun, title="专家99", expertise=["ip"])

    response, html = html_of(client, f"{zhixun.url}?field=finance")
    assert card_titles(response) == ["专家00", "专家01", "专家02", "专家03"]
    assert 'href="?field=finance&amp;page=2#catalog" rel="next"' in html
    response, _ = html_of(client, f"{zhixun.url}?field=finance&page=2")
    assert card_titles(response) == ["专家04", "专家05"]
    response, _ = html_of(client, f"{zhixun.url}?field=finance&page=99")  # past the end: the last page
    assert card_titles(response) == ["专家04", "专家05"]
    response, html = html_of(client, f"{zhixun.url}?field=finance&page=2")
    assert f'href="{zhixun.url}?field=ip#catalog"' in html  # changing the filter drops the page number


@pytest.mark.django_db
def test_private_entries_are_not_listed(client, brands):
    zhixun = brands[Brand.ZHIXUN]
    ExpertPageFactory(parent=zhixun, title="公开专家")
    hidden = ExpertPageFactory(parent=zhixun, title="受限专家")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    response, _ = html_of(client, zhixun.url)
    assert card_titles(response) == ["公开专家"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("brand", "factory", "query"),
    [
        (Brand.ZHIXUN, ExpertPageFactory, "?field=finance"),
        (Brand.YUNCHAO, ServicePageFactory, "?category=ip"),
        (Brand.YIZHAN, StationPageFactory, "?area=zhangjiang"),
    ],
    ids=["experts", "services", "stations"],
)
def test_listing_queries_are_bounded(client, brands, brand, factory, query, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    brand_page = brands[brand]
    extra = {
        ExpertPageFactory: {"expertise": ["finance", "ip"], "area": "zhangjiang", "photo": ImageFactory()},
        ServicePageFactory: {"areas": ["lingang", "jinqiao"]},
        StationPageFactory: {},
    }[factory]
    for _ in range(5):
        factory(parent=brand_page, **extra)
    url = f"{brand_page.url}{query}"
    client.get(url)  # warm Wagtail's site cache
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(10):
        factory(parent=brand_page, **extra)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["catalog"].items) == 12
    assert len(large) == len(small)  # constant in the number of entries
    # Wagtail's serve, site settings, navigation and breadcrumbs take 10; the catalogue at most 8 (experts:
    # view restrictions, facet counts, terms, filtered and total counts, the page, expertise, renditions).
    with django_assert_max_num_queries(18):
        client.get(url)


# Detail pages ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_pages_render_with_breadcrumbs(client, brands, home_page):
    CarrierIndexPageFactory(parent=home_page, slug="carriers")
    expert = ExpertPageFactory(
        parent=brands[Brand.ZHIXUN],
        title="沈老师",
        expertise=["ip"],
        area="lingang",
        position="知识产权代理机构 合伙人",
    )
    service = ServicePageFactory(parent=brands[Brand.YUNCHAO], title="专利申请代理", provider="示例代理公司")
    station = StationPageFactory(parent=brands[Brand.YIZHAN], title="张江创孵驿站", host="示例孵化器")

    _, html = html_of(client, expert.url)
    assert 'aria-label="当前位置"' in html
    assert f'<a href="{brands[Brand.ZHIXUN].url}">创孵智询</a>' in html
    assert '<li aria-current="page">沈老师</li>' in html
    assert "知识产权代理机构 合伙人" in html and "早期项目如何设计股权结构？" in html
    assert f'href="{brands[Brand.ZHIXUN].url}?field=ip#catalog"' in html and "临港" in html

    _, html = html_of(client, service.url)
    assert "示例代理公司" in html and "首次咨询免费" in html
    assert 'href="tel:02150000000"' in html and "https://service.example.com/" in html  # public contact
    assert f'<a href="{brands[Brand.YUNCHAO].url}">双创云超</a>' in html

    _, html = html_of(client, station.url)
    assert "上海市浦东新区示例路1号" in html and "工作日 9:00–17:00" in html and "载体推荐" in html
    assert 'href="/carriers/?area=zhangjiang"' in html
    assert '<li aria-current="page">张江创孵驿站</li>' in html


# Staff-only expert contact fields -------------------------------------------------------------------------


def assert_no_staff_data(text, where):
    for value in STAFF_VALUES:
        assert value not in text, (value, where)


@pytest.mark.django_db
def test_staff_fields_are_never_rendered(client, brands):
    expert = ExpertPageFactory(parent=brands[Brand.ZHIXUN], title="顾老师")
    for url in [expert.url, brands[Brand.ZHIXUN].url, "/", "/search/?q=顾老师"]:
        _, html = html_of(client, url)
        assert_no_staff_data(html, url)
    assert "顾老师" in html_of(client, expert.url)[1]


@pytest.mark.django_db
def test_staff_fields_stay_out_of_every_search_path(client, brands):
    expert = ExpertPageFactory(parent=brands[Brand.ZHIXUN], title="顾老师")
    document = get_searchable("expert").to_document(expert)
    assert document.title == "顾老师"
    assert_no_staff_data(
        json.dumps(dataclasses.asdict(document), default=str, ensure_ascii=False), "document"
    )
    indexed = {f.field_name for f in ExpertPage.search_fields}
    assert not indexed & set(ExpertPage.STAFF_FIELDS)  # admin search
    assert not set(ExpertPage.search_fallback_fields) & set(ExpertPage.STAFF_FIELDS)  # 精简搜索
    assert list(search_pages("仅周二下午")) == []
    assert list(search_pages("13812345678")) == []


# Site search on the real Elasticsearch --------------------------------------------------------------------


@pytest.fixture
def indexed(brands, es_client):
    pages = {
        "expert": ExpertPageFactory(
            parent=brands[Brand.ZHIXUN],
            title="秦老师",
            position="高校技术转移中心 主任",
            expertise=["tech-transfer"],
            area="zhangjiang",
            summary="长期从事科技成果转化与作价入股。",
        ),
        "service": ServicePageFactory(
            parent=brands[Brand.YUNCHAO],
            title="高新技术企业认定辅导",
            provider="浦江示例财税咨询有限公司",
            category="tax",
            areas=["lingang"],
            summary="从研发费用归集到申报材料，全程辅导。",
        ),
        "station": StationPageFactory(
            parent=brands[Brand.YIZHAN],
            title="外高桥创孵驿站",
            area="waigaoqiao",
            services="政策咨询\n跨境贸易服务对接",
            summary="服务保税区内科技企业。",
        ),
    }
    reset_index()
    rebuild()
    return es_client, pages


def engine_titles(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert response.context["search_mode"] == "engine"
    return response, [
        hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in response.context["results"]
    ]


@pytest.mark.django_db
def test_each_type_is_found_by_a_chinese_query(client, indexed):
    assert "秦老师" in engine_titles(client, q="技术转移")[1]  # its expertise (tags)
    assert "秦老师" in engine_titles(client, q="成果转化")[1]  # its summary
    assert "高新技术企业认定辅导" in engine_titles(client, q="浦江示例财税")[1]  # its provider (keywords)
    assert "高新技术企业认定辅导" in engine_titles(client, q="财税服务")[1]  # its category
    response, found = engine_titles(client, q="外高桥 驿站")
    assert found[0] == "外高桥创孵驿站"
    facets = {facet.key: values for facet, values in response.context["facets"]}
    assert {v.label: v.count for v in facets["type"]}.get("创孵驿站") == 1
    assert "外高桥" in {v.label for v in facets["area"]}


@pytest.mark.django_db
def test_index_holds_public_fields_only(indexed):
    client, pages = indexed
    alias = content_alias()
    client.indices.refresh(index=alias)
    everything = client.search(index=alias, query={"match_all": {}}, size=100)["hits"]["hits"]
    sources = {hit["_source"]["doc_type"]: hit["_source"] for hit in everything}
    assert {"expert", "service", "station"} <= set(sources)
    expert = sources["expert"]
    assert expert["tags"] == ["技术转移"] and expert["areas"] == ["张江"]
    assert sources["service"]["category"] == "财税服务" and sources["service"]["areas"] == ["临港"]
    assert sources["station"]["areas"] == ["外高桥"]
    assert_no_staff_data(json.dumps([hit["_source"] for hit in everything], ensure_ascii=False), "index")
    for value in STAFF_VALUES:
        query = {"multi_match": {"query": value, "fields": ["*"], "type": "phrase", "lenient": True}}
        assert client.search(index=alias, query=query)["hits"]["total"]["value"] == 0, value


@pytest.mark.django_db
def test_unpublished_entries_leave_the_index(client, indexed, django_capture_on_commit_callbacks):
    es, pages = indexed
    with django_capture_on_commit_callbacks(execute=True):
        pages["station"].unpublish()
    call_command("sync_search_index", verbosity=0)  # apply what the fixture's unsynced saves left pending too
    es.indices.refresh(index=content_alias())
    assert "外高桥创孵驿站" not in engine_titles(client, q="外高桥 驿站")[1]
