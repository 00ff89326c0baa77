"""Filtering and per-value counts for the carrier list, map and GeoJSON.

The whole filtered set is computed from three narrow queries (carrier rows, carrier↔level pairs,
carrier↔industry pairs) and the facets are counted in Python: every facet's counts respect all the *other*
filters, which in SQL would cost one query per facet. The query count is therefore the same for 80 carriers
or 8,000, and the list, the map and the GeoJSON share one definition of "matches".
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageViewRestriction

from core.index_pages import WATCHED as INDEX_PAGE_LABELS
from core.listing import Facet, Option
from core.models import Area
from core.querystring import url_with
from core.snapshots import named

from .models.carrier import CarrierPage
from .models.taxonomies import CarrierLevel, CarrierType, Industry

FACETS = ("type", "level", "area", "industry", "open")
MAX_QUERY_LENGTH = 40
CACHE_VERSION_KEY = "carriers:cache-version"


def cache_version():
    """Bumped whenever a carrier or a taxonomy term changes (see signals.py); part of every cache key."""
    version = cache.get(CACHE_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(CACHE_VERSION_KEY, version, None)
    return version


def bump_cache_version():
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 2, None)


@dataclass
class Taxonomy:
    levels: dict  # slug -> CarrierLevel
    areas: dict
    industries: dict
    levels_by_id: dict = field(init=False)
    areas_by_id: dict = field(init=False)
    industries_by_id: dict = field(init=False)

    def __post_init__(self):
        self.levels_by_id = {o.pk: o for o in self.levels.values()}
        self.areas_by_id = {o.pk: o for o in self.areas.values()}
        self.industries_by_id = {o.pk: o for o in self.industries.values()}

    @classmethod
    def load(cls):
        """The three small lists, cached until an editor changes one of them."""
        key = f"carriers:taxonomy:{cache_version()}"
        taxonomy = cache.get(key)
        if taxonomy is None:
            taxonomy = cls.from_database()
            cache.set(key, taxonomy, 3600)
        return taxonomy

    @classmethod
    def from_database(cls):
        """All three lists in one query (a UNION), as unsaved-looking model instances."""
        models = {"level": CarrierLevel, "area": Area, "industry": Industry}
        parts = [
            model.objects.order_by()
            .annotate(kind=Value(kind), future=F("is_future") if model is Industry else Value(False))
            .values_list("pk", "name", "slug", "sort_order", "kind", "future")
            for kind, model in models.items()
        ]
        found = {kind: [] for kind in models}
        for pk, name, slug, sort_order, kind, future in parts[0].union(*parts[1:], all=True):
            extra = {"is_future": future} if kind == "industry" else {}
            found[kind].append(models[kind](pk=pk, name=name, slug=slug, sort_order=sort_order, **extra))
        ordered = {kind: sorted(items, key=lambda o: (o.sort_order, o.name)) for kind, items in found.items()}
        return cls(
            levels={o.slug: o for o in ordered["level"]},
            areas={o.slug: o for o in ordered["area"]},
            industries={o.slug: o for o in ordered["industry"]},
        )


@dataclass
class CarrierFilters:
    type: str = ""
    level: str = ""
    area: str = ""
    industry: str = ""
    open: bool = False
    q: str = ""
    bbox: tuple | None = None  # (west, south, east, north), from the map's "search this area"

    @classmethod
    def from_query(cls, query, taxonomy):
        """Valid filters from a QueryDict; unknown values are dropped rather than matching nothing."""

        def pick(name, allowed):
            value = (query.get(name) or "").strip()
            return value if value in allowed else ""

        return cls(
            type=pick("type", CarrierType.values),
            level=pick("level", taxonomy.levels),
            area=pick("area", taxonomy.areas),
            industry=pick("industry", taxonomy.industries),
            open=query.get("open") == "1",
            q=(query.get("q") or "").strip()[:MAX_QUERY_LENGTH],
            bbox=parse_bbox(query.get("bbox")),
        )

    @property
    def active(self):
        return any([self.type, self.level, self.area, self.industry, self.open, self.q, self.bbox])

    def cache_key(self):
        bbox = ",".join(f"{v:.5f}" for v in self.bbox) if self.bbox else ""
        return f"{self.type}|{self.level}|{self.area}|{self.industry}|{int(self.open)}|{self.q}|{bbox}"


def parse_bbox(value):
    try:
        west, south, east, north = (float(v) for v in (value or "").split(","))
    except ValueError:
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return (west, south, east, north)


@dataclass
class CarrierRow:
    pk: int
    title: str
    short_name: str
    slug: str
    carrier_type: str
    area_id: int
    has_open_platform: bool
    latitude: object
    longitude: object
    levels: set = field(default_factory=set)
    industries: set = field(default_factory=set)


@dataclass
class FilterResult:
    rows: list  # matching CarrierRows, in listing order
    counts: dict  # facet -> {value: count}
    total: int  # carriers matching the keyword, before the other filters


def carrier_queryset(index_page):
    """Live carriers under the index without a view restriction of their own (serving the index already
    checked the restrictions above it)."""
    restricted = PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
    return CarrierPage.objects.live().child_of(index_page).exclude(Exists(restricted))


def keyword_q(q):
    clauses = Q()
    for term in q.split()[:4]:
        clauses &= (
            Q(title__icontains=term)
            | Q(short_name__icontains=term)
            | Q(operator__icontains=term)
            | Q(address__icontains=term)
            | Q(summary__icontains=term)
        )
    return clauses


# The rows without a keyword change only when a page is saved, deleted or moved, a view restriction or
# site changes, or a level or industry is deleted (its links go with it): they are a snapshot in the shared
# cache (core/snapshots.py), one per index page and place in the tree.
ROW_LABELS = (*INDEX_PAGE_LABELS, CarrierLevel._meta.label_lower, Industry._meta.label_lower)


def load_rows(index_page, q=""):
    """Every live carrier under the index matching the keyword, as light rows with level and industry ids.
    Without a keyword from the shared cache; else two queries: the rows, and both many-to-many tables in
    one UNION. The rows are shared: callers must not change them."""
    if q:
        return read_rows(index_page, q)
    name = f"carrier-rows:{index_page.pk}:{index_page.path}"
    return named(name, ROW_LABELS, lambda: read_rows(index_page)).get()


def read_rows(index_page, q=""):
    """load_rows from the database."""
    carriers = carrier_queryset(index_page)
    if q:
        carriers = carriers.filter(keyword_q(q))
    rows = {
        values[0]: CarrierRow(*values)
        for values in carriers.order_by("-featured", "path").values_list(
            "pk",
            "title",
            "short_name",
            "slug",
            "carrier_type",
            "area_id",
            "has_open_platform",
            "latitude",
            "longitude",
        )
    }
    if not rows:
        return []
    for carrier_id, (levels, industries) in term_ids(carriers.order_by().values("pk")).items():
        rows[carrier_id].levels, rows[carrier_id].industries = levels, industries
    return list(rows.values())


def term_ids(carrier_ids):
    """{carrier id: (level ids, industry ids)} of `carrier_ids` (a list or a subquery), both many-to-many
    tables in one query (a UNION)."""
    levels = (
        CarrierPage.levels.through.objects.filter(carrierpage_id__in=carrier_ids)
        .annotate(kind=Value("level"))
        .values_list("carrierpage_id", "carrierlevel_id", "kind")
    )
    industries = (
        CarrierPage.industries.through.objects.filter(carrierpage_id__in=carrier_ids)
        .annotate(kind=Value("industry"))
        .values_list("carrierpage_id", "industry_id", "kind")
    )
    found = {}
    for carrier_id, term_id, kind in levels.union(industries, all=True):
        pair = found.setdefault(carrier_id, (set(), set()))
        pair[0 if kind == "level" else 1].add(term_id)
    return found


def apply_filters(index_page, filters, taxonomy, count=True):
    """The matching rows and, when `count`, the per-value counts of every facet."""
    all_rows = load_rows(index_page, filters.q)

    wanted = {
        "type": filters.type or None,
        "level": taxonomy.levels[filters.level].pk if filters.level else None,
        "area": taxonomy.areas[filters.area].pk if filters.area else None,
        "industry": taxonomy.industries[filters.industry].pk if filters.industry else None,
        "open": True if filters.open else None,
    }

    def facet_ok(row, facet):
        value = wanted[facet]
        if value is None:
            return True
        if facet == "type":
            return row.carrier_type == value
        if facet == "level":
            return value in row.levels
        if facet == "area":
            return row.area_id == value
        if facet == "industry":
            return value in row.industries
        return row.has_open_platform

    def base_ok(row):
        if filters.bbox:
            if row.latitude is None:
                return False
            west, south, east, north = filters.bbox
            if not (south <= float(row.latitude) <= north and west <= float(row.longitude) <= east):
                return False
        return True

    counts = {facet: {} for facet in FACETS}
    matching = []
    for row in all_rows:
        if not base_ok(row):
            continue
        passes = {facet: facet_ok(row, facet) for facet in FACETS}
        failed = [facet for facet, ok in passes.items() if not ok]
        if not failed:
            matching.append(row)
        if not count:
            continue
        # A row counts towards facet F when it passes every filter except F's own.
        for facet in FACETS:
            if failed and failed != [facet]:
                continue
            bucket = counts[facet]
            if facet == "type":
                keys = [row.carrier_type]
            elif facet == "level":
                keys = row.levels
            elif facet == "area":
                keys = [row.area_id]
            elif facet == "industry":
                keys = row.industries
            else:
                keys = [True] if row.has_open_platform else []
            for key in keys:
                bucket[key] = bucket.get(key, 0) + 1
    return FilterResult(rows=matching, counts=counts, total=len(all_rows))


def facet_options(result, filters, taxonomy, request):
    """The filter form's facets (core.listing.Facet, counted in Python over the rows the map also uses:
    each facet's counts respect the other filters), in editors' order; plus the open-platform count."""
    counts = result.counts

    def facet(param, label, terms, chosen):
        options = [
            Option(
                value, name, counts[param].get(key, 0), value == chosen, url_with(request, **{param: value})
            )
            for key, value, name in terms
        ]
        return Facet(param, label, options, all_url=url_with(request, **{param: None}), widget="select")

    return {
        "type": facet("type", _("载体类型"), [(v, v, n) for v, n in CarrierType.choices], filters.type),
        "level": facet(
            "level", _("级别"), [(o.pk, o.slug, o.name) for o in taxonomy.levels.values()], filters.level
        ),
        "area": facet(
            "area", _("区域"), [(o.pk, o.slug, o.name) for o in taxonomy.areas.values()], filters.area
        ),
        "industry": facet(
            "industry",
            _("产业领域"),
            [(o.pk, o.slug, o.name) for o in taxonomy.industries.values()],
            filters.industry,
        ),
        "open": counts["open"].get(True, 0),
    }
