"""Editors' picks: pages an editor pinned to a query (wagtail.contrib.search_promotions) come first,
marked 推荐. All picks are held per process as one mapping (re-read after a minute, at once in the process
that saved a pick), so a warm search page costs no database query, not even a database-cache read."""

import time

from django.db.models.signals import post_delete, post_save

from wagtail.search.utils import normalise_query_string
from wagtail.signals import page_published, page_unpublished

from . import registry
from .engine import Hit

REREAD_SECONDS = 60
_state = {"mapping": None, "read_at": float("-inf")}


def _load():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    mapping = {}
    promotions = SearchPromotion.objects.select_related("query", "page").order_by("query", "sort_order", "pk")
    for promotion in promotions:
        page = promotion.page.specific if promotion.page_id else None
        if page is not None:
            if not page.live or page.get_view_restrictions().exists():
                continue
            registered = registry.for_model(type(page))
            type_key = registered[0].key if registered else "page"
            type_label = str(registered[0].label) if registered else str(page._meta.verbose_name)
            title, url = page.title, page.url
            summary = promotion.description or getattr(page, "summary", "") or page.search_description
        elif promotion.external_link_url:
            type_key, type_label = "link", "外部链接"
            title = promotion.external_link_text or promotion.external_link_url
            url, summary = promotion.external_link_url, promotion.description
        else:
            continue
        mapping.setdefault(promotion.query.query_string, []).append(
            {"title": title, "url": url, "type_key": type_key, "type_label": type_label, "summary": summary}
        )
    return mapping


def picks_for(query, marker=None):
    """The pinned results for `query`, as search hits marked pinned."""
    now = time.monotonic()
    if _state["mapping"] is None or now - _state["read_at"] >= REREAD_SECONDS:
        _state["mapping"], _state["read_at"] = _load(), now
    mapping = _state["mapping"]
    found = []
    for pick in mapping.get(normalise_query_string(query), []):
        title = marker.mark(pick["title"]) if marker else pick["title"]
        snippet = (marker.excerpt(pick["summary"]) if marker else None) or pick["summary"][:140]
        found.append(
            Hit(
                title,
                pick["url"],
                pick["type_key"],
                pick["type_label"],
                snippet,
                None,
                None,
                pinned=True,
                title=pick["title"],
            )
        )
    return found


def forget(**kwargs):
    _state["mapping"] = None


def connect():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    post_save.connect(forget, sender=SearchPromotion, dispatch_uid="search-picks-save")
    post_delete.connect(forget, sender=SearchPromotion, dispatch_uid="search-picks-delete")
    page_published.connect(forget, dispatch_uid="search-picks-published")
    page_unpublished.connect(forget, dispatch_uid="search-picks-unpublished")


__all__ = ["picks_for", "connect"]
