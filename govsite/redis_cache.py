"""Django's Redis cache with one redis-py client per connection pool instead of one per call.

Django's RedisCacheClient builds a new `redis.Redis` for every get, set and get_many; each construction copies
redis-py's table of response callbacks (about 170 entries, upper-cased one by one). A public page asks the cache
about ten times per render, so this was roughly a tenth of an uncached render's CPU (bench/public_pages.py). A
redis-py client is safe to share between threads: it takes a connection from its pool for each command."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
