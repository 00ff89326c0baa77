"""WSGI entry point. site/ and the repo root go on sys.path before Django loads."""

import os
import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
for path in (REPO_DIR, REPO_DIR / "site"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from config.env import load_dotenv  # noqa: E402

load_dotenv()
# An exported but empty DJANGO_SETTINGS_MODULE counts as unset (setdefault would keep "").
if not os.environ.get("DJANGO_SETTINGS_MODULE"):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
