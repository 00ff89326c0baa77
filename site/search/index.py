"""Index lifecycle: versioned indexes behind one alias, bulk loading, atomic swap, counts."""

import logging
import uuid

from django.core.cache import cache
from django.utils import timezone

from elasticsearch import NotFoundError, helpers

from . import registry
from .documents import SCHEMA_VERSION, build_mappings, doc_id, to_source
from .es import CORE_ANALYSIS, content_alias, detect_analyzers, get_client
from .text import synonym_groups

logger = logging.getLogger(__name__)


def new_index_name():
    return f"{content_alias()}-{timezone.now().strftime('%Y%m%d%H%M%S%f')}"


def create_index(client, name):
    analyzers = detect_analyzers(client)
    mappings = build_mappings(analyzers)
    mappings["_meta"] = {
        "schema": SCHEMA_VERSION,
        "analyzers": analyzers,
        "synonyms_version": synonym_groups()[0],
        "created": timezone.now().isoformat(),
    }
    client.indices.create(
        index=name,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": CORE_ANALYSIS,
            "max_result_window": 10000,
        },
        mappings=mappings,
    )
    return name


def aliased_indexes(client):
    try:
        return sorted(client.indices.get_alias(name=content_alias()).body)
    except NotFoundError:
        return []


def ensure_alias(client=None):
    """Make sure the alias exists (an empty index behind it on a fresh cluster); return its indexes."""
    client = client or get_client()
    current = aliased_indexes(client)
    if current:
        return current
    name = create_index(client, new_index_name())
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": content_alias()}}])
    return [name]


_meta_cache = {"at": 0.0, "meta": None}


def index_meta(client, max_age=60.0):
    """The `_meta` of the index behind the alias (which optional analyzers it has), cached briefly."""
    import time

    now = time.monotonic()
    if _meta_cache["meta"] is None or now - _meta_cache["at"] > max_age:
        mapping = client.indices.get_mapping(index=content_alias()).body
        _meta_cache["meta"] = next(iter(mapping.values()))["mappings"].get("_meta", {}) if mapping else {}
        _meta_cache["at"] = now
    return _meta_cache["meta"]


def forget_meta():
    _meta_cache["meta"] = None
    results_changed()


RESULTS_VERSION_KEY = "search:results-version"


def results_version(*keys):
    """(the version of the index's content, then the cached values of `keys`) in one cache read."""
    found = cache.get_many([RESULTS_VERSION_KEY, *keys])
    version = found.get(RESULTS_VERSION_KEY)
    if version is None:
        cache.add(RESULTS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(RESULTS_VERSION_KEY)
    return (version, *(found.get(key) for key in keys))


def results_changed():
    """The index's content changed (documents written, an index swapped or dropped): cached results of
    every query, in every process sharing the cache, are stale from now on."""
    cache.set(RESULTS_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def iter_public_actions(index):
    """Bulk actions for every public object of every registered type."""
    for searchable in registry.all_searchables():
        for obj in searchable.queryset().iterator(chunk_size=500):
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": doc_id(searchable, obj),
                "_source": to_source(searchable, obj),
            }


def public_total():
    return sum(searchable.queryset().count() for searchable in registry.all_searchables())


def swap_alias(client, new_index):
    """Point the alias at new_index in one atomic request; return the indexes it pointed at before."""
    alias = content_alias()
    old = [name for name in aliased_indexes(client) if name != new_index]
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        actions.append({"remove_index": {"index": alias}})  # a concrete index squatting the alias name
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    forget_meta()
    return old


def bulk_load(client, index, progress=None):
    """Load every public object into `index`; returns (indexed, errors)."""
    client = client.options(request_timeout=120)  # bulk chunks take longer than a search may
    client.indices.put_settings(index=index, settings={"index": {"refresh_interval": "-1"}})
    indexed, errors = 0, []
    for ok, item in helpers.streaming_bulk(
        client, iter_public_actions(index), chunk_size=500, raise_on_error=False, max_retries=2
    ):
        if ok:
            indexed += 1
        else:
            errors.append(item)
        if progress is not None:
            progress.update(1)
    client.indices.put_settings(index=index, settings={"index": {"refresh_interval": "1s"}})
    client.indices.refresh(index=index)
    client.indices.forcemerge(index=index, max_num_segments=1)  # read-optimised before it goes live
    return indexed, errors


def counts_by_type(client):
    response = client.search(
        index=content_alias(),
        size=0,
        aggs={"types": {"terms": {"field": "doc_type", "size": 100}}},
        track_total_hits=True,
    )
    return {b["key"]: b["doc_count"] for b in response["aggregations"]["types"]["buckets"]}
