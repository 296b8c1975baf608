"""Which stock changes queue an alert check: only those that could cross the reorder point,
and one pending job per variant however many changes come before it runs."""

import pytest

from niaga.inventory import services as inventory
from niaga.purchasing import alerts, pending, receivers, services

from .conftest import sell
from .test_alerts import _alerts, _sold


@pytest.fixture
def queued(monkeypatch):
    """The jobs the receiver queues, kept instead of run."""
    jobs: list[list[int]] = []
    monkeypatch.setattr(receivers, "evaluate_stock", jobs.append)
    return jobs


@pytest.fixture
def stocked(shop):
    """Kopi: 100 on hand, reorder point 5 (a minimum), checked once so the point is known."""
    services.set_overrides(store=shop.store, variant_id=shop.kopi.pk, min_stock=5, lead_time_days=None)
    services.receive(store=shop.store, lines=[services.ReceiveLine(90, variant_id=shop.kopi.pk, unit_cost=1000)])
    alerts.evaluate([shop.kopi.pk])
    return shop


def _hold(variant, n, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inventory.reserve(lines=[(variant.pk, n)], reference=f"INV-{n}")


def test_forty_holds_above_the_point_queue_nothing_and_the_crossing_queues_one(
    stocked, queued, django_capture_on_commit_callbacks
):
    for _ in range(40):  # 100 -> 60 available, far above 5
        _hold(stocked.kopi, 1, django_capture_on_commit_callbacks)
    assert queued == []
    _hold(stocked.kopi, 55, django_capture_on_commit_callbacks)  # 60 -> 5: at the point
    assert queued == [[stocked.kopi.pk]]


def test_a_burst_below_the_point_queues_one_pending_job(stocked, queued, django_capture_on_commit_callbacks):
    sell(stocked.kopi, 90)  # 100 -> 10
    for _ in range(10):  # 10 -> 0, all at or below the point
        with django_capture_on_commit_callbacks(execute=True):
            _sold(stocked.kopi)
    assert queued == [[stocked.kopi.pk]]
    pending.release(queued[0])  # the job started: the next sale queues again
    with django_capture_on_commit_callbacks(execute=True):
        receivers.on_stock_changed(sender=None, variant_ids={stocked.kopi.pk})
    assert len(queued) == 2


def test_a_changed_setting_checks_the_variant_afresh(stocked, queued, django_capture_on_commit_callbacks):
    services.set_overrides(store=stocked.store, variant_id=stocked.kopi.pk, min_stock=80, lead_time_days=None)
    _hold(stocked.kopi, 1, django_capture_on_commit_callbacks)  # 99 left, old point 5, new one unknown
    assert queued == [[stocked.kopi.pk]]


def test_run_for_real_a_burst_still_alerts_once_per_crossing(stocked, django_capture_on_commit_callbacks):
    _hold(stocked.kopi, 94, django_capture_on_commit_callbacks)  # 6 left: above the point
    for _ in range(3):  # 6 -> 3: crosses at 5
        with django_capture_on_commit_callbacks(execute=True):
            _sold(stocked.kopi)
    assert _alerts(stocked.owner) == ["Stok menipis: Kopi Gayo 250 g"]
    for _ in range(3):  # 3 -> 0: sold out, its own alert once
        with django_capture_on_commit_callbacks(execute=True):
            _sold(stocked.kopi)
    assert _alerts(stocked.owner) == ["Stok menipis: Kopi Gayo 250 g", "Stok habis: Kopi Gayo 250 g"]


def test_without_redis_a_burst_still_queues_one_job(monkeypatch):
    import redis
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise redis.exceptions.ConnectionError("Redis tidak menjawab")

    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr(cache, "delete_many", down)
    assert pending.claim([7, 8]) == [7, 8]
    assert pending.claim([7, 8, 9]) == [9]  # kept in this process while Redis is away
    pending.release([7])
    assert pending.claim([7, 8]) == [7]


def test_the_nightly_refresh_tells_a_variant_whose_point_rose_past_its_stock_without_a_sale(shop):
    from niaga.purchasing.models import VariantReorder
    from niaga.purchasing.tasks import refresh_reorder_points

    services.set_overrides(store=shop.store, variant_id=shop.kopi.pk, min_stock=20, lead_time_days=None)  # 10 left
    refresh_reorder_points.call_local()
    assert _alerts(shop.owner) == ["Stok menipis: Kopi Gayo 250 g", "Stok habis: Teh Melati 100 g"]
    assert VariantReorder.objects.get(variant=shop.kopi).reorder_point == 20
    refresh_reorder_points.call_local()  # again: nothing new
    assert len(_alerts(shop.owner)) == 2
