"""Production settings plus the trivial view bench/pages.py compares every page with."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls_pages"
# The benchmark talks plain HTTP on loopback: cookies marked Secure would never come back.
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SECURE = False
