"""Demo content: the five 创孵 service brands (seed policy, task 21), as pages under the home page, and the
catalogues below three of them (12 experts, 16 service products, 9 stations).

The content is in demo_data/ (brands.yaml, experts.yaml, services.yaml, stations.yaml); this module only
loads it and makes the pages.
"""

from decimal import Decimal
from pathlib import Path

from core.brands import Brand
from core.demo import ensure_page, load_demo_data
from core.models import Area

from .models import (
    BrandPage,
    ExpertiseField,
    ExpertPage,
    ServiceCategory,
    ServicePage,
    ServiceProvider,
    StationPage,
)

APP_DIR = Path(__file__).parent
# The keys the loader reads from each data file (see core.demo.missing_demo_keys).
REQUIRED_KEYS = {
    "brands.yaml": {"brands[]": {"brand", "slug", "icon", "slogan", "summary", "paragraphs"}},
    "experts.yaml": {
        ".": {"staff_notes"},
        "experts[]": {"slug", "name", "position", "expertise", "area", "summary", "questions", "background"},
    },
    "services.yaml": {
        "services[]": {
            "slug",
            "title",
            "provider",
            "category",
            "audience",
            "price_note",
            "areas",
            "summary",
            "paragraphs",
        }
    },
    "providers.yaml": {
        "providers[]": {
            "name",
            "slug",
            "profile",
            "qualifications",
            "areas",
            "response_hours",
            "voucher",
            "price",
        }
    },
    "stations.yaml": {
        ".": {"opening_hours", "paragraphs"},
        "stations[]": {
            "slug",
            "title",
            "area",
            "host",
            "address",
            "latitude",
            "longitude",
            "services",
            "summary",
        },
    },
}


def load(name):
    return load_demo_data(APP_DIR, name, required=REQUIRED_KEYS[name])


def _paragraphs(texts):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in texts))]


def _brand_body(entry):
    """The paragraphs, then the policy text the brand quotes, if any (a quote block with its source)."""
    body = _paragraphs(entry["paragraphs"])
    if entry.get("quote"):
        body.append(("quote", {"text": entry["quote"]["text"], "attribution": entry["quote"]["source"]}))
    return body


def brand_pages(ctx):
    home = ctx.objects["home"]
    for entry in load("brands.yaml")["brands"]:
        brand = Brand(entry["brand"])
        page = ensure_page(
            ctx,
            home,
            BrandPage,
            entry["slug"],
            title=brand.label,
            brand=brand.value,
            icon_text=entry["icon"],
            slogan=entry["slogan"],
            summary=entry["summary"],
            show_in_menus=True,
            body=_brand_body(entry),
        )
        ctx.objects[f"brand:{brand.value}"] = page
    ctx.log("五大服务品牌 ✓")


def brand_catalogues(ctx):
    """Experts, service products and stations under their brand pages (brand_pages must have run)."""

    def phone(kind, slug):
        # One generator per entry, so adding an entry never changes another entry's values.
        rng = ctx.rng(f"brand_catalogues:{kind}:{slug}")
        if kind == "expert":
            return f"139{rng.randint(10000000, 99999999)}"
        return f"021-{rng.randint(5000, 6899)} {rng.randint(1000, 9999)}"

    areas = {area.slug: area for area in Area.objects.all()}
    expertise = {term.slug: term for term in ExpertiseField.objects.all()}
    categories = {term.slug: term for term in ServiceCategory.objects.all()}

    data = load("experts.yaml")
    experts = data["experts"]
    zhixun = ctx.objects[f"brand:{Brand.ZHIXUN.value}"]
    for n, expert in enumerate(experts):
        ensure_page(
            ctx,
            zhixun,
            ExpertPage,
            expert["slug"],
            title=expert["name"],
            position=expert["position"],
            area=areas[expert["area"]] if expert["area"] else None,
            summary=expert["summary"],
            questions="\n".join(expert["questions"]),
            body=_paragraphs([expert["background"]]),
            staff_phone=phone("expert", expert["slug"]),
            staff_email=f"expert{n + 1:02d}@staff.chuangfu.example.cn",
            staff_notes=data["staff_notes"],
            relations={"expertise": [expertise[f] for f in expert["expertise"]]},
        )

    providers, offers = ensure_providers(areas)
    services = load("services.yaml")["services"]
    yunchao = ctx.objects[f"brand:{Brand.YUNCHAO.value}"]
    for service in services:
        provider, offer = providers[service["provider"]], offers[service["provider"]]
        low, high = offer["price"].get(service["slug"]) or (None, None)
        ensure_page(
            ctx,
            yunchao,
            ServicePage,
            service["slug"],
            title=service["title"],
            provider=service["provider"],
            category=categories[service["category"]],
            audience=service["audience"],
            price_note=service["price_note"],
            summary=service["summary"],
            body=_paragraphs(service["paragraphs"]),
            contact_phone=phone("service", service["slug"]),
            website=f"https://{service['slug']}.provider.example.cn/",
            service_provider=provider,
            price_from=low,
            price_to=high,
            response_hours=offer["response_hours"],
            innovation_voucher=service["slug"] in offer["voucher"],
            relations={"areas": [areas[a] for a in service["areas"]]},
        )

    data = load("stations.yaml")
    stations = data["stations"]
    yizhan = ctx.objects[f"brand:{Brand.YIZHAN.value}"]
    for station in stations:
        ensure_page(
            ctx,
            yizhan,
            StationPage,
            station["slug"],
            title=station["title"],
            area=areas[station["area"]],
            host=station["host"],
            address=station["address"],
            opening_hours=data["opening_hours"],
            services="\n".join(station["services"]),
            phone=phone("station", station["slug"]),
            # YAML reads coordinates as floats; str() keeps the written digits, not the float's binary noise.
            latitude=Decimal(str(station["latitude"])),
            longitude=Decimal(str(station["longitude"])),
            summary=station["summary"],
            body=_paragraphs(data["paragraphs"]),
        )
    ctx.log(
        f"智询专家 {len(experts)} 位、云超服务商 {len(providers)} 家、服务 {len(services)} 项、"
        f"创孵驿站 {len(stations)} 个 ✓"
    )


def ensure_providers(areas):
    """The 云超 providers by name (created or updated in place), and what their services promise."""
    providers, offers = {}, {}
    for n, entry in enumerate(load("providers.yaml")["providers"]):
        provider, _created = ServiceProvider.objects.update_or_create(
            slug=entry["slug"],
            defaults={
                "name": entry["name"],
                "profile": entry["profile"],
                "qualifications": "\n".join(entry["qualifications"]),
                "contact_phone": f"021-6{n + 1:03d} {1000 + 37 * n:04d}",
                "contact_email": f"service@{entry['slug']}.example.cn",
                "website": f"https://{entry['slug']}.example.cn/",
            },
        )
        provider.service_areas.set([areas[a] for a in entry["areas"]])
        providers[entry["name"]] = provider
        offers[entry["name"]] = entry
    return providers, offers
