"""Settings shared by every environment. Environment-specific values come from config.env."""

import datetime
import hashlib
import sys
from importlib.util import find_spec
from pathlib import Path

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from config import env

REPO_DIR = env.REPO_DIR
SITE_DIR = REPO_DIR / "site"
for path in (REPO_DIR, SITE_DIR):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

SECRET_KEY = env.get("SECRET_KEY", "")
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies (addresses or networks) whose X-Forwarded-For names the client (core/proxy.py).
TRUSTED_PROXIES = env.get_list("TRUSTED_PROXIES")

INSTALLED_APPS = [
    # Project apps first so their templates and static files win.
    "core",
    "worker",
    "home",
    "news",
    "search",
    "registrations",
    "brand",
    "carriers",
    "events",
    "academy",
    "accounts",
    "insights",
    "theme",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.AccountsWagtailUsersConfig",  # wagtail.users with the one-name user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "csp",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    # First: every later rule (rate limits, login throttling) must see the client's address, not the proxy's.
    "core.proxy.ForwardedClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.CleanQueryMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_DIR / "theme" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Production shares one cache between processes (the page chrome's version, see home/chrome.py; rate limits).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DATABASES = {"default": env.database(f"sqlite:///{REPO_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (site/accounts): staff and trainees are one user model; people sign in with email or mobile.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # first: refuses locked-out logins before any password check
    "accounts.backends.EmailOrMobileBackend",  # email, mobile, or a staff username
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"  # 我的创孵; also where /registration/mine/ sends people
LOGOUT_REDIRECT_URL = "/"
PRIVACY_NOTICE_VERSION = "2026-01"  # bump when theme/templates/accounts/privacy_notice.html changes
ACCOUNTS_EMAIL_VERIFY_MAX_AGE = 3 * 24 * 3600  # seconds a verification link stays valid
ACCOUNTS_SIGNUP_RATE_LIMIT = (env.get_int("ACCOUNTS_SIGNUP_RATE_LIMIT", 5), 3600)  # sign-ups per IP per hour
ACCOUNTS_MAIL_RATE_LIMIT = (5, 3600)  # verification / reset mails per person or address per hour
# Mobile verification: the sender (a class with send(mobile, text)), code lifetime, tries, resend limits.
ACCOUNTS_SMS_BACKEND = env.get("ACCOUNTS_SMS_BACKEND", "accounts.sms.ConsoleBackend")
ACCOUNTS_SMS_FILE_PATH = Path(env.get("ACCOUNTS_SMS_FILE_PATH") or REPO_DIR / ".cache" / "sms")
ACCOUNTS_SMS_CODE_MINUTES = 10
ACCOUNTS_SMS_MAX_ATTEMPTS = 5
ACCOUNTS_SMS_RESEND_SECONDS = 60
ACCOUNTS_SMS_PER_HOUR = 5
# Login throttling (django-axes): 5 failures per account or per address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "accounts.throttle.account_key"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
# Not reset on success: axes would clear every failure from that address, so a guesser who logs into an
# account of their own in between would get fresh tries at someone else's. Failures age out after 15 minutes.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [REPO_DIR / "theme" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("STATIC_ROOT") or REPO_DIR / "static_collected")
STATICFILES_DIRS = [REPO_DIR / "theme" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get("MEDIA_ROOT") or REPO_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get("DEFAULT_FROM_EMAIL", "创孵 <noreply@chuangfu.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.get_int("EMAIL_TIMEOUT", 20)  # seconds; a hung SMTP server must not hold the worker
# Every mail goes through the outbox (site/worker/mail.py): seconds to wait before each retry; after the
# last one the mail is shown to staff as failed (1 min, 5 min, 30 min, 2 h, 6 h, 12 h: 7 tries in ~21 h).
MAIL_RETRY_DELAYS = [60, 300, 1800, 7200, 21600, 43200]

# Background work: django-tasks (Django 6's tasks API back-ported to 5.2); in production the database
# backend, run by `manage.py run_worker` (site/worker: survives database outages, requeues abandoned tasks).
TASKS = {"default": {"BACKEND": env.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# Wagtail
WAGTAIL_SITE_NAME = "创孵"
WAGTAILADMIN_BASE_URL = env.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "password_required.html"  # noqa: S105 - a template name, not a password
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip", "ofd", "wps"]
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# Admin search matches substrings: neither PostgreSQL's nor SQLite's full-text search segments Chinese.
WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "wagtail.search.backends.database.fallback"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]

# Elasticsearch (site search). Empty URL = the site answers search from the database.
ELASTICSEARCH_URL = env.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX_PREFIX = env.get("ELASTICSEARCH_INDEX_PREFIX", "chuangfu")
ELASTICSEARCH_TIMEOUT = float(env.get("ELASTICSEARCH_TIMEOUT", "5"))  # indexing, rebuilds, commands
# Reads a reader waits on (search page, autocomplete): short, and behind a circuit breaker (search/es.py).
ELASTICSEARCH_READ_TIMEOUT = float(env.get("ELASTICSEARCH_READ_TIMEOUT", "0.5"))
# A repeated query's results come from the shared cache until the index changes (search/index.py
# results_version), and for this long at most (the recency bonus moves with time); 0 turns it off.
SEARCH_RESULTS_SECONDS = env.get_int("SEARCH_RESULTS_SECONDS", 60)

# The site's public name in mails and feeds when no Site settings exist yet.
SITE_TITLE = "创孵"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Per-task and per-publish INFO lines drown out what matters in a console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}

# Event registration: hours a freed seat is held for the first waitlisted person; per-IP submission limit.
REGISTRATION_OFFER_HOURS = env.get_int("REGISTRATION_OFFER_HOURS", 48)
REGISTRATION_RATE_LIMIT = (env.get_int("REGISTRATION_RATE_LIMIT", 10), 600)
# Carrier map (一图一库): tile provider and the coordinate system of the tiles; see carriers/map_config.py.
CARRIERS_MAP_TILES = env.get("CARRIERS_MAP_TILES", "none")  # osm: development only, unreliable from China
CARRIERS_MAP_TILE_KEY = env.get("CARRIERS_MAP_TILE_KEY", "")
# Leaflet's files come from the django-leaflet package; its app is not installed (its admin needs GDAL).
# (find_spec locates the package without importing it: leaflet/__init__.py reads settings.)
_leaflet = Path(find_spec("leaflet").submodule_search_locations[0])
STATICFILES_DIRS += [("leaflet", _leaflet / "static" / "leaflet")]

# `manage.py load_demo` (core) runs these "module.function" steps in order; each app owns its demo module,
# and later steps may use what earlier ones put in ctx.objects.
DEMO_STEPS = [
    ("home.demo.site_tree", "页面树"),
    ("home.demo.site_settings", "站点信息"),
    ("brand.demo.brand_pages", "服务品牌"),
    ("brand.demo.brand_catalogues", "专家、服务产品与驿站"),
    ("academy.demo.academy", "浦东孵化学堂：导师与课程"),
    ("news.demo.news", "新闻与政策"),
    ("home.demo.about_pages", "关于我们"),
    ("events.demo.events", "活动与报名"),
    ("carriers.demo.carriers", "一图一库"),
    # After the academy's catalogue step (courses and sessions): trainees, enrollments, certificates.
    ("academy.demo_enrollment.enrollments", "学堂报名、出勤与证书"),
    # After carriers and enrollments: lifecycle files, follow-ups, past quarters, the 计划进度 page.
    ("insights.demo.insights", "计划进度与一企一档"),
    ("home.demo.home_sections", "首页版块"),
    ("home.demo.users", "演示用户"),
]

# Content-Security-Policy (core.middleware.SecurityHeadersMiddleware, django-csp): only the site's own files,
# inline scripts by nonce; the map's tile host for the configured provider.
MAP_TILE_HOSTS = {
    "osm": ["https://tile.openstreetmap.org"],
    "tianditu": ["https://*.tianditu.gov.cn"],
    "amap": ["https://*.is.autonavi.com"],
    "none": [],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],  # style="" attributes in templates and in Wagtail's admin
        "img-src": [SELF, "data:", "blob:", *MAP_TILE_HOSTS.get(CARRIERS_MAP_TILES, [])],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), interest-cohort=()"
)
# No request from the admin to hosts editors in China cannot rely on: avatars, Wagtail's release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Site search (issue 12): editors pin pages to a query (shown first, marked 推荐); its search terms report
# is fed by search.querylog.
INSTALLED_APPS += ["wagtail.contrib.search_promotions"]

# Shared Redis cache and page caching (issue 15; core/pagecache.py). REDIS_URL set: dev and production share
# one Redis between processes; unset: `make run` keeps local memory and production its database cache.
REDIS_URL = env.get("REDIS_URL", "")
# Anonymous readers' pages kept whole in the "pagecache" alias, purged exactly on change (core/pagecache.py).
PAGE_CACHE = env.get_bool("PAGE_CACHE", False)
PAGE_CACHE_SECONDS = env.get_int("PAGE_CACHE_SECONDS", 300)
# Cache-Control of public pages: browsers and Varnish keep them briefly, then revalidate with ETag.
HTTP_CACHE_MAX_AGE = env.get_int("HTTP_CACHE_MAX_AGE", 60)
HTTP_CACHE_STALE_SECONDS = env.get_int("HTTP_CACHE_STALE_SECONDS", 30)


def redis_caches(url, database=None):
    """Every alias on one Redis, each under its own prefix: default (chrome version, rate limits), renditions
    (Wagtail writes each hit back, so it must be cheap), pagecache (whole pages). The prefixes also name the
    database (a short hash of it): two sites, or a site and its staging copy, sharing one Redis never read
    each other's entries (a cached Site or page of one database served for the other)."""
    database = database if database is not None else DATABASES["default"]
    where = "|".join(str(database.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME"))
    tag = hashlib.sha256(where.encode()).hexdigest()[:8]
    redis = {"BACKEND": "core.redis_cache.RedisCache", "LOCATION": url}
    return {
        "default": {**redis, "KEY_PREFIX": f"cf:{tag}"},
        "renditions": {
            **redis,
            "BACKEND": "core.redis_cache.RenditionCache",
            "KEY_PREFIX": f"cfr:{tag}",
            "TIMEOUT": 86400,
        },
        "pagecache": {**redis, "KEY_PREFIX": f"cfp:{tag}", "TIMEOUT": PAGE_CACHE_SECONDS},
    }


MIDDLEWARE.insert(
    MIDDLEWARE.index("core.middleware.SecurityHeadersMiddleware") + 1, "core.pagecache.PageCacheMiddleware"
)

# Varnish in front (deploy/varnish/chuangfu.vcl): the app bans changed pages' tags there and Wagtail purges a
# published page's URLs (wagtail.contrib.frontend_cache). VARNISH_URLS lists every Varnish, e.g.
# http://127.0.0.1:6081.
VARNISH_URLS = env.get_list("VARNISH_URLS")
INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    for number, url in enumerate(VARNISH_URLS)
}

# The home page's 计划进度 row (insights.views.live_targets) is recomputed at most this often.
PLAN_HOME_CACHE_SECONDS = env.get_int("PLAN_HOME_CACHE_SECONDS", 60)

# Slugs: Wagtail's title->slug sync keeps only ASCII; core/slugs.py turns Chinese titles into pinyin slugs.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# 创孵 brand requests (brand/inbox.py): per-IP submissions per window, and the promised first answer in hours
# for 智询 consultations and 驿站 visit bookings (云超 services carry their own on the service page).
BRAND_REQUEST_RATE_LIMIT = (env.get_int("BRAND_REQUEST_RATE_LIMIT", 10), 600)
BRAND_CONSULTATION_RESPONSE_HOURS = 48
BRAND_VISIT_RESPONSE_HOURS = 24
# Demo requests for the brand inbox (brand/demo_requests.py), after the catalogues and the demo users.
DEMO_STEPS += [("brand.demo_requests.requests", "服务需求（智询、云超、驿站）")]
