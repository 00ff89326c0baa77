"""HTTP caching of public pages, and a full-page cache for anonymous readers with exact invalidation.

Every GET answer is either *public* or *personal*:

- personal: the visitor sent a session or messages cookie (signed in, or a message waits), the answer sets a
  cookie (a CSRF token was put in a form, a per-visitor form key), or the view chose its own Cache-Control.
  It gets `Cache-Control: private, no-store` and is never stored.
- public: the same bytes for every anonymous reader. It gets `Cache-Control: public, max-age, stale-while-
  revalidate` and an ETag (over the body with the CSP nonce taken out, so equal pages get equal tags), and an
  `If-None-Match` that matches is answered 304.

With PAGE_CACHE on and a "pagecache" cache alias (Redis in production), public answers are also kept whole.
Exactness comes from *tags* and a *clock* in the shared cache:

- While a page renders, it records what it read: the id of every Wagtail page instantiated (`p<id>`: links,
  cards, breadcrumbs), the page served (`a<id>`), every table its SQL read from (`t<table>`), and `all`. The
  entry keeps the tags and the clock value read *before* the first query.
- A change, after its transaction commits, increments the clock and writes the new value as the purge mark
  of the tags it touches: the page's `p<id>` (every page that shows it), `a<id>` of it and its ancestors
  (a listing is an ancestor; the home page is everyone's), the tables of its page type (listings and home
  sections elsewhere that query that type: a new page shows up in them), the table of any other model saved
  (seat counts …), and `all` for the site settings, Sites, view restrictions, taxonomies, the top navigation
  and moves.
- An entry is served only if no tag of it was marked after the clock value it was rendered at; so a render
  that raced a change is never served, and nothing is purged by scanning.
- The CSP nonce is replaced by a placeholder when stored and by a fresh nonce on each hit.
"""

import contextvars
import hashlib
import logging
import re
import urllib.request
from functools import partial

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

PRIVATE = "private, no-store"
CLOCK_KEY = "clock"
MARK_PREFIX = "mark:"
ENTRY_PREFIX = "page:"
NONCE_PLACEHOLDER = b"__cf-csp-nonce__"
ALL = "all"
# Answers under these paths are staff or account pages: never public, whatever they look like.
PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/accounts/", "/cms-login/")
# Search answers come from Elasticsearch, which no tag follows: HTTP caching only, never the page cache.
UNSTORED_PREFIXES = ("/search/",)
# Cookies that make an answer depend on the visitor.
PERSONAL_COOKIES = ("messages",)
# The 长者模式 cookie (theme/views.py) changes the page's markup: a second public copy, keyed by it.
VARIANT_COOKIE = "cf_elder"
# Tables written while readers read (renditions, counters, sessions, logs, queues): never tags, never purges.
QUIET_TABLES = frozenset(
    {
        "wagtailimages_rendition",
        "django_session",
        "registrations_ratecounter",
        "wagtailcore_revision",
        "wagtailcore_pagelogentry",
        "wagtailcore_modellogentry",
        "wagtailcore_referenceindex",
        "wagtailcore_pagesubscription",
        "wagtailcore_workflowstate",
        "wagtailcore_taskstate",
        "wagtailsearch_indexentry",
        "django_content_type",
        "wagtailcore_locale",
        "wagtailcore_page",  # tagged by page id and ancestry instead: every page reads it
    }
)
# Changes to these reach every page through the page chrome (home/chrome.py): purge all.
CHROME_TABLES = frozenset(
    {
        "wagtailcore_site",
        "home_sitesettings",
        "wagtailcore_pageviewrestriction",
        "wagtailcore_groupapprovaltask",
    }
)
TABLE_RE = re.compile(r'\b(?:FROM|JOIN)\s+"([A-Za-z0-9_]+)"')

logger = logging.getLogger(__name__)
_recording = contextvars.ContextVar("pagecache_recording", default=None)


def page_cache():
    """The "pagecache" alias when the full-page cache is on, else None."""
    if not getattr(settings, "PAGE_CACHE", False):
        return None
    try:
        return caches["pagecache"]
    except InvalidCacheBackendError:
        return None


class Recording:
    """What one render read: its tags."""

    def __init__(self):
        self.tags = {ALL}

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip()[:6].upper() == "SELECT":
            for table in TABLE_RE.findall(sql):
                if table not in QUIET_TABLES:
                    self.tags.add("t" + table)
        return execute(sql, params, many, context)


def _record_page(sender, instance, **kwargs):
    recording = _recording.get()
    if recording is not None and isinstance(instance, Page) and instance.pk is not None:
        recording.tags.add(f"p{instance.pk}")


post_init.connect(_record_page, dispatch_uid="core.pagecache.record_page")


# --------------------------------------------------------------------------------------------------------------
# Purging
# --------------------------------------------------------------------------------------------------------------


def purge(tags):
    """Mark `tags` changed now (after the current transaction commits), here and in Varnish."""
    if not tags or (page_cache() is None and not settings.VARNISH_URLS):
        return
    transaction.on_commit(partial(_mark, frozenset(tags)))


def _mark(tags):
    store = page_cache()
    if store is not None:
        store.add(CLOCK_KEY, 0, timeout=None)
        now = store.incr(CLOCK_KEY)
        # No expiry: marks are few (one per page and table) and must outlive every entry they invalidate.
        store.set_many({MARK_PREFIX + tag: now for tag in tags}, timeout=None)
    for url in settings.VARNISH_URLS:  # after the app's own cache, so Varnish refetches fresh pages
        _ban(url, tags)


def _ban(url, tags):
    pattern = " (" + "|".join(sorted(tags)) + ") "
    request = urllib.request.Request(url, method="BAN", headers={"X-Ban-Tags": pattern})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - a configured http URL
            pass
    except OSError:
        logger.exception("Varnish ban at %s failed; its copies expire after max-age", url)


def page_tags(page):
    """What a change to `page` may change: itself, its ancestors (listings), its type's tables (listings and
    home sections that query that type), everything when it is (or may be) in the top navigation."""
    page_ids = [page.pk]
    path, steplen = page.path or "", Page.steplen
    prefixes = [path[:end] for end in range(steplen, len(path), steplen)]
    if prefixes:
        page_ids += list(Page.objects.filter(path__in=prefixes).values_list("pk", flat=True))
    tags = {f"p{page.pk}"} | {f"a{pk}" for pk in page_ids}
    specific_class = page.specific_class or type(page)
    for model in specific_class._meta.get_parent_list() + [specific_class]:
        if not model._meta.abstract and model._meta.db_table not in QUIET_TABLES:
            tags.add("t" + model._meta.db_table)
    if page.depth is not None and page.depth <= 3:  # the site root's children are the top navigation
        tags.add(ALL)
    return tags


def _page_changed(sender=None, instance=None, **kwargs):
    page = instance if instance is not None else kwargs.get("page")
    if isinstance(page, Page):
        purge(page_tags(page))


def _page_moved(sender=None, instance=None, **kwargs):
    purge({ALL})  # URLs change: every link to the page or below it, anywhere


def _model_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _page_changed(instance=instance)
        return
    table = sender._meta.db_table
    if table in QUIET_TABLES:
        return
    if table in CHROME_TABLES or _is_taxonomy(sender):
        purge({ALL})  # read through per-process or shared caches (chrome, carriers' taxonomy), not by SQL
    else:
        purge({"t" + table})


def _is_taxonomy(model):
    from core.models import Taxonomy

    return issubclass(model, Taxonomy)


for _signal in (page_published, page_unpublished):
    _signal.connect(_page_changed, dispatch_uid=f"core.pagecache.{_signal!r}")
post_page_move.connect(_page_moved, dispatch_uid="core.pagecache.move")
post_save.connect(_model_changed, dispatch_uid="core.pagecache.save")
post_delete.connect(_model_changed, dispatch_uid="core.pagecache.delete")


# --------------------------------------------------------------------------------------------------------------
# The middleware
# --------------------------------------------------------------------------------------------------------------


def _personal_request(request):
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in PERSONAL_COOKIES)


def _public_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _nonce(request):
    return getattr(request, "_csp_nonce", None)


def _stable_body(request, content):
    """The body with this answer's CSP nonce replaced by a placeholder: the same for every reader."""
    nonce = _nonce(request)
    return content.replace(nonce.encode(), NONCE_PLACEHOLDER) if nonce else content


def _etag(stable_body):
    return quote_etag(hashlib.md5(stable_body, usedforsecurity=False).hexdigest())


def _not_modified(request, etag, response=None):
    tags = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not tags or (etag not in [t.strip().removeprefix("W/") for t in tags.split(",")] and tags != "*"):
        return None
    not_modified = HttpResponseNotModified()
    not_modified["ETag"] = etag
    not_modified["Cache-Control"] = public_cache_control()
    if response is not None and response.has_header("Vary"):
        not_modified["Vary"] = response["Vary"]
    # The browser keeps the body and the policy it came with; a fresh policy would not match its nonce.
    not_modified._csp_exempt = True
    not_modified._csp_exempt_ro = True
    return not_modified


def public_cache_control():
    return (
        f"public, max-age={settings.HTTP_CACHE_MAX_AGE}, "
        f"stale-while-revalidate={settings.HTTP_CACHE_STALE_SECONDS}"
    )


def _entry_key(request):
    variant = "elder" if request.COOKIES.get(VARIANT_COOKIE) == "1" else ""
    raw = f"{request.get_host()}|{request.get_full_path()}|{variant}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


class PageCacheMiddleware:
    """Cache-Control/ETag/304 for every answer; the full-page cache when PAGE_CACHE is on (module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Static and media files carry their own caching headers (WhiteNoise, the web server).
        self.passed = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/"))

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.passed):
            return self.get_response(request)
        if _personal_request(request):
            return self._private(self.get_response(request))
        store = None if request.path.startswith(UNSTORED_PREFIXES) else page_cache()
        if store is not None:
            hit = self._from_cache(request, store)
            if hit is not None:
                return hit
        started = (store.get(CLOCK_KEY) or 0) if store is not None else 0
        recording = Recording()
        if store is not None or settings.VARNISH_URLS:  # tags are only for a cache that stores this answer
            token = _recording.set(recording)
            try:
                with connection.execute_wrapper(recording):
                    response = self.get_response(request)
            finally:
                _recording.reset(token)
        else:
            response = self.get_response(request)
        if not _public_response(request, response):
            return self._private(response)
        stable = _stable_body(request, response.content)
        etag = _etag(stable)
        response["ETag"] = etag
        response["Cache-Control"] = public_cache_control()
        patch_vary_headers(response, ("Cookie",))
        served = (getattr(response, "context_data", None) or {}).get("page")
        if isinstance(served, Page):
            recording.tags.add(f"a{served.pk}")
        if settings.VARNISH_URLS:
            # Varnish bans by these (deploy/varnish/chuangfu.vcl), the same tags as the page cache's.
            response["X-Cache-Tags"] = " " + " ".join(sorted(recording.tags)) + " "
        if store is not None:
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in ("content-security-policy", "content-length", "set-cookie")
            }
            store.set(
                _entry_key(request), (started, sorted(recording.tags), response.status_code, headers, stable)
            )
            response["X-Page-Cache"] = "miss"
        return _not_modified(request, etag, response) or response

    @staticmethod
    def _private(response):
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = PRIVATE
        return response

    def _from_cache(self, request, store):
        entry = store.get(_entry_key(request))
        if entry is None:
            return None
        started, tags, status, headers, stable = entry
        marks = store.get_many([MARK_PREFIX + tag for tag in tags])
        if any(mark > started for mark in marks.values()):
            return None
        etag = headers.get("ETag")
        not_modified = _not_modified(request, etag) if etag else None
        if not_modified is not None:
            not_modified["X-Page-Cache"] = "hit"
            return not_modified
        content = stable
        if NONCE_PLACEHOLDER in stable:
            content = stable.replace(NONCE_PLACEHOLDER, str(request.csp_nonce).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        response["Age"] = "0"
        return response
