"""Races on PostgreSQL: refunds never exceed the amount, a wallet never goes below zero, a
re-used order_id is taken by one charge, a challenge is decided once."""

import json
import threading

import pytest
from django.db import connection

from niaga.core import clock
from niaga.sandbox import services, wallets
from niaga.sandbox.charges import RefundRequest, parse_charge
from niaga.sandbox.models import Refund, Transaction, WalletAccount
from niaga.sandbox.protocol import ApiError

from .helpers import charge_body

CHALLENGE_CARD = "4511111111111117"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls):
    """Run the calls at the same moment; returns (results, refusals, other errors)."""
    barrier = threading.Barrier(len(calls))
    results, refused, errors = [], [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except (ApiError, wallets.InsufficientBalance) as exc:
            refused.append(exc)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    return results, refused


def test_racing_refunds_never_exceed_the_amount(api):
    api.charge(charge_body("gopay"))
    services.settle(Transaction.objects.get())
    calls = [lambda n=n: services.refund("ORDER-1", RefundRequest(f"R-{n}", 30000, "")) for n in range(6)]
    results, refused = race(calls)
    assert len(results) == 1 and len(refused) == 5
    txn = Transaction.objects.get()
    assert txn.refunded_amount == 30000 and txn.status == "partial_refund"
    assert Refund.objects.count() == 1


def test_racing_repeats_of_one_refund_key_refund_once(api):
    api.charge(charge_body("gopay"))
    services.settle(Transaction.objects.get())
    results, refused = race([lambda: services.refund("ORDER-1", RefundRequest("SAME", 1000, "")) for _ in range(6)])
    assert refused == [] and len(results) == 6
    assert all(r == results[0] for r in results)
    assert Transaction.objects.get().refunded_amount == 1000


def test_one_wallet_paying_two_bills_at_once_cannot_overdraw(api, settings):
    settings.NIAGA_SANDBOX_WALLET_DEMO_BALANCE = 50000
    for n in range(4):
        api.charge(charge_body("qris", order_id=f"Q-{n}", amount=30000))
    account = wallets.get_or_open("dana", wallets.DEMO_PHONE)
    bills = list(Transaction.objects.all())
    results, refused = race([lambda t=t: services.pay_with_wallet(t, account, via_qris=True) for t in bills])
    assert len(results) == 1 and len(refused) == 3
    assert WalletAccount.objects.get().balance == 20000
    assert Transaction.objects.filter(status="settlement").count() == 1


def test_racing_charges_of_a_cancelled_order_id_take_it_once(api):
    api.charge(charge_body())
    api.cancel("ORDER-1")

    def charge():
        raw = json.dumps(charge_body("gopay")).encode()
        return services.create_charge(parse_charge(raw, now=clock.now()), notification_urls=[])

    results, refused = race([charge for _ in range(6)])
    assert len(results) == 1 and [e.code for e in refused] == [406] * 5
    assert sorted(Transaction.objects.values_list("status", flat=True)) == ["cancel", "pending"]


def test_racing_approve_and_deny_decide_a_challenge_once(api):
    token = api.token(CHALLENGE_CARD).json()["token_id"]
    api.charge(charge_body("credit_card", credit_card={"token_id": token}))
    results, refused = race([lambda: services.approve("ORDER-1"), lambda: services.deny_challenged("ORDER-1")] * 3)
    assert len(results) == 1 and [e.code for e in refused] == [412] * 5
    txn = Transaction.objects.get()
    assert (txn.status, txn.fraud_status) in {("capture", "accept"), ("deny", "deny")}
