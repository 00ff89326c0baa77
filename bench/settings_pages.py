"""Production settings plus the trivial view bench/pages.py compares every page with."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls_pages"
