"""In real Chromium: the 计划进度 page draws its charts, and with JavaScript off its tables read the same
numbers, which equal the figures counted from the data."""

import datetime

import pytest

from insights.figures import compute_figures
from insights.snapshots import freeze_quarter
from tests.factories import (
    CarrierIndexPageFactory,
    CarrierPageFactory,
    CompanyFactory,
    FundingRoundFactory,
    PlanProgressPageFactory,
    ResidencyFactory,
)

from .test_carriers_map import _leave_migration_rows, migration_rows  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.e2e


@pytest.fixture
def plan_site(migration_rows, live_site):  # noqa: F811
    home = live_site["home"]
    index = CarrierIndexPageFactory(parent=home, slug="carriers")
    peak = CarrierPageFactory(parent=index, levels=["gaofeng"], platforms=[("检测", "testing", True)])
    plateau = CarrierPageFactory(parent=index, area="jinqiao", levels=["gaoyuan"], carrier_type="accelerator")
    for n in range(7):
        company = CompanyFactory(is_hightech=n % 2 == 0, is_specialised=n == 3)
        ResidencyFactory(
            company=company, carrier=peak if n < 4 else plateau, entered_on=datetime.date(2024, 1, 1)
        )
        FundingRoundFactory(company=company, amount_wan=1500 * (n + 1))
    freeze_quarter(2026, 2)
    CompanyFactory()  # after the first quarter: the trend moves
    ResidencyFactory(company=CompanyFactory(), carrier=peak)
    freeze_quarter(2026, 3)
    page = PlanProgressPageFactory(parent=home)
    return {"url": live_site["url"] + page.url, "figures": compute_figures()}


def _chart_values(page):
    return page.eval_on_selector_all(
        "#chart-progress-caption + svg .chart-row",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.key, r.dataset.value]))",
    )


def _table_values(page):
    return page.eval_on_selector_all(
        "#table-targets tbody tr",
        "rows => Object.fromEntries(rows.map(r => [r.dataset.key, r.querySelector('td[data-value]').dataset.value]))",
    )


def test_dashboard_charts_and_tables_without_javascript(plan_site, browser):
    expected = {t["key"]: f"{t['value']:g}" for t in plan_site["figures"]["targets"]}
    with_js = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = with_js.new_page()
    page.goto(plan_site["url"])
    assert page.locator("svg.chart").count() == 5  # progress, trend, three breakdowns
    for svg in page.locator("svg.chart").all():
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 20  # drawn, not collapsed
    assert page.locator("svg.chart rect").count() > 10
    assert page.locator("#chart-trend-caption + svg circle").count() == 7 * 2
    charted = _chart_values(page)
    with_js.close()

    no_js = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = no_js.new_page()
    page.goto(plan_site["url"])
    tabled = _table_values(page)
    text = page.locator("#table-targets").inner_text()
    trend_rows = page.locator("#table-trend tbody tr").count()
    no_js.close()

    assert charted == tabled == expected
    assert f"{expected['hardtech']}家" in text
    assert trend_rows == 2
