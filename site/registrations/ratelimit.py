"""Per-IP limit on form submissions: at most N per fixed window (10 per 10 minutes by default).

The count is one atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING` per hit (PostgreSQL and SQLite), so
simultaneous posts cannot slip past it, and a hit never extends its window (a cache's get-then-set did both).

The benchmark needs 200 submissions from one address; instead of an exemption list it carries a token that
only someone with the server's SECRET_KEY can mint (`manage.py registration_bench_event`), valid for one
target and a short time. Production behaviour for everyone else is unchanged.

When the default cache is Redis (production with REDIS_URL), the count is Redis's atomic INCR on a key that
expires with its window instead: no database write on the submit path.
"""

import hashlib
import random
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from .models import RateCounter

BENCH_SALT = "registrations.bench"
BENCH_HEADER = "HTTP_X_REGISTRATION_BENCH"


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def bench_token(target_id):
    return signing.TimestampSigner(salt=BENCH_SALT).sign(str(target_id))


def _bench_allowed(request, target_id):
    token = request.META.get(BENCH_HEADER)
    if not token:
        return False
    try:
        value = signing.TimestampSigner(salt=BENCH_SALT).unsign(token, max_age=900)
    except signing.BadSignature:
        return False
    return value == str(target_id)


def hit(request, target_id, now=None):
    """Count one submission; False when this address is over the limit for the current window."""
    if _bench_allowed(request, target_id):
        return True
    limit, window = getattr(settings, "REGISTRATION_RATE_LIMIT", (10, 600))
    now = int(now if now is not None else time.time())
    if isinstance(caches["default"], RedisCache):
        return redis_hit(f"registrations:{client_ip(request)}", now - now % window, window) <= limit
    return count_hit(f"registrations:{client_ip(request)}", now - now % window, now) <= limit


def redis_hit(key, window_start, window):
    """One atomic INCR; the key outlives its window by a minute, so no hit in the window finds it gone."""
    key = f"{key[:120]}:{window_start}"
    cache.add(key, 0, timeout=window + 60)
    return cache.incr(key)


def count_hit(key, window_start, now):
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key[:120], window_start],
        )
        hits = cursor.fetchone()[0]
    if hits == 1 and random.random() < 0.05:  # noqa: S311 - housekeeping, not security
        RateCounter.objects.filter(window_start__lt=now - 86400).delete()
    return hits


def lookup_allowed(request, now=None):
    """Count one 找回报名 request from this address; False when it is over the limit (5 an hour by default)."""
    limit, window = getattr(settings, "REGISTRATION_LOOKUP_RATE_LIMIT", (5, 3600))
    now = int(now if now is not None else time.time())
    return count_hit(f"lookup:{client_ip(request)}", now - now % window, now) <= limit


def lookup_mail_allowed(email, now=None):
    """Count one 找回报名 mail to `email` (kept as a hash); False past 3 a day, so nobody can flood an inbox."""
    limit, window = getattr(settings, "REGISTRATION_LOOKUP_MAIL_LIMIT", (3, 86400))
    now = int(now if now is not None else time.time())
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:40]
    return count_hit(f"lookup-mail:{digest}", now - now % window, now) <= limit
