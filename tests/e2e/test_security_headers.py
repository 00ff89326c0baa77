"""In real Chromium: the Content-Security-Policy blocks nothing the site or its admin needs. Every page type
loads with no CSP violation reported by the browser, its scripts run (menus, autocomplete, the map), and the
admin's inline panels and date pickers work."""

import pytest

from tests.factories import (
    CarrierIndexPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


def violations_on(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp")


def test_public_pages_and_the_admin_load_without_csp_violations(live_site, browser_page):
    home = live_site["home"]
    news = NewsIndexPageFactory(parent=home, slug="news")
    article = NewsPageFactory(parent=news, title="浦东孵化新闻")
    events = EventIndexPageFactory(parent=home, slug="events")
    event = EventPageFactory(parent=events, title="合成生物创新沙龙")
    carriers = CarrierIndexPageFactory(parent=home, slug="carriers")  # the map draws even with no carrier
    page = browser_page
    page.add_init_script(WATCH_VIOLATIONS)
    base = live_site["url"]
    for path in ["/", "/news/", article.url, "/events/", event.url, "/carriers/", "/search/?q=孵化"]:
        assert violations_on(page, base + path) == [], path
    # Scripts did run under the policy: the map draws its markers, the header search box suggests.
    page.goto(base + "/carriers/")
    page.wait_for_selector(".leaflet-container")
    response = page.goto(base + "/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    assert "camera=(self)" in response.headers["permissions-policy"]

    UserFactory(username="csp-admin", is_staff=True, is_superuser=True, password="pw-for-csp-test")
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "csp-admin")
    page.fill("input[name=password]", "pw-for-csp-test")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    for path in ["/admin/", f"/admin/pages/{event.pk}/edit/", f"/admin/pages/{carriers.pk}/"]:
        assert violations_on(page, base + path) == [], path
    # The event editor's date picker is started by an inline script of Wagtail's: it must have run.
    page.goto(base + f"/admin/pages/{event.pk}/edit/")
    page.click("#id_starts_at")
    page.wait_for_timeout(500)  # polling helpers of Playwright's use eval, which the policy forbids
    shown = (
        "() => [...document.querySelectorAll('.xdsoft_datetimepicker')].some(el => el.offsetParent !== null)"
    )
    assert page.evaluate(shown)
