import datetime as dt

import pytest
from django.utils import timezone

from niaga.orders import services as orders
from niaga.payments import money


@pytest.fixture(autouse=True)
def _marketplace_tax(settings, _no_marketplace_tax):
    """PPh 22 in force as configured (the shared conftest turns it off for the other apps)."""
    from niaga import settings as configured

    settings.NIAGA_TAX_PPH22_RULES = configured.NIAGA_TAX_PPH22_RULES


@pytest.fixture
def paid(place, make_product, make_store):
    """An order of `quantity` × `price` from `store`, paid by VA at `when` (default now)."""

    def make(*, store=None, price: int = 100_000, quantity: int = 1, when: dt.datetime | None = None):
        store = store or make_store()
        product = make_product(store, price=price, stock=quantity)
        group = place(quantity=quantity, stock=quantity, product=product)
        money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
        orders.mark_group_paid(group=group, reason="Pembayaran diterima", when=when)
        return group.orders.get()

    return make


def at(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))
