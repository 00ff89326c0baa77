"""Fast, deterministic settings for the pytest suite (PostgreSQL and Elasticsearch are real)."""

from config import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# WhiteNoise serves collected files in production; here runserver and the test client serve them.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = REPO_DIR / ".cache" / "test-media"  # noqa: F405
# Every test run gets its own index names, so parallel runs on one cluster never meet.
ELASTICSEARCH_INDEX_PREFIX = env.get("ELASTICSEARCH_INDEX_PREFIX", "cftest")
WAGTAILADMIN_BASE_URL = "http://testserver"
# Text messages land in files (tests point ACCOUNTS_SMS_FILE_PATH at a temporary folder).
ACCOUNTS_SMS_BACKEND = "accounts.sms.FileBackend"
ACCOUNTS_SMS_FILE_PATH = REPO_DIR / ".cache" / "test-sms"  # noqa: F405
