import logging
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from core.paging import paginate

from . import engine, picks, querylog, registry
from .es import is_configured
from .fallback import autocomplete_entries, entry_hit, rank_entries, search_pages
from .outbox import has_pending
from .tasks import apply_pending_changes
from .text import has_cjk, normalise, parse_query, pinyin_key

logger = logging.getLogger(__name__)
PER_PAGE = engine.PER_PAGE
SUGGESTED_WORDS = ["孵化", "张江", "高新技术企业", "政策", "创孵学堂"]


@dataclass
class SearchHit:
    """A result from the database fallback, in the shape the template shows."""

    title: str
    url: str
    type_label: str
    snippet: str


def page_hit(page, request=None):
    snippet = next(
        (
            getattr(page, name, "")
            for name in ("summary", "intro", "search_description")
            if getattr(page, name, "")
        ),
        "",
    )
    registered = registry.for_model(type(page))
    label = registered[0].label if registered else page._meta.verbose_name
    # With the request, Wagtail reads the site root paths once per request, not once per hit.
    return SearchHit(page.title, page.get_url(request), str(label), snippet)


class _HitWindow:
    """The paginator's object list: the total from Elasticsearch and the hits of the requested page."""

    def __init__(self, total, hits):
        self.total, self.hits = total, hits

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        return self.hits


def _page_number(request):
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _engine_results(request, query, selected, sort):
    number = min(_page_number(request), engine.MAX_WINDOW // PER_PAGE)
    result = engine.search(query, selected, number, sort)
    last = max(1, -(-min(result.total, engine.MAX_WINDOW) // PER_PAGE))
    if number > last:
        number = last
        result = engine.search(query, selected, number, sort)
    paginator = Paginator(_HitWindow(min(result.total, engine.MAX_WINDOW), result.hits), PER_PAGE)
    page_obj = paginator.page(number)
    page_obj.paginator.count = result.total
    return page_obj, result


def _fallback_results(request, query, selected):
    """The database search: (page, facets) with the type filter; pages only while the table is unbuilt."""
    entries = rank_entries(query)
    if entries is None:
        page_obj = paginate(search_pages(query), PER_PAGE, request.GET.get("page", 1))
        page_obj.object_list = [page_hit(page, request) for page in page_obj.object_list]
        return page_obj, []
    chosen = selected.get("type", [])
    counts = Counter(entry.key for entry in entries)
    if chosen:
        entries = [entry for entry in entries if entry.key in chosen]
    page_obj = paginate(entries, PER_PAGE, request.GET.get("page", 1))
    marker = engine.Marker(engine.highlight_words(query))
    page_obj.object_list = [entry_hit(entry, marker) for entry in page_obj.object_list]
    type_facet = engine.FACETS[0]
    values = [
        engine.FacetValue(key, engine.facet_label(type_facet, key), count, key in chosen)
        for key, count in counts.most_common()
    ]
    values += [
        engine.FacetValue(v, engine.facet_label(type_facet, v), 0, True) for v in chosen if v not in counts
    ]
    return page_obj, [(type_facet, values)] if values else []


def _popular():
    """Popular searches that found something (the query log), else the editors' default words."""
    try:
        popular = querylog.popular_queries()
        return popular + [word for word in SUGGESTED_WORDS if word not in popular][: max(0, 5 - len(popular))]
    except Exception:  # noqa: BLE001 - suggestions never break the page
        logger.exception("popular searches unavailable")
        return SUGGESTED_WORDS


def _nudge_pending_sync():
    """Elasticsearch answers again: apply index changes saved while it was away (at most every 30 s)."""
    if cache.add("search:pending-nudge", 1, 30) and has_pending():
        try:
            apply_pending_changes.enqueue()
        except Exception:  # noqa: BLE001 - the rows stay pending for the next nudge
            logger.exception("could not enqueue pending search index changes")


def search(request):
    query = normalise(request.GET.get("q", ""))[:100]
    selected = {facet.key: [v for v in request.GET.getlist(facet.key) if v][:10] for facet in engine.FACETS}
    sort = "date" if request.GET.get("sort") == "date" else "relevance"
    mode = "engine" if is_configured() else "database"
    page_obj, result, facets = None, None, []
    did_you_mean = []
    if query:
        if mode == "engine":
            try:
                page_obj, result = _engine_results(request, query, selected, sort)
            except Exception as exc:  # noqa: BLE001 - any engine trouble: answer from the database
                logger.warning("search falls back to the database: %r", exc)
                mode = "degraded"
            else:
                facets = result.facets
                _nudge_pending_sync()
                if _page_number(request) == 1:
                    did_you_mean = _did_you_mean(query)
        if mode != "engine":
            page_obj, facets = _fallback_results(request, query, selected)
        if page_obj.number == 1 and not any(selected.values()):
            _pin_picks(page_obj, query)
            querylog.record(query, page_obj.paginator.count)  # a search, not its next page or a filter
    terms = [term for term, _ in parse_query(query)]
    active_filters = [
        (facet, value, engine.facet_label(facet, value))
        for facet in engine.FACETS
        for value in selected[facet.key]
    ]
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": page_obj,
            "page_obj": page_obj,
            "search_mode": mode,
            "facets": facets,
            "active_filters": active_filters
            if mode == "engine"
            else [a for a in active_filters if a[0].key == "type"],
            "sort": sort,
            "split_terms": terms if len(terms) > 1 else [],
            "relaxed": bool(result and result.total and not result.full_total),
            "without_rarest": result.without_rarest_word() if result else None,
            "did_you_mean": did_you_mean,
            "suggested_words": [w for w in _popular() if w != query],
        },
    )


def _pin_picks(page_obj, query):
    """Editors' picks first on the first page (marked 推荐), each only once."""
    pinned = picks.picks_for(query, engine.Marker(engine.highlight_words(query)))
    if pinned:
        urls = {hit.url for hit in pinned}
        page_obj.object_list = pinned + [hit for hit in page_obj.object_list if hit.url not in urls]


def _did_you_mean(query):
    """Titles a pinyin or initials query spells ("您是不是要找"); nothing for Chinese queries."""
    if has_cjk(query) or not pinyin_key(query).isalpha():
        return []
    try:
        return [item for item in engine.autocomplete(query, size=3) if item["title"] != query]
    except Exception as exc:  # noqa: BLE001 - a suggestion is optional
        logger.warning("suggestions unavailable: %r", exc)
        return []


@require_GET
def autocomplete(request):
    """JSON for the header search box: {"results": [{"title", "url", "type"}]}; empty when degraded."""
    query = normalise(request.GET.get("q", ""))[:50]
    results = []
    if query and is_configured():
        try:
            results = engine.autocomplete(query)
        except Exception as exc:  # noqa: BLE001 - suggestions are optional; never an error for the box
            logger.warning("autocomplete unavailable: %r", exc)
    elif query:
        results = autocomplete_entries(query)
    response = JsonResponse({"query": query, "results": results})
    response["Cache-Control"] = "public, max-age=60"
    return response
