"""`PageQuerySet.public()` and the view-restriction check of every served page, each without a query of its own.

Wagtail builds the "private" condition by reading every view restriction first (one query per `.public()`
call: six on the home page, one per listing and section). The same condition as a correlated subquery (a
page is private when a restricted page's path is a prefix of its path, itself included) runs inside the
listing's own query, so `.public()` costs nothing more. Serving a page checks its own and its ancestors'
restrictions: Wagtail reads the ancestors, then the restrictions; the ancestors' paths are prefixes of the
page's own, so one query does (aliases still answer with their source page's restrictions).
Routing a deep URL reads every page on the path in one query plus one per page type (`route`), instead of
Wagtail's two queries per level.
Installed once from CoreConfig.ready().
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import Page
from wagtail.query import PageQuerySet


def private_q(self):
    from wagtail.models import PageViewRestriction

    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return Q(Exists(restricted))


def get_view_restrictions(self):
    from wagtail.models import PageViewRestriction

    steplen = self.steplen
    paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
    sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
    # A page that is an alias takes only its source's restrictions (Wagtail's rule), not its own.
    own = Q(page__path__in=paths) & ~Q(page__alias_of__isnull=False)
    return PageViewRestriction.objects.filter(own | Q(page_id__in=sources))


_wagtail_route = Page.route


def _pages_on_path(page, request, path_components):
    """Every page the rest of the URL may name below `page`, by url_path, read once per request."""
    pages = getattr(request, "_cf_route_pages", None)
    if pages is None:
        prefixes = [
            page.url_path + "/".join(path_components[:n]) + "/" for n in range(1, len(path_components) + 1)
        ]
        pages = {p.url_path: p for p in Page.objects.filter(url_path__in=prefixes).specific()}
        request._cf_route_pages = pages
    return pages


def route(self, request, path_components):
    if path_components and request is not None and self.url_path:
        child = _pages_on_path(self, request, path_components).get(self.url_path + path_components[0] + "/")
        if child is not None and child.depth == self.depth + 1 and child.path.startswith(self.path):
            child._cached_parent_obj = self  # as Wagtail does: breadcrumbs and get_parent() need no query
            return child.route(request, path_components[1:])
    return _wagtail_route(self, request, path_components)


def install():
    PageQuerySet.private_q = private_q
    Page.get_view_restrictions = get_view_restrictions
    Page.route = route
