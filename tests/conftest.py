"""Shared fixtures. The suite runs on real PostgreSQL and real Elasticsearch (`make test` starts both)."""

from django.conf import settings
from django.db import connection

from wagtail.models import Page, Site

import pytest

from tests.factories import HomePageFactory, SiteSettingsFactory


@pytest.fixture(scope="session", autouse=True)
def _require_postgresql(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.exit(
                f"The suite runs on PostgreSQL, got {connection.vendor}. Run `make test`, which starts it "
                "(or export DATABASE_URL from `make services`).",
                returncode=2,
            )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_page_chrome():
    """Each test's database is rolled back, so no test may see the page chrome built by another."""
    from home import chrome

    chrome.forget()
    yield
    chrome.forget()


@pytest.fixture
def home_page(db):
    """A HomePage as the default site's root, with site settings, like the real site."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="创孵", slug="chuangfu-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.hostname = "testserver"
    site.save()
    SiteSettingsFactory(site=site)
    return home


@pytest.fixture
def es_client():
    """The real Elasticsearch client; a missing or unreachable cluster fails the test loudly."""
    from search.es import get_client

    if not settings.ELASTICSEARCH_URL:
        pytest.fail("ELASTICSEARCH_URL is not set: run `make test`, which starts Elasticsearch.")
    client = get_client()
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except Exception as exc:  # noqa: BLE001 - any failure here means the service is not usable
        log = settings.REPO_DIR / ".cache" / "es" / "logs"
        pytest.fail(f"Elasticsearch at {settings.ELASTICSEARCH_URL} is not usable ({exc}); see {log}")
    return client


# End-to-end tests: real Debian Chromium driven by Playwright against pytest-django's live_server.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    import os

    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does).")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from fixtures are still
    # synchronous, so the async-safety check would misfire.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def wagtail_base_data(transactional_db):
    """Put back what Wagtail's migrations created (Locale, root page, default Site): the flush after an
    earlier transactional test removed those rows."""
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)


@pytest.fixture
def live_site(live_server, transactional_db, wagtail_base_data):
    """A HomePage as the root of the site live_server serves (hostname-independent default site)."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="创孵", slug="chuangfu-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    SiteSettingsFactory(site=site)
    return {"url": live_server.url, "home": home}
