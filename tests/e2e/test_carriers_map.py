"""In real Chromium: filter carriers by industry and area; the list and the map markers follow, and the URL
reproduces the view. No tiles are reachable in tests: the markers must still show."""

from decimal import Decimal
from importlib import import_module

import pytest

from tests.factories import CarrierIndexPageFactory, CarrierPageFactory

pytestmark = pytest.mark.e2e


def restore_migration_rows():
    from django.apps import apps

    from wagtail.models import Locale, Page, Site

    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    if not Page.objects.filter(depth=1).exists():
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    import_module("carriers.migrations.0002_initial_taxonomy").create(_LiveApps(apps), None)


class _LiveApps:
    """The migration's seed function against today's models: Area has moved from carriers to core."""

    def __init__(self, apps):
        self.apps = apps

    def get_model(self, app_label, model_name):
        if (app_label, model_name) == ("carriers", "Area"):
            app_label = "core"
        return self.apps.get_model(app_label, model_name)


@pytest.fixture
def migration_rows(django_db_blocker):
    """Transactional tests flush the database after each test, taking the rows migrations made with it
    (Wagtail's locale, root page and default site; the carriers taxonomy): put them back first."""
    with django_db_blocker.unblock():
        restore_migration_rows()


@pytest.fixture(scope="module", autouse=True)
def _leave_migration_rows(django_db_blocker):
    """After this module's last flush, leave the database as migrations made it for the tests after it."""
    yield
    with django_db_blocker.unblock():
        restore_migration_rows()


@pytest.fixture
def carrier_site(migration_rows, live_site, settings):
    settings.CARRIERS_MAP_TILES = "none"
    index = CarrierIndexPageFactory(parent=live_site["home"], slug="carriers", title="一图一库")
    spots = [
        ("张江芯片孵化器", "zhangjiang", ["ic"], "31.204000", "121.601000"),
        ("张江药谷孵化器", "zhangjiang", ["biomed"], "31.210000", "121.590000"),
        ("金桥芯片加速器", "jinqiao", ["ic"], "31.260000", "121.615000"),
        ("临港空天孵化器", "lingang", ["aerospace"], "30.900000", "121.930000"),
        ("世博数字孪生众创空间", "shibo", ["digital-twin"], "31.188000", "121.492000"),
    ]
    for n, (title, area, industries, lat, lng) in enumerate(spots):
        CarrierPageFactory(
            parent=index,
            title=title,
            slug=f"c{n}",
            area=area,
            industries=industries,
            latitude=Decimal(lat),
            longitude=Decimal(lng),
        )
    return live_site["url"] + "/carriers/"


def list_titles(page):
    return sorted(page.locator(".carrier-card__title").all_inner_texts())


def wait_for_markers(page, count):
    page.wait_for_selector(f'#carrier-map[data-marker-count="{count}"]')


def test_filter_by_industry_and_area_updates_list_markers_and_url(carrier_site, browser_page):
    page = browser_page
    page.goto(carrier_site)
    wait_for_markers(page, 5)
    assert len(list_titles(page)) == 5
    assert page.locator(".carrier-map--no-tiles").count() == 1

    page.get_by_role("combobox", name="产业领域").select_option("ic")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**industry=ic**")
    wait_for_markers(page, 2)
    assert list_titles(page) == ["张江芯片孵化器", "金桥芯片加速器"]

    page.get_by_role("combobox", name="区域").select_option("zhangjiang")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**area=zhangjiang**")
    wait_for_markers(page, 1)
    assert list_titles(page) == ["张江芯片孵化器"]
    marker = page.locator(".carrier-marker")
    assert marker.count() == 1 and marker.first.is_visible()
    shared_url = page.url

    # The URL alone reproduces the view in a fresh tab.
    other = page.context.new_page()
    other.goto(shared_url)
    wait_for_markers(other, 1)
    assert list_titles(other) == ["张江芯片孵化器"]
    assert other.get_by_role("combobox", name="产业领域").input_value() == "ic"
    assert other.get_by_role("combobox", name="区域").input_value() == "zhangjiang"
    other.close()


def test_markers_are_keyboard_reachable_and_open_a_popup(carrier_site, browser_page):
    page = browser_page
    page.goto(carrier_site + "?area=jinqiao")
    wait_for_markers(page, 1)
    marker = page.locator(".carrier-marker").first
    assert marker.get_attribute("tabindex") == "0"
    assert marker.get_attribute("role") == "button"
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup .map-popup__link")
    link.wait_for()
    assert link.get_attribute("href").endswith("/carriers/c2/")


def test_search_this_area_filters_by_the_visible_box(carrier_site, browser_page):
    page = browser_page
    page.goto(carrier_site)
    wait_for_markers(page, 5)
    # Zoom in on 张江 with the keyboard-accessible zoom control, then search this area.
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".leaflet-control-zoom-in").click()
    page.locator(".leaflet-control-zoom-in").click()
    button = page.get_by_role("button", name="搜索此区域")
    button.wait_for(state="visible")
    button.click()
    page.wait_for_url("**bbox=**")
    assert "地图范围内" in page.locator(".filter-chips").inner_text()
    count = int(page.locator("[data-testid=carrier-count]").inner_text())
    assert count < 5
    wait_for_markers(page, count)
