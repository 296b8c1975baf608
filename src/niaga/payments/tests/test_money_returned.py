"""Money the gateway gives back without Niaga sending it — a refund made in the gateway's
dashboard, a chargeback by the buyer's bank — moves the ledger and the orders as Niaga's own
refund would, once, however many times and from wherever the news comes."""

import pytest

from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.orders.status import Status
from niaga.payments import money
from niaga.payments import services as payments
from niaga.payments.tests.test_methods_e2e import pay
from niaga.payments.tests.test_notifications import notification, post

pytestmark = pytest.mark.django_db(transaction=True)


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


@pytest.fixture
def paid_gopay(sandbox, checkout_group):
    group = checkout_group("gopay")
    attempt = group.payments.get()
    pay(sandbox.url, attempt)
    attempt.refresh_from_db()
    order = group.orders.get()
    assert attempt.status == "settlement" and order.status == Status.TO_PACK
    return group, attempt, order


def returned(attempt, status: str, *, refunded: int = 0, charged_back: int = 0):
    """A signed notification of money back to the buyer, running totals as the gateway sends them."""
    extra = {"payment_type": "gopay"}
    if refunded:
        extra["refund_amount"] = f"{refunded}.00"
    if charged_back:
        extra["chargeback_amount"] = f"{charged_back}.00"
    return notification(attempt, status, "200", **extra)


def test_a_refund_made_in_the_gateway_dashboard_cancels_the_order_and_empties_its_escrow(client, paid_gopay):
    group, attempt, order = paid_gopay
    body = returned(attempt, "refund", refunded=group.total)
    assert [post(client, body).json()["status"] for _ in range(3)] == ["applied", "duplicate", "duplicate"]
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert money.escrow_balance(order) == 0 and ledger.balance(acc.refunds_payable(order.pk)) == 0
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == 0  # the buyer has it back on GoPay, not as saldo too
    assert ledger.balance(acc.SERVICE_FEES) == 0
    assert ledger.balance(acc.WORLD_BUYERS) == 0  # paid in, and paid back out, once
    assert order.lines.get().variant.stock.available == 1  # back on the shelf
    assert Transaction.objects.filter(kind="gateway_refund").count() == 1
    books_balance()


def test_a_partial_refund_from_the_dashboard_takes_only_that_much_and_the_order_goes_on(client, paid_gopay):
    group, attempt, order = paid_gopay
    assert post(client, returned(attempt, "partial_refund", refunded=2000)).json()["status"] == "applied"
    assert post(client, returned(attempt, "partial_refund", refunded=2000)).json()["status"] == "duplicate"
    order.refresh_from_db()
    assert order.status == Status.TO_PACK and money.escrow_balance(order) == order.total - 2000
    # A second one: the notification carries the running total (3.000), so 1.000 more leaves.
    assert post(client, returned(attempt, "partial_refund", refunded=3000)).json()["status"] == "applied"
    assert money.escrow_balance(order) == order.total - 3000
    payments.apply_gateway_status(
        body=returned(attempt, "partial_refund", refunded=3000) | {"status_message": "poll"}, source="poll"
    )
    assert money.escrow_balance(order) == order.total - 3000  # learnt again by polling: nothing twice
    assert ledger.balance(acc.WORLD_BUYERS) == -(group.total - 3000)
    books_balance()


def test_niagas_own_refund_is_not_taken_twice_when_the_gateway_reports_it(client, paid_gopay):
    group, attempt, order = paid_gopay
    assert money.refund(order=order, amount=1000, key="refund:own-1", reason="Barang kurang satu") == 1000
    attempt.refresh_from_db()
    assert attempt.status == "partial_refund"  # sent through the gateway, which reports its total (1.000)
    assert money.escrow_balance(order) == order.total - 1000
    # The gateway's own notification of that refund arrives too, then one made in its dashboard.
    post(client, returned(attempt, "partial_refund", refunded=1000))
    assert money.escrow_balance(order) == order.total - 1000
    assert post(client, returned(attempt, "partial_refund", refunded=3500)).json()["status"] == "applied"
    assert money.escrow_balance(order) == order.total - 3500
    assert group.orders.get().status == Status.TO_PACK
    books_balance()


def test_a_chargeback_takes_the_money_back_and_cancels_the_order(client, paid_gopay):
    group, attempt, order = paid_gopay
    body = returned(attempt, "chargeback", charged_back=group.total)
    assert post(client, body).json()["status"] == "applied"
    assert post(client, body).json()["status"] == "duplicate"
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    assert money.escrow_balance(order) == 0 and ledger.balance(acc.buyer_saldo(group.buyer_id)) == 0
    assert ledger.balance(acc.WORLD_BUYERS) == 0
    assert Transaction.objects.filter(kind="chargeback").count() == 1
    books_balance()


def test_a_partial_chargeback_takes_that_part_back_and_the_order_goes_on(client, paid_gopay):
    group, attempt, order = paid_gopay
    assert post(client, returned(attempt, "partial_chargeback", charged_back=2500)).json()["status"] == "applied"
    order.refresh_from_db()
    assert order.status == Status.TO_PACK and money.escrow_balance(order) == order.total - 2500
    # Then the rest: a full chargeback, whose running total is the whole payment.
    assert post(client, returned(attempt, "chargeback", charged_back=group.total)).json()["status"] == "applied"
    order.refresh_from_db()
    assert order.status == Status.CANCELLED and money.escrow_balance(order) == 0
    assert ledger.balance(acc.WORLD_BUYERS) == 0
    books_balance()


def test_each_partial_chargeback_takes_its_own_part_back(client, paid_gopay):
    """Two partial chargebacks share status and code; only their running totals differ."""
    group, attempt, order = paid_gopay
    assert post(client, returned(attempt, "partial_chargeback", charged_back=2000)).json()["status"] == "applied"
    assert post(client, returned(attempt, "partial_chargeback", charged_back=5000)).json()["status"] == "applied"
    assert post(client, returned(attempt, "partial_chargeback", charged_back=5000)).json()["status"] == "duplicate"
    assert money.escrow_balance(order) == order.total - 5000
    books_balance()


def test_a_chargeback_after_the_seller_was_paid_is_the_platforms_loss_and_balances(client, paid_gopay):
    from niaga.orders import services as orders
    from niaga.orders.status import Actor

    group, attempt, order = paid_gopay
    for to, role in (
        (Status.READY_TO_SHIP, Actor.SELLER),
        (Status.SHIPPED, Actor.SELLER),
        (Status.COMPLETED, Actor.BUYER),
    ):
        order = orders.transition(order=order, to_status=to, role=role)
    post(client, returned(attempt, "chargeback", charged_back=group.total))
    order.refresh_from_db()
    assert order.status == Status.COMPLETED  # delivered and paid out: nothing to cancel
    assert ledger.balance(acc.REVERSAL_LOSSES) == -order.total
    books_balance()
