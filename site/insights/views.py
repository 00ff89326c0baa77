"""The 计划进度 page's context, the home page's live targets, and the open data downloads.

Never imports insights.models (the page model calls in here): models come from the app registry."""

import csv
import io

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import http_date

from . import charts
from .figures import DIMENSIONS, TARGETS, compute_figures

# Open data: what each dataset holds. Only public facts: nothing here reads a staff_* field, a funding
# round of one company, a follow-up or a tag (tests/test_insights_open_data.py walks every field).
DATASETS = {
    "carriers": {
        "title": "孵化载体",
        "fields": [
            ("slug", "标识", "文本", "载体页面地址中的标识，唯一"),
            ("name", "名称", "文本", ""),
            ("short_name", "简称", "文本", ""),
            ("carrier_type", "载体类型", "文本", "孵化器、加速器、众创空间等"),
            ("levels", "级别", "文本", "高峰、高原、市级、国家级，多个以“、”分隔"),
            ("area", "所在区域", "文本", "开发区管理局或街镇"),
            ("industries", "产业领域", "文本", "多个以“、”分隔"),
            ("founded_year", "成立年份", "整数", ""),
            ("space_sqm", "孵化面积（平方米）", "整数", ""),
            ("incubating", "在孵企业数", "整数", "企业库入驻记录中尚未离开的企业；无记录时为载体上报数"),
            ("graduated", "毕业企业数", "整数", "企业库中以“毕业”离开的入驻记录；无记录时为载体上报数"),
            ("open_platforms", "开放技术平台数", "整数", "对区内其他企业开放预约的技术平台"),
            ("url", "页面地址", "网址", ""),
        ],
    },
    "companies": {
        "title": "企业库（公开企业）",
        "fields": [
            ("credit_code", "统一社会信用代码", "文本", "18位"),
            ("name", "企业名称", "文本", ""),
            ("industry", "产业领域", "文本", ""),
            ("stage", "阶段", "文本", "入孵、在孵、毕业、加速"),
            ("is_hightech", "高新技术企业", "布尔", "true/false"),
            ("is_specialised", "专精特新", "布尔", "true/false"),
            ("is_little_giant", "小巨人", "布尔", "true/false"),
            ("founded_year", "成立年份", "整数", ""),
            ("website", "网站", "网址", ""),
            ("carrier", "当前所在载体", "文本", "尚未离开的入驻记录中最近入驻的公开载体"),
        ],
    },
}
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _model(name):
    return apps.get_model("carriers", name)


def _snapshots():
    return list(apps.get_model("insights", "QuarterSnapshot").objects.order_by("year", "quarter"))


def dashboard_context(page):
    figures = compute_figures()
    snapshots = _snapshots()
    quarters = [s.label for s in snapshots]
    trend_rows = []
    for snapshot in snapshots:
        by_key = {t["key"]: t for t in snapshot.figures.get("targets", [])}
        trend_rows.append(
            {
                "label": snapshot.label,
                "note": snapshot.note,
                "cells": [by_key.get(key, {"value": "—", "share": None}) for key, *_ in TARGETS],
            }
        )
    series = [
        (key, label, [row["cells"][i]["share"] or 0 for row in trend_rows])
        for i, (key, label, *_rest) in enumerate(TARGETS)
    ]
    breakdowns = []
    for dim, label in DIMENSIONS:
        rows = figures["breakdowns"][dim]["rows"]
        for row in rows:
            row["cells"] = [(key, row[key]) for key, *_ in TARGETS]
        breakdowns.append(
            {
                "key": dim,
                "label": label,
                "rows": rows,
                "chart": charts.bar_chart(rows, "hardtech", f"chart-{dim}"),
            }
        )
    return {
        "figures": figures,
        "targets": figures["targets"],
        "progress_chart": charts.progress_chart(figures["targets"], "chart-progress"),
        "breakdowns": breakdowns,
        "target_columns": [(key, label, unit) for key, label, _t, unit in TARGETS],
        "trend_rows": trend_rows,
        "trend_chart": charts.trend_chart(quarters, series, "chart-trend") if snapshots else None,
        "datasets": [(key, spec["title"]) for key, spec in DATASETS.items()],
    }


def live_targets():
    """The home page's target row (the `home_plan_targets` hook): live figures and the page's link."""
    return cache.get_or_set(HOME_TARGETS_KEY, _live_targets, settings.PLAN_HOME_CACHE_SECONDS)


# The home page's row is a glance at the plan: computed at most once a minute (seven aggregate queries), so
# home stays within its query budget; the 计划进度 page itself always computes live.
HOME_TARGETS_KEY = "insights:home-targets"


def _live_targets():
    page = apps.get_model("insights", "PlanProgressPage").objects.live().public().first()
    figures = compute_figures()
    return {"items": figures["targets"], "url": page.url if page else None}


def updated_at():
    company = _model("Company").objects.aggregate(at=Max("updated_at"))["at"]
    carrier = _model("CarrierPage").objects.live().aggregate(at=Max("last_published_at"))["at"]
    stamps = [s for s in (company, carrier) if s]
    return max(stamps) if stamps else None


def carrier_rows(request):
    CarrierPage = _model("CarrierPage")
    types = dict(CarrierPage._meta.get_field("carrier_type").choices)
    carriers = (
        CarrierPage.objects.live()
        .public()
        .select_related("area")
        .prefetch_related("levels", "industries")
        .annotate(
            lib_total=Count("residencies", distinct=True),
            lib_incubating=Count("residencies", filter=Q(residencies__left_on__isnull=True), distinct=True),
            lib_graduated=Count("residencies", filter=Q(residencies__left_reason="graduated"), distinct=True),
            open_platforms=Count("platforms", filter=Q(platforms__is_open=True), distinct=True),
        )
        .order_by("path")
    )
    for c in carriers:
        reported = not c.lib_total
        yield {
            "slug": c.slug,
            "name": c.title,
            "short_name": c.short_name,
            "carrier_type": str(types.get(c.carrier_type, c.carrier_type)),
            "levels": "、".join(level.name for level in c.levels.all()),
            "area": c.area.name,
            "industries": "、".join(industry.name for industry in c.industries.all()),
            "founded_year": c.founded_year,
            "space_sqm": c.space_sqm,
            "incubating": c.reported_incubating if reported else c.lib_incubating,
            "graduated": c.reported_graduated if reported else c.lib_graduated,
            "open_platforms": c.open_platforms,
            "url": c.get_full_url(request),
        }


def company_rows(request):
    Company, Residency = _model("Company"), _model("Residency")
    stages = dict(Company._meta.get_field("stage").choices)
    live_ids = _model("CarrierPage").objects.live().public().values("pk")
    current = {}
    for company_id, title in (
        Residency.objects.filter(left_on__isnull=True, carrier_id__in=live_ids, company__is_public=True)
        .order_by("entered_on", "pk")
        .values_list("company_id", "carrier__title")
    ):
        current[company_id] = title
    for c in Company.objects.public().select_related("industry").order_by("name"):
        yield {
            "credit_code": c.credit_code,
            "name": c.name,
            "industry": c.industry.name,
            "stage": str(stages.get(c.stage, c.stage)),
            "is_hightech": c.is_hightech,
            "is_specialised": c.is_specialised,
            "is_little_giant": c.is_little_giant,
            "founded_year": c.founded_year,
            "website": c.website,
            "carrier": current.get(c.pk, ""),
        }


ROWS = {"carriers": carrier_rows, "companies": company_rows}


def data_dictionary(request, page):
    return render(
        request,
        "insights/data_dictionary.html",
        {
            "page": page,
            "self": page,
            "datasets": [(key, spec["title"], spec["fields"]) for key, spec in DATASETS.items()],
            "updated_at": updated_at(),
            "formats": list(FORMATS),
        },
    )


def _csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def data_download(request, page, dataset, fmt):
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    spec = DATASETS[dataset]
    keys = [key for key, *_ in spec["fields"]]
    rows = list(ROWS[dataset](request))
    stamp = updated_at()
    if fmt == "json":
        response = JsonResponse(
            {
                "dataset": dataset,
                "title": spec["title"],
                "source": page.full_url,
                "licence": page.licence,
                "updated_at": timezone.localtime(stamp).isoformat(timespec="seconds") if stamp else None,
                "fields": [
                    {"name": key, "label": label, "type": kind, "description": note}
                    for key, label, kind, note in spec["fields"]
                ],
                "rows": rows,
            },
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    else:
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
        writer = csv.writer(buffer)
        writer.writerow(keys)
        writer.writerows([[_csv_cell(row[key]) for key in keys] for row in rows])
        response = HttpResponse(buffer.getvalue(), content_type=FORMATS["csv"])
    response["Content-Disposition"] = f'attachment; filename="chuangfu-{dataset}.{fmt}"'
    if stamp:
        response["Last-Modified"] = http_date(stamp.timestamp())
    return response
