"""Which kept pages a change retires, and how every app process hears of it within 50 ms.

A kept page's key carries two numbers: the whole catalogue's (GENERATION: categories, stores,
campaigns; every page) and its own scope's: one product's page (PRODUCT), one store's page
(STORE), or the listings (LISTINGS: home, categories, search, the API's reads). A seller's
change to a product bumps that product's, its store's and the listings' numbers, never
another product's: at a peak thousands of sellers edit stock, and one number for everything
would retire every page many times a second.

Each process remembers the numbers of the scopes it has served, so a hit costs no round trip.
To hear of changes, every change is also written to a short log in the shared cache: CHANGES
counts them and CHANGES:<n> names the scopes of change n. A process reads the log at most
every 50 ms and forgets only the scopes that changed. One that falls far behind, has not
looked for half a record's lifetime (an idle process: records it missed may be gone), or finds
a record missing for more than a second, forgets everything it remembered.
"""

from __future__ import annotations

import threading
import time

from django.core.cache import cache

GENERATION = "pagecache:generation"  # every kept page
LISTINGS = "pagecache:generation:listings"  # pages that list products of many stores
STORE = "pagecache:generation:store:"  # + store slug: /toko/<slug>/
PRODUCT = "pagecache:generation:product:"  # + "<store slug>/<product slug>": its page
CHANGES = "pagecache:changes"  # the log: how many changes so far; CHANGES:<n> is change n's scopes
CHECK_SECONDS = 0.05
LOG_SECONDS = 60  # a change's record outlives any process's 50 ms between reads
LOG_GAP = 500  # further behind than this: forget everything rather than read the records
MISSING_SECONDS = 1.0  # a record written a moment after its number; longer, it is lost
KEPT = 10_000  # scopes remembered per process; beyond, the memo starts over

_lock = threading.Lock()
_catching_up = threading.Lock()
_known: dict[str, str] = {}  # scope → "catalogue.scope" numbers
_epoch = 0  # moves whenever something is forgotten: a read that raced it is not remembered
_seen = -1  # the last change of the log applied here
_check_after = 0.0
_checked_at = 0.0  # when this process last read the log
_missing_since: float | None = None


def bump(store_slug: str | None = None, product_slug: str | None = None) -> None:
    """The catalogue changed. With a product: its page, its store's page and every listing
    are stale; without: every kept page."""
    scopes = (
        [f"{PRODUCT}{store_slug}/{product_slug}", STORE + store_slug, LISTINGS]
        if store_slug and product_slug
        else [GENERATION]
    )
    try:
        publish(scopes)
    except Exception:
        pass
    _forget(scopes)  # this process sees its own change at once


def publish(scopes: list[str]) -> None:
    """Bump the scopes' numbers, then log the change for the other processes."""
    for key in [*scopes, CHANGES]:
        cache.add(key, 0, None)
    for key in scopes:
        cache.incr(key)
    cache.set(f"{CHANGES}:{cache.incr(CHANGES)}", scopes, LOG_SECONDS)


def numbers_for(scope: str) -> str:
    """ "catalogue.scope": the numbers a kept page of this scope is filed under."""
    _catch_up()
    value = _known.get(scope)
    if value is None:
        epoch = _epoch
        values = cache.get_many([GENERATION, scope])
        value = f"{values.get(GENERATION, 0)}.{values.get(scope, 0)}"
        with _lock:
            if epoch == _epoch:  # nothing was forgotten meanwhile, so this read is not stale
                if len(_known) >= KEPT:
                    _known.clear()
                _known[scope] = value
    return value


def catalogue_number() -> int:
    """The whole catalogue's number (categories, stores, campaigns), at most 50 ms old."""
    return int(numbers_for(LISTINGS).split(".")[0])


def start_over() -> None:
    """Forget every number and the place in the log (tests; a process that fell behind)."""
    global _seen, _missing_since, _check_after
    _forget([GENERATION])
    _seen, _missing_since, _check_after = -1, None, 0.0


def _forget(scopes: list[str]) -> None:
    global _epoch
    with _lock:
        _epoch += 1
        if GENERATION in scopes:
            _known.clear()
        for scope in scopes:
            _known.pop(scope, None)


def _catch_up() -> None:
    """Apply the log's new changes, at most every CHECK_SECONDS."""
    global _check_after
    now = time.monotonic()
    if now < _check_after:
        return
    if not _catching_up.acquire(blocking=False):
        return  # another thread is reading the log right now
    try:
        _check_after = now + CHECK_SECONDS
        _apply_log(now)
    finally:
        _catching_up.release()


def _apply_log(now: float) -> None:
    global _seen, _missing_since, _checked_at
    idle, _checked_at = now - _checked_at > LOG_SECONDS / 2, now
    latest = cache.get(CHANGES, 0)
    if latest == _seen:
        return
    if _seen < 0 or latest < _seen or latest - _seen > LOG_GAP or idle:
        _forget([GENERATION])
        _seen, _missing_since = latest, None
        return
    numbers = range(_seen + 1, latest + 1)
    records = cache.get_many([f"{CHANGES}:{n}" for n in numbers])
    for n in numbers:
        scopes = records.get(f"{CHANGES}:{n}")
        if scopes is None:
            _missing_since = _missing_since or now
            if now - _missing_since > MISSING_SECONDS:
                _forget([GENERATION])
                _seen, _missing_since = latest, None
            return
        _missing_since = None
        _forget(scopes)
        _seen = n
