import pytest
import requests
from django.conf import settings

from niaga.cart.services import add_item, cart_for
from niaga.checkout.services import place_order
from niaga.checkout.tests import sandbox_actions as bank
from niaga.orders.status import Status


@pytest.fixture
def paid_checkout(sandbox, make_user, make_address):
    """A buyer in Jakarta Selatan buys `items` ([(product, qty)]) from one store and pays by BCA VA."""

    def make(items, courier: str = "jne_reg", buyer=None):
        buyer = buyer or make_user("Pembeli")
        address = make_address(buyer)
        cart = cart_for(user=buyer, create=True)
        for product, quantity in items:
            add_item(cart=cart, variant_id=product.variants.get().pk, quantity=quantity)
        store_id = items[0][0].store_id
        group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca", couriers={store_id: courier})
        bank.pay_va(sandbox.url, "bca", group.payments.get().va_number)
        order = group.orders.get()
        assert order.status == Status.TO_PACK
        return order

    return make


def steer(base: str, awb: str, **body) -> dict:
    """Tell the courier simulator what happens to a parcel, as a class would on its page."""
    response = requests.post(
        f"{base}/sandbox/kurir/v1/simulator/parcels/{awb}",
        json=body,
        headers={"Authorization": settings.NIAGA_SANDBOX_COURIER_API_KEY},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()
