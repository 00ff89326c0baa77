"""Django's Redis cache, keeping one client per connection pool.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and each one sets up its
response-callback table (a few hundred dictionary writes): ten calls a page (renditions, chrome version,
terms) spent more time there than in Redis. A `redis.Redis` is safe to share between threads (it takes a
connection from its pool per command), so one per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(index))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient


class RenditionCache(RedisCache):
    """The "renditions" alias. Wagtail 8 writes every rendition it found in the cache straight back to it
    (`get_renditions` skips only those marked `_from_cache`, and its cache path never marks them): one
    needless Redis write per image per page. Renditions read from here are marked, so only new ones are
    written."""

    def get_many(self, keys, version=None):
        found = super().get_many(keys, version=version)
        for value in found.values():
            if hasattr(value, "filter_spec"):
                value._from_cache = True
        return found
