"""One filterable listing for every app: filters live in the URL, each filter's options are counted in one
query (counts respect the *other* active filters, so a reader sees what each choice would give), the list
is paginated, and an empty result gets its own state.

    listing = filtered_listing(request, NewsPage.objects.live().public(), [
        ChoiceFilter("category", _("分类"), field="category", choices=NewsCategory.choices),
        TagFilter("tag", _("标签"), through=NewsPageTag),
    ], per_page=10)

Templates get `Listing` (page_obj, facets, chips, totals) and render facets with
`components/facet_tabs.html` or `components/facet_select.html`. An app whose counts come from elsewhere
(the carrier map counts in Python over the rows it already loaded for the map) builds the same `Facet`
and `Chip` objects itself and uses the same components.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .paging import paginate
from .querystring import url_with, url_without
from .terms import terms


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    param: str
    label: str
    options: list[Option]
    all_url: str = ""  # the link that clears this filter
    all_count: int | None = None  # entries when this filter is not set (the others still apply)
    widget: str = "tabs"  # tabs | select

    @property
    def active(self):
        return next((option for option in self.options if option.selected), None)


@dataclass
class Chip:
    """An active filter, with the link that removes only it."""

    label: str
    url: str


@dataclass
class Listing:
    page_obj: object
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    total: int = 0  # entries before any filter
    clear_url: str = ""

    @property
    def items(self):
        return self.page_obj.object_list

    @property
    def match_count(self):
        return self.page_obj.paginator.count

    @property
    def is_filtered(self):
        return bool(self.chips)

    def facet(self, param):
        return next((facet for facet in self.facets if facet.param == param), None)


class Counts(dict):
    """A filter's {value: entries} when every entry counts under exactly one value (or under none, in
    `every` only): `every` is then how many entries were counted, and the listing needs no COUNT query of
    its own (filtered_listing)."""

    def __init__(self, counts, every):
        super().__init__(counts)
        self.every = every


class Filter:
    """A URL parameter that narrows a queryset; subclasses say how to count and apply its values."""

    widget = "tabs"

    def many_valued(self, model):
        """True when one entry can carry several values (its counts then add up to more than the entries)."""
        return False

    def __init__(self, param, label, *, field="", widget=None):
        self.param = param
        self.label = label
        self.field = field
        if widget:
            self.widget = widget

    def load(self):
        """What clean() and terms() need from the database, read once per listing (None for most)."""
        return None

    def clean(self, raw, loaded=None):
        """The value to filter by, or None (an unknown value is ignored rather than an error)."""
        return raw or None

    def apply(self, queryset, value):
        return queryset.filter(**{self.field: value})

    def counts(self, queryset):
        """{value: entries}, in one query (a Counts when the field holds one value per entry)."""
        rows = list(queryset.order_by().values(self.field).annotate(n=Count("pk", distinct=True)))
        counts = {str(row[self.field]): row["n"] for row in rows if row[self.field] not in (None, "")}
        if self.many_valued(queryset.model):
            return counts
        return Counts(counts, every=sum(row["n"] for row in rows))

    def terms(self, counts, value, loaded=None):
        """(value, label) pairs in display order."""
        raise NotImplementedError


class ChoiceFilter(Filter):
    """A field with fixed choices (a TextChoices): every choice is offered, with its count."""

    def __init__(self, param, label, *, field, choices, **kwargs):
        super().__init__(param, label, field=field, **kwargs)
        self.choices = [(str(value), str(text)) for value, text in choices]

    def clean(self, raw, loaded=None):
        return raw if raw in dict(self.choices) else None

    def terms(self, counts, value, loaded=None):
        return self.choices


class TaxonomyFilter(Filter):
    """A foreign key or many-to-many to a core.models.Taxonomy, chosen by slug; the terms offered are those
    with entries (plus the chosen one, so a filter that matches nothing still shows as chosen)."""

    def __init__(self, param, label, *, field, model, **kwargs):
        super().__init__(param, label, field=field, **kwargs)
        self.model = model

    def load(self):
        """{slug: name} of every term in the editors' order (short lists, kept in the shared cache)."""
        return terms(self.model)

    def clean(self, raw, loaded=None):
        return raw if raw in loaded else None

    def many_valued(self, model):
        return model._meta.get_field(self.field).many_to_many

    def apply(self, queryset, value):
        return queryset.filter(**{f"{self.field}__slug": value})

    def counts(self, queryset):
        relation = queryset.model._meta.get_field(self.field)
        if relation.many_to_many:
            through = relation.remote_field.through
            source = f"{queryset.model._meta.model_name}_id"
            target = f"{relation.remote_field.model._meta.model_name}"
            rows = (
                through.objects.filter(**{f"{source}__in": queryset.order_by().values("pk")})
                .values(f"{target}__slug")
                .annotate(n=Count("pk"))
                .values_list(f"{target}__slug", "n")
            )
        else:
            rows = list(
                queryset.order_by()
                .values(f"{self.field}__slug")
                .annotate(n=Count("pk", distinct=True))  # distinct: another filter may have joined rows
                .values_list(f"{self.field}__slug", "n")
            )
            return Counts({slug: n for slug, n in rows if slug}, every=sum(n for _, n in rows))
        return {slug: n for slug, n in rows if slug}

    def terms(self, counts, value, loaded=None):
        return [(slug, name) for slug, name in loaded.items() if slug in counts or slug == value]


class MonthFilter(Filter):
    """Calendar months (YYYY-MM, local time) of a date or datetime field that have entries."""

    widget = "select"

    def __init__(self, param, label, *, field, newest_first=False, **kwargs):
        super().__init__(param, label, field=field, **kwargs)
        self.newest_first = newest_first

    @staticmethod
    def _tz():
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    def clean(self, raw, loaded=None):
        try:
            year, month = (int(part) for part in (raw or "").split("-"))
            datetime.date(year, month, 1)
            datetime.date(year + month // 12, month % 12 + 1, 1)  # apply() ends at the next month's start
        except (TypeError, ValueError):
            return None
        return f"{year:04d}-{month:02d}"

    def apply(self, queryset, value):
        year, month = (int(part) for part in value.split("-"))
        start = datetime.datetime(year, month, 1, tzinfo=self._tz())
        end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=self._tz())
        return queryset.filter(**{f"{self.field}__gte": start, f"{self.field}__lt": end})

    def counts(self, queryset):
        rows = (
            queryset.order_by()
            .annotate(listing_month=TruncMonth(self.field, tzinfo=self._tz()))
            .values("listing_month")
            .annotate(n=Count("pk", distinct=True))
            .values_list("listing_month", "n")
        )
        return Counts(
            {month.strftime("%Y-%m"): n for month, n in rows if month}, every=sum(n for _, n in rows)
        )

    def terms(self, counts, value, loaded=None):
        months = sorted(set(counts) | ({value} if value else set()), reverse=self.newest_first)
        return [(m, f"{int(m[:4])}年{int(m[5:])}月") for m in months]


class TagFilter(Filter):
    """django-taggit tags through a TaggedItemBase model; offers the most used tags of the current list."""

    def __init__(self, param, label, *, through, limit=20, **kwargs):
        super().__init__(param, label, field="tags__name", **kwargs)
        self.through = through
        self.limit = limit

    def clean(self, raw, loaded=None):
        return (raw or "").strip()[:100] or None

    def many_valued(self, model):
        return True

    def counts(self, queryset):
        rows = (
            self.through.objects.filter(content_object__in=queryset.order_by().values("pk"))
            .values("tag__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tag__name")
            .values_list("tag__name", "n")[: self.limit]
        )
        return dict(rows)

    def terms(self, counts, value, loaded=None):
        names = list(counts)
        if value and value not in counts:
            names.append(value)
        return [(name, name) for name in names]


class TextFilter(Filter):
    """Free text matched as a substring of some fields (`icontains`); no options, shown as a chip."""

    widget = "search"

    def __init__(self, param, label, *, fields, max_length=40, **kwargs):
        super().__init__(param, label, **kwargs)
        self.fields = fields
        self.max_length = max_length

    def clean(self, raw, loaded=None):
        return (raw or "").strip()[: self.max_length] or None

    def apply(self, queryset, value):
        match = Q()
        for name in self.fields:
            match |= Q(**{f"{name}__icontains": value})
        return queryset.filter(match)

    def counts(self, queryset):
        return {}

    def terms(self, counts, value, loaded=None):
        return []


def filtered_listing(request, queryset, filters, per_page, prepare=None, decorate=None):
    """The listing of `queryset` narrowed by the request's filter parameters, with every filter's options
    counted against the others, and the requested page (junk page numbers give page 1). `prepare` adds
    select_related/prefetch_related for the page of entries only (the counts do not need them); `decorate`
    gets the page's entries once they are read (a list) and may set attributes on them in a query or two."""
    loaded = {f.param: f.load() for f in filters}
    values = {f.param: f.clean(request.GET.get(f.param, ""), loaded[f.param]) for f in filters}
    facets, chips = [], []
    # The entries shown, and all entries, when a filter's counts already tell (Counts): its counts are taken
    # with the other filters applied, so they tell all entries when no other filter is chosen.
    shown_count = every_count = None
    for f in filters:
        others = queryset
        for g in filters:
            if g is not f and values[g.param] is not None:
                others = g.apply(others, values[g.param])
        value = values[f.param]
        counts = f.counts(others)
        if isinstance(counts, Counts) and not f.many_valued(queryset.model):
            if shown_count is None:
                shown_count = counts.every if value is None else counts.get(value, 0)
            if every_count is None and all(values[g.param] is None for g in filters if g is not f):
                every_count = counts.every
        options = [
            Option(term, label, counts.get(term, 0), term == value, url_with(request, **{f.param: term}))
            for term, label in f.terms(counts, value, loaded[f.param])
        ]
        facets.append(
            Facet(
                f.param,
                f.label,
                options,
                all_url=url_with(request, **{f.param: None}),
                all_count=None if f.many_valued(queryset.model) else sum(counts.values()),
                widget=f.widget,
            )
        )
        if value is not None:
            label = next((o.label for o in options if o.selected), value)
            chips.append(Chip(f"{f.label}：{label}", url_without(request, f.param)))
    shown = queryset
    for f in filters:
        if values[f.param] is not None:
            shown = f.apply(shown, values[f.param])
    page_obj = paginate(
        prepare(shown) if prepare else shown, per_page, request.GET.get("page", 1), shown_count
    )
    if decorate is not None:
        page_obj.object_list = list(page_obj.object_list)
        decorate(page_obj.object_list)
    if not chips:
        total = page_obj.paginator.count
    else:
        total = every_count if every_count is not None else queryset.count()
    clear_url = url_with(request, **{f.param: None for f in filters})
    return Listing(page_obj=page_obj, facets=facets, chips=chips, total=total, clear_url=clear_url)
