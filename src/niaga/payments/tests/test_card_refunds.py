"""Niaga's own refund of a card follows the gateway's rule (payments.md): a card still in
`capture` is voided with cancel, a settled one is refunded. A void gives back the whole
charge, so a part waits for the settlement and is refunded then."""

import datetime as dt

import pytest
import requests
from django.conf import settings

from niaga.checkout.tests import sandbox_actions as person
from niaga.core import clock
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money
from niaga.payments import services as payments
from niaga.payments.models import Refund

pytestmark = pytest.mark.django_db(transaction=True)


def books_balance():
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()


def at_gateway(base: str, attempt) -> dict:
    return requests.get(
        f"{base}/sandbox/midtrans/v2/{attempt.gateway_order_id}/status",
        auth=(settings.NIAGA_SANDBOX_SERVER_KEY, ""),
        timeout=10,
    ).json()


@pytest.fixture
def captured_card(sandbox, checkout_group, make_product, make_store, settings):
    """A card paid through 3-D Secure, captured; the bank settles it an hour later."""
    settings.NIAGA_SANDBOX_CARD_SETTLEMENT_SECONDS = 3600

    def make():
        group = checkout_group("card", product=make_product(make_store(), price=20_000, stock=1))
        token = person.card_token(sandbox.url, "4811111111111114")
        attempt = payments.charge_card(group=group, token_id=token["token_id"])
        person.confirm_3ds(attempt.redirect_url)
        payments.refresh_status(attempt=attempt)
        attempt.refresh_from_db()
        assert attempt.status == "capture" and group.orders.get().status == Status.TO_PACK
        return group, attempt, group.orders.get()

    return make


def settle_cards(base: str) -> None:
    from niaga.sandbox import services as bank

    with clock.travel(dt.timedelta(hours=2)):
        assert bank.settle_captured() == 1


def test_a_captured_card_cancelled_after_payment_is_voided_not_refunded(sandbox, captured_card):
    group, attempt, order = captured_card()
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok habis")
    attempt.refresh_from_db()
    gateway = at_gateway(sandbox.url, attempt)
    assert gateway["transaction_status"] == "cancel" and "refund_amount" not in gateway
    assert attempt.status == "cancel"
    assert Refund.objects.get(order=order).status == Refund.Status.COVERED
    # Voided: the card is never charged, service fee included; nothing is owed as saldo.
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == 0
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0 and money.escrow_balance(order) == 0
    assert ledger.balance(acc.SERVICE_FEES) == 0 and ledger.balance(acc.WORLD_BUYERS) == 0
    books_balance()


def test_a_settled_card_cancelled_after_payment_is_refunded(sandbox, captured_card):
    group, attempt, order = captured_card()
    settle_cards(sandbox.url)
    attempt.refresh_from_db()
    assert attempt.status == "settlement"
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok habis")
    attempt.refresh_from_db()
    gateway = at_gateway(sandbox.url, attempt)
    assert gateway["transaction_status"] == "partial_refund" and gateway["refund_amount"] == f"{order.total}.00"
    assert attempt.status == "partial_refund"  # the service fee stays; the order's total goes back
    assert Refund.objects.get(order=order).status == Refund.Status.SENT
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == 0 and money.escrow_balance(order) == 0
    assert ledger.balance(acc.WORLD_BUYERS) == -group.service_fee
    books_balance()


def test_a_partial_refund_of_a_captured_card_waits_for_the_settlement_then_is_refunded(sandbox, captured_card):
    group, attempt, order = captured_card()
    assert money.refund(order=order, amount=5000, key="refund:short-pick", reason="Barang kurang satu") == 5000
    # A void would return the whole charge while the rest of the order still ships: it waits.
    assert at_gateway(sandbox.url, attempt)["transaction_status"] == "capture"
    assert Refund.objects.get(key="refund:short-pick").status == Refund.Status.REQUESTED
    assert ledger.balance(acc.refunds_payable(order.pk)) == 5000
    settle_cards(sandbox.url)  # the settlement's notification sends it
    gateway = at_gateway(sandbox.url, attempt)
    assert gateway["transaction_status"] == "partial_refund" and gateway["refund_amount"] == "5000.00"
    assert Refund.objects.get(key="refund:short-pick").status == Refund.Status.SENT
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0
    assert money.escrow_balance(order) == order.total - 5000
    order.refresh_from_db()
    assert order.status == Status.TO_PACK
    books_balance()


def test_a_refund_sent_twice_by_the_task_goes_out_once(sandbox, captured_card):
    group, attempt, order = captured_card()
    settle_cards(sandbox.url)
    money.refund(order=order, amount=5000, key="refund:twice", reason="Barang kurang satu")
    refund = Refund.objects.get(key="refund:twice")
    assert payments.send_refund(refund_id=refund.pk) == Refund.Status.SENT  # a retry of a task that had finished
    assert at_gateway(sandbox.url, attempt)["refund_amount"] == "5000.00"
    assert ledger.balance(acc.WORLD_BUYERS) == -(group.total - 5000)
    books_balance()


def test_a_refund_whose_job_was_lost_is_sent_by_the_sweep_once(sandbox, captured_card, monkeypatch):
    from niaga.payments import jobs

    group, attempt, order = captured_card()
    settle_cards(sandbox.url)
    monkeypatch.setitem(jobs._jobs, "send_refund", lambda refund_id: None)  # the consumer died with the job
    orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok habis")
    refund = Refund.objects.get(order=order)
    assert refund.status == Refund.Status.REQUESTED
    assert payments.resend_stale_refunds() == {}  # too fresh: its own job may still be running
    with clock.travel(payments.REFUND_LOST_AFTER + dt.timedelta(minutes=1)):
        assert payments.resend_stale_refunds() == {"sent": 1}
        assert payments.resend_stale_refunds() == {}
    refund.refresh_from_db()
    assert refund.status == Refund.Status.SENT
    assert at_gateway(sandbox.url, attempt)["refund_amount"] == f"{order.total}.00"
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0
    books_balance()
