"""Per-IP limit on registration submissions (a fixed window in the cache).

The benchmark needs 200 submissions from one address; instead of an exemption list it carries a token that
only someone with the server's SECRET_KEY can mint (`manage.py registration_bench_event`), valid for one
target and a short time. Production behaviour for everyone else is unchanged.
"""

from django.conf import settings
from django.core import signing
from django.core.cache import cache

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


def hit(request, target_id):
    """Count one submission; False when this address is over the limit."""
    if _bench_allowed(request, target_id):
        return True
    limit, window = getattr(settings, "REGISTRATION_RATE_LIMIT", (10, 600))
    key = f"registrations:rl:{client_ip(request)}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
