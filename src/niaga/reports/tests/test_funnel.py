"""The funnel: the app's own view and cart counters (catalog.counters), counted where the page
cache answers too, and the report over them and the orders of the constructed history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from niaga.catalog import counters
from niaga.catalog.models import ProductDailyStats
from niaga.core import pagecache
from niaga.reports.funnel import funnel_report
from niaga.reports.periods import today

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"}


@pytest.fixture
def page_cache(settings):
    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    pagecache.forget()
    yield
    cache.clear()
    pagecache.forget()


def _stats(product) -> tuple[int, int]:
    counters.flush()  # with Redis, the counts reach the table here; without, they are there already
    row = ProductDailyStats.objects.filter(product=product, day=today()).first()
    return (row.views, row.cart_adds) if row else (0, 0)


def test_views_are_counted_on_kept_pages_and_bots_are_not(deployed, page_cache, make_store, make_product):
    product = make_product(make_store(), stock=3)
    url = product.get_absolute_url()
    first = deployed("GET", url, headers=BROWSER)
    kept = deployed("GET", url, headers=BROWSER)
    assert first.status == kept.status == 200 and kept.headers["X-Cache"] == "hit"  # Django never saw it
    deployed("GET", url, headers={"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"})
    deployed("GET", url, headers={"User-Agent": "Baiduspider"})
    deployed("HEAD", url, headers=BROWSER)
    assert _stats(product) == (2, 0)


def test_a_cart_add_is_counted(make_user, make_store, make_product):
    from niaga.cart.services import add_item, cart_for

    product = make_product(make_store(), stock=5)
    cart = cart_for(user=make_user("Pembeli"), create=True)
    add_item(cart=cart, variant_id=product.variants.get().pk, quantity=1)
    add_item(cart=cart, variant_id=product.variants.get().pk, quantity=1)  # the same item again
    assert _stats(product) == (0, 2)


class _DownRedis:
    def pipeline(self, **kwargs):
        raise ConnectionError("Redis tidak menjawab")


def test_with_redis_down_the_page_is_served_and_the_view_kept_for_the_table(
    deployed, page_cache, make_store, make_product, monkeypatch, django_assert_num_queries
):
    product = make_product(make_store(), stock=3)
    url = product.get_absolute_url()
    deployed("GET", url, headers=BROWSER)
    monkeypatch.setattr(counters, "_redis", lambda: _DownRedis())
    with django_assert_num_queries(0):  # a kept page, counted in memory: still no query
        assert deployed("GET", url, headers=BROWSER).status == 200
    monkeypatch.undo()
    assert counters.flush() >= 1  # the memory's count (and, with Redis, the first view's)
    assert ProductDailyStats.objects.get(product=product, day=today()).views == 2


def test_with_redis_and_the_database_failing_the_page_is_still_served(
    deployed, page_cache, make_store, make_product, monkeypatch
):
    product = make_product(make_store(), stock=3)
    monkeypatch.setattr(counters, "_redis", lambda: _DownRedis())

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(counters, "_add", broken)
    answer = deployed("GET", product.get_absolute_url(), headers=BROWSER)
    assert answer.status == 200 and product.name.encode() in answer.body
    with pytest.raises(RuntimeError):
        counters.flush_memory()  # the job's run fails, and keeps the count for the next one
    monkeypatch.undo()
    assert counters.flush_memory() == 1


@pytest.mark.redis
def test_with_redis_a_view_writes_nothing_to_the_database_until_the_flush(
    deployed, page_cache, make_store, make_product
):
    product = make_product(make_store(), stock=3)
    for _ in range(3):
        deployed("GET", product.get_absolute_url(), headers=BROWSER)
    assert not ProductDailyStats.objects.filter(product=product).exists()
    assert counters.flush() == 1
    assert counters.flush() == 0  # taken once: a second run adds nothing
    assert ProductDailyStats.objects.get(product=product, day=today()).views == 3


def test_the_funnel_of_the_history(history):
    a, b = history.a, history.b
    ProductDailyStats.objects.create(product=a, day=today(), views=40, cart_adds=8)
    ProductDailyStats.objects.create(product=a, day=today() - dt.timedelta(days=3), views=10, cart_adds=2)
    ProductDailyStats.objects.create(product=b, day=today() - dt.timedelta(days=1), views=20, cart_adds=5)
    ProductDailyStats.objects.create(product=b, day=today() - dt.timedelta(days=8), views=99, cart_adds=9)  # before

    report = funnel_report(history.store.pk, history.period)
    rows = {r.name: (r.views, r.cart_adds, r.ordered, r.paid) for r in report.rows}
    # Ordered: placed in the period (all six today); paid: O1, O2, O3, O4 (O5 was paid on d-9).
    assert rows == {"Buku Tulis": (50, 10, 4, 3), "Lampu Meja": (20, 5, 3, 2)}
    t = report.total
    assert (t.views, t.cart_adds, t.ordered, t.paid) == (70, 15, 6, 4)
    assert t.conversion == round(4 * 100 / 70, 1)
