"""The routes of CarrierIndexPage: the list + map, its GeoJSON, and the company library."""

import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from core.listing import (
    Chip,
    ChoiceFilter,
    Filter,
    TaxonomyFilter,
    TextFilter,
    filtered_listing,
    rows_by_value,
)
from core.paging import paginate
from core.querystring import url_without
from core.terms import annotated_term_ids

from . import map_config
from .figures import figures_of, with_figures
from .filters import (
    CarrierFilters,
    Taxonomy,
    apply_filters,
    cache_version,
    carrier_queryset,
    facet_options,
    term_ids,
)

# Submodules, never the models package: the landing page (models/index.py) imports this module.
from .models.carrier import CarrierPage
from .models.companies import Company, Residency
from .models.taxonomies import HONOUR_FIELDS, CarrierType, CompanyStage, Honour, Industry

GEOJSON_CACHE_SECONDS = 600
TYPE_LABELS = {value: str(label) for value, label in CarrierType.choices}


def read_filters(request, taxonomy):
    filters = CarrierFilters.from_query(request.GET, taxonomy)
    if filters.bbox and map_config.current_provider()["crs"] == "gcj02":
        # The browser measured the box on GCJ-02 tiles; the database holds WGS-84.
        west, south, east, north = filters.bbox
        south, west = map_config.gcj02_to_wgs84(south, west)
        north, east = map_config.gcj02_to_wgs84(north, east)
        filters.bbox = (west, south, east, north)
    return filters


def prepare_cards(carriers, taxonomy, rows_by_pk=None):
    """Attach what the card shows (levels, industries, area, figures) with no query per carrier.
    `carriers` come from with_figures(); rows_by_pk (from the filter) saves the many-to-many lookups."""
    if rows_by_pk is None:
        rows_by_pk = {}
        levels = [annotated_term_ids(c, "levels") for c in carriers]
        industries = [annotated_term_ids(c, "industries") for c in carriers]
        if None in levels or None in industries:
            terms = term_ids([c.pk for c in carriers])
        else:  # read with the carriers (PostgreSQL: core.terms.annotate_serve_terms)
            terms = {c.pk: (lv, ind) for c, lv, ind in zip(carriers, levels, industries, strict=True)}
    for carrier in carriers:
        row = rows_by_pk.get(carrier.pk)
        level_ids, industry_ids = (row.levels, row.industries) if row else terms.get(carrier.pk, ((), ()))
        carrier.card_levels = [o for o in taxonomy.levels.values() if o.pk in level_ids]
        carrier.card_industries = [o for o in taxonomy.industries.values() if o.pk in industry_ids]
        carrier.card_area = taxonomy.areas_by_id.get(carrier.area_id)
        carrier.card_figures = figures_of(carrier)
    return carriers


def carrier_index(index_page, request):
    taxonomy = Taxonomy.load()
    filters = read_filters(request, taxonomy)
    result = apply_filters(index_page, filters, taxonomy)
    page_obj = paginate(result.rows, index_page.per_page or 12, request.GET.get("page", 1))
    page_ids = [row.pk for row in page_obj.object_list]
    by_pk = {c.pk: c for c in with_figures(CarrierPage.objects.filter(pk__in=page_ids))}
    carriers = prepare_cards(
        [by_pk[pk] for pk in page_ids if pk in by_pk], taxonomy, {r.pk: r for r in result.rows}
    )
    options = facet_options(result, filters, taxonomy, request)
    chips = [Chip(label, url_without(request, key)) for label, key in active_chips(filters, taxonomy)]
    context = {
        "carriers": carriers,
        "page_obj": page_obj,
        "filters": filters,
        "options": options,
        "chips": chips,
        "total": result.total,
        "match_count": len(result.rows),
        "mapped_count": sum(1 for row in result.rows if row.latitude is not None),
        "map_config": map_config.browser_config(),
        "geojson_url": index_page.url + index_page.reverse_subpage("geojson"),
        "library_url": index_page.url + index_page.reverse_subpage("companies"),
    }
    return index_page.render(request, context_overrides=context)


def active_chips(filters, taxonomy):
    """The active filters as (label, query key) pairs, so each can be removed on its own."""
    chips = []
    if filters.q:
        chips.append((f"关键词：{filters.q}", "q"))
    if filters.type:
        chips.append((TYPE_LABELS[filters.type], "type"))
    if filters.level:
        chips.append((taxonomy.levels[filters.level].name, "level"))
    if filters.area:
        chips.append((taxonomy.areas[filters.area].name, "area"))
    if filters.industry:
        chips.append((taxonomy.industries[filters.industry].name, "industry"))
    if filters.open:
        chips.append(("有开放技术平台", "open"))
    if filters.bbox:
        chips.append(("地图范围内", "bbox"))
    return chips


def build_geojson(index_page, filters, taxonomy):
    result = apply_filters(index_page, filters, taxonomy, count=False)
    base_url = index_page.url
    level_names = {o.pk: o.name for o in taxonomy.levels.values()}
    level_order = list(level_names)
    gcj = map_config.current_provider()["crs"] == "gcj02"
    features = []
    for row in result.rows:
        if row.latitude is None:
            continue
        lat, lng = float(row.latitude), float(row.longitude)
        if gcj:
            lat, lng = map_config.wgs84_to_gcj02(lat, lng)
        area = taxonomy.areas_by_id.get(row.area_id)
        features.append(
            {
                "type": "Feature",
                "id": row.pk,
                "geometry": {"type": "Point", "coordinates": [round(lng, 6), round(lat, 6)]},
                "properties": {
                    "name": row.title,
                    "short_name": row.short_name,
                    "url": f"{base_url}{row.slug}/",
                    "type": TYPE_LABELS.get(row.carrier_type, ""),
                    "area": area.name if area else "",
                    "levels": [level_names[pk] for pk in level_order if pk in row.levels],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "crs_note": "gcj02" if gcj else "wgs84"}


def carrier_geojson(index_page, request):
    """The filtered carriers as GeoJSON points; cached until any carrier or taxonomy changes."""
    taxonomy = Taxonomy.load()
    filters = read_filters(request, taxonomy)
    # The filters hold the reader's text: hashed, the key stays short and valid for any cache backend.
    filtered = hashlib.sha256(filters.cache_key().encode()).hexdigest()[:32]
    key = f"carriers:geojson:{cache_version()}:{index_page.pk}:{map_config.current_provider()['name']}:{filtered}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(
            build_geojson(index_page, filters, taxonomy), ensure_ascii=False, separators=(",", ":")
        )
        cache.set(key, body, GEOJSON_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=300)
    return response


# Company library ----------------------------------------------------------------------------------


class HonourFilter(Filter):
    """高新技术企业 / 专精特新 / 小巨人: three yes/no fields, offered as one choice, counted in one query."""

    def clean(self, raw, loaded=None):
        return raw if raw in Honour.values else None

    def apply(self, queryset, value):
        return queryset.filter(**{HONOUR_FIELDS[value]: True})

    def counts(self, queryset):
        fields = {value: Count("pk", filter=Q(**{name: True})) for value, name in HONOUR_FIELDS.items()}
        return queryset.order_by().aggregate(**fields)

    def terms(self, counts, value, loaded=None):
        return Honour.choices


class ResidencyFilter(Filter):
    """The carrier a company is or was in (by the carrier's slug), counted over residency records."""

    def __init__(self, param, label, *, carriers):
        super().__init__(param, label, widget="select")
        self.carriers = carriers  # {slug: carrier}, live and public, in title order

    def clean(self, raw, loaded=None):
        return raw if raw in self.carriers else None

    def apply(self, queryset, value):
        return queryset.filter(residencies__carrier=self.carriers[value]).distinct()

    def count_rows(self, queryset, facet=None):
        residencies = Residency.objects.filter(
            company__in=queryset.order_by().values("pk"), carrier__in=self.carriers.values()
        )
        return rows_by_value(residencies, "carrier__slug", Count("company", distinct=True), facet)

    def read_rows(self, model, rows):
        return dict(rows)

    def terms(self, counts, value, loaded=None):
        return [(slug, carrier.title) for slug, carrier in self.carriers.items()]

    def many_valued(self, model):
        return True


def company_library(index_page, request):
    carriers = {c.slug: c for c in carrier_queryset(index_page).order_by("title").only("id", "title", "slug")}
    filters = [
        TextFilter("q", _("企业名称"), fields=("name", "profile")),
        TaxonomyFilter("industry", _("产业领域"), field="industry", model=Industry, widget="select"),
        ChoiceFilter("stage", _("阶段"), field="stage", choices=CompanyStage.choices, widget="select"),
        HonourFilter("honour", _("荣誉资质"), widget="select"),
        ResidencyFilter("carrier", _("所在载体"), carriers=carriers),
    ]
    stays = (
        Residency.objects.filter(company_id=OuterRef("pk"))
        .order_by("-entered_on", "-pk")
        .values("carrier_id")
    )

    def prepare(companies):
        return companies.select_related("industry").annotate(
            current_carrier_id=Subquery(stays.filter(left_on__isnull=True)[:1]),
            latest_carrier_id=Subquery(stays[:1]),
        )

    listing = filtered_listing(request, Company.objects.public().order_by("name", "pk"), filters, 20, prepare)
    items = list(listing.items)
    attach_carriers(items, carriers.values(), index_page)
    context = {
        "view": "companies",
        "companies": items,
        "listing": listing,
        "page_obj": listing.page_obj,
        "q": request.GET.get("q", "").strip()[:40],
        "carriers_url": index_page.url,
    }
    return index_page.render(request, template="carriers/company_library.html", context_overrides=context)


def attach_carriers(companies, carriers, index_page):
    """Each company's current (or, once it left, its latest) carrier, from the annotated ids."""
    by_id = {c.pk: c for c in carriers}
    base = index_page.url
    for company in companies:
        carrier = by_id.get(company.current_carrier_id or company.latest_carrier_id)
        company.carrier = carrier
        company.carrier_url = f"{base}{carrier.slug}/" if carrier else ""
        company.is_current = bool(company.current_carrier_id and carrier)
