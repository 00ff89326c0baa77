"""创孵驿站 on the carriers map component: the listing's map (same tile setting, same area filter), the
station page's location with links that open it in a map app, and the GeoJSON behind them."""

import json
from decimal import Decimal

from django.urls import reverse

import pytest

from core.brands import Brand
from tests.factories import BrandPageFactory, StationPageFactory


@pytest.fixture
def stations(home_page):
    yizhan = BrandPageFactory(parent=home_page, brand=Brand.YIZHAN)
    return yizhan, [
        StationPageFactory(parent=yizhan, title="张江驿站", area="zhangjiang"),
        StationPageFactory(
            parent=yizhan,
            title="金桥驿站",
            area="jinqiao",
            latitude=Decimal("31.26"),
            longitude=Decimal("121.615"),
        ),
    ]


def config_of(html):
    start = html.index('<script id="carrier-map-config" type="application/json">') + len(
        '<script id="carrier-map-config" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.django_db
def test_listing_has_the_list_first_and_the_map_with_the_tile_setting(client, stations, settings):
    settings.CARRIERS_MAP_TILES = "none"
    yizhan, _ = stations
    html = client.get(yizhan.url).content.decode()
    assert html.index("张江驿站") < html.index('id="carrier-map"')  # the list works without the map
    assert 'data-area-search="off"' in html and "carriers-map.js" in html
    assert config_of(html)["tiles"]["url"] == ""
    settings.CARRIERS_MAP_TILES = "osm"
    assert "openstreetmap" in config_of(client.get(yizhan.url).content.decode())["tiles"]["url"]


@pytest.mark.django_db
def test_geojson_filters_like_the_list(client, stations, settings):
    settings.CARRIERS_MAP_TILES = "osm"
    url = reverse("brand:station_geojson")
    data = client.get(url).json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == ["张江驿站", "金桥驿站"]
    data = client.get(url, {"area": "jinqiao"}).json()
    [feature] = data["features"]
    assert feature["geometry"]["coordinates"] == [121.615, 31.26]
    assert feature["properties"]["link_label"] == "查看驿站详情"
    # 高德 tiles use GCJ-02: the points move by a few hundred metres, as on the carriers map.
    settings.CARRIERS_MAP_TILES = "amap"
    [shifted] = client.get(url, {"area": "jinqiao"}).json()["features"]
    lng, lat = shifted["geometry"]["coordinates"]
    assert 0.001 < abs(lng - 121.615) + abs(lat - 31.26) < 0.02


@pytest.mark.django_db
def test_station_page_shows_location_and_opens_a_map_app(client, stations):
    _, (_, jinqiao) = stations
    html = client.get(jinqiao.url).content.decode()
    assert "uri.amap.com/marker?position=121.615" in html and "coordinate=wgs84" in html
    assert "geo:31.26" in html
    assert f"{reverse('brand:station_geojson')}?station={jinqiao.pk}" in html
    [feature] = client.get(reverse("brand:station_geojson"), {"station": jinqiao.pk}).json()["features"]
    assert feature["properties"]["name"] == "金桥驿站"
