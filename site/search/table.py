"""The database search's table (SearchEntry): kept in step by the sync path, rebuilt by update_index."""

import datetime

from django.db import transaction

from . import registry
from .documents import is_public, to_source
from .models import SearchEntry


def entry_fields(searchable, obj):
    source = to_source(searchable, obj)
    attributes = [source["category"] or "", *source["tags"], *source["areas"], *source["industries"]]
    attributes += source["keywords"]
    return {
        "title": source["title"][:300],
        "url": (source["url"] or "")[:500],
        "type_label": source["type_label"][:50],
        "summary": source["summary"],
        "attributes": "\n".join(a for a in attributes if a),
        # Each key after a space: " key" matches a prefix at any word of the title.
        "pinyin": "".join(f" {key}" for key in source["title_pinyin"]),
        "initials": "".join(f" {key}" for key in source["title_initials"]),
        "date": datetime.date.fromisoformat(source["date"]) if source["date"] else None,
    }


def sync_object(obj):
    """Write or remove the entries of one changed object (inside the caller's transaction)."""
    for searchable in registry.for_model(type(obj)):
        # Read back as saved: an in-memory page being published holds its relations in memory (modelcluster).
        saved = searchable.model._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
        if saved is not None and is_public(searchable, saved):
            SearchEntry.objects.update_or_create(
                key=searchable.key, object_id=str(obj.pk), defaults=entry_fields(searchable, saved)
            )
        else:
            SearchEntry.objects.filter(key=searchable.key, object_id=str(obj.pk)).delete()


def rebuild_table():
    """Every public document of every registered type, afresh; returns how many."""
    entries = []
    for searchable in registry.all_searchables():
        for obj in searchable.queryset():
            entries.append(
                SearchEntry(key=searchable.key, object_id=str(obj.pk), **entry_fields(searchable, obj))
            )
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)
