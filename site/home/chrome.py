"""The page chrome every public page shows: site settings (header, footer) and the top navigation.

Building it costs four queries (site, settings, menu pages, view restrictions) and some template work on
every request, for data that changes when an editor publishes a top-level page or edits 站点信息. So it
is built once into plain values and kept in a per-process cache (the `chrome` cache alias, local memory),
for `CHROME_CACHE_SECONDS` at most. Saving, publishing, unpublishing, moving or deleting any page, and
saving the site settings, a Site or a page's view restriction, clear it at once in the process that made
the change; other worker processes pick the change up when their copy expires.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

CACHE_ALIAS = "chrome"
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


def _cache():
    return caches[CACHE_ALIAS]


def _key(request):
    host, _ = split_domain_port(request._get_raw_host())
    return f"chrome:{host}:{request.get_port()}"


def build(request):
    """The chrome for the site that answers `request`, from the database."""
    from home.models import SiteSettings

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


def for_request(request):
    if request is None:
        return EMPTY
    cached = getattr(request, "_chrome", None)
    if cached is not None:
        return cached
    key = _key(request)
    chrome = _cache().get(key)
    if chrome is None:
        chrome = build(request)
        _cache().set(key, chrome, settings.CHROME_CACHE_SECONDS)
    request._chrome = chrome
    return chrome


def clear(**kwargs):
    _cache().clear()


def _clear_on_page_change(sender, **kwargs):
    if isinstance(kwargs.get("instance"), Page) or sender is Page:
        clear()


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(clear, dispatch_uid=f"home.chrome.clear.{signal!r}")
post_save.connect(_clear_on_page_change, dispatch_uid="home.chrome.page_save")
post_delete.connect(_clear_on_page_change, dispatch_uid="home.chrome.page_delete")


@receiver(post_save, sender=Site, dispatch_uid="home.chrome.site_save")
@receiver(post_delete, sender=Site, dispatch_uid="home.chrome.site_delete")
@receiver(post_save, sender=PageViewRestriction, dispatch_uid="home.chrome.restriction_save")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="home.chrome.restriction_delete")
def _clear_on_site_change(**kwargs):
    clear()


def _clear_on_settings_change(sender, **kwargs):
    from home.models import SiteSettings

    if sender is SiteSettings:
        clear()


post_save.connect(_clear_on_settings_change, dispatch_uid="home.chrome.settings_save")
