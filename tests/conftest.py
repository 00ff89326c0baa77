"""Shared fixtures. Database tests run on real PostgreSQL and search tests on real Elasticsearch (`make test`
starts both); the suite refuses any other database.

Which tests need the services: only those that use the database, i.e. are marked `django_db` or ask for
`db`, `transactional_db`, `live_server`, `home_page`, `demo_site`… (anything that depends on pytest-django's
`django_db_setup`), and those that ask for `es_client`. Everything else (highlighting, text normalisation,
block templates, settings) is pure Python and runs with no services at all, e.g.
`pytest tests/test_search_highlight.py` with no DATABASE_URL. The PostgreSQL check therefore lives in
`django_db_setup`, which only database tests reach.

The demo site: ask for the `demo_site` fixture (and do not mark the test `django_db`); see tests/demo_database.py.
"""

from django.conf import settings
from django.db import connection, connections
from django.test.utils import setup_databases, teardown_databases

from wagtail.models import Page, Site

import pytest

from tests.demo_database import DemoDatabase
from tests.factories import HomePageFactory, SiteSettingsFactory


@pytest.fixture(scope="session")
def _postgresql_only():
    # The backend's vendor is known without connecting, so this runs before any test database is created.
    if connection.vendor != "postgresql":
        pytest.exit(
            f"The suite runs on PostgreSQL, got {connection.vendor}. Run `make test`, which starts it "
            "(or export DATABASE_URL from `make services`).",
            returncode=2,
        )


def without_jit(database):
    """Turn PostgreSQL's JIT off for new sessions on a test database. Its tables are never analysed (rows
    live in rolled-back transactions), so the planner guesses high costs for queries joining many page
    tables, and JIT-compiling each one took ~0.6 s (the database search fallback: 4 such queries a page)."""
    connections.close_all()
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"ALTER DATABASE {connection.ops.quote_name(database)} SET jit = off")


# What settings name the database, before pytest-django points them at the test database.
CONFIGURED_DATABASE = settings.DATABASES["default"]["NAME"]


@pytest.fixture(scope="session")
def django_db_setup(
    _postgresql_only, django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb, request
):
    """pytest-django's test database, on PostgreSQL only. When a collected test asks for `demo_site`, also
    an untouched copy of it for the demo (taken now, while nothing has written to the test database);
    the copy is this fixture's value, or None."""
    demo = None
    made_here = None
    with django_db_blocker.unblock():
        if any("demo_site" in item.fixturenames for item in request.session.items):
            if connection.settings_dict["NAME"] == CONFIGURED_DATABASE:
                # pytest-django only sets up a test database when a test is marked django_db or asks for
                # db; demo tests do neither, so when they are all that was collected it is set up here.
                made_here = setup_databases(
                    verbosity=request.config.option.verbose,
                    interactive=False,
                    aliases={"default"},
                    keepdb=django_db_keepdb and not django_db_createdb,
                )
            demo = DemoDatabase.copy_of_test_database()
            without_jit(demo.name)
        if connection.settings_dict["NAME"] != CONFIGURED_DATABASE:
            without_jit(connection.settings_dict["NAME"])
    yield demo
    with django_db_blocker.unblock():
        if demo is not None:
            demo.drop()
        if made_here is not None and not django_db_keepdb:
            teardown_databases(made_here, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def _demo_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once per session into its own database (see tests/demo_database.py)."""
    demo = django_db_setup
    with django_db_blocker.unblock():
        demo.load(media_root=tmp_path_factory.mktemp("demo-media"))
    return demo


@pytest.fixture
def demo_site(_demo_database, django_db_blocker, settings):
    """The demo site (`load_demo --seed 2023`, built once per session); this test's changes are rolled back.
    Its value has `.output` (what load_demo printed)."""
    settings.MEDIA_ROOT = _demo_database.media_root  # the demo's images live there
    with django_db_blocker.unblock(), _demo_database.rolled_back():
        yield _demo_database


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _closed_search_breaker():
    """The search circuit breaker is per process: one test's simulated outage must not pause another's reads."""
    from search.es import breaker

    breaker.success()
    yield
    breaker.success()


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
def committed_home(transactional_db, wagtail_base_data):
    """The default site's home page, committed (in a test's own transaction the shared-cache snapshots of
    core/snapshots.py are never used: that transaction changed what they are built from)."""
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="chuangfu-home")
    site = Site.objects.get(is_default_site=True)
    site.root_page, site.hostname = home, "testserver"
    site.save()
    return home


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
