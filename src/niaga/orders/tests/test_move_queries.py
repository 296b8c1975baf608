"""What a move costs the database, its effects and their on-commit work included (background
jobs inline): no more SQL statements than when those effects were signal receivers. The
budgets are the counts measured then, the same on SQLite and PostgreSQL, for a paid order of
two units with its money in escrow. A move to Selesai costs 7 more since reviews.invite joined
it: units sold recounted under the product's lock (lines, lock, update), the invitation
(looked for, written), its notice and its e-mail; and 1 more since sellers may owe return postage
Niaga fronted (the release reads what is owed, and takes it back only when there is some).
A refund to saldo costs up to 3 more since the audit trail records it, once (is the key in the
books already, the buyer, the event), and an operator's move 1 more (its event). A payment's
move costs 9 more since the fraud review screens it (risk.screen, before the seller is told):
the checkout, whether it is scored already, the rules' reads (checkouts in the hour, the cards
paid with, the buyer's age, refused cards, the gateway's fraud answer, a challenge notice) and
the assessment written. A move that holds, sells, releases or restocks units costs 3 more
since stock is kept per location with its history (issue 21: the stock's store read, the
level's update beside the total's, the movement's insert; selling and releasing also check
for units no level holds yet), and a restock 2 more (the product page's mark; the cost its
units were sold at, which they come back at). Since PPh 22
(niaga.tax, PMK 37/2025) a payment costs 6 more (the order's collection looked for, the SKB and
the turnover statement read, the collection written, in a savepoint); a refund or a cancellation
after payment 9 more (the collections locked and the reversal written, with its savepoint, before
the refund reads escrow, which now nets the tax out), and a release to the seller 1 more (the tax
withheld from the order's escrow)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from niaga.core import clock
from niaga.orders import services
from niaga.orders.models import Order
from niaga.orders.status import Actor, Status
from niaga.payments import money

S, A = Status, Actor
pytestmark = pytest.mark.django_db(transaction=True)

ON_THE_WAY: list[str] = [S.AWAITING_PAYMENT, S.TO_PACK, S.READY_TO_SHIP, S.SHIPPED, S.DELIVERED, S.COMPLAINT]
BY: dict[str, str] = {
    S.TO_PACK: A.GATEWAY,
    S.READY_TO_SHIP: A.SELLER,
    S.SHIPPED: A.COURIER,
    S.DELIVERED: A.COURIER,
    S.COMPLAINT: A.BUYER,
}


def by_courier(to_status):
    return lambda o: services.courier_update(order=o, to_status=to_status, reason="Kurir", when=clock.now())


def by(role, to_status):
    return lambda o: services.transition(order=o, to_status=to_status, role=role)


# (the move's name, where it starts, how it is made, the statements it took before)
MOVES = [
    ("paid", S.AWAITING_PAYMENT, by(A.GATEWAY, S.TO_PACK), 34),
    ("cancelled unpaid", S.AWAITING_PAYMENT, by(A.BUYER, S.CANCELLED), 24),
    ("packed", S.TO_PACK, lambda o: services.seller_pack(order=o, seller=o.store.owner), 9),
    ("cancelled unpacked", S.TO_PACK, by(A.SYSTEM, S.CANCELLED), 50),
    (
        "shipped, own AWB",
        S.READY_TO_SHIP,
        lambda o: services.seller_ship(order=o, seller=o.store.owner, awb="JP1234567890"),
        9,
    ),
    ("picked by courier", S.READY_TO_SHIP, by_courier(S.SHIPPED), 7),
    ("cancelled before pickup", S.READY_TO_SHIP, by(A.SYSTEM, S.CANCELLED), 51),
    ("delivered", S.SHIPPED, by_courier(S.DELIVERED), 10),
    ("confirmed on the way", S.SHIPPED, lambda o: services.buyer_confirm(order=o, buyer=o.buyer), 39),
    ("returned", S.SHIPPED, by_courier(S.RETURNED), 50),
    ("lost", S.SHIPPED, by_courier(S.CANCELLED), 40),
    ("confirmed", S.DELIVERED, lambda o: services.buyer_confirm(order=o, buyer=o.buyer), 39),
    ("complained", S.DELIVERED, by(A.BUYER, S.COMPLAINT), 9),
    ("complaint closed", S.COMPLAINT, by(A.OPERATOR, S.COMPLETED), 40),
    ("complaint returned", S.COMPLAINT, by(A.SELLER, S.RETURNED), 40),
    # With its refund, which fulfillment asked for by itself before.
    (
        "units cancelled",
        S.TO_PACK,
        lambda o: services.cancel_units(
            order=o, line=o.lines.get(), quantity=1, actor=o.store.owner, reason="1× dibatalkan: stok kurang"
        ),
        39,
    ),
]


@pytest.fixture
def paid_order_at(place):
    def make(status: str) -> Order:
        group = place(quantity=2, stock=2)
        money.record_payment(group=group, gateway_order_id=f"pay-{group.code}", method="va_bca")
        order = group.orders.get()
        for step in ON_THE_WAY[1 : ON_THE_WAY.index(status) + 1]:
            services.transition(order=order, to_status=step, role=BY[step])
        return Order.objects.get(pk=order.pk)  # nothing read ahead for the move

    return make


@pytest.mark.parametrize(("name", "status", "move", "budget"), MOVES, ids=[name for name, *_ in MOVES])
def test_no_move_costs_more_statements_than_before(paid_order_at, name, status, move, budget):
    order = paid_order_at(status)
    with CaptureQueriesContext(connection) as asked:
        move(order)
    assert len(asked) <= budget, "\n".join(q["sql"][:120] for q in asked.captured_queries)
