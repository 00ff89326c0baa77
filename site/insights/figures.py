"""The plan's figures (浦府办〔2023〕27号, 二、工作目标), counted live from the carrier and company data.

Definitions (ARCHITECTURE.md "计划进度" says why):
- “高峰”/“高原”孵化器: live, public carrier pages holding that level;
- 硬核科技企业: companies with a residency record at such a carrier (incubated there, now or before);
- 高新技术企业 / 专精特新及小巨人企业: those of them flagged so;
- 公共技术服务平台: technology platforms of those carriers open to other companies;
- 创新资本: the funding rounds of those companies closed since the plan was signed, in 亿元.
A company is counted under the area and type of the carrier it entered last. Seven queries whatever the
number of carriers and companies; the rest is counted in Python.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db.models import Sum
from django.utils import timezone

PLAN_SIGNED = datetime.date(2023, 7, 14)  # 成文日期 of 浦府办〔2023〕27号

# (key, label, 2025 target, unit); the labels are the policy's words.
TARGETS = [
    ("gaofeng", "“高峰”孵化器", 10, "家"),
    ("gaoyuan", "“高原”孵化器", 100, "家"),
    ("hardtech", "硬核科技企业", 3000, "家"),
    ("hightech", "高新技术企业", 700, "家"),
    ("specialised", "专精特新及小巨人企业", 200, "家"),
    ("platforms", "高能级公共技术服务平台", 30, "个"),
    ("capital", "创新资本参与孵化企业投资", 100, "亿元"),
]
TARGET_KEYS = [key for key, *_ in TARGETS]
CARRIER_KEYS = ("gaofeng", "gaoyuan", "platforms")
DIMENSIONS = [("area", "区域"), ("industry", "产业领域"), ("carrier_type", "载体类型")]
WAN_PER_YI = Decimal(10000)


def _models():
    get = apps.get_model
    return (
        get("carriers", "CarrierPage"),
        get("carriers", "Company"),
        get("carriers", "Residency"),
        get("carriers", "TechnologyPlatform"),
        get("carriers", "FundingRound"),
    )


def share(value, target):
    return round(100 * float(value) / target, 1) if target else 0.0


def compute_figures(as_of=None):
    """{'targets': [...], 'breakdowns': {dimension: {'label', 'rows': [{'name', key: value}]}}, 'as_of'}.

    With `as_of` (a date) the company figures are read from the dated records instead of today's flags:
    residencies entered, milestones reached and rounds closed by then (the demo backfills past quarters so).
    Carriers, their levels and platforms carry no dates and are counted as they are now."""
    CarrierPage, Company, Residency, Platform, FundingRound = _models()
    type_labels = dict(CarrierPage._meta.get_field("carrier_type").choices)

    carriers = {
        pk: {"area": (order, area), "carrier_type": str(type_labels.get(kind, kind))}
        for pk, area, order, kind in CarrierPage.objects.live()
        .public()
        .values_list("pk", "area__name", "area__sort_order", "carrier_type")
    }
    ids = list(carriers)
    levels = defaultdict(set)
    for pk, slug in CarrierPage.levels.through.objects.filter(carrierpage_id__in=ids).values_list(
        "carrierpage_id", "carrierlevel__slug"
    ):
        levels[pk].add(slug)
    carrier_industries = defaultdict(list)
    for pk, name, order in CarrierPage.industries.through.objects.filter(carrierpage_id__in=ids).values_list(
        "carrierpage_id", "industry__name", "industry__sort_order"
    ):
        carrier_industries[pk].append((order, name))
    open_platforms = defaultdict(int)
    for (pk,) in Platform.objects.filter(is_open=True, carrier_id__in=ids).values_list("carrier_id"):
        open_platforms[pk] += 1
    stays = Residency.objects.filter(carrier_id__in=ids)
    rounds = FundingRound.objects.filter(closed_on__gte=PLAN_SIGNED)
    if as_of:
        stays, rounds = stays.filter(entered_on__lte=as_of), rounds.filter(closed_on__lte=as_of)
    last_carrier = {}
    for company_id, carrier_id in stays.order_by("entered_on", "pk").values_list("company_id", "carrier_id"):
        last_carrier[company_id] = carrier_id
    companies = Company.objects.filter(pk__in=list(last_carrier)).values_list(
        "pk", "industry__name", "industry__sort_order", "is_hightech", "is_specialised", "is_little_giant"
    )
    capital = dict(
        rounds.filter(company_id__in=list(last_carrier))
        .values("company_id")
        .annotate(total=Sum("amount_wan"))
        .values_list("company_id", "total")
    )

    if as_of:
        reached = defaultdict(set)
        Milestone = apps.get_model("carriers", "CompanyMilestone")
        for company_id, stage in Milestone.objects.filter(
            company_id__in=list(last_carrier), reached_on__lte=as_of
        ).values_list("company_id", "stage"):
            reached[company_id].add(stage)
        companies = [
            (
                pk,
                industry,
                order,
                "hightech" in reached[pk],
                "specialised" in reached[pk],
                "little_giant" in reached[pk],
            )
            for pk, industry, order, *_flags in companies
        ]

    def zero():
        return {**dict.fromkeys(TARGET_KEYS, 0), "capital": Decimal(0)}

    totals = zero()
    cells = {dim: defaultdict(zero) for dim, _ in DIMENSIONS}

    def add(key, amount, where):
        totals[key] += amount
        for dim, name in where:
            cells[dim][name][key] += amount

    for pk, carrier in carriers.items():
        where = [("area", carrier["area"]), ("carrier_type", (0, carrier["carrier_type"]))]
        where += [("industry", industry) for industry in carrier_industries[pk]]
        for level in ("gaofeng", "gaoyuan"):
            if level in levels[pk]:
                add(level, 1, where)
        if open_platforms[pk]:
            add("platforms", open_platforms[pk], where)
    for pk, industry, order, hightech, specialised, giant in companies:
        carrier = carriers[last_carrier[pk]]
        where = [
            ("area", carrier["area"]),
            ("carrier_type", (0, carrier["carrier_type"])),
            ("industry", (order, industry)),
        ]
        add("hardtech", 1, where)
        add("hightech", int(hightech), where)
        add("specialised", int(specialised or giant), where)
        add("capital", capital.get(pk) or Decimal(0), where)

    def clean(values):
        row = {key: values[key] for key in TARGET_KEYS}
        row["capital"] = float(round(values["capital"] / WAN_PER_YI, 2))
        return row

    breakdowns = {}
    for dim, label in DIMENSIONS:
        rows = [{"name": name, **clean(values)} for (_, name), values in sorted(cells[dim].items())]
        breakdowns[dim] = {"label": label, "rows": rows}
    live = clean(totals)
    return {
        "targets": [
            {
                "key": key,
                "label": label,
                "target": target,
                "unit": unit,
                "value": live[key],
                "share": share(live[key], target),
            }
            for key, label, target, unit in TARGETS
        ],
        "breakdowns": breakdowns,
        "as_of": as_of.isoformat() if as_of else timezone.now().isoformat(timespec="seconds"),
    }
