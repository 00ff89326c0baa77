"""In real Chromium at 390 px (a phone): no page type scrolls sideways (filter tab strips scroll inside
themselves), and the company library is a card list whose rows keep their column names."""

import pytest

from tests.e2e.test_accessibility import public_pages  # noqa: F401 - the shared page-per-type fixture
from tests.factories import CompanyFactory, ResidencyFactory

pytestmark = pytest.mark.e2e

# Elements whose right edge passes the viewport, outside containers that scroll on purpose.
OVERFLOW = """() => [...document.querySelectorAll("body *")].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width && r.right > 391 && !e.closest(".leaflet-container, .filter-tabs, .visually-hidden");
}).slice(0, 5).map(e => e.tagName + "." + e.className)"""


def test_no_page_type_scrolls_sideways_on_a_phone(browser, live_site, public_pages):  # noqa: F811
    base = live_site["url"]
    for elder in (False, True):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        if elder:
            context.add_cookies([{"name": "cf_elder", "value": "1", "url": base}])
        page = context.new_page()
        for name, path in public_pages.items():
            page.goto(base + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, (name, elder)
            assert page.evaluate(OVERFLOW) == [], (name, elder)
        context.close()


def test_company_library_is_a_card_list_on_a_phone(browser, live_site, public_pages):  # noqa: F811
    from carriers.models import CarrierPage

    carrier = CarrierPage.objects.get(slug="zj-ic")
    for n in range(5):
        ResidencyFactory(carrier=carrier, company=CompanyFactory(name=f"上海浦东第{n}号集成电路设计有限公司"))
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_site["url"] + public_pages["company library"])
    rows = page.locator(".company-table tbody tr")
    assert rows.count() == 6
    first = rows.first.bounding_box()
    assert first["width"] <= 390 and first["height"] < 300  # a card, not a column one character wide
    assert page.locator(".company-table thead").is_visible() is False or page.evaluate(
        "document.querySelector('.company-table thead').getBoundingClientRect().height <= 1"
    )
    carrier_cell = rows.first.locator("td[data-label=所在载体]")
    assert carrier_cell.locator("a").is_visible()
    assert carrier_cell.evaluate("e => getComputedStyle(e, '::before').content") == '"所在载体"'
    assert page.evaluate("document.documentElement.scrollHeight") < 3000
    context.close()
