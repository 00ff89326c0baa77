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
