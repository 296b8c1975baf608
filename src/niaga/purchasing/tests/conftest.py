"""Purchasing's own fixtures: a store with a supplier and products, and sales on chosen days."""

import datetime as dt

import pytest
from django.db.models import F

from niaga.core import clock
from niaga.inventory import movements
from niaga.inventory.models import Stock, StockMovement


@pytest.fixture(autouse=True)
def _stock_alerts_on(settings):
    """The project's conftest turns the alerts off for other apps' tests; here they are the subject."""
    settings.NIAGA_STOCK_ALERTS = True


@pytest.fixture
def shop(make_store, make_product):
    """A store with two products (10 and 0 units), each with one variant."""
    from niaga.purchasing import services

    store = make_store()
    a = make_product(store, name="Kopi Gayo 250 g", price=60000, stock=10)
    b = make_product(store, name="Teh Melati 100 g", price=20000, stock=0)
    supplier = services.create_supplier(store=store, data={"name": "CV Sumber Rejeki", "lead_time_days": 5})

    class Shop:
        pass

    s = Shop()
    s.store, s.owner, s.supplier = store, store.owner, supplier
    s.kopi, s.teh = a.variants.get(), b.variants.get()
    return s


def sell(variant, quantity: int, *, days_ago: float = 0, now=None) -> None:
    """A sale as the movements record it: on hand down, a SOLD movement at the chosen time."""
    stock = Stock.objects.get(variant=variant)
    Stock.objects.filter(pk=stock.pk).update(on_hand=F("on_hand") - quantity)
    moved = movements.record(
        stock_id=stock.pk, store_id=variant.product.store_id, reason=movements.Reason.SOLD, on_hand=-quantity
    )
    when = (now or clock.now()) - dt.timedelta(days=days_ago)
    StockMovement.objects.filter(pk=moved.pk).update(created_at=when)


@pytest.fixture(autouse=True)
def _no_pending_checks():
    """Pending alert checks are cache keys by variant id, and ids repeat from test to test."""
    from django.core.cache import cache

    from niaga.purchasing import pending

    cache.clear()
    pending._local.clear()
