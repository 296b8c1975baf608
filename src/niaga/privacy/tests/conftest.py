"""A buyer's finished order placed with a real address snapshot (name, phone, street), paid
into escrow and moved to Selesai through the real services, so exports and deletions meet
the rows a buyer's would have."""

from __future__ import annotations

import datetime as dt

import pytest

from niaga.checkout.placing import address_snapshot
from niaga.core import clock
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money


def paid(group):
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    return group.orders.get()


def completed(group):
    order = paid(group)
    for to in (Status.READY_TO_SHIP, Status.SHIPPED):
        order = orders.transition(order=order, to_status=to, role=Actor.SELLER)
    return orders.buyer_confirm(order=order, buyer=order.buyer)


@pytest.fixture
def placed(make_address):
    """placed(buyer, product) -> the group of a one-line order, awaiting payment."""

    def make(buyer, product, quantity: int = 1):
        address = make_address(buyer)
        variant = product.variants.get()
        draft = orders.OrderDraft(
            store_id=product.store_id,
            store_code="TOK",
            courier_code="jne_reg",
            courier_name="JNE Reguler",
            shipping_eta="2-3 hari",
            shipping_cost=18000,
            lines=[orders.LineDraft(variant.pk, product.name, "", product.price, quantity, product.weight_grams)],
        )
        return orders.place_orders(
            buyer=buyer,
            drafts=[draft],
            shipping_address=address_snapshot(address),
            payment_method="va_bca",
            service_fee=1000,
            payment_due_at=clock.now() + dt.timedelta(minutes=60),
        ).group

    return make


@pytest.fixture
def shop(make_store, make_product):
    store = make_store(name="Toko Batik Sari")
    return store, make_product(store, name="Kemeja Batik Tulis", price=150_000, stock=20)


@pytest.fixture
def buyer(make_user):
    return make_user(full_name="Sri Wahyuni Lestari", email="sri.wahyuni@contoh.id", phone="0812-7777-3141")


@pytest.fixture
def finished_order(placed, shop, buyer):
    """The buyer's completed order at the shop (money released to the seller)."""
    return completed(placed(buyer, shop[1]))


@pytest.fixture
def built(django_capture_on_commit_callbacks):
    """`with built(): ...`: what the block queues after its commit (the export job) runs at its end,
    as it would once a real transaction commits (the test's own transaction never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
