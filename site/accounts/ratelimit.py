"""Fixed-window counters in the shared cache (the database cache in production), like the registration
engine's per-IP limit, for sign-ups and account mails."""

import hashlib

from django.core.cache import cache


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "")


def hit(scope, key, limit_window):
    """Count one event for (scope, key); False when over `limit` within `window` seconds."""
    limit, window = limit_window
    digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]  # emails as keys: keep them out of cache keys
    cache_key = f"accounts:rl:{scope}:{digest}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit
