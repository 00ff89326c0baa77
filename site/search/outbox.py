"""Apply recorded IndexChange rows to Elasticsearch: rows that fail stay pending and are retried (by the
next task, by a deferred retry where the task backend supports it, by `sync_search_index`, and by the
search page once Elasticsearch answers again), so the index converges. Never raises for cluster trouble."""

import logging
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from . import registry
from .documents import doc_id, is_public, to_source
from .es import content_alias, get_client, is_configured
from .index import ensure_alias, results_changed
from .models import IndexChange

logger = logging.getLogger(__name__)
BATCH = 500
RETRY_DELAY = timedelta(seconds=30)


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
    results_changed()  # refreshed: searches see the writes, so no cached result may hide them
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
