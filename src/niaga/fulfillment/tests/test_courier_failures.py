"""What the courier simulator can do to a parcel — fail a delivery, return it, lose it —
and what that does to the order, the stock, the buyer's money and who is told."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.core import clock
from niaga.inventory.models import Stock
from niaga.ledger import selectors as ledger
from niaga.notifications.models import Notification
from niaga.orders import services as orders
from niaga.orders.status import Status
from niaga.payments import money
from niaga.sandbox.models import Parcel
from niaga.shipping import services as shipping
from niaga.shipping.models import Shipment

from .conftest import steer
from .test_paid_to_completed import pack_form

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.timedelta(days=1)


@pytest.fixture
def handed_over(client, paid_checkout, make_store, make_product):
    """A paid order packed, booked with JNE REG and picked up; returns (order, shipment, variant)."""

    def make():
        store = make_store()
        product = make_product(store, stock=2, weight_grams=500, price=40_000)
        order = paid_checkout([(product, 1)])
        client.force_login(store.owner)
        location_id = int(client.get(reverse("fulfillment:index")).url.rstrip("/").rsplit("/", 1)[-1])
        client.post(reverse("fulfillment:pack", args=[location_id, order.pk]), pack_form(order))
        client.post(reverse("fulfillment:pickup", args=[location_id]), {"courier": "jne"})
        return order, Shipment.objects.get(order=order), product.variants.get()

    return make


def track_until(shipment, days: float):
    with clock.travel(dt.timedelta(days=days)):
        shipping.poll(shipment=shipment)


def test_a_failed_attempt_is_told_to_buyer_and_seller_and_the_parcel_arrives_next_day(sandbox, handed_over):
    order, shipment, _ = handed_over()
    steer(sandbox.url, shipment.awb, scenario="failed_attempt")
    track_until(shipment, 2.1)  # the first attempt failed
    order.refresh_from_db()
    assert order.status == Status.SHIPPED
    for user in (order.buyer, order.store.owner):
        assert Notification.objects.filter(
            user=user, title__startswith="Tertunda", body__contains="Gagal antar (percobaan 1)"
        ).exists()
    track_until(shipment, 3.1)
    order.refresh_from_db()
    assert order.status == Status.DELIVERED and order.confirm_by is not None


def test_a_parcel_returned_to_sender_refunds_the_buyer_and_restocks(sandbox, handed_over):
    order, shipment, variant = handed_over()
    steer(sandbox.url, shipment.awb, scenario="returned")
    track_until(shipment, 3)
    order.refresh_from_db()
    assert order.status == Status.SHIPPED  # three attempts, then on its way back
    track_until(shipment, 7)
    order.refresh_from_db()
    assert order.status == Status.RETURNED
    assert money.escrow_balance(order) == 0 and money.saldo_of(order.buyer) == order.total  # a VA pays back as saldo
    assert Stock.objects.get(variant=variant).on_hand == 2  # the unit is back on the shelf
    assert Notification.objects.filter(user=order.buyer, title="Pesanan dikembalikan").exists()
    assert Notification.objects.filter(user=order.store.owner, title="Pesanan dikembalikan").exists()
    shipment.refresh_from_db()
    assert shipment.done and shipment.status == "returned"
    assert ledger.total() == 0


def test_a_lost_parcel_cancels_and_refunds_and_never_completes_by_itself(sandbox, handed_over):
    order, shipment, variant = handed_over()
    steer(sandbox.url, shipment.awb, scenario="lost")
    track_until(shipment, 2)
    order.refresh_from_db()
    assert order.status == Status.SHIPPED and order.confirm_by is None
    with clock.travel(dt.timedelta(days=30)):
        assert orders.complete_unconfirmed() == 0  # no delivery, no silent payout to the seller
    track_until(shipment, 6)
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert "Paket hilang" in order.events.last().reason
    assert money.escrow_balance(order) == 0 and money.saldo_of(order.buyer) == order.total
    assert money.seller_balances(order.store)["available"] == 0
    assert Stock.objects.get(variant=variant).on_hand == 1  # lost, not back on the shelf
    assert Notification.objects.filter(user=order.buyer, title="Pesanan dibatalkan").exists()
    assert ledger.total() == 0


def test_a_packed_order_not_handed_over_in_time_is_cancelled_refunded_and_its_awb_given_back(
    sandbox, client, paid_checkout, make_store, make_product
):
    store = make_store()
    product = make_product(store, stock=1, weight_grams=500)
    order = paid_checkout([(product, 1)])
    client.force_login(store.owner)
    location_id = int(client.get(reverse("fulfillment:index")).url.rstrip("/").rsplit("/", 1)[-1])
    client.post(reverse("fulfillment:pack", args=[location_id, order.pk]), pack_form(order))
    order.refresh_from_db()
    assert order.status == Status.READY_TO_SHIP
    with clock.travel(order.ship_by - clock.now() + dt.timedelta(minutes=1)):
        assert orders.cancel_unshipped() == 1
        assert orders.cancel_unshipped() == 0  # replayed: nothing more
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert Parcel.objects.get(reference_id=order.number).cancelled_at is not None
    assert Shipment.objects.get(order=order).done
    assert Stock.objects.get(variant=product.variants.get()).on_hand == 1
    assert money.escrow_balance(order) == 0 and money.saldo_of(order.buyer) == order.total
    assert ledger.total() == 0
