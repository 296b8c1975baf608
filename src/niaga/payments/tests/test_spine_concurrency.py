"""PostgreSQL, several workers at once: a stuck charge is charged once, money the gateway
returned is booked once."""

import datetime as dt
import threading

import pytest
import requests
from django.conf import settings
from django.db import connection

from niaga.core import clock
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Transaction
from niaga.orders.status import Status
from niaga.payments import money
from niaga.payments import services as payments
from niaga.payments.models import PaymentAttempt
from niaga.payments.tests.test_methods_e2e import pay
from niaga.payments.tests.test_notifications import notification
from niaga.payments.tests.test_stuck_checkout import killed_checkout  # noqa: F401  (fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    return results


def test_two_sweeps_and_the_buyers_retry_at_once_charge_a_stuck_attempt_once(sandbox, killed_checkout):
    group, attempt = killed_checkout(after_gateway=False)
    with clock.travel(payments.STUCK_AFTER + dt.timedelta(seconds=1)):
        at_once(
            payments.resolve_stuck_attempts,
            payments.resolve_stuck_attempts,
            lambda: payments.retry_payment(group=group),
        )
    attempt.refresh_from_db()
    assert attempt.status == "pending" and attempt.va_number
    assert PaymentAttempt.objects.filter(group=group).count() == 1
    status = requests.get(
        f"{sandbox.url}/sandbox/midtrans/v2/{attempt.gateway_order_id}/status",
        auth=(settings.NIAGA_SANDBOX_SERVER_KEY, ""),
        timeout=10,
    ).json()
    assert status["va_numbers"][0]["va_number"] == attempt.va_number  # the one charge the gateway holds


def test_a_dashboard_refund_reported_by_webhook_and_poll_at_once_is_booked_once(sandbox, checkout_group):
    group = checkout_group("gopay")
    attempt = group.payments.get()
    pay(sandbox.url, attempt)
    attempt.refresh_from_db()
    # The same running total, in two messages that are not byte-identical (a webhook and a poll).
    webhook = notification(attempt, "partial_refund", "200", payment_type="gopay", refund_amount="2000.00")
    poll = {**webhook, "fraud_status": ""}
    at_once(
        lambda: payments.apply_gateway_status(body=webhook, source="webhook"),
        lambda: payments.apply_gateway_status(body=poll, source="poll"),
    )
    order = group.orders.get()
    assert order.status == Status.TO_PACK and money.escrow_balance(order) == order.total - 2000
    assert Transaction.objects.filter(kind="gateway_refund").count() == 1
    assert ledger.total() == 0 and not ledger.unbalanced_transactions().exists()
