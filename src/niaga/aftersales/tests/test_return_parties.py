"""Who sends the way back and where it goes: the buyer at the delivery address (or, when
that record lacks a courier's needs, at their main address); the store at its warehouse."""

import pytest

from niaga.aftersales import returns
from niaga.conftest import TEBET
from niaga.core.errors import DomainError
from niaga.fulfillment.tests.conftest import set_up_warehouse

pytestmark = pytest.mark.django_db


def test_the_buyer_sends_from_the_delivery_address_or_else_their_main_address(place):
    order = place().orders.get()
    assert "postal_code" not in order.shipping_address  # an order kept without region codes
    party = returns.buyer_party(order)
    saved = order.buyer.addresses.get()
    assert (party.postal_code, party.regency_code, party.phone) == (
        TEBET["postal_code"],
        TEBET["regency_code"],
        saved.phone,
    )
    order.shipping_address = {
        **order.shipping_address,
        "postal_code": "40111",
        "regency_code": "32.73",
        "province_code": "32",
        "street": "Jl. Asia Afrika 8",
        "phone": "081300000000",
    }
    party = returns.buyer_party(order)
    assert (party.postal_code, party.regency_code, party.address) == ("40111", "32.73", "Jl. Asia Afrika 8")


def test_the_store_receives_at_its_warehouse_once_its_pickup_address_is_complete(make_store):
    store = make_store()
    with pytest.raises(DomainError) as incomplete:
        returns.store_party(store)
    assert incomplete.value.fields  # says what to fill in
    set_up_warehouse(store)
    party = returns.store_party(store)
    assert (party.regency_code, party.postal_code, party.name) == ("32.73", "40135", store.name)
