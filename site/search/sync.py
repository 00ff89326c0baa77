"""Keep the index in step with the database, after the transaction commits, and never break a publish.

Every change of a registered object writes an IndexChange row inside the change's own transaction
(durable: it exists if and only if the change committed). After commit a django-tasks task
(`tasks.apply_pending_changes`) applies pending rows to Elasticsearch (`outbox.py`).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import registry
from .es import is_configured
from .models import IndexChange
from .table import sync_object
from .tasks import apply_pending_changes

logger = logging.getLogger(__name__)


def record_change(searchable, object_id):
    IndexChange.objects.update_or_create(
        key=searchable.key,
        object_id=str(object_id),
        defaults={"changed_at": timezone.now(), "applied_at": None},
    )
    _schedule_apply()


def record_object(obj):
    if not registry.for_model(type(obj)):
        return
    # The database search's table follows in the same transaction (it is the same database).
    try:
        with transaction.atomic():
            sync_object(obj)
    except Exception:  # noqa: BLE001 - a search table problem must never break a publish
        logger.exception("could not update the database search entry of %r", obj)
    if not is_configured():
        return
    for searchable in registry.for_model(type(obj)):
        record_change(searchable, obj.pk)


class _ApplyAfterCommit:
    """The on_commit callback that enqueues the index task; `done` once it ran."""

    done = False

    def __call__(self):
        self.done = True
        try:
            apply_pending_changes.enqueue()
        except Exception:  # noqa: BLE001 - the change is recorded; a later run applies it
            logger.exception("could not enqueue the search index update")


def _schedule_apply():
    # One task per transaction, however many objects it changed (a rollback discards it with the rows).
    connection = transaction.get_connection()
    waiting = getattr(connection, "_search_apply_after_commit", None)
    if (
        connection.in_atomic_block
        and waiting is not None
        and not waiting.done
        and any(entry[1] is waiting for entry in connection.run_on_commit)
    ):
        return
    callback = _ApplyAfterCommit()
    connection._search_apply_after_commit = callback
    transaction.on_commit(callback, robust=True)


# Signals -------------------------------------------------------------------------------------------


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    record_object(instance)


def _on_delete(sender, instance, **kwargs):
    record_object(instance)


def _on_page_event(sender, instance, **kwargs):
    record_object(instance.specific if isinstance(instance, Page) else instance)


def _record_subtree(page):
    for descendant in page.get_descendants(inclusive=True).specific(defer=True).iterator():
        record_object(descendant)


def _on_move(sender, instance, **kwargs):
    # URLs of the page and everything below it changed.
    _record_subtree(instance)


def _on_restriction(sender, instance, **kwargs):
    # A view restriction hides a subtree from the public: it must leave the index (and come back).
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _record_subtree(page)


def connect():
    post_save.connect(_on_save, dispatch_uid="search-sync-save")
    post_delete.connect(_on_delete, dispatch_uid="search-sync-delete")
    page_published.connect(_on_page_event, dispatch_uid="search-sync-published")
    page_unpublished.connect(_on_page_event, dispatch_uid="search-sync-unpublished")
    post_page_move.connect(_on_move, dispatch_uid="search-sync-move")
    post_save.connect(_on_restriction, sender=PageViewRestriction, dispatch_uid="search-sync-restriction")
    post_delete.connect(
        _on_restriction, sender=PageViewRestriction, dispatch_uid="search-sync-restriction-del"
    )
