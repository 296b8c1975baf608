"""The one place that asks what time it is, so tests and class demos can move it.

`now()` is timezone-aware UTC. A test can shift it with `travel(...)`; the periodic jobs
also take an explicit `now` so an operator can replay a sweep "as of" a moment.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_offset = dt.timedelta(0)


def now() -> dt.datetime:
    return timezone.now() + _offset


@contextlib.contextmanager
def travel(delta: dt.timedelta) -> Iterator[None]:
    """Run a block as if `delta` had passed (tests, demos)."""
    global _offset
    previous = _offset
    _offset = previous + delta
    try:
        yield
    finally:
        _offset = previous
