"""The search query log: counts per query and day for editors (popular searches, searches that found
nothing), never who searched. Counts are buffered in the process and written at most once a minute, so
a search page costs no database write; a restart may lose up to a minute of counts (statistics only)."""

import re
import threading
import time
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from .text import normalise

FLUSH_SECONDS = 60
_PERSONAL = re.compile(r"@|\d[\d\s-]{5,}\d")  # e-mail addresses, phone / ID / card numbers
POPULAR_SECONDS = 600
_buffer = Counter()
_lock = threading.Lock()
# Process-local state, not the cache: in production the cache is the database, and a warm search page
# makes no database query.
_state = {"flushed_at": float("-inf"), "popular": None, "popular_at": float("-inf")}


def loggable(query):
    return bool(query) and len(query) <= 100 and not _PERSONAL.search(query)


def canonical(query):
    return " ".join(normalise(query).lower().split())


def record(query, found):
    """Count one search of `query` that found `found` results."""
    query = canonical(query)
    if not loggable(query):
        return
    now = time.monotonic()
    with _lock:
        _buffer[(query, timezone.localdate(), not found)] += 1
        due = now - _state["flushed_at"] >= FLUSH_SECONDS
        if due:
            _state["flushed_at"] = now
    if due:
        flush()


def flush():
    """Write the buffered counts (into QueryDay and Wagtail's search terms report)."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from .models import QueryDay

    with _lock:
        pending = dict(_buffer)
        _buffer.clear()
    with transaction.atomic():
        for (query, day, empty), count in pending.items():
            row, _ = QueryDay.objects.get_or_create(query=query, day=day)
            QueryDay.objects.filter(pk=row.pk).update(
                searches=F("searches") + count, no_results=F("no_results") + (count if empty else 0)
            )
            hits, _ = QueryDailyHits.objects.get_or_create(query=Query.get(query), date=day)
            QueryDailyHits.objects.filter(pk=hits.pk).update(hits=F("hits") + count)


def report(days=30, limit=20):
    """(popular queries, queries that found nothing) of the last `days` days: [(query, searches, empty)]."""
    from .models import QueryDay

    since = timezone.localdate() - timedelta(days=days)
    rows = (
        QueryDay.objects.filter(day__gte=since)
        .values("query")
        .annotate(total=Sum("searches"), empty=Sum("no_results"))
    )
    popular = [(r["query"], r["total"], r["empty"]) for r in rows.order_by("-total", "query")[:limit]]
    nothing = [
        (r["query"], r["total"], r["empty"])
        for r in rows.filter(empty__gt=0).order_by("-empty", "query")[:limit]
    ]
    return popular, nothing


def popular_queries(limit=6, days=30):
    """Queries people searched most that found something (kept ten minutes per process), for the empty page."""
    now = time.monotonic()
    if _state["popular"] is None or now - _state["popular_at"] >= POPULAR_SECONDS:
        popular, _ = report(days=days, limit=limit * 3)
        _state["popular"] = [query for query, total, empty in popular if empty < total][:limit]
        _state["popular_at"] = now
    return _state["popular"]


def forget_popular():
    _state["popular"] = None
