"""Database search that works for Chinese.

Neither SQLite's nor PostgreSQL's full-text search segments Chinese, so this matches substrings
(icontains) on titles and each page type's short text fields (its `search_fallback_fields`).
Every whitespace-separated term must match somewhere. It is the embedded default's search and,
later, the 精简搜索 the site answers with when Elasticsearch is down.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import BooleanField, Case, Q, Value, When

from wagtail.models import Page, get_page_models

from .text import normalise

MAX_TERMS = 6


def split_terms(query):
    return [term for term in normalise(query).split() if term][:MAX_TERMS]


def _term_q(term):
    clauses = [Q(title__icontains=term), Q(search_description__icontains=term)]
    for model in get_page_models():
        for field in getattr(model, "search_fallback_fields", ()):
            clauses.append(Q(**{f"{model._meta.model_name}__{field}__icontains": term}))
    return reduce(or_, clauses)


def search_pages(query):
    """Live, public pages matching every term, title matches first, then newest first."""
    terms = split_terms(query)
    if not terms:
        return Page.objects.none()
    pages = Page.objects.live().public().filter(depth__gt=1).filter(reduce(and_, (_term_q(t) for t in terms)))
    title_hit = reduce(and_, (Q(title__icontains=t) for t in terms))
    return (
        pages.annotate(
            title_hit=Case(
                When(title_hit, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-title_hit", "-first_published_at", "pk")
        .specific()
    )


def ranked_ids(query, limit=10):
    """[(registry key, object id)] of the best `limit` results (the relevance benchmark's view)."""
    from . import registry

    found = []
    for page in search_pages(query)[:limit]:
        registered = registry.for_model(type(page))
        if registered:
            found.append((registered[0].key, str(page.pk)))
    return found
