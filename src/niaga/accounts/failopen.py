"""allauth's rate limits (failed sign-ins, resets, sign-ups) let requests through when Redis is down.

allauth keeps its counters in Django's cache and has no setting for a cache that cannot be
reached: every sign-in page would answer 500. Niaga's own limits fail open
(RATELIMIT_FAIL_OPEN); this gives allauth's module the same cache with the same rule.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from niaga.core.degraded import REDIS_DOWN, going_on_without

CONSEQUENCE = "sign-in and sign-up limits let requests through"


class FailOpenCache:
    """Django's default cache, answering "nothing counted yet" while Redis cannot be reached."""

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return cache.get(key, default)
        except REDIS_DOWN as exc:
            going_on_without("account limits", exc, CONSEQUENCE)
            return default

    def add(self, key: str, value: Any, timeout: Any = None) -> bool:
        try:
            return cache.add(key, value, timeout=timeout)
        except REDIS_DOWN as exc:
            going_on_without("account limits", exc, CONSEQUENCE)
            return True  # the lock is "taken": nothing else can count either

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        try:
            cache.set(key, value, timeout=timeout)
        except REDIS_DOWN as exc:
            going_on_without("account limits", exc, CONSEQUENCE)

    def delete(self, key: str) -> None:
        try:
            cache.delete(key)
        except REDIS_DOWN as exc:
            going_on_without("account limits", exc, CONSEQUENCE)


def guard_allauth_rate_limits() -> None:
    from allauth.core.internal import ratelimit

    ratelimit.cache = FailOpenCache()
