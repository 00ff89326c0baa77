"""The map's tile provider, chosen by the CARRIERS_MAP_TILES setting (env var of the same name).

- "osm": OpenStreetMap's public tiles: a choice for development only (slow or unreachable from mainland China).
- "tianditu": 天地图 (National Platform for Common GeoSpatial Information Services), vector + labels.
  Needs a browser key (CARRIERS_MAP_TILE_KEY) from 天地图's developer console, with the site's domain
  whitelisted. Tiles use CGCS2000, which matches our WGS-84 coordinates to well under a metre.
- "amap": 高德 tiles. They use GCJ-02, the offset system mandated for published maps in China; WGS-84
  points drawn on them land 300–600 m off. With this provider the GeoJSON endpoint converts every point
  to GCJ-02 on the way out (the database keeps WGS-84), and the "search this area" box is converted back.
- "none" (the default): no base layer, no request to another host: the markers render on a plain grid.

Production maps must also show the provider's 审图号 (map approval number) as its terms require: add it to
the provider's "attribution" below when the key is issued.
"""

import math

from django.conf import settings

PROVIDERS = {
    "osm": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "subdomains": "",
        "crs": "wgs84",
        "overlays": [],
    },
    "tianditu": {
        "url": "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
        "attribution": "© 天地图",
        "subdomains": "01234567",
        "crs": "wgs84",
        "overlays": [
            "https://t{s}.tianditu.gov.cn/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
            "&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}"
        ],
    },
    "amap": {
        "url": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
        "attribution": "© 高德地图",
        "subdomains": "1234",
        "crs": "gcj02",
        "overlays": [],
    },
    "none": {"url": "", "attribution": "", "subdomains": "", "crs": "wgs84", "overlays": []},
}

# The initial view: Pudong New Area.
CENTER = (31.16, 121.68)
ZOOM = 10


def current_provider():
    name = getattr(settings, "CARRIERS_MAP_TILES", "none")
    provider = dict(PROVIDERS.get(name, PROVIDERS["none"]))
    key = getattr(settings, "CARRIERS_MAP_TILE_KEY", "")
    provider["name"] = name if name in PROVIDERS else "none"
    provider["url"] = provider["url"].replace("{key}", key)
    provider["overlays"] = [url.replace("{key}", key) for url in provider["overlays"]]
    return provider


def browser_config():
    """What the map script needs (rendered with json_script)."""
    provider = current_provider()
    return {
        "tiles": {
            "url": provider["url"],
            "attribution": provider["attribution"],
            "subdomains": provider["subdomains"],
            "overlays": provider["overlays"],
        },
        "crs": provider["crs"],
        "center": CENTER,
        "zoom": ZOOM,
    }


# WGS-84 → GCJ-02, the published public-domain approximation (accurate to about a metre in China).
_A = 6378245.0
_EE = 0.00669342162296594323


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat, lng):
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat, lng):
    """The inverse by one fixed-point step (error well under a metre): for "search this area" on 高德."""
    g_lat, g_lng = wgs84_to_gcj02(lat, lng)
    return lat * 2 - g_lat, lng * 2 - g_lng
