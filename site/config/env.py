"""Every environment variable the site reads, in one place.

Settings modules import from here; nothing else calls os.environ.
"""

import os
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv as _load_dotenv

REPO_DIR = Path(__file__).resolve().parents[2]


def load_dotenv():
    """Load REPO/.env if it exists; real environment variables win."""
    _load_dotenv(REPO_DIR / ".env", override=False)


def get(name, default=None):
    return os.environ.get(name, default)


def get_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def get_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def get_int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def database(default_url):
    """DATABASES['default'] from DATABASE_URL (postgres://… or sqlite:///…)."""
    config = dj_database_url.parse(
        get("DATABASE_URL") or default_url, conn_max_age=get_int("DB_CONN_MAX_AGE", 0)
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "config.postgresql"  # Django's, with a cheaper health check and timestamps
    if config["ENGINE"].endswith("postgresql") and get_bool("DB_PREPARED_STATEMENTS", True):
        from .db import PreparingCursor  # server-side binding, so psycopg prepares repeated statements

        config.setdefault("OPTIONS", {}).update(
            server_side_binding=True,  # what Django knows (debug SQL); the cursor below does the binding
            cursor_factory=PreparingCursor,
            prepare_threshold=get_int("DB_PREPARE_THRESHOLD", 2),
        )
        config["PREPARED_MAX"] = get_int("DB_PREPARED_MAX", 500)  # per connection (config/postgresql)
    return config
