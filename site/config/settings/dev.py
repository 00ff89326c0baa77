"""Local development: `make run` (SQLite + database search) or `make run-full` (PostgreSQL + Elasticsearch)."""

from pathlib import Path

from config import env

from .base import *  # noqa: F403

DEBUG = env.get_bool("DEBUG", True)
SECRET_KEY = env.get("SECRET_KEY") or "dev-only-not-secret-chuangfu"  # noqa: S105
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# WhiteNoise serves collected files in production; here runserver and the test client serve them.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# An optional, git-ignored local.py overrides anything above.
if (Path(__file__).with_name("local.py")).exists():
    from .local import *  # noqa: F403

# `make run-full` starts Redis too (scripts/services.sh): share it like production; `make run` keeps memory.
if REDIS_URL:  # noqa: F405
    CACHES = redis_caches(REDIS_URL)  # noqa: F405
