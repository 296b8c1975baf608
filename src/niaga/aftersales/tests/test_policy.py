"""What a buyer may ask for follows the store's promise (catalog.policy), shown before purchase:
goods at fault always go back for a refund; an exchange needs a store that exchanges; sending
back for the buyer's own reason needs the store's window."""

import datetime as dt

import pytest

from niaga.core import clock
from niaga.orders.status import Status as OrderStatus

from ..models import Complaint
from ..status import Status
from .conftest import line_of
from .test_refusals import open_api

pytestmark = pytest.mark.django_db(transaction=True)


def promise(store, **values):
    for field, value in values.items():
        setattr(store, field, value)
    store.save(update_fields=list(values))


def test_no_exchange_from_a_store_that_does_not_exchange(client, delivered, make_store):
    store = make_store()
    promise(store, accepts_exchanges=False)
    order = delivered(store=store)
    response = open_api(client, order, lines=[(line_of(order, "Kaos"), 1)], resolution="exchange")
    assert response.status_code == 400
    assert "tidak bisa ditukar" in response.json()["fields"]["resolution"]
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED and not Complaint.objects.exists()


def test_damaged_goods_go_back_for_a_refund_even_where_the_store_takes_nothing_back(client, delivered, make_store):
    store = make_store()
    promise(store, return_window_days=0, accepts_returns=False, accepts_exchanges=False)
    order = delivered(store=store)
    response = open_api(client, order, lines=[(line_of(order, "Kaos"), 1)], resolution="return_refund")
    assert response.status_code in (200, 201), response.content
    assert Complaint.objects.get(order=order).status == Status.AWAITING_SELLER


def test_the_buyers_own_reason_needs_the_store_window(client, delivered, make_store):
    store = make_store()
    promise(store, return_window_days=2)
    order = delivered(store=store)
    tee = line_of(order, "Kaos")
    with clock.travel(dt.timedelta(days=3)):  # past the store's 2 days, inside the 7 to confirm
        late = open_api(client, order, lines=[(tee, 1)], reason="other", resolution="return_refund", photos=[])
    assert late.status_code == 400 and "Retur" in late.json()["fields"]["resolution"]
    assert not Complaint.objects.exists()

    in_time = open_api(client, order, lines=[(tee, 1)], reason="other", resolution="return_refund", photos=[])
    assert in_time.status_code in (200, 201), in_time.content


def test_a_product_that_cannot_be_sent_back_overrides_its_store(client, delivered):
    order = delivered()
    tee = line_of(order, "Kaos")
    product = tee.variant.product
    product.return_window_days = 0
    product.save(update_fields=["return_window_days"])
    response = open_api(client, order, lines=[(tee, 1)], reason="other", resolution="return_refund", photos=[])
    assert response.status_code == 400 and "resolution" in response.json()["fields"]
