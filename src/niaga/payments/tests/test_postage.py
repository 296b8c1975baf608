"""Who pays the courier for a return or a replacement, in the ledger: the seller from their
balance (Niaga fronts what it cannot cover and takes it back from their next income), the
buyer out of their refund or their saldo. Each leg's postage posts once and is given back
once when the booking is; the books always sum to zero and nobody's balance goes negative."""

import itertools

import pytest

from niaga.core import clock
from niaga.core.errors import Conflict
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.services import InsufficientBalance
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.shipping.models import Leg

pytestmark = pytest.mark.django_db

_n = itertools.count(1)
POSTAGE = 20_000


@pytest.fixture
def paid_order(place, make_product, make_store):
    """A paid order (escrow held) of Rp50.000 goods + Rp18.000 shipping; `store` reuses a store."""

    def make(store=None):
        product = make_product(store or make_store(), price=50_000, stock=1)
        group = place(product=product)
        money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
        orders.mark_group_paid(group=group, reason="Dibayar")
        return group.orders.get()

    return make


def complete(order):
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.DELIVERED, Actor.COURIER),
        (Status.COMPLETED, Actor.BUYER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    return order


def leg_of(order, payer, kind=Leg.Kind.RETURN, price=POSTAGE):
    n = next(_n)
    return Leg.objects.create(
        kind=kind,
        order=order,
        reference=f"KMP/TEST/{n}",
        courier="jne",
        service="reg",
        booking_id=f"booking-{n}",
        awb=f"CGK{n:013d}",
        price=price,
        payer=payer,
        chargeable_grams=1000,
        sender={},
        recipient={},
        created_at=clock.now(),
    )


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def available(order) -> int:
    return money.seller_balances(order.store)["available"]


def test_the_seller_pays_from_their_available_balance_once(paid_order, settings):
    earlier = complete(paid_order())
    order = paid_order(store=earlier.store)
    before = available(order)
    assert before > POSTAGE
    leg = leg_of(order, Leg.Payer.SELLER)
    assert money.charge_postage_to_seller(leg=leg) == POSTAGE
    assert money.charge_postage_to_seller(leg=leg) == 0  # posted once per leg
    assert available(order) == before - POSTAGE
    assert ledger.balance(acc.WORLD_COURIERS) == POSTAGE  # the first order's courier was booked outside Niaga
    assert money.escrow_balance(order) == order.total  # the order's escrow is untouched
    assert money.postage_owed(order.store_id) == 0
    books_balance()


def test_postage_the_balance_cannot_cover_is_fronted_and_taken_from_the_next_income(paid_order, settings):
    order = paid_order()
    leg = leg_of(order, Leg.Payer.SELLER)
    assert money.charge_postage_to_seller(leg=leg) == 0
    assert available(order) == 0 and money.postage_owed(order.store_id) == POSTAGE
    assert ledger.balance(acc.postage_fronted(order.store_id)) == -POSTAGE  # the platform's cost, for now
    books_balance()
    # The order completes (the replacement arrived, say): its release pays the postage back.
    complete(order)
    commission = order.subtotal * settings.NIAGA_COMMISSION_BPS // 10_000
    assert available(order) == order.total - commission - POSTAGE
    assert money.postage_owed(order.store_id) == 0 and ledger.balance(acc.postage_fronted(order.store_id)) == 0
    books_balance()


def test_the_buyers_own_reason_takes_the_postage_out_of_the_refund(paid_order):
    order = paid_order()
    leg = leg_of(order, Leg.Payer.BUYER)
    assert money.deduct_postage_from_refund(leg=leg) == POSTAGE
    assert money.deduct_postage_from_refund(leg=leg) == POSTAGE  # once
    assert money.escrow_balance(order) == order.total - POSTAGE
    refunded = money.refund_to_saldo(order=order, key=f"refund:{order.pk}", reason="Retur diterima")
    assert refunded == order.total - POSTAGE == money.saldo_of(order.buyer)
    assert available(order) == 0  # the seller paid nothing
    books_balance()


def test_postage_above_what_escrow_holds_is_refused_and_posts_nothing(paid_order):
    order = paid_order()
    leg = leg_of(order, Leg.Payer.BUYER, price=order.total + 1)
    with pytest.raises(Conflict) as refused:
        money.deduct_postage_from_refund(leg=leg)
    assert refused.value.code == "postage_exceeds_refund"
    assert money.escrow_balance(order) == order.total and ledger.balance(acc.WORLD_COURIERS) == 0


def test_postage_from_saldo_needs_the_saldo(paid_order):
    order = paid_order()
    leg = leg_of(order, Leg.Payer.BUYER)
    with pytest.raises(InsufficientBalance):
        money.charge_postage_to_saldo(leg=leg)
    money.refund_to_saldo(order=order, amount=POSTAGE + 5_000, key="saldo-in", reason="Refund sebagian")
    assert money.charge_postage_to_saldo(leg=leg) == POSTAGE
    money.charge_postage_to_saldo(leg=leg)  # once
    assert money.saldo_of(order.buyer) == 5_000
    books_balance()


@pytest.mark.parametrize("who", ["seller_available", "seller_fronted", "buyer_refund"])
def test_a_booking_given_back_returns_the_postage_to_whoever_paid_once(paid_order, who):
    order = paid_order()
    if who == "seller_available":
        order = paid_order(store=complete(order).store)
    before = (available(order), money.escrow_balance(order), money.postage_owed(order.store_id))
    leg = leg_of(order, Leg.Payer.BUYER if who == "buyer_refund" else Leg.Payer.SELLER)
    if who == "buyer_refund":
        money.deduct_postage_from_refund(leg=leg)
    else:
        money.charge_postage_to_seller(leg=leg)
    assert (available(order), money.escrow_balance(order), money.postage_owed(order.store_id)) != before
    money.give_back_postage(leg=leg)
    money.give_back_postage(leg=leg)
    assert (available(order), money.escrow_balance(order), money.postage_owed(order.store_id)) == before
    assert ledger.balance(acc.WORLD_COURIERS) == 0  # no courier was booked for the orders themselves
    books_balance()


def test_fronted_postage_already_paid_back_is_returned_to_the_sellers_balance(paid_order):
    order = paid_order()
    leg = leg_of(order, Leg.Payer.SELLER)
    money.charge_postage_to_seller(leg=leg)  # fronted: nothing available
    other = complete(paid_order(store=order.store))  # its release pays the postage back
    after_release = available(other)
    assert money.postage_owed(order.store_id) == 0
    money.give_back_postage(leg=leg)  # the courier charged nothing after all
    assert available(other) == after_release + POSTAGE
    assert ledger.balance(acc.postage_fronted(order.store_id)) == 0
    books_balance()
