"""For returns and exchanges: orders packed, booked with a courier and delivered through the
courier simulator (so the way back runs through it too), and a complaint opened and
accepted through the complaint core's services. Import the fixture into a test module."""

import datetime as dt

import pytest

from niaga.aftersales import services
from niaga.cart.services import add_item, cart_for
from niaga.checkout.services import place_order
from niaga.conftest import png
from niaga.core import clock
from niaga.fulfillment import services as fulfillment
from niaga.fulfillment.tests.conftest import paid_checkout, set_up_warehouse  # noqa: F401  (fixture)
from niaga.orders.status import Status
from niaga.payments.tests.test_methods_e2e import pay
from niaga.shipping import services as shipping
from niaga.shipping.models import Shipment

DELIVERY = dt.timedelta(days=3)


@pytest.fixture
def couriered(paid_checkout, sandbox, make_user, make_address):
    """A paid order packed, picked up and delivered by the courier simulator (3 days ahead):
    by BCA VA (refunds go to saldo) or by `method` (GoPay: refunds back to the wallet)."""

    def paid_by(items, method):
        buyer = make_user("Pembeli")
        address = make_address(buyer)
        cart = cart_for(user=buyer, create=True)
        for product, quantity in items:
            add_item(cart=cart, variant_id=product.variants.get().pk, quantity=quantity)
        set_up_warehouse(items[0][0].store)
        group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method=method).group
        pay(sandbox.url, group.payments.get())
        return group.orders.get()

    def make(items, method: str = "va_bca", **kw):
        order = paid_checkout(items, **kw) if method == "va_bca" else paid_by(items, method)
        store = order.store
        location = set_up_warehouse(store)
        fulfillment.pack(
            order=order,
            user=store.owner,
            counts={line.pk: line.to_send for line in order.lines.all()},
            weight_grams=800,
            length_cm=20,
            width_cm=15,
            height_cm=10,
        )
        shipping.request_pickup(location=location, courier_code="jne", user=store.owner, store=store)
        with clock.travel(DELIVERY):
            shipping.poll(shipment=Shipment.objects.get(order=order))
        order.refresh_from_db()
        assert order.status == Status.DELIVERED
        return order

    return make


def open_complaint(order, *, reason: str, resolution: str, units: dict[int, int] | None = None):
    """The buyer complains of `units` ({order line id: quantity}, all by default) and the seller accepts."""
    units = units or {line.pk: line.to_send for line in order.lines.all()}
    with clock.travel(DELIVERY):
        complaint = services.open_complaint(
            buyer=order.buyer,
            order=order,
            lines=[services.LineRequest(pk, qty) for pk, qty in units.items()],
            reason=reason,
            description="Barang yang datang tidak seperti yang dijanjikan penjual.",
            resolution=resolution,
            photos=[png()],
        )
        return services.seller_accept(complaint=complaint, seller=order.store.owner)
