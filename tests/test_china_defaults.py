"""Defaults that keep every request on the site's own host (issue 13): the browser test
tests/e2e/test_no_external_hosts.py proves it on real pages; these pin the settings behind it."""

from django.conf import settings

from carriers.map_config import browser_config


def test_map_tiles_default_to_the_plain_grid():
    assert settings.CARRIERS_MAP_TILES == "none"
    assert browser_config()["tiles"]["url"] == ""


def test_admin_asks_no_other_host():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
