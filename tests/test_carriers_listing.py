"""一图: the carrier list filters (each, combined, counted), keeps its state in the URL, and needs no JS."""

import re
from decimal import Decimal

import pytest

from carriers.models import CarrierType
from tests.factories import CarrierIndexPageFactory, CarrierPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def carriers(home_page):
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers", per_page=2)
    made = {
        "zj_ic": CarrierPageFactory(
            parent=index,
            title="张江芯片孵化器",
            slug="zj-ic",
            area="zhangjiang",
            industries=["ic"],
            levels=["gaofeng", "shiji"],
            platforms=[("EDA设计平台", "rnd", True)],
            operator="张江高科",
        ),
        "zj_bio": CarrierPageFactory(
            parent=index,
            title="张江药谷加速器",
            slug="zj-bio",
            carrier_type=CarrierType.ACCELERATOR,
            area="zhangjiang",
            industries=["biomed"],
            levels=["gaoyuan"],
            platforms=[("GMP中试车间", "pilot", False)],
        ),
        "jq_ai": CarrierPageFactory(
            parent=index,
            title="金桥智能众创空间",
            slug="jq-ai",
            carrier_type=CarrierType.MAKERSPACE,
            area="jinqiao",
            industries=["ai", "ic"],
            levels=["gaoyuan"],
            latitude=Decimal("31.260000"),
            longitude=Decimal("121.615000"),
        ),
        "lg_space": CarrierPageFactory(
            parent=index,
            title="临港空天孵化器",
            slug="lg-space",
            area="lingang",
            industries=["aerospace"],
            platforms=[("公共检测平台", "testing", True)],
            latitude=Decimal("30.900000"),
            longitude=Decimal("121.930000"),
        ),
    }
    draft = CarrierPageFactory(parent=index, title="张江草稿孵化器", slug="zj-draft", industries=["ic"])
    draft.unpublish()
    return index, made


def titles(response):
    return re.findall(r'class="carrier-card__title"><a href="[^"]*">([^<]+)</a>', response.content.decode())


def listing(client, query=""):
    response = client.get(f"/carriers/{query}")
    assert response.status_code == 200
    return response


def all_titles(client, query):
    """Titles across every page of the paginated list."""
    response = listing(client, query)
    found = titles(response)
    pages = response.context["page_obj"].paginator.num_pages
    sep = "&" if "?" in query else "?"
    for number in range(2, pages + 1):
        found += titles(listing(client, f"{query}{sep}page={number}"))
    return set(found)


def test_unfiltered_list_is_server_rendered_and_paginated(client, carriers):
    response = listing(client)
    html = response.content.decode()
    assert response.context["match_count"] == 4  # the draft is not listed
    assert len(titles(response)) == 2  # per_page=2
    assert "第 1 / 2 页，共 4 条" in html
    # The filter form is a plain GET form: it works without JavaScript.
    assert '<form class="carrier-filters" method="get" action="/carriers/"' in html
    assert all_titles(client, "") == {
        "张江芯片孵化器",
        "张江药谷加速器",
        "金桥智能众创空间",
        "临港空天孵化器",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?type=accelerator", {"张江药谷加速器"}),
        ("?level=gaoyuan", {"张江药谷加速器", "金桥智能众创空间"}),
        ("?area=zhangjiang", {"张江芯片孵化器", "张江药谷加速器"}),
        ("?industry=ic", {"张江芯片孵化器", "金桥智能众创空间"}),
        ("?open=1", {"张江芯片孵化器", "临港空天孵化器"}),
        ("?q=药谷", {"张江药谷加速器"}),
        ("?q=张江高科", {"张江芯片孵化器"}),  # operator
        ("?industry=ic&area=zhangjiang", {"张江芯片孵化器"}),
        ("?industry=ic&level=gaoyuan", {"金桥智能众创空间"}),
        ("?area=zhangjiang&open=1&level=gaofeng&type=incubator&industry=ic&q=芯片", {"张江芯片孵化器"}),
        ("?area=lingang&industry=ic", set()),
        ("?bbox=121.5,31.1,121.7,31.3", {"张江芯片孵化器", "张江药谷加速器", "金桥智能众创空间"}),
    ],
)
def test_each_filter_and_combinations(client, carriers, query, expected):
    assert all_titles(client, query) == expected


def test_unknown_filter_values_are_ignored(client, carriers):
    response = listing(client, "?type=castle&area=nowhere&industry=<script>&bbox=1,2")
    assert response.context["match_count"] == 4
    assert not response.context["filters"].active


def test_counts_per_value_respect_the_other_filters(client, carriers):
    options = listing(client, "?area=zhangjiang").context["options"]
    industry = {o.value: o.count for o in options["industry"].options}
    assert industry["ic"] == 1 and industry["biomed"] == 1 and industry["ai"] == 0
    # The area facet ignores the area filter itself, so readers can see where else to look.
    area = {o.value: o.count for o in options["area"].options}
    assert area == {**area, "zhangjiang": 2, "jinqiao": 1, "lingang": 1}
    level = {o.value: o.count for o in options["level"].options}
    assert level["gaofeng"] == 1 and level["gaoyuan"] == 1
    assert options["open"] == 1
    html = listing(client, "?area=zhangjiang").content.decode()
    assert "集成电路（1）" in html and "有开放技术平台（1）" in html


def test_url_state_selected_options_chips_and_pagination_links(client, carriers):
    response = listing(client, "?industry=ic&area=zhangjiang&q=芯片")
    html = response.content.decode()
    assert '<option value="ic" selected>' in html
    assert '<option value="zhangjiang" selected>' in html
    assert 'value="芯片"' in html
    # Each chip removes only its own filter.
    chips = {chip.label: chip.url for chip in response.context["chips"]}
    assert chips["张江"] == "/carriers/?industry=ic&q=%E8%8A%AF%E7%89%87"
    assert chips["集成电路"] == "/carriers/?area=zhangjiang&q=%E8%8A%AF%E7%89%87"


def test_pagination_links_keep_filters(client, carriers):
    html = listing(client, "?bbox=121.5,31.1,121.7,31.3").content.decode()
    assert "第 1 / 2 页，共 3 条" in html
    assert 'href="?bbox=121.5%2C31.1%2C121.7%2C31.3&amp;page=2"' in html
    # A page number past the end shows the last page rather than an error.
    response = listing(client, "?bbox=121.5,31.1,121.7,31.3&page=9")
    assert response.context["page_obj"].number == 2


def test_empty_result_has_a_friendly_state(client, carriers):
    html = listing(client, "?area=lingang&industry=ic").content.decode()
    assert "没有符合条件的孵化载体" in html
    assert "清除全部" in html


def test_cards_show_figures_levels_and_open_platform(client, carriers):
    html = listing(client, "?industry=ic&area=zhangjiang").content.decode()
    assert "高峰" in html and "有开放技术平台" in html
    assert "在孵企业" in html
