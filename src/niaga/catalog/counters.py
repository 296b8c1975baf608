"""The app's own counters of product page views and cart adds (the seller's funnel).

Product pages are mostly answered by the page cache before Django runs, so views are counted
in that layer (core.pagecache.count_visits) for hits and renders alike. Counting must cost
the hot path almost nothing and never fail it:

- with Redis, one pipelined HINCRBY on the day's hash (no database write); the periodic job
  `flush` adds the day's counts to ProductDailyStats and clears them;
- without Redis (a laptop) or while it is down, the count is kept in this process's memory
  and a daemon thread adds it to the table every NIAGA_COUNTER_FLUSH_SECONDS (and at exit):
  still no database work in the request, so a kept page stays a zero-query answer;
- if that fails too, the counts are logged as lost and the page is served anyway.

Visitors whose user agent says they are a bot, spider or crawler are not counted.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
import time
import uuid
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from niaga.core import clock, pagecache

from .models import Product, ProductDailyStats

log = logging.getLogger(__name__)

BOT_MARKS = ("bot", "spider", "crawl", "slurp")
KEY = "niaga:productstats:{day}"
KEEP_SECONDS = 3 * 24 * 3600  # a day's hash outlives a few missed flushes
VIEW, CART = "v", "c"
FLUSH_SECONDS = 10.0

_pending: dict[tuple[dt.date, str, str], int] = {}
_pending_lock = threading.Lock()
_flusher: threading.Thread | None = None


def is_bot(user_agent: str) -> bool:
    agent = user_agent.lower()
    return any(mark in agent for mark in BOT_MARKS)


def _today() -> dt.date:
    return timezone.localdate(clock.now())


def _redis():
    """The Redis client behind the cache, or None when the app runs without Redis."""
    if not getattr(settings, "REDIS_URL", ""):
        return None
    from django.core.cache import cache

    return cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]


def count_page_view(path: str, environ) -> None:
    """core.pagecache's visit hook for /p/<store>/<product>/: count one view of that product."""
    if environ.get("REQUEST_METHOD") != "GET" or is_bot(environ.get("HTTP_USER_AGENT", "")):
        return
    slugs = pagecache.product_slugs(path)
    if slugs is None or len(path.split("/")) > 5:  # not a sub-path of the page
        return
    _count(VIEW, f"{slugs[0]}/{slugs[1]}")


def count_cart_add(*, product_id: int) -> None:
    """cart.services.add_item: count one add of this product to a cart."""
    _count(CART, str(product_id))


def _count(kind: str, what: str) -> None:
    day = _today()
    try:
        client = _redis()
        if client is not None:
            key = KEY.format(day=day.isoformat())
            pipe = client.pipeline(transaction=False)
            pipe.hincrby(key, f"{kind}:{what}", 1)
            pipe.expire(key, KEEP_SECONDS)
            pipe.execute()
            return
    except Exception as exc:  # Redis down: kept in memory for the flusher thread
        log.warning("product counter: Redis unavailable (%s); counting in memory", exc)
    with _pending_lock:
        _pending[(day, kind, what)] = _pending.get((day, kind, what), 0) + 1
    _start_flusher()


def _start_flusher() -> None:
    """One daemon thread per process adds the counts kept in memory to the table."""
    global _flusher
    seconds = float(getattr(settings, "NIAGA_COUNTER_FLUSH_SECONDS", FLUSH_SECONDS))
    if _flusher is not None or seconds <= 0:  # 0: the caller flushes (tests)
        return
    with _pending_lock:
        if _flusher is not None:
            return
        _flusher = threading.Thread(target=_flush_forever, args=(seconds,), name="product-counters", daemon=True)
        _flusher.start()
        atexit.register(flush_memory)


def _flush_forever(seconds: float) -> None:
    from django.db import close_old_connections

    while True:
        time.sleep(seconds)
        try:
            flush_memory()
        except Exception:
            log.exception("product counter: flushing the counts kept in memory failed")
        finally:
            close_old_connections()


def flush_memory() -> int:
    """Add the counts kept in this process's memory to the table; returns the rows touched.
    Counts that cannot be written are kept for the next run."""
    with _pending_lock:
        taken = dict(_pending)
        _pending.clear()
    if not taken:
        return 0
    per_day: dict[dt.date, dict[str, dict[str, int]]] = {}
    for (day, kind, what), n in taken.items():
        per_day.setdefault(day, {}).setdefault(kind, {})[what] = n
    touched = 0
    try:
        for day, counts in per_day.items():
            touched += _add(day, counts)
    except Exception:
        with _pending_lock:
            for key, n in taken.items():
                _pending[key] = _pending.get(key, 0) + n
        raise
    return touched


def _product_ids(paths: list[str]) -> dict[str, int]:
    """{"store/product": product id} for the pages that exist (others are dropped)."""
    pairs = [p.split("/", 1) for p in paths]
    found: dict[str, int] = {}
    for start in range(0, len(pairs), 200):
        chunk = pairs[start : start + 200]
        where = reduce(or_, (Q(store__slug=s, slug=p) for s, p in chunk))
        for store_slug, slug, pk in Product.objects.filter(where).values_list("store__slug", "slug", "pk"):
            found[f"{store_slug}/{slug}"] = pk
    return found


def _add(day: dt.date, counts: dict[str, dict[str, int]]) -> int:
    """Add {VIEW: {"store/product": n}, CART: {"id": n}} to the day's rows; returns rows touched."""
    per_product: dict[int, list[int]] = {}
    ids = _product_ids(list(counts.get(VIEW, {}))) if counts.get(VIEW) else {}
    for path, n in counts.get(VIEW, {}).items():
        if path in ids:
            per_product.setdefault(ids[path], [0, 0])[0] += n
    carts = {int(pk): n for pk, n in counts.get(CART, {}).items()}
    for pk in Product.objects.filter(pk__in=list(carts)).values_list("pk", flat=True):  # deleted ones drop
        per_product.setdefault(pk, [0, 0])[1] += carts[pk]
    for product_id, (views, cart_adds) in per_product.items():
        _upsert(product_id, day, views, cart_adds)
    return len(per_product)


def _upsert(product_id: int, day: dt.date, views: int, cart_adds: int) -> None:
    rows = ProductDailyStats.objects.filter(product_id=product_id, day=day)
    for _ in range(3):
        if rows.update(views=F("views") + views, cart_adds=F("cart_adds") + cart_adds):
            return
        try:
            with transaction.atomic():
                ProductDailyStats.objects.create(product_id=product_id, day=day, views=views, cart_adds=cart_adds)
            return
        except IntegrityError:
            continue  # another process made the row first: add to it
    log.error("product counter: could not add to product %s on %s", product_id, day)


def flush(*, days: int = 2) -> int:
    """The periodic job: move the last `days` days' counts from Redis (and this process's
    memory) to the table. Each day's hash is renamed first, so counts arriving meanwhile start
    a new hash and none is lost or added twice. Returns the rows touched."""
    touched = flush_memory()
    client = _redis()
    if client is None:
        return touched
    today = _today()
    for back in range(days):
        day = today - dt.timedelta(days=back)
        key = KEY.format(day=day.isoformat())
        taking = f"{key}:flushing:{uuid.uuid4().hex}"
        try:
            client.rename(key, taking)
        except Exception as exc:  # no such key: nothing counted that day
            if "no such key" in str(exc).lower():
                continue
            raise
        raw = client.hgetall(taking)
        counts: dict[str, dict[str, int]] = {}
        for field, value in raw.items():
            kind, _, what = field.decode().partition(":")
            counts.setdefault(kind, {})[what] = int(value)
        try:
            touched += _add(day, counts)
        except Exception:
            # Give the counts back to the day's hash for the next run.
            pipe = client.pipeline(transaction=False)
            for field, value in raw.items():
                pipe.hincrby(key, field, int(value))
            pipe.execute()
            raise
        finally:
            client.delete(taking)
    return touched
