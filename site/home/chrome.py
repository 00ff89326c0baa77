"""The page chrome every public page shows: site settings (header, footer) and the top navigation.

Building it costs four queries (site, settings, menu pages, view restrictions) and some template work, for
data that changes when an editor publishes a top-level page or edits 站点信息. So each process keeps the
built chrome per host in local memory, tagged with the *version* it was built from. The version is a random
token in the default cache, which production shares between every worker process (Redis, or the database cache).

- A change (saving, publishing, unpublishing, moving or deleting a page; saving the site settings, a Site or
  a page's view restriction) drops this process's copies at once and writes a new token. The database cache
  writes it in the editor's transaction, so other processes see the token move exactly when the change
  commits, never before (when they could only rebuild from the old data and keep it under the new token).
- Every process re-reads the token at most once per RECHECK_SECONDS and rebuilds when it has moved.

So a change reaches every process within a second, and a warm page makes no query for its chrome, or one
(the token) at most once a second per process.
"""

import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import SiteSettings

VERSION_KEY = "page-chrome:version"
RECHECK_SECONDS = 1.0
MAX_HOSTS = 50  # the Host header picks the entry: bound what a stream of odd hosts can make us keep
SETTINGS_FIELDS = (
    "site_name",
    "site_tagline",
    "organiser",
    "icp_number",
    "icp_url",
    "police_record",
    "contact_phone",
    "contact_email",
    "contact_address",
)


@dataclass(frozen=True)
class NavItem:
    pk: int
    path: str  # treebeard path: a page is inside this item when its path starts with it
    title: str
    url: str


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str


@dataclass(frozen=True)
class Chrome:
    site_pk: int | None
    root_pk: int | None
    root_url: str
    settings: dict = field(default_factory=dict)
    footer_links: tuple = ()
    nav: tuple = ()

    @property
    def site_name(self):
        return self.settings.get("site_name") or "创孵"


EMPTY = Chrome(None, None, "/")


def _key(request):
    host, _ = split_domain_port(request._get_raw_host())
    return f"{host}:{request.get_port()}"


def _new_version():
    return uuid.uuid4().hex


def build(request):
    """The chrome for the site that answers `request`, from the database."""
    site = Site.find_for_request(request)
    if site is None:
        return EMPTY
    root = site.root_page
    site_settings = SiteSettings.for_site(site)
    footer_links = []
    for block in site_settings.footer_links:
        link = block.value
        url = (link["page"].get_url(request) if link.get("page") else link.get("url")) or ""
        if url:
            footer_links.append(FooterLink(link["title"], url))
    menu = (
        root.get_children()
        .live()
        .public()
        .in_menu()
        .only("id", "title", "url_path", "path", "depth")
        .order_by("path")
    )
    nav = tuple(NavItem(p.pk, p.path, p.title, p.get_url(request) or "") for p in menu)
    return Chrome(
        site_pk=site.pk,
        root_pk=root.pk,
        root_url=root.get_url(request) or "/",
        settings={name: getattr(site_settings, name) for name in SETTINGS_FIELDS},
        footer_links=tuple(footer_links),
        nav=nav,
    )


class ProcessChrome:
    """One process's built chrome per host, and what it last read of the shared version."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.built = {}  # host key -> (version, Chrome)
        self.seen = None  # (version, clock time it was read); one value, so threads never see half of it

    def current_version(self):
        now = self.clock()
        seen = self.seen
        if seen is None or now - seen[1] >= RECHECK_SECONDS:
            seen = self.seen = (cache.get_or_set(VERSION_KEY, _new_version, timeout=None), now)
        return seen[0]

    def get(self, request):
        # Read the version before the data: a change committed in between makes the copy stale, never wrong.
        version = self.current_version()
        key = _key(request)
        entry = self.built.get(key)
        if entry is not None and entry[0] == version:
            return entry[1]
        chrome = build(request)
        if len(self.built) >= MAX_HOSTS and key not in self.built:
            self.built.clear()
        self.built[key] = (version, chrome)
        return chrome

    def forget(self):
        """Drop this process's copies; the next page re-reads the version and rebuilds."""
        self.built.clear()
        self.seen = None

    def changed(self):
        """This process changed what the chrome shows: forget it here, move the version for the others."""
        cache.set(VERSION_KEY, _new_version(), timeout=None)
        self.forget()
        # A shared cache outside the database (Redis) is written at once: move the version again after the
        # commit, so a process that rebuilt from the old data in between rebuilds once more.
        transaction.on_commit(self._moved_after_commit)

    def _moved_after_commit(self):
        cache.set(VERSION_KEY, _new_version(), timeout=None)
        self.forget()


_process = ProcessChrome()


def for_request(request):
    if request is None:
        return EMPTY
    cached = getattr(request, "_chrome", None)
    if cached is None:
        cached = request._chrome = _process.get(request)
    return cached


def forget():
    _process.forget()


def changed(**kwargs):
    _process.changed()


def _changed_on_page_save(sender, **kwargs):
    if isinstance(kwargs.get("instance"), Page) or sender is Page:
        changed()


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(changed, dispatch_uid=f"home.chrome.changed.{signal!r}")
post_save.connect(_changed_on_page_save, dispatch_uid="home.chrome.page_save")
post_delete.connect(_changed_on_page_save, dispatch_uid="home.chrome.page_delete")


@receiver(post_save, sender=Site, dispatch_uid="home.chrome.site_save")
@receiver(post_delete, sender=Site, dispatch_uid="home.chrome.site_delete")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="home.chrome.restriction_save")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="home.chrome.restriction_delete")
@receiver(post_save, sender=SiteSettings, dispatch_uid="home.chrome.settings_save")
def _changed_on_site_change(**kwargs):
    changed()
