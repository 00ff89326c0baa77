"""Finding the site, routing a URL to its page and checking view restrictions, with as few queries as possible.

Every public request pays for these before its page does any work of its own, so each is cut to what the
request needs (installed once from CoreConfig.ready()):

- **The site for a host** (`Site.find_for_request`): Wagtail asks the database on every request. Sites and
  view restrictions are a snapshot in the shared cache (core/snapshots.py: one cache read per request, exact
  on every change), and the host is matched against it with Wagtail's own rules.
- **`PageQuerySet.public()`**: Wagtail reads every view restriction first (one query per `.public()`: six on
  the home page). The restricted paths come from the snapshot instead; with none, `.public()` adds nothing.
- **A page's view restrictions** when it is served: none when no restricted page (nor an alias of one) is
  the page or above it, else one query (its own and its ancestors', whose paths are prefixes of its own;
  aliases answer with their source page's restrictions, as in Wagtail).
- **Routing** (`Page.route_for_request`, `Page.route`): Wagtail reads the root page and its specific page,
  then two queries per level. Here the pages a URL names are read at once by `url_path` (one query), and
  only the pages that need their own class (the last one, with the foreign keys its class names in
  `serve_select_related` and, for a GET, what its `serve_annotate(queryset)` adds; and any with its own
  `route`: a routable index page only when one of its sub-routes matches the rest of the URL) are read
  again by type; each keeps its parent, so `get_parent()` and the breadcrumbs (`theme_tags.breadcrumbs`)
  need no query. The home page alone is read by its type directly. Paths this does not know (sub-routes
  such as `register/`) fall back to Wagtail's route.
"""

from collections import defaultdict
from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet
from wagtail.signals import post_page_move

from .snapshots import Snapshot, changed
from .terms import annotate_serve_terms, attach_serve_terms
from .tree import subtree_range

SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")
RESTRICTIONS = PageViewRestriction._meta.label_lower


def _build_routing():
    sites = list(Site.objects.order_by("id").values_list(*SITE_FIELDS, "root_page__content_type_id"))
    restricted = dict(PageViewRestriction.objects.values_list("page_id", "page__path"))
    aliases = (
        Page.objects.filter(alias_of_id__in=list(restricted)).values_list("path", flat=True)
        if restricted
        else []
    )
    return {"sites": sites, "restricted": sorted(set(restricted.values())), "aliases": sorted(aliases)}


# A Site row changes, a restriction is added or removed (Wagtail copies a page's restrictions to a new alias
# of it: a save too), or a page moves (a restriction's path moves with it): each moves this version.
routing = Snapshot("routing", [Site._meta.label_lower, RESTRICTIONS], _build_routing)


# -- the site for a host -------------------------------------------------------------------------------

MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = 0, 1, 2, 3


def site_for_hostname(hostname, port):
    """Wagtail's `get_site_for_hostname`, on the snapshot: a Site (its root page not loaded) or None."""

    def match(row):
        if row[1] == hostname and row[2] == port:
            return MATCH_HOSTNAME_PORT
        if row[1] == hostname and row[5]:
            return MATCH_HOSTNAME_DEFAULT
        return MATCH_DEFAULT if row[5] else MATCH_HOSTNAME

    rows = sorted((match(row), row) for row in routing.get()["sites"] if row[1] == hostname or row[5])
    if not rows:
        return None
    if len(rows) == 1 or rows[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        row = rows[0][1]
    elif rows[0][0] == MATCH_DEFAULT:
        row = rows[len(rows) == 2][1]
    else:
        return None
    site = Site.from_db("default", SITE_FIELDS, row[: len(SITE_FIELDS)])
    site._cf_root_content_type_id = row[len(SITE_FIELDS)]
    return site


def _find_for_request(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    return site_for_hostname(hostname, request.get_port())


# -- view restrictions ---------------------------------------------------------------------------------


def private_q(self):
    paths = routing.get()["restricted"]
    if not paths:
        return Q(pk__in=[])  # nothing is private: .public() adds no condition
    q = Q()
    for path in paths:
        q |= Q(path__range=subtree_range(path))
    return q


def get_view_restrictions(self):
    snapshot = routing.get()
    if not any(self.path.startswith(path) for path in (*snapshot["restricted"], *snapshot["aliases"])):
        return PageViewRestriction.objects.none()
    steplen = self.steplen
    paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
    sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
    # A page that is an alias takes only its source's restrictions (Wagtail's rule), not its own.
    own = Q(page__path__in=paths) & ~Q(page__alias_of__isnull=False)
    return PageViewRestriction.objects.filter(own | Q(page_id__in=sources))


def _page_moved(**kwargs):
    changed(RESTRICTIONS)


# -- routing -------------------------------------------------------------------------------------------

_wagtail_route = Page.route
_wagtail_route_for_request = Page.route_for_request


def _needs_own_class(model, rest):
    """Whether the page of class `model` above the page served must be read by type to route the `rest` of
    the URL: when it routes in its own way. A routable page (RoutablePageMixin) whose sub-routes do not
    match the rest routes like any page (Wagtail's RoutablePageMixin.route falls back to Page.route)."""
    own_route = getattr(model, "route", None)
    if model is None or own_route is route:
        return False
    if own_route is RoutablePageMixin.route:
        try:
            model.get_resolver().resolve("/" + "/".join(rest) + "/")
        except Http404:
            return False
    return True


def _url_paths_below(url_path, path_components):
    """The url_path of every page the URL's components may name below the page at `url_path`."""
    return [url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)]


# The classes of the pages read by type the last time a URL was routed, per process, so the next request for
# it reads them in the routing query itself (joined to the page table; select_related follows the page's
# reverse parent link). Only a hint: a page's own class comes from its row, and a page whose class was not
# joined is read by type as before, so a stale hint costs one query, never a wrong page.
_HINTS = {}
HINTS_MAX = 5000


@cache  # a class's chain never changes: worked out once per process, not per request
def _parent_link_chain(model):
    """The select_related name from Page down to `model` ("eventpage"; "a__b" for a subclass of a
    subclass), or None when `model` has no such chain (a proxy, or not a page)."""
    names = []
    while model is not Page:
        if model._meta.proxy:
            return None
        parents = [parent for parent in model._meta.parents if issubclass(parent, Page)]
        if len(parents) != 1:
            return None
        names.append(model._meta.model_name)
        model = parents[0]
    return "__".join(reversed(names)) or None


def _hinted_queryset(queryset, models, request):
    """The routing query joined to each model's table (and the foreign keys it names in
    serve_select_related); a model with a `serve_annotate` is read by type on a GET, so it is not joined."""
    joins = {}
    get = request.method in ("GET", "HEAD")
    for model in models:
        chain = _parent_link_chain(model)
        if chain is None or (get and getattr(model, "serve_annotate", None) is not None):
            continue
        joins[model] = chain
        queryset = queryset.select_related(
            chain, *(f"{chain}__{name}" for name in getattr(model, "serve_select_related", ()))
        )
        queryset = annotate_serve_terms(queryset, model, connection)
    return queryset, joins


def _joined(page, chain):
    """The page's own-class instance read with the routing query, or None."""
    found = page
    for name in chain.split("__"):
        found = found._state.fields_cache.get(name)
        if found is None:
            return None
    return found


def _read_path(request, site, root_path, path_components):
    """The site's root page and every page the URL may name below it, read once per request."""
    prefixes = [root_path, *_url_paths_below(root_path, path_components)]
    hint_key = (site.pk, prefixes[-1])
    queryset = Page.objects.filter(url_path__in=prefixes).order_by()  # by the url_path index; a dict: no sort
    queryset, joins = _hinted_queryset(queryset, _HINTS.get(hint_key, ()), request)
    pages = {p.url_path: p for p in queryset}
    root = pages.get(root_path)
    if root is None or root.pk != site.root_page_id:
        return None
    deepest = max(pages.values(), key=lambda page: page.depth)
    wanted = defaultdict(list)
    for page in pages.values():
        model = page.specific_class
        rest = path_components[page.depth - root.depth :]
        if model is not None and (page is deepest or (page is not root and _needs_own_class(model, rest))):
            wanted[model].append(page)
    if len(_HINTS) >= HINTS_MAX:
        _HINTS.clear()
    _HINTS[hint_key] = tuple(wanted)
    for model, found in wanted.items():
        chain = joins.get(model)
        if chain is not None:
            specifics = [_joined(page, chain) for page in found]
            if all(specific is not None for specific in specifics):
                for page, specific in zip(found, specifics, strict=True):
                    attach_serve_terms(specific, page)  # (annotations come on the page table's row)
                    pages[specific.url_path] = specific
                continue
        # The foreign keys a page's own template reads come with it (e.g. an event's registration target
        # and cover image): `serve_select_related` on the page class.
        queryset = model.objects.filter(pk__in=[page.pk for page in found])
        related = getattr(model, "serve_select_related", ())
        if related:  # (select_related() with no names would follow every foreign key)
            queryset = queryset.select_related(*related)
        annotate = getattr(model, "serve_annotate", None)
        if annotate is not None and request.method in ("GET", "HEAD"):
            # Figures a page shows, read with it (an event's seats taken); not for a POST, which may change
            # them before the page is drawn again.
            queryset = annotate(queryset)
        for specific in annotate_serve_terms(queryset, model, connection):
            attach_serve_terms(specific, specific)
            pages[specific.url_path] = specific
    request._cf_route_pages = pages
    request._cf_route_read = frozenset(prefixes)
    return pages[root_path]


def route_for_request(request, path):
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return _wagtail_route_for_request(request, path)
    site = Site.find_for_request(request)
    result = None
    if site is not None:
        path_components = [component for component in path.split("/") if component]
        try:
            root = _root_page(request, site, path_components)
            if root is not None:
                result = root.route(request, path_components)
        except Http404:
            result = None
    request._wagtail_route_for_request = result
    return result


def _root_page(request, site, path_components):
    content_type_id = getattr(site, "_cf_root_content_type_id", None)
    if not path_components and content_type_id is not None:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        root = (model or Page).objects.filter(pk=site.root_page_id).first()
    else:
        root_paths = getattr(request, "_wagtail_cached_site_root_paths", None)
        if root_paths is None:  # Wagtail's own cached list, kept on the request as page URLs keep it
            root_paths = request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        root_path = next((p.root_path for p in root_paths if p.site_id == site.pk), None)
        root = _read_path(request, site, root_path, path_components) if root_path else None
        if root is None:
            root = site.root_page.specific
    if root is not None:
        site._state.fields_cache["root_page"] = root
    return root


def _pages_on_path(page, request, path_components):
    """Every page the rest of the URL may name below `page`, by url_path (read by route_for_request)."""
    pages = getattr(request, "_cf_route_pages", None)
    if pages is None:
        prefixes = _url_paths_below(page.url_path, path_components)
        pages = {p.url_path: p for p in Page.objects.filter(url_path__in=prefixes).specific()}
        request._cf_route_pages = pages
        request._cf_route_read = frozenset(prefixes)
    return pages


def route(self, request, path_components):
    if path_components and request is not None and self.url_path:
        url_path = self.url_path + path_components[0] + "/"
        child = _pages_on_path(self, request, path_components).get(url_path)
        if child is not None and child.depth == self.depth + 1 and child.path.startswith(self.path):
            child._cached_parent_obj = self  # as Wagtail does: breadcrumbs and get_parent() need no query
            return child.route(request, path_components[1:])
        if child is None and url_path in request._cf_route_read:
            # Every page the URL names was read, and none has this url_path (a page's url_path is its
            # parent's plus its slug): no such child, as Wagtail's query of the children by slug would say.
            raise Http404
    return _wagtail_route(self, request, path_components)


def install():
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
    Page.route = route
    Page.route_for_request = staticmethod(route_for_request)
    Site._find_for_request = staticmethod(_find_for_request)
    post_page_move.connect(_page_moved, dispatch_uid="core.public_pages.moved")
