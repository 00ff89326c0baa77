"""The terms of a taxonomy ({slug: name} in the editors' order), read once and kept in the shared cache.

Listings offer a taxonomy's terms as filter options on every request, for lists that editors change a few
times a year: each taxonomy is a snapshot (core/snapshots.py) whose version moves on any save or delete of
one of its terms, at once and again after the transaction commits.
"""

from .models import Taxonomy
from .snapshots import named, watch_models


def terms(model):
    """{slug: name} of every term of `model` (a Taxonomy), in sort order."""
    label = model._meta.label_lower
    build = lambda: dict(model.objects.order_by("sort_order", "name").values_list("slug", "name"))  # noqa: E731
    return named(f"terms:{label}", [label], build).get()


# Every taxonomy, also one no listing has read yet in this process: other processes may hold a copy.
watch_models(lambda model: issubclass(model, Taxonomy))


# -- a served page's terms with the page (PostgreSQL) ------------------------------------------------------


def _term_rows(model):
    """(field attnames, rows) of every term of `model`, in its order: instances made without a query."""
    label = model._meta.label_lower
    names = [field.attname for field in model._meta.concrete_fields]
    build = lambda: (names, list(model._default_manager.order_by(*model._meta.ordering).values_list(*names)))  # noqa: E731
    return named(f"term-rows:{label}", [label], build).get()


def _terms_annotation(model, name):
    return f"_cf_terms_{model._meta.label_lower.replace('.', '_')}_{name}"


def annotate_serve_terms(queryset, model, connection, names=None):
    """Add to `queryset` (of `model`, or of pages joined to it) the ids of the terms in each many-to-many
    field `model.serve_terms` names (or those of `names` it names), as one array per field (PostgreSQL only:
    elsewhere the page reads its terms as before). The links are read live; the terms come from the
    taxonomy's snapshot (attach_serve_terms)."""
    names = [name for name in getattr(model, "serve_terms", ()) if names is None or name in names]
    if not names or connection.vendor != "postgresql":
        return queryset
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef

    arrays = {}
    for name in names:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        links = through._default_manager.filter(**{source: OuterRef("pk")}).order_by().values(target)
        arrays[_terms_annotation(model, name)] = ArraySubquery(links)
    return queryset.annotate(**arrays)


def attach_serve_terms(page, row):
    """Give `page` (of a class with `serve_terms`) the terms its `row` was annotated with (annotate_serve_terms):
    `page.<field>.all()` then reads no query, in the taxonomy's order, as Django's prefetch would leave it."""
    model = type(page)
    for name in getattr(model, "serve_terms", ()):
        ids = getattr(row, _terms_annotation(model, name), None)
        if ids is None:
            continue
        term_model = model._meta.get_field(name).remote_field.model
        names, rows = _term_rows(term_model)
        pk = term_model._meta.pk.attname
        wanted = set(ids)
        index = names.index(pk)
        db = page._state.db
        found = [term_model.from_db(db, names, values) for values in rows if values[index] in wanted]
        if len(found) != len(wanted):  # a term newer than the snapshot: let the page read them
            continue
        manager = getattr(page, name)
        # ParentalManyToManyField's manager hands out the live (Django) manager's queryset, which is what
        # reads Django's prefetch cache.
        queryset = (
            manager.get_live_queryset() if hasattr(manager, "get_live_queryset") else manager.get_queryset()
        )
        queryset._result_cache = found
        queryset._prefetch_done = True
        if not hasattr(page, "_prefetched_objects_cache"):
            page._prefetched_objects_cache = {}
        page._prefetched_objects_cache[name] = queryset


def prefetch_related_terms(queryset, names, connection):
    """`queryset.prefetch_related(*names)`, except that on PostgreSQL the fields its model lists in
    `serve_terms` come with the rows as arrays of ids: one query fewer per field for a listing. Give the
    rows read to `attach_terms`."""
    model = queryset.model
    own = [name for name in names if name in getattr(model, "serve_terms", ())]
    if own and connection.vendor == "postgresql":
        queryset = annotate_serve_terms(queryset, model, connection, own)
        names = [name for name in names if name not in own]
    return queryset.prefetch_related(*names) if names else queryset


def attach_terms(objects):
    """attach_serve_terms for each of a listing's rows (read with prefetch_related_terms)."""
    for obj in objects:
        attach_serve_terms(obj, obj)


def annotated_term_ids(obj, name):
    """The ids of `obj`'s terms in the field `name` read with its row (annotate_serve_terms), or None when
    they were not (SQLite, or a queryset without them)."""
    return getattr(obj, _terms_annotation(type(obj), name), None)
