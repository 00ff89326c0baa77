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
