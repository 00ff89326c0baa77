"""Server time of the carrier map's GeoJSON for 1,000 carriers (target: under 100 ms uncached).

    CF_PG_PORT=54401 CF_ES_PORT=9301 make services
    export $(CF_PG_PORT=54401 CF_ES_PORT=9301 scripts/services.sh env)
    .venv/bin/python bench/carriers_geojson.py [--carriers 1000] [--runs 15]

Builds a throwaway database (bench_<name>_carriers, dropped afterwards) on DATABASE_URL, adds the carriers,
then times the endpoint view in-process (routing and middleware excluded) with the cache cleared before
each uncached run.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--carriers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one uncached request")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # A database of its own, so the benchmark can run beside the test suite.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_{old_name}_carriers"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        index = build(args.carriers)
        from carriers.views import carrier_geojson

        factory = RequestFactory()
        if args.profile:
            import cProfile
            import pstats

            cache.clear()
            carrier_geojson(index, factory.get("/carriers/geojson/"))
            cache.clear()
            profiler = cProfile.Profile()
            profiler.runcall(carrier_geojson, index, factory.get("/carriers/geojson/?v=1"))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        queries = {
            "全部": "",
            "产业+区域": "?industry=ic&area=zhangjiang",
            "全部筛选": "?industry=ic&level=gaoyuan&open=1&q=孵化",
        }
        print(f"{connection.vendor}, {args.carriers} carriers, {args.runs} runs each (median / p90)")
        for label, query in queries.items():
            uncached, cached = [], []
            for _ in range(args.runs):
                cache.clear()
                uncached.append(timed(carrier_geojson, index, factory.get(f"/carriers/geojson/{query}")))
                cached.append(timed(carrier_geojson, index, factory.get(f"/carriers/geojson/{query}")))
            response = carrier_geojson(index, factory.get(f"/carriers/geojson/{query}"))
            features = response.content.count(b'"Feature"')
            print(f"  {label:<6} {features:>5} points  uncached {ms(uncached)}  cached {ms(cached)}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(view, index, request):
    started = time.perf_counter()
    view(index, request)
    return (time.perf_counter() - started) * 1000


def ms(values):
    values = sorted(values)
    p90 = values[int(len(values) * 0.9) - 1]
    return f"{statistics.median(values):6.1f} ms / {p90:6.1f} ms"


def build(count):
    from wagtail.models import Page, Site

    from carriers.models import CarrierIndexPage, CarrierLevel, CarrierPage, CarrierType, Industry
    from core.models import Area

    rng = random.Random(1000)
    root = Page.get_first_root_node()
    index = CarrierIndexPage(title="一图一库", slug="carriers")
    root.add_child(instance=index)
    Site.objects.update(root_page=index)
    areas = list(Area.objects.all())
    industries = list(Industry.objects.all())
    levels = list(CarrierLevel.objects.all())
    types = CarrierType.values
    level_rows, industry_rows = [], []
    for n in range(count):
        page = CarrierPage(
            title=f"浦东测试孵化器{n}",
            slug=f"carrier-{n}",
            carrier_type=rng.choice(types),
            area=rng.choice(areas),
            latitude=Decimal(f"{rng.uniform(30.9, 31.35):.6f}"),
            longitude=Decimal(f"{rng.uniform(121.5, 121.93):.6f}"),
            summary="为早期科技企业提供孵化服务。",
        )
        index.add_child(instance=page)
        for level in rng.sample(levels, k=rng.randint(0, 2)):
            level_rows.append(CarrierPage.levels.through(carrierpage_id=page.pk, carrierlevel_id=level.pk))
        for industry in rng.sample(industries, k=rng.randint(1, 3)):
            industry_rows.append(
                CarrierPage.industries.through(carrierpage_id=page.pk, industry_id=industry.pk)
            )
    CarrierPage.levels.through.objects.bulk_create(level_rows)
    CarrierPage.industries.through.objects.bulk_create(industry_rows)
    CarrierPage.objects.filter(pk__in=CarrierPage.objects.order_by("?").values("pk")[: count // 3]).update(
        has_open_platform=True
    )
    return CarrierIndexPage.objects.get(pk=index.pk)


if __name__ == "__main__":
    main()
