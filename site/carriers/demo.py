"""Demo content: 一图一库 with ~90 carriers across Pudong and 320 companies with residency histories.

The content is in demo_data/ (areas.csv: how many carriers go where; carriers.yaml and companies.yaml:
the words, lists and sentence templates they are made of); this module draws the demo from them.

Rows go through the XLSX importer's `apply_rows`, so the demo is idempotent the same way an import is.
The catalogue (names, slugs, areas, types) comes from a fixed generator so slugs never depend on the seed;
everything else (coordinates, levels, figures, companies, dates) comes from the seeded step generator.
"""

import datetime
import random
from decimal import Decimal
from pathlib import Path

from core.demo import ensure_page, load_demo_data
from core.models import Area

from .models import CarrierIndexPage, CarrierLevel, CarrierType, CompanyStage, Industry, LeftReason
from .spreadsheet import ImportResult, apply_rows

APP_DIR = Path(__file__).parent
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "areas.csv": {"[]": {"area", "latitude", "longitude", "carriers"}},
    "carriers.yaml": {
        "index": {"slug", "title", "intro", "library_intro", "per_page"},
        "catalogue": {
            "industries",
            "area_industries",
            "type_weights",
            "titles",
            "brands",
            "enterprises",
            "universities",
        },
        "catalogue.titles": {"goi", "transfer", "makerspace", "other"},
        "details": {
            "summary",
            "operator",
            "services",
            "platforms",
            "contact_surnames",
            "contact_titles",
            "address",
            "roads",
        },
        "details.platforms[]": {"name", "kind"},
    },
    "companies.yaml": {
        ".": {
            "count",
            "name",
            "name_heads",
            "name_tails",
            "industry_words",
            "profile",
            "financing",
            "contact_surnames",
            "contact_titles",
            "notes",
        },
    },
}
ANCHOR_DATE = datetime.date(2026, 11, 20)
PUDONG_DISTRICT_CODE = "310115"


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def _area_centres():
    """Area slug -> (latitude, longitude, how many carriers), in the file's order."""
    return {
        row["area"]: (float(row["latitude"]), float(row["longitude"]), int(row["carriers"]))
        for row in load("areas.csv")
    }


def _catalogue(data, centres):
    """(slug, title, area slug, type, industries) for every demo carrier; independent of the seed."""
    rng = random.Random("carriers-catalogue")
    industry_slugs = data["industries"]
    names = Industry.objects.in_bulk(field_name="slug")
    types = [CarrierType(value) for value in data["type_weights"]]
    weights = list(data["type_weights"].values())
    titles = data["titles"]
    used = set()
    catalogue = []
    for area_slug, (_, _, count) in centres.items():
        area_name = Area.objects.get(slug=area_slug).name
        for n in range(1, count + 1):
            carrier_type = rng.choices(types, weights)[0]
            pool = data["area_industries"].get(area_slug, industry_slugs)
            industries = rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 2, 2, 3])))
            main = names[industries[0]].name
            for _attempt in range(20):
                brand = rng.choice(data["brands"])
                if carrier_type == CarrierType.GOI:
                    title = titles["goi"].format(enterprise=rng.choice(data["enterprises"]), area=area_name)
                elif carrier_type == CarrierType.TRANSFER:
                    title = titles["transfer"].format(
                        university=rng.choice(data["universities"]), area=area_name
                    )
                elif carrier_type == CarrierType.MAKERSPACE:
                    title = titles["makerspace"].format(area=area_name, brand=brand)
                else:
                    title = titles["other"].format(
                        area=area_name, brand=brand, industry=main, type=carrier_type.label
                    )
                if title not in used:
                    break
            used.add(title)
            catalogue.append((f"{area_slug}-{n:02d}", title, area_slug, carrier_type, industries))
    return catalogue


def _carrier_rows(ctx, data):
    rng = ctx.rng("carriers")
    details = data["details"]
    centres = _area_centres()
    areas = Area.objects.in_bulk(field_name="slug")
    industries = Industry.objects.in_bulk(field_name="slug")
    levels = CarrierLevel.objects.in_bulk(field_name="slug")
    platforms = [(platform["name"], platform["kind"]) for platform in details["platforms"]]
    rows = []
    for index, (slug, title, area_slug, carrier_type, industry_slugs) in enumerate(
        _catalogue(data["catalogue"], centres)
    ):
        lat0, lng0, _ = centres[area_slug]
        spread = 0.03 if area_slug == "lingang" else 0.014
        lat = Decimal(f"{lat0 + rng.uniform(-spread, spread):.6f}")
        lng = Decimal(f"{lng0 + rng.uniform(-spread, spread) * 1.15:.6f}")
        roll = rng.random()
        level_slugs = []
        if roll < 0.1:
            level_slugs = ["gaofeng", "shiji"]
        elif roll < 0.38:
            level_slugs = ["gaoyuan"]
        elif roll < 0.7:
            level_slugs = ["shiji"]
        if rng.random() < 0.18:
            level_slugs.append("guojiaji")
        platform_rows = [
            (name, kind, rng.random() < 0.55)
            for name, kind in rng.sample(platforms, k=rng.choice([0, 1, 1, 2, 3]))
        ]
        area_name = areas[area_slug].name
        short = title.replace(area_name, "", 1) if len(title) > 12 else ""
        rows.append(
            {
                "slug": slug,
                "title": title,
                "short_name": short,
                "carrier_type": carrier_type.value,
                "levels": [levels[s] for s in level_slugs],
                "area": areas[area_slug],
                "industries": [industries[s] for s in industry_slugs],
                "summary": details["summary"].format(
                    title=title,
                    area=area_name,
                    industries="、".join(industries[s].name for s in industry_slugs),
                ),
                "space_sqm": rng.randrange(1500, 42000, 100),
                "founded_year": rng.randint(2008, 2024),
                "operator": details["operator"].format(
                    area=area_name, brand=rng.choice(data["catalogue"]["brands"])
                ),
                "services": "\n".join(rng.sample(details["services"], k=rng.randint(4, 7))),
                "platforms": platform_rows,
                "contact_name": rng.choice(details["contact_surnames"])
                + rng.choice(details["contact_titles"]),
                "contact_phone": f"021-{rng.randint(5000, 6899)} {rng.randint(1000, 9999)}",
                "contact_email": f"service{index + 1:03d}@carrier.example.cn",
                "address": details["address"].format(
                    road=rng.choice(details["roads"]), number=rng.randint(1, 2999)
                ),
                "latitude": lat,
                "longitude": lng,
                "featured": False,
                "reported_incubating": rng.randint(8, 120),
                "reported_graduated": rng.randint(0, 60),
                "reported_hightech": rng.randint(0, 30),
            }
        )
    # The first few 高峰 carriers are the home page's featured ones.
    for row in [r for r in rows if levels["gaofeng"] in r["levels"]][:4]:
        row["featured"] = True
    return rows


def _company_rows(ctx, carrier_rows, data):
    rng = ctx.rng("companies")
    names_rng = random.Random("companies-catalogue")
    industries = Industry.objects.in_bulk(field_name="slug")
    words = data["industry_words"]
    used = set()
    companies, residencies = [], []
    for i in range(data["count"]):
        industry_slug = rng.choice(list(words))
        while True:
            short = names_rng.choice(data["name_heads"]) + names_rng.choice(data["name_tails"])
            if short not in used:
                break
            short += names_rng.choice(data["name_tails"])
            if short not in used:
                break
        used.add(short)
        name = data["name"].format(short=short, industry=words[industry_slug])
        code = f"91{PUDONG_DISTRICT_CODE}MA1K{i + 1:06d}"
        # 1–3 stays; the last one may be current.
        stays = rng.choice([1, 1, 1, 2, 2, 3])
        start = ANCHOR_DATE - datetime.timedelta(days=rng.randint(120, 3200))
        history = []
        for stay in range(stays):
            carrier = rng.choice(
                [r for r in carrier_rows if industries[industry_slug] in r["industries"]] or carrier_rows
            )
            entered = start
            last = stay == stays - 1
            if last and rng.random() < 0.7:
                left, reason = None, ""
            else:
                left = entered + datetime.timedelta(days=rng.randint(200, 1100))
                if left >= ANCHOR_DATE:
                    left, reason = None, ""
                else:
                    reason = (
                        LeftReason.GRADUATED.value if last or rng.random() < 0.3 else LeftReason.MOVED.value
                    )
            history.append((carrier["slug"], entered, left, reason))
            if left is None:
                break
            start = left + datetime.timedelta(days=rng.randint(0, 60))
            if start >= ANCHOR_DATE:
                break
        current = history[-1][2] is None
        if current:
            stage = rng.choice(
                [CompanyStage.INCUBATING] * 5 + [CompanyStage.ENTERING, CompanyStage.ACCELERATING]
            )
        else:
            stage = CompanyStage.GRADUATED
        hightech = rng.random() < 0.35
        companies.append(
            {
                "credit_code": code,
                "name": name,
                "industry": industries[industry_slug],
                "stage": stage.value,
                "is_hightech": hightech,
                "is_specialised": hightech and rng.random() < 0.35,
                "is_little_giant": hightech and rng.random() < 0.08,
                "founded_year": history[0][1].year - rng.randint(0, 2),
                "profile": data["profile"].format(industry=industries[industry_slug].name),
                "website": "",
                "is_public": rng.random() < 0.92,
                "staff_financing": rng.choice(data["financing"]),
                "staff_contact_name": rng.choice(data["contact_surnames"])
                + rng.choice(data["contact_titles"]),
                "staff_contact_phone": f"139{rng.randint(10000000, 99999999)}",
                "staff_notes": rng.choice(data["notes"]),
            }
        )
        for slug, entered, left, reason in history:
            residencies.append(
                {
                    "credit_code": code,
                    "carrier": slug,
                    "entered_on": entered,
                    "left_on": left,
                    "left_reason": reason,
                }
            )
    return companies, residencies


def carriers(ctx):
    data = load("carriers.yaml")
    page = data["index"]
    home = ctx.objects["home"]
    index = ensure_page(
        ctx,
        home,
        CarrierIndexPage,
        page["slug"],
        title=page["title"],
        show_in_menus=True,
        intro=page["intro"],
        library_intro=page["library_intro"],
        per_page=page["per_page"],
    )
    ctx.objects["carrier_index"] = index
    carrier_rows = _carrier_rows(ctx, data)
    company_rows, residency_rows = _company_rows(ctx, carrier_rows, load("companies.yaml"))
    result = ImportResult()
    apply_rows(index, carrier_rows, company_rows, residency_rows, result)
    for bucket in result.stats.values():
        for outcome, n in bucket.items():
            ctx.stats[outcome] += n
    ctx.log(f"孵化载体 {len(carrier_rows)} 家、企业 {len(company_rows)} 家 ✓")
