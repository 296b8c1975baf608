"""The gateway misbehaving on purpose (the sandbox's fault switchboard), end to end over HTTP,
with the order, payment and ledger states asserted after each fault."""

import pytest
import requests
from django.conf import settings

from niaga.checkout.tests import sandbox_actions as person
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders.status import Status
from niaga.payments import services as payments
from niaga.payments.models import PaymentNotification

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def faults(sandbox):
    def set_faults(**switches):
        response = requests.post(
            f"{sandbox.url}/sandbox/faults", json=switches, auth=(settings.NIAGA_SANDBOX_SERVER_KEY, ""), timeout=10
        )
        assert response.status_code == 200, response.text

    yield set_faults
    requests.delete(f"{sandbox.url}/sandbox/faults", auth=(settings.NIAGA_SANDBOX_SERVER_KEY, ""), timeout=10)


def books(group):
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()
    order = group.orders.get()
    return ledger.balance(acc.escrow(order.store_id, order.pk)), ledger.balance(acc.buyer_saldo(group.buyer_id))


def test_gateway_503_on_charge_keeps_the_order_and_retry_works(faults, sandbox, checkout_group):
    faults(charge_503=1)
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    assert attempt.status == "failed" and "sibuk" in attempt.error_message
    assert group.orders.get().status == Status.AWAITING_PAYMENT
    retried = payments.retry_payment(group=group)
    assert retried.status == "pending" and retried.va_number
    person.pay_bill(sandbox.url, "bca", va_number=retried.va_number)
    assert group.orders.get().status == Status.TO_PACK
    assert books(group) == (group.orders.get().total, 0)


def test_duplicate_notifications_have_one_effect(faults, sandbox, checkout_group):
    faults(duplicate_notifications=5)
    group = checkout_group("va_bni")
    attempt = group.payments.get()
    person.pay_bill(sandbox.url, "bni", va_number=attempt.va_number)
    order = group.orders.get()
    assert order.status == Status.TO_PACK and order.events.filter(to_status=Status.TO_PACK).count() == 1
    assert PaymentNotification.objects.filter(attempt=attempt, transaction_status="settlement").count() == 1
    assert books(group) == (order.total, 0)


def test_out_of_order_pending_after_settlement_stays_paid(faults, sandbox, checkout_group):
    faults(out_of_order=True)
    group = checkout_group("va_bri")
    attempt = group.payments.get()
    person.pay_bill(sandbox.url, "bri", va_number=attempt.va_number)
    from niaga.sandbox import notify  # the held "pending" goes out after the settlement

    notify.send_due()
    attempt.refresh_from_db()
    assert attempt.status == "settlement" and group.orders.get().status == Status.TO_PACK


def test_a_settlement_reversed_to_deny_cancels_and_takes_the_money_back(faults, sandbox, checkout_group):
    faults(reverse_settlement=True)
    group = checkout_group("va_permata")
    attempt = group.payments.get()
    person.pay_bill(sandbox.url, "permata", va_number=attempt.va_number)
    from niaga.sandbox import notify

    notify.send_due()
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    order = group.orders.get()
    assert attempt.status == "deny" and order.status == Status.CANCELLED
    assert order.lines.get().variant.stock.available == 1
    assert books(group) == (0, 0)
    assert ledger.balance(acc.WORLD_BUYERS) == 0


def test_a_charge_whose_answer_was_lost_with_the_connection_is_sent_again_and_charged_once(
    sandbox, checkout_group, monkeypatch
):
    """A pooled keep-alive connection the gateway closes just as it is reused: the charge is sent
    again with the same Idempotency-Key and the buyer gets the first charge's VA, not a failure."""
    from niaga.payments.gateway import get_gateway

    session = get_gateway().session
    real, calls = session.request, []

    def answer_lost_once(method, url, **kwargs):
        calls.append(url)
        response = real(method, url, **kwargs)
        if len(calls) == 1:
            raise requests.ConnectionError("Connection aborted: RemoteDisconnected")  # reached the gateway; answer lost
        return response

    monkeypatch.setattr(session, "request", answer_lost_once)
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    assert [url.rsplit("/", 1)[-1] for url in calls] == ["charge", "charge"]
    assert attempt.status == "pending" and attempt.va_number
    status = requests.get(
        f"{sandbox.url}/sandbox/midtrans/v2/{attempt.gateway_order_id}/status",
        auth=(settings.NIAGA_SANDBOX_SERVER_KEY, ""),
        timeout=10,
    ).json()
    assert status["va_numbers"][0]["va_number"] == attempt.va_number  # the one charge the gateway holds


def test_a_refund_given_before_the_bank_reverses_the_settlement_is_taken_back_from_saldo(
    faults, sandbox, checkout_group
):
    """A VA is refunded to saldo (no gateway refund for a bank transfer); the bank then takes
    the whole payment back: the buyer keeps neither, and the books balance."""
    from niaga.payments import money

    faults(reverse_settlement=True)
    group = checkout_group("va_permata")
    attempt = group.payments.get()
    person.pay_bill(sandbox.url, "permata", va_number=attempt.va_number)
    money.refund(order=group.orders.get(), amount=1000, key="refund:short", reason="Barang kurang")
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == 1000
    from niaga.sandbox import notify

    notify.send_due()  # the bank takes the whole payment back
    payments.refresh_status(attempt=attempt)
    assert ledger.balance(acc.buyer_saldo(group.buyer_id)) == 0
    assert books(group) == (0, 0) and ledger.balance(acc.WORLD_BUYERS) == 0
