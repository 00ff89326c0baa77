"""Production: every secret and host comes from the environment; nothing has a usable default."""

from django.core.exceptions import ImproperlyConfigured

from config import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
if not env.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its own preview views SAMEORIGIN

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
}

# Issue 15: Redis shared by every app server when REDIS_URL is set; the full-page cache on it by default.
if REDIS_URL:  # noqa: F405
    CACHES = redis_caches(REDIS_URL)  # noqa: F405
    PAGE_CACHE = env.get_bool("PAGE_CACHE", True)
# Persistent connections with health checks by default: on a quiet machine they beat psycopg's pool (Django's
# "pool" option) on every page type, by 10-60% (`make bench-pages`, README "Performance"); DB_POOL=true for it.
DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("DB_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
if env.get_bool("DB_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405 - Django's pool requires it
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": 4}  # noqa: F405

# Every mailed link (tickets, cancel, offers, academy, password reset, certificates) is built on this URL.
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")) or "127.0.0.1" in WAGTAILADMIN_BASE_URL:
    raise ImproperlyConfigured(
        "缺少站点公开网址：请设置环境变量 WAGTAILADMIN_BASE_URL（如 https://www.example.cn），"
        "邮件中的链接都以它为准。 / WAGTAILADMIN_BASE_URL must be set to the site's public base URL "
        "(e.g. https://www.example.cn): every mailed link is built on it."
    )
