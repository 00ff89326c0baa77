"""In real Chromium: no public page and no admin page asks a host other than the site's own for anything
(map tiles, avatars, fonts, update checks), so nothing waits on hosts readers and editors in China cannot
rely on (issue 13, China-ready defaults)."""

from urllib.parse import urlsplit

import pytest

from tests.admin_pages import admin_paths, build_site, public_paths
from tests.e2e.test_carriers_map import migration_rows  # noqa: F401 - the carriers taxonomy after a flush
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("migration_rows")]


def test_no_page_requests_another_host(live_site, browser_page):
    site = build_site(live_site["home"])
    base = live_site["url"]
    own = urlsplit(base).netloc
    page = browser_page
    foreign = []
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).scheme in ("http", "https")
            and urlsplit(request.url).netloc != own
            and foreign.append(f"{page.url} -> {request.url}")
        ),
    )
    for path in public_paths(site):
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    UserFactory(username="hosts-admin", is_staff=True, is_superuser=True, password="pw-for-hosts-test")
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "hosts-admin")
    page.fill("input[name=password]", "pw-for-hosts-test")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for path in admin_paths(site):
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert foreign == []
