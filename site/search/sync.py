"""Keep the index in step with the database, after the transaction commits, and never break a publish.

Every change of a registered object writes an IndexChange row inside the change's own transaction
(durable: it exists if and only if the change committed). After commit a django-tasks task applies
pending rows to Elasticsearch; rows that fail stay pending and are retried (by the next task, by a
deferred retry where the task backend supports it, by `sync_search_index`, and by the search page
once Elasticsearch answers again), so the index converges.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import registry
from .documents import doc_id, is_public, to_source
from .es import content_alias, get_client, is_configured
from .index import ensure_alias
from .models import IndexChange

logger = logging.getLogger(__name__)
BATCH = 500
RETRY_DELAY = timedelta(seconds=30)


def record_change(searchable, object_id):
    IndexChange.objects.update_or_create(
        key=searchable.key,
        object_id=str(object_id),
        defaults={"changed_at": timezone.now(), "applied_at": None},
    )
    _schedule_apply()


def record_object(obj):
    if not is_configured():
        return
    for searchable in registry.for_model(type(obj)):
        record_change(searchable, obj.pk)


class _ApplyAfterCommit:
    """The on_commit callback that enqueues the index task; `done` once it ran."""

    done = False

    def __call__(self):
        self.done = True
        from .tasks import apply_pending_changes

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


def _action(change):
    searchable = next((s for s in registry.all_searchables() if s.key == change.key), None)
    if searchable is None:
        return {"_op_type": "delete", "_id": f"{change.key}-{change.object_id}"}
    obj = searchable.model._default_manager.filter(pk=change.object_id).first()
    if obj is None or not is_public(searchable, obj):
        return {"_op_type": "delete", "_id": f"{change.key}-{change.object_id}"}
    return {"_op_type": "index", "_id": doc_id(searchable, obj), "_source": to_source(searchable, obj)}


def apply_changes(changes, client=None):
    """Write the given IndexChange rows to the alias; return the ones that failed."""
    if not changes:
        return []
    client = client or get_client()
    operations = []
    for change in changes:
        action = _action(change)
        op = {action["_op_type"]: {"_index": content_alias(), "_id": action["_id"]}}
        operations.append(op)
        if "_source" in action:
            operations.append(action["_source"])
    response = client.bulk(operations=operations, refresh=True, require_alias=True)
    failed = []
    for change, item in zip(changes, response["items"], strict=True):
        result = next(iter(item.values()))
        status = result.get("status", 500)
        if not (200 <= status < 300 or (status == 404 and "delete" in item)):
            failed.append((change, str(result.get("error", status))[:500]))
    return failed


def apply_pending(limit=BATCH):
    """Apply pending changes; returns (applied, still_pending). Never raises for Elasticsearch trouble."""
    if not is_configured():
        return 0, 0
    changes = list(IndexChange.objects.filter(applied_at__isnull=True).order_by("changed_at")[:limit])
    if not changes:
        return 0, 0
    try:
        client = get_client()
        ensure_alias(client)
        failed = apply_changes(changes, client)
    except Exception as exc:  # noqa: BLE001 - unreachable or erroring cluster: keep them pending
        logger.warning("search index update failed, %d change(s) stay pending: %s", len(changes), exc)
        IndexChange.objects.filter(pk__in=[c.pk for c in changes]).update(
            attempts=F("attempts") + 1, last_error=str(exc)[:500]
        )
        return 0, len(changes)
    failed_ids = {change.pk for change, _ in failed}
    now = timezone.now()
    applied = 0
    for change in changes:
        if change.pk in failed_ids:
            continue
        # A change recorded again meanwhile keeps its newer changed_at and stays pending.
        applied += IndexChange.objects.filter(pk=change.pk, changed_at=change.changed_at).update(
            applied_at=now, attempts=0, last_error=""
        )
    for change, error in failed:
        IndexChange.objects.filter(pk=change.pk).update(attempts=F("attempts") + 1, last_error=error)
    # Applied rows are only needed by a rebuild running now; keep a day of them.
    IndexChange.objects.filter(applied_at__lt=now - timedelta(days=1)).delete()
    return applied, IndexChange.objects.filter(applied_at__isnull=True).count()


def reapply_since(started, client=None):
    """Re-apply every change recorded since `started` (used by the rebuild after its alias swap)."""
    changes = list(IndexChange.objects.filter(changed_at__gte=started).order_by("changed_at"))
    for start in range(0, len(changes), BATCH):
        failed = apply_changes(changes[start : start + BATCH], client)
        for change, error in failed:
            IndexChange.objects.filter(pk=change.pk).update(applied_at=None, last_error=error)
    return len(changes)


def has_pending():
    return IndexChange.objects.filter(applied_at__isnull=True).exists()


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
    if not is_configured():
        return
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
