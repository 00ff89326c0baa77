"""WSGI application of the page benchmark (settings: bench/settings_pages.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_pages")
application = get_wsgi_application()
