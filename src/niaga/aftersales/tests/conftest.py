"""A delivered order to complain about: two mugs and a T-shirt from one store, paid through the
sandbox's gateway, packed, handed to the courier and delivered — as a buyer would get it."""

from __future__ import annotations

import pytest

from niaga.accounts.services import issue_token
from niaga.cart.services import add_item, cart_for
from niaga.checkout.services import place_order
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments.tests.test_methods_e2e import pay

MUG, TEE = 50_000, 30_000


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)}"}


def books_balance() -> None:
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def saldo(user) -> int:
    return ledger.balance(acc.buyer_saldo(user.pk))


def escrow(order) -> int:
    return money.escrow_balance(order)


def available(store) -> int:
    return money.seller_balances(store)["available"]


@pytest.fixture
def delivered(sandbox, make_user, make_store, make_product, make_address):
    """delivered(method="va_bca") -> a Sampai order: 2 × Mug Rp50.000 and 1 × Kaos Rp30.000."""

    def make(method: str = "va_bca", buyer=None, store=None, deliver: bool = True):
        store = store or make_store()
        mug = make_product(store, name="Mug Keramik Motif Batik", price=MUG, stock=5)
        tee = make_product(store, name="Kaos Polos Katun", price=TEE, stock=5)
        buyer = buyer or make_user("Pembeli")
        address = make_address(buyer)
        cart = cart_for(user=buyer, create=True)
        assert cart is not None
        add_item(cart=cart, variant_id=mug.variants.get().pk, quantity=2)
        add_item(cart=cart, variant_id=tee.variants.get().pk, quantity=1)
        group = place_order(user=buyer, cart=cart, address_id=address.pk, payment_method=method).group
        pay(sandbox.url, group.payments.get())
        order = group.orders.get()
        assert order.status == Status.TO_PACK
        orders.seller_pack(order=order, seller=store.owner)
        order = orders.seller_ship(order=order, seller=store.owner, awb="JNE0012345678")
        if deliver:
            order = orders.transition(order=order, to_status=Status.DELIVERED, role=Actor.COURIER)
        order.refresh_from_db()
        return order

    return make


def line_of(order, name: str):
    return order.lines.get(product_name__startswith=name)
