"""Small tables read on every request (taxonomy terms, sites, view restrictions), kept in the shared cache.

A *snapshot* is a value built from the database by a function, for data editors change a few times a year.
It is cached together with the *version* tokens of the models it was built from, and a token is read before
the data (one `get_many`, a single round trip to Redis):

- a save or delete of a watched model writes a new token at once and again after its transaction commits,
  so a copy another process built from data read before the commit is never served afterwards;
- a transaction that changed a watched model reads the database until it ends and keeps no copy (it may
  still roll back);
- within one request a snapshot is read from the cache once (a per-request memo, dropped by any change).

Used by core/terms.py (filter options), core/public_pages.py (the Site for a host, the view restrictions),
core/index_pages.py (index pages) and carriers/filters.py (the carrier list's rows): each saves database
queries on every page for one cache read per request. `named()` makes one on first use (one per model,
per index page).
"""

import contextvars
import uuid

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

TIMEOUT = 3600
_memo = contextvars.ContextVar("core_snapshots_memo", default=None)
_watched = {}  # model label -> how many snapshots read it
_watch_if = []  # predicates over model classes, for families of models (every taxonomy)
_uncommitted = {}  # model label -> outermost atomic block of the (still open) transaction that changed it


def version_key(label):
    return f"snapshot:version:{label}"


class Snapshot:
    def __init__(self, name, labels, build):
        self.name = name
        self.labels = tuple(labels)
        self.build = build
        self.data_key = f"snapshot:data:{name}"
        for label in self.labels:
            _watched[label] = _watched.get(label, 0) + 1

    def get(self):
        memo = _memo.get()
        if memo is not None and self.name in memo:
            transaction_of_copy, value = memo[self.name]
            if transaction_of_copy is None or _current_transaction() is transaction_of_copy:
                return value
        keys = [version_key(label) for label in self.labels]
        found = cache.get_many([*keys, self.data_key])
        versions = tuple(found.get(key) or _first_version(key) for key in keys)
        changed_here = any(_changed_in_this_transaction(label) for label in self.labels)
        entry = found.get(self.data_key)
        if entry is not None and tuple(entry[0]) == versions and not changed_here:
            value = entry[1]
        else:
            value = self.build()
            if not changed_here:
                cache.set(self.data_key, (versions, value), timeout=TIMEOUT)
        if memo is not None:  # any later change in this request drops the memo
            # A copy read inside a transaction that changed the data is good only until that transaction ends.
            memo[self.name] = (_current_transaction() if changed_here else None, value)
        return value


_named = {}  # name -> Snapshot, for snapshots made on first use (one per model, per index page...)


def named(name, labels, build):
    """The snapshot called `name`, made with `labels` and `build` the first time it is asked for."""
    found = _named.get(name)
    if found is None:
        found = _named[name] = Snapshot(name, labels, build)
    return found


def watch_models(predicate):
    """Move the version of every model class for which predicate(model) is true, whenever one changes."""
    _watch_if.append(predicate)


def changed(label):
    """Record a change to `label` that no post_save/post_delete reports (a tree move, a bulk update)."""
    _move_version(label)
    _memo.set(None if _memo.get() is None else {})
    if connection.in_atomic_block:
        _uncommitted[label] = connection.atomic_blocks[0]
    transaction.on_commit(lambda: _committed(label))


def _first_version(key):
    cache.add(key, uuid.uuid4().hex, timeout=None)
    return cache.get(key)


def _current_transaction():
    return connection.atomic_blocks[0] if connection.atomic_blocks else None


def _changed_in_this_transaction(label):
    marker = _uncommitted.get(label)
    return marker is not None and _current_transaction() is marker


def _committed(label):
    _uncommitted.pop(label, None)
    _move_version(label)


def _move_version(label):
    cache.set(version_key(label), uuid.uuid4().hex, timeout=None)


def _on_change(sender, **kwargs):
    if not isinstance(sender, type) or not hasattr(sender, "_meta"):
        return
    label = sender._meta.label_lower
    if label in _watched or any(predicate(sender) for predicate in _watch_if):
        changed(label)


def _request_started(**kwargs):
    _memo.set({})


def _request_finished(**kwargs):
    _memo.set(None)


post_save.connect(_on_change, dispatch_uid="core.snapshots.save")
post_delete.connect(_on_change, dispatch_uid="core.snapshots.delete")
request_started.connect(_request_started, dispatch_uid="core.snapshots.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.snapshots.request_finished")
