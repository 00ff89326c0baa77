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
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import Count, IntegerField, Q, TextField, Value
from django.db.models.functions import Cast, TruncMonth

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


def rows_by_value(queryset, key, entries, facet=None):
    """(value, entries) rows of `queryset` grouped by `key` (a field name or expression, read as text), or
    (facet, value, entries) rows with `facet`, the number filtered_listing tells its filters' rows apart by."""
    rows = queryset.annotate(cf_key=Cast(key, TextField())).values("cf_key").annotate(cf_n=entries)
    if facet is None:
        return rows.values_list("cf_key", "cf_n")
    return rows.annotate(cf_facet=Value(facet, output_field=IntegerField())).values_list(
        "cf_facet", "cf_key", "cf_n"
    )


class Filter:
    """A URL parameter that narrows a queryset; subclasses say how to count and apply its values.

    A filter's counts are a query of rows (count_rows) read into a dict (read_rows); filtered_listing runs
    the rows of all its filters in one statement where the database allows it. A filter that counts in
    another way overrides counts() (and count_rows() to return None); one that overrides counts() only is
    counted on its own too."""

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

    def count_rows(self, queryset, facet=None):
        """The query counts() reads: rows_by_value() rows, the value as text; None if counts() is its own."""
        return rows_by_value(queryset.order_by(), self.field, Count("pk", distinct=True), facet)

    def read_rows(self, model, rows):
        """{value: entries} from count_rows() rows (a Counts when the field holds one value per entry)."""
        rows = list(rows)
        counts = {value: n for value, n in rows if value not in (None, "")}
        if self.many_valued(model):
            return counts
        return Counts(counts, every=sum(n for _, n in rows))

    def counts(self, queryset):
        """{value: entries}, in one query."""
        return self.read_rows(queryset.model, self.count_rows(queryset))

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

    def count_rows(self, queryset, facet=None):
        relation = queryset.model._meta.get_field(self.field)
        if relation.many_to_many:
            through = relation.remote_field.through
            source = f"{queryset.model._meta.model_name}_id"
            target = f"{relation.remote_field.model._meta.model_name}"
            entries = through.objects.filter(**{f"{source}__in": queryset.order_by().values("pk")})
            return rows_by_value(entries, f"{target}__slug", Count("pk"), facet)
        # distinct: another filter may have joined rows
        return rows_by_value(queryset.order_by(), f"{self.field}__slug", Count("pk", distinct=True), facet)

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

    def count_rows(self, queryset, facet=None):
        month = TruncMonth(self.field, tzinfo=self._tz())  # read as text: "YYYY-MM-01 00:00:00"
        return rows_by_value(queryset.order_by(), month, Count("pk", distinct=True), facet)

    def read_rows(self, model, rows):
        rows = list(rows)
        return Counts({month[:7]: n for month, n in rows if month}, every=sum(n for _, n in rows))

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

    def count_rows(self, queryset, facet=None):
        tagged = self.through.objects.filter(content_object__in=queryset.order_by().values("pk"))
        return rows_by_value(tagged, "tag__name", Count("pk"), facet).order_by("-cf_n", "cf_key")[
            : self.limit
        ]

    def read_rows(self, model, rows):
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

    def count_rows(self, queryset, facet=None):
        return None

    def counts(self, queryset):
        return {}

    def terms(self, counts, value, loaded=None):
        return []


def _owner(cls, name):
    return next(klass for klass in cls.__mro__ if name in vars(klass))


def _counted_in_rows(f):
    """Whether filter `f` counts through its count_rows(): not when a class overrides counts() below the
    one its count_rows() comes from."""
    return issubclass(_owner(type(f), "count_rows"), _owner(type(f), "counts"))


def all_counts(filters, querysets, model, totals):
    """({param: counts} of every filter, each over `querysets[param]` (the entries the other filters leave),
    {name: entries} of the querysets in `totals` it counted). Where parts of a UNION may be ordered and
    limited (PostgreSQL), the filters' rows and the numbers of entries of `totals` come in one statement,
    told apart by a facet number; elsewhere (SQLite) each filter is one query and the totals are left to
    the caller."""
    parts = {}
    if not querysets and not totals:
        return {}, {}
    database = next(iter({**querysets, **totals}.values())).db
    if connections[database].features.supports_slicing_ordering_in_compound:
        for number, f in enumerate(filters):
            rows = f.count_rows(querysets[f.param], facet=number) if _counted_in_rows(f) else None
            if rows is not None:
                parts[number] = rows
        if totals:
            everything = Cast(Value(None), TextField())  # one group: NULL, no parameter
            for number, queryset in enumerate(totals.values(), start=len(filters)):
                parts[number] = rows_by_value(
                    queryset.order_by(), everything, Count("pk", distinct=True), number
                )
    counts, counted = {}, {}
    if len(parts) > 1:
        first, *rest = parts.values()
        found = defaultdict(list)
        for number, value, n in first.union(*rest, all=True):
            found[number].append((value, n))
        names = list(totals)
        for number in parts:
            if number < len(filters):
                counts[filters[number].param] = filters[number].read_rows(model, found[number])
            else:
                counted[names[number - len(filters)]] = sum(n for _, n in found[number])
    for f in filters:
        if f.param not in counts:
            counts[f.param] = f.counts(querysets[f.param])
    return counts, counted


def filtered_listing(request, queryset, filters, per_page, prepare=None, decorate=None):
    """The listing of `queryset` narrowed by the request's filter parameters, with every filter's options
    counted against the others, and the requested page (junk page numbers give page 1). `prepare` adds
    select_related/prefetch_related for the page of entries only (the counts do not need them); `decorate`
    gets the page's entries once they are read (a list) and may set attributes on them in a query or two."""
    loaded = {f.param: f.load() for f in filters}
    values = {f.param: f.clean(request.GET.get(f.param, ""), loaded[f.param]) for f in filters}
    facets, chips = [], []
    others = {}
    for f in filters:
        others[f.param] = queryset
        for g in filters:
            if g is not f and values[g.param] is not None:
                others[f.param] = g.apply(others[f.param], values[g.param])
    shown = queryset
    for f in filters:
        if values[f.param] is not None:
            shown = f.apply(shown, values[f.param])
    # Counted along with the filters unless a single-valued filter's counts (a Counts) will tell them.
    single = [f for f in filters if not f.many_valued(queryset.model)]
    totals = {} if single else {"shown": shown}
    if any(value is not None for value in values.values()) and not any(
        all(values[g.param] is None for g in filters if g is not f) for f in single
    ):
        totals["every"] = queryset  # the listing says "n of every" when filtered
    counts_of, counted = all_counts(filters, others, queryset.model, totals)
    # The entries shown, and all entries, when a filter's counts already tell (Counts): its counts are taken
    # with the other filters applied, so they tell all entries when no other filter is chosen.
    shown_count, every_count = counted.get("shown"), counted.get("every")
    for f in filters:
        value = values[f.param]
        counts = counts_of[f.param]
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
