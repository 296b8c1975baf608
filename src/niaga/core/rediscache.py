"""Django's Redis cache backend, with one redis-py client per connection pool, and a short
memory of an outage.

Django's RedisCacheClient builds a new `redis.Redis` for every cache call, and redis-py's
constructor fills a dict of some 170 response callbacks each time: on these machines that
was 220 of the 390 microseconds a `cache.get` took, more than the round trip to Redis. A
client holds no connection of its own (each command takes one from the pool and gives it
back) and is safe to share between threads, so one per pool is kept and reused.

Redis holds nothing that cannot be rebuilt, and every caller of the cache goes on without it
(pages render uncached, limits let requests through, sessions come from the database). But a
Redis that does not answer costs each call its socket timeout, several times per request. So
once a command fails to reach Redis, the process stops asking for DOWN_SECONDS: every call in
that window fails at once with CacheUnavailable, and the next one after it tries again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import cast

import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

from .degraded import REDIS_DOWN

DOWN_SECONDS = 5.0


class CacheUnavailable(redis.exceptions.ConnectionError):
    """Redis failed to answer a moment ago; not asked again yet."""


class _Watched(redis.Redis):
    """A client that reports a Redis it could not reach."""

    def __init__(self, *args, on_unreachable, **kwargs):
        super().__init__(*args, **kwargs)
        self._on_unreachable = on_unreachable

    def execute_command(self, *args, **options):
        try:
            return super().execute_command(*args, **options)
        except REDIS_DOWN:
            self._on_unreachable()
            raise


class _ReusedClients(RedisCacheClient):
    _get_connection_pool: Callable[[bool], redis.ConnectionPool]  # Django's, left out of the type stubs

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        self._lock = threading.Lock()
        self._down_until = 0.0

    def _unreachable(self) -> None:
        self._down_until = time.monotonic() + DOWN_SECONDS

    def get_client(self, key=None, *, write=False):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable("Redis did not answer a moment ago")
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            with self._lock:
                client = self._clients.setdefault(
                    id(pool), _Watched(connection_pool=pool, on_unreachable=self._unreachable)
                )
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients

    def forget_outage(self) -> None:
        """Ask Redis again at the next call (tests; a probe that must look now)."""
        cast(_ReusedClients, self._cache)._down_until = 0.0
