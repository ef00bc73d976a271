"""A Redis cache that, when Redis is unreachable, behaves as an empty cache that keeps nothing.

Pages are then rendered as if nothing were cached, instead of every request failing: Wagtail
itself keeps the sites' root paths in the cache. After a failure Redis is left alone for
RETRY_SECONDS, so a server that stopped answering costs one timeout per interval, not one per
cache call.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
_MISSING = object()


def _fail_open(default=None, *, raises=None):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return self._fallback(default, raises)
            try:
                result = method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                if not self._down_until:
                    logger.warning("Redis unreachable, serving without the cache: %s", error)
                self._down_until = time.monotonic() + RETRY_SECONDS
                return self._fallback(default, raises)
            if self._down_until:
                logger.warning("Redis reachable again")
                self._down_until = 0.0
            return result

        return wrapper

    return decorate


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    @staticmethod
    def _fallback(default, raises):
        if raises is not None:
            raise raises
        return default() if callable(default) else default

    # get(default) must return the caller's default, not ours.
    def get(self, key, default=None, version=None):
        value = self._get(key, _MISSING, version)
        return default if value is _MISSING else value

    @_fail_open(_MISSING)
    def _get(self, key, default, version):
        return super().get(key, default, version)

    add = _fail_open(False)(RedisCache.add)
    set = _fail_open(None)(RedisCache.set)
    touch = _fail_open(False)(RedisCache.touch)
    delete = _fail_open(False)(RedisCache.delete)
    get_many = _fail_open(dict)(RedisCache.get_many)
    set_many = _fail_open(list)(RedisCache.set_many)
    delete_many = _fail_open(None)(RedisCache.delete_many)
    has_key = _fail_open(False)(RedisCache.has_key)
    clear = _fail_open(False)(RedisCache.clear)
    # As for a missing key: callers that count (rate limits) start again from their fallback.
    incr = _fail_open(raises=ValueError("cache unavailable"))(RedisCache.incr)
