"""The map's GeoJSON: the same filtered set as the list, public fields only, cached until carriers change."""

import json
from decimal import Decimal

from django.core.cache import cache

import pytest

from carriers import map_config
from tests.factories import CarrierIndexPageFactory, CarrierPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(home_page):
    cache.clear()
    index = CarrierIndexPageFactory(parent=home_page, slug="carriers")
    CarrierPageFactory(
        parent=index, title="张江芯片孵化器", slug="zj-ic", industries=["ic"], levels=["gaofeng"]
    )
    CarrierPageFactory(
        parent=index,
        title="金桥智能加速器",
        slug="jq-ai",
        area="jinqiao",
        industries=["ai"],
        latitude=Decimal("31.260000"),
        longitude=Decimal("121.615000"),
    )
    CarrierPageFactory(
        parent=index,
        title="无坐标的众创空间",
        slug="no-coords",
        industries=["ic"],
        latitude=None,
        longitude=None,
    )
    return index


def geojson(client, query=""):
    response = client.get(f"/carriers/geojson/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert "max-age=300" in response["Cache-Control"]
    return json.loads(response.content)


def test_feature_collection_contents(client, index):
    data = geojson(client)
    assert data["type"] == "FeatureCollection"
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    assert set(by_name) == {"张江芯片孵化器", "金桥智能加速器"}  # no coordinates → listed, not mapped
    feature = by_name["张江芯片孵化器"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [121.601, 31.204]}  # lng, lat
    assert feature["properties"]["url"] == "/carriers/zj-ic/"
    assert feature["properties"]["area"] == "张江"
    assert feature["properties"]["type"] == "孵化器"
    assert feature["properties"]["levels"] == ["高峰"]
    assert set(feature["properties"]) == {"name", "short_name", "url", "type", "area", "levels"}


def test_geojson_respects_the_list_filters(client, index):
    assert [f["properties"]["name"] for f in geojson(client, "?industry=ic")["features"]] == [
        "张江芯片孵化器"
    ]
    assert [f["properties"]["name"] for f in geojson(client, "?area=jinqiao")["features"]] == [
        "金桥智能加速器"
    ]
    assert geojson(client, "?area=jinqiao&industry=ic")["features"] == []
    assert len(geojson(client, "?bbox=121.6,31.25,121.7,31.3")["features"]) == 1
    # The list shows the same set (plus carriers without coordinates).
    listed = client.get("/carriers/?industry=ic").context["match_count"]
    assert listed == 2


def test_geojson_is_cached_and_invalidated_on_publish(client, index):
    geojson(client, "?industry=ai")
    first = geojson(client, "?industry=ai")
    assert len(first["features"]) == 1
    CarrierPageFactory(parent=index, title="新发布的智能孵化器", slug="new-ai", industries=["ai"])
    assert len(geojson(client, "?industry=ai")["features"]) == 2
    page = index.get_children().get(slug="new-ai").specific
    page.unpublish()
    assert len(geojson(client, "?industry=ai")["features"]) == 1


def test_cached_response_skips_the_carrier_queries(client, index, django_assert_max_num_queries):
    geojson(client)
    with django_assert_max_num_queries(8) as ctx:
        geojson(client)
    assert not any("carriers_carrierpage" in q["sql"] for q in ctx.captured_queries)


def test_gcj02_provider_shifts_points_but_not_the_database(client, index, settings):
    settings.CARRIERS_MAP_TILES = "amap"
    data = geojson(client, "?industry=ic")
    lng, lat = data["features"][0]["geometry"]["coordinates"]
    assert data["crs_note"] == "gcj02"
    # GCJ-02 in Shanghai is roughly 250 m south and 450 m east of WGS-84.
    assert 0.001 < 31.204 - lat < 0.004
    assert 0.003 < lng - 121.601 < 0.006
    back_lat, back_lng = map_config.gcj02_to_wgs84(lat, lng)
    assert abs(back_lat - 31.204) < 1e-5 and abs(back_lng - 121.601) < 1e-5


def test_tile_provider_setting_reaches_the_page(client, index, settings):
    settings.CARRIERS_MAP_TILES = "tianditu"
    settings.CARRIERS_MAP_TILE_KEY = "test-key"
    html = client.get("/carriers/").content.decode()
    assert "tianditu.gov.cn" in html and "tk=test-key" in html
    settings.CARRIERS_MAP_TILES = "none"
    config = client.get("/carriers/").context["map_config"]
    assert config["tiles"]["url"] == ""
