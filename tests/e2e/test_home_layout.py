"""In real Chromium: three upcoming events fill the home page's row instead of leaving a fourth column empty."""

import pytest

from tests.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.e2e


def test_three_events_fill_the_row(live_site, browser_page):
    home = live_site["home"]
    home.body = [("upcoming_events", {"heading": "近期活动", "count": 4})]
    home.save_revision().publish()
    events = EventIndexPageFactory(parent=home, slug="events")
    for n in range(3):
        EventPageFactory(parent=events, title=f"沙龙第{n}期")
    page = browser_page  # 1280 px: room for four 260 px columns
    page.goto(live_site["url"] + "/")
    grid = page.locator("[aria-labelledby=upcoming-events-title] .card-grid")
    cards = grid.locator("> li")
    assert cards.count() == 3
    grid_box, last = grid.bounding_box(), cards.nth(2).bounding_box()
    assert abs((last["x"] + last["width"]) - (grid_box["x"] + grid_box["width"])) < 2
