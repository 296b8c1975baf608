"""At most one queued alert check per variant: a burst of sales queues one job, not one each.

A variant is claimed with a short cache key when its job is queued and released when the job
starts, so a change after the job has read the stock queues the next one. A key outlives a lost
job by PENDING_SECONDS at most. Without Redis the claims are kept in this process's memory.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache

from niaga.core import degraded

PENDING_SECONDS = 60

_lock = threading.Lock()
_local: dict[int, float] = {}


def _key(variant_id: int) -> str:
    return f"purchasing:alert-pending:{variant_id}"


def claim(variant_ids) -> list[int]:
    """The variants of these with no job pending yet, now claimed for the caller's job."""
    claimed = []
    for variant_id in variant_ids:
        try:
            fresh = cache.add(_key(variant_id), 1, timeout=PENDING_SECONDS)
        except degraded.REDIS_DOWN as exc:
            degraded.going_on_without("stock alerts", exc, "pending checks are kept in this process")
            fresh = _claim_here(variant_id)
        if fresh:
            claimed.append(variant_id)
    return claimed


def release(variant_ids) -> None:
    """The job has started: the next change of these variants queues a job of its own."""
    with _lock:
        for variant_id in variant_ids:
            _local.pop(variant_id, None)
    try:
        cache.delete_many([_key(v) for v in variant_ids])
    except degraded.REDIS_DOWN as exc:
        degraded.going_on_without("stock alerts", exc, "pending checks are kept in this process")


def _claim_here(variant_id: int) -> bool:
    now = time.monotonic()
    with _lock:
        if _local.get(variant_id, 0.0) > now:
            return False
        _local[variant_id] = now + PENDING_SECONDS
        return True
