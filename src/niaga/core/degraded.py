"""Going on without Redis, and saying so.

Redis holds nothing that cannot be rebuilt: kept pages, rate-limit counters, the waiting
room's tickets, cached copies of sessions, the job queue. When it cannot be reached each of
those goes on without it (pages render, limits let requests through, sessions come from the
database, jobs run in the process that asked for them) and tells the log, as one warning per
part every few seconds per process rather than a line per request.
"""

from __future__ import annotations

import logging
import threading
import time

import redis

log = logging.getLogger("niaga.degraded")
# What a Redis that cannot be reached raises (rediscache.CacheUnavailable is one of them).
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
EVERY_SECONDS = 10.0

_lock = threading.Lock()
_last: dict[str, float] = {}


def going_on_without(part: str, exc: BaseException, consequence: str) -> None:
    """Note that `part` went on without Redis (at most once every EVERY_SECONDS)."""
    now = time.monotonic()
    with _lock:
        if now - _last.get(part, -EVERY_SECONDS) < EVERY_SECONDS:
            return
        _last[part] = now
    log.warning("%s: Redis unreachable (%s: %s); %s", part, type(exc).__name__, str(exc)[:200], consequence)
