"""load_demo's 一图一库 step: enough carriers inside Pudong and companies across them (a second load
writing nothing is tests/test_demo.py's, carriers included)."""

from carriers.models import CarrierIndexPage, CarrierPage, Company, Residency
from core.models import PUDONG_BOUNDS, in_pudong


def test_demo_carriers_and_companies(client, demo_site):
    carriers = CarrierPage.objects.live()
    assert carriers.count() >= 80
    assert Company.objects.count() >= 300
    # Spread over the district: many areas, every point inside Pudong.
    assert carriers.values("area").distinct().count() >= 12
    for lat, lng in carriers.values_list("latitude", "longitude"):
        assert in_pudong(lat, lng), (lat, lng)
    lats = [float(v) for v in carriers.values_list("latitude", flat=True)]
    assert max(lats) - min(lats) > 0.3  # from 外高桥 in the north to 临港 in the south
    assert PUDONG_BOUNDS["south"] < min(lats)
    # Companies sit in carriers, some have moved between carriers.
    assert Residency.objects.values("carrier").distinct().count() >= 60
    assert Residency.objects.filter(left_reason="moved").exists()
    index = CarrierIndexPage.objects.get()
    assert client.get(index.url).status_code == 200
    assert client.get(index.url + "companies/").status_code == 200
    home = client.get("/").content.decode()
    assert "carrier-card" in home  # the home page's featured carriers slot is filled
