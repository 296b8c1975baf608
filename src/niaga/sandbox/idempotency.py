"""The `Idempotency-Key` header: a retried POST gets the first answer instead of a second effect.

As Midtrans documents it: keys up to 46 characters, remembered for 5 minutes, only a
successful answer is replayed, and a repeat that arrives while the first request is still
running is told so with a 202.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from niaga.core import clock

from .models import IdempotencyKey
from .protocol import ApiError

MAX_LENGTH = 46
REMEMBER = dt.timedelta(minutes=5)


def run(key: str, produce: Callable[[], dict]) -> dict:
    if not 0 < len(key) <= MAX_LENGTH:
        raise ApiError(400, f"Idempotency-Key must be 1 to {MAX_LENGTH} characters.")
    now = clock.now()
    # Forgetting old keys first also frees this one if it was last used long ago.
    IdempotencyKey.objects.filter(created_at__lt=now - REMEMBER).delete()
    entry, created = IdempotencyKey.objects.get_or_create(key=key, defaults={"created_at": now})
    if not created:
        if entry.response is None:
            raise ApiError(202, "A request with this Idempotency-Key is still being processed.")
        return entry.response
    try:
        response = produce()
    except BaseException:
        entry.delete()  # failures are not remembered: the client may fix the request and retry
        raise
    IdempotencyKey.objects.filter(pk=entry.pk).update(response=response)
    return response
