"""The terms of a taxonomy ({slug: name} in the editors' order), read once and kept in the shared cache.

Listings offer a taxonomy's terms as filter options on every request, for lists that editors change a few
times a year. The cached copy is tagged with a per-model *version* token, read before the database: a change
to any term writes a new token at once and again after its transaction commits, so a copy built from data
read before the commit is never served afterwards (the same rule as home/chrome.py). A transaction that
changed a taxonomy reads it from the database until it ends, and keeps no copy: it may still roll back.
"""

import uuid

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from .models import Taxonomy

TIMEOUT = 3600
# model label -> outermost atomic block of the (still open) transaction that changed that taxonomy
_uncommitted = {}


def _keys(model):
    label = model._meta.label_lower
    return f"terms:version:{label}", f"terms:data:{label}"


def terms(model):
    """{slug: name} of every term of `model` (a Taxonomy), in sort order."""
    version_key, data_key = _keys(model)
    found = cache.get_many([version_key, data_key])
    version = found.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, timeout=None)
        version = cache.get(version_key)
    entry = found.get(data_key)
    changed_here = _changed_in_this_transaction(model)
    if entry is not None and entry[0] == version and not changed_here:
        return entry[1]
    value = dict(model.objects.order_by("sort_order", "name").values_list("slug", "name"))
    if not changed_here:
        cache.set(data_key, (version, value), timeout=TIMEOUT)
    return value


def _changed_in_this_transaction(model):
    marker = _uncommitted.get(model._meta.label_lower)
    return marker is not None and bool(connection.atomic_blocks) and connection.atomic_blocks[0] is marker


def _committed(model):
    _uncommitted.pop(model._meta.label_lower, None)
    _move_version(model)


def _move_version(model):
    cache.set(_keys(model)[0], uuid.uuid4().hex, timeout=None)


def _changed(sender, **kwargs):
    if isinstance(sender, type) and issubclass(sender, Taxonomy):
        _move_version(sender)
        if connection.in_atomic_block:
            _uncommitted[sender._meta.label_lower] = connection.atomic_blocks[0]
        transaction.on_commit(lambda: _committed(sender))


post_save.connect(_changed, dispatch_uid="core.terms.save")
post_delete.connect(_changed, dispatch_uid="core.terms.delete")
