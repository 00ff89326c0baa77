"""The demo content's data files: each parses, every entry has the keys its loader reads, and what an
entry names (brands, areas, types, questions, venues…) exists."""

import json
from importlib import import_module

from django.contrib.auth.models import Group

import pytest

from brand.models import ExpertiseField, ServiceCategory
from carriers.models import CarrierType, Industry, PlatformKind
from core.brands import Brand
from core.demo import DEMO_DATA_DIR, load_demo_data, missing_demo_keys
from core.models import Area, in_pudong
from events.demo import REGISTRATION_MODES
from events.models import EventType
from news.demo import APP_DIR as NEWS_APP_DIR
from news.models import GovOpenCategory, NewsCategory

DEMO_MODULES = [
    "home.demo",
    "brand.demo",
    "academy.demo",
    "news.demo",
    "events.demo",
    "carriers.demo",
    "academy.demo_enrollment",
]
DATA_SUFFIXES = {".yaml", ".yml", ".json", ".csv"}


def data(module_name, file_name):
    return import_module(module_name).load(file_name)


@pytest.mark.parametrize("module_name", DEMO_MODULES)
def test_every_data_file_parses_with_its_required_keys(module_name):
    module = import_module(module_name)
    folder = module.APP_DIR / DEMO_DATA_DIR
    on_disk = {path.name for path in folder.iterdir() if path.suffix in DATA_SUFFIXES}
    # A data file no loader reads is content that silently never reaches the site (an app's demo data
    # folder may serve several demo modules: the academy's catalogue and its enrollments).
    readers = [m for m in map(import_module, DEMO_MODULES) if folder == m.APP_DIR / DEMO_DATA_DIR]
    assert on_disk == set().union(*(m.REQUIRED_KEYS for m in readers)), folder
    for name, required in module.REQUIRED_KEYS.items():
        content = load_demo_data(module.APP_DIR, name)
        assert content, name
        assert missing_demo_keys(content, required) == [], name


def slugs(entries, key="slug"):
    values = [entry[key] for entry in entries]
    assert len(values) == len(set(values)), f"duplicate {key}: {values}"
    return values


@pytest.mark.django_db
def test_brand_catalogue_entries_name_existing_terms():
    areas = set(Area.objects.values_list("slug", flat=True))
    brands = data("brand.demo", "brands.yaml")["brands"]
    assert sorted(slugs(brands, "brand")) == sorted(Brand.values)
    slugs(brands)

    experts = data("brand.demo", "experts.yaml")["experts"]
    slugs(experts)
    expertise = set(ExpertiseField.objects.values_list("slug", flat=True))
    for expert in experts:
        assert set(expert["expertise"]) <= expertise, expert["slug"]
        assert expert["area"] in areas, expert["slug"]
        assert expert["questions"] and all(isinstance(q, str) for q in expert["questions"]), expert["slug"]

    services = data("brand.demo", "services.yaml")["services"]
    slugs(services)
    categories = set(ServiceCategory.objects.values_list("slug", flat=True))
    for service in services:
        assert service["category"] in categories, service["slug"]
        assert set(service["areas"]) <= areas, service["slug"]

    stations = data("brand.demo", "stations.yaml")["stations"]
    slugs(stations)
    for station in stations:
        assert station["area"] in areas, station["slug"]
        assert in_pudong(station["latitude"], station["longitude"]), station["slug"]


def test_events_name_existing_types_questions_and_venues():
    content = data("events.demo", "events.yaml")
    events = content["events"]
    slugs(events)
    for event in events:
        assert event["type"] in EventType.values, event["slug"]
        assert event["brand"] in Brand.values, event["slug"]
        assert event["venue"] == "online" or event["venue"] in content["venues"], event["slug"]
        assert set(event["questions"]) <= set(content["questions"]), event["slug"]
        assert event["registrations"] in REGISTRATION_MODES, event["slug"]
        assert isinstance(event["days_from_creation"], int), event["slug"]
    # The demo needs both upcoming and past events.
    assert {e["days_from_creation"] > 0 for e in events} == {True, False}
    for name, venue in content["venues"].items():
        assert in_pudong(venue["latitude"], venue["longitude"]), name
    for name, question in content["questions"].items():
        assert question["type"] in {"choice", "multiple", "number", "text"}, name
    for template in ("summary", "background"):
        content["page"][template].format(title="标题", type="沙龙")  # only known placeholders

    people = data("events.demo", "people.yaml")
    assert all(len(surname) == 1 for surname in people["surnames"])
    assert len(people["speakers"]["affiliations"]) >= 1


def test_news_items_name_existing_categories():
    content = data("news.demo", "news.yaml")
    fields = content["policy"]["fields"]
    assert fields["category"] == NewsCategory.POLICY
    assert fields["gov_open_category"] in GovOpenCategory.values
    assert str(fields["date"]) == "2023-08-18"  # YAML reads it as a date, as the page wants
    assert (NEWS_APP_DIR / DEMO_DATA_DIR / content["policy"]["text_file"]).is_file()
    for item in content["news"]:
        assert item["category"] in NewsCategory.values, item["title"]
        assert item["category"] != NewsCategory.POLICY, item["title"]
        assert item["tags"], item["title"]


@pytest.mark.django_db
def test_carrier_data_names_existing_areas_industries_and_types():
    areas = set(Area.objects.values_list("slug", flat=True))
    industries = set(Industry.objects.values_list("slug", flat=True))
    rows = data("carriers.demo", "areas.csv")
    assert set(slugs(rows, "area")) <= areas
    for row in rows:
        assert in_pudong(row["latitude"], row["longitude"]), row
        assert int(row["carriers"]) > 0, row

    content = data("carriers.demo", "carriers.yaml")
    catalogue = content["catalogue"]
    assert set(catalogue["type_weights"]) <= set(CarrierType.values)
    assert set(catalogue["industries"]) <= industries
    for area, pool in catalogue["area_industries"].items():
        assert area in areas and set(pool) <= industries, area
    assert {p["kind"] for p in content["details"]["platforms"]} <= set(PlatformKind.values)

    companies = data("carriers.demo", "companies.yaml")
    assert set(companies["industry_words"]) <= industries
    # Names are drawn as head+tail: enough pairs for every company.
    assert len(companies["name_heads"]) * len(companies["name_tails"]) > companies["count"]


@pytest.mark.django_db
def test_site_data_names_existing_groups_and_pages():
    content = data("home.demo", "site.yaml")
    groups = set(Group.objects.values_list("name", flat=True))
    for user in content["users"]:
        assert user["group"] is None or user["group"] in groups, user["username"]
    hero = dict(data("home.demo", "home_sections.yaml")["body"][0])
    assert hero["type"] == "hero"
    # The pages the hero links to are ones the demo steps make.
    assert {hero["value"]["primary_page"], hero["value"]["secondary_page"]} <= {
        "news_index",
        "about",
        "contact",
        "event_index",
        "carrier_index",
        "policy",
    }


def test_a_missing_key_is_reported_with_its_file_and_entry(tmp_path):
    folder = tmp_path / DEMO_DATA_DIR
    folder.mkdir()
    (folder / "experts.yaml").write_text(
        "staff_notes: 备注\nexperts:\n  - slug: gu\n    name: 顾老师\n  - slug: shen\n", encoding="utf-8"
    )
    required = {".": {"staff_notes"}, "experts[]": {"slug", "name"}, "venues{}": {"name"}}
    with pytest.raises(ValueError) as error:
        load_demo_data(tmp_path, "experts.yaml", required=required)
    message = str(error.value)
    assert "experts.yaml" in message
    assert "experts[1] lacks name" in message
    assert "no section 'venues'" in message
    assert "experts[0]" not in message


def test_json_and_csv_files_load_too(tmp_path):
    folder = tmp_path / DEMO_DATA_DIR
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"items": [{"k": "值"}]}), encoding="utf-8")
    (folder / "b.csv").write_text("area,carriers\nzhangjiang,18\nlingang,\n", encoding="utf-8")
    assert load_demo_data(tmp_path, "a.json", required={"items[]": {"k"}}) == {"items": [{"k": "值"}]}
    assert load_demo_data(tmp_path, "b.csv", required={"[]": {"area", "carriers"}}) == [
        {"area": "zhangjiang", "carriers": "18"},
        {"area": "lingang", "carriers": ""},
    ]
    (folder / "c.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError, match="unsupported"):
        load_demo_data(tmp_path, "c.txt")
