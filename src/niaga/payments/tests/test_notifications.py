"""The webhook: untrusted, repeated, out of order — verified and applied once."""

import pytest

from niaga.orders.status import Status
from niaga.payments.gateways.midtrans import signature
from niaga.payments.models import PaymentNotification

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/v1/payments/midtrans/notification"


def notification(attempt, status: str, code: str, *, amount: str | None = None, key: str | None = None, **extra):
    from django.conf import settings

    gross = amount or f"{attempt.gross_amount}.00"
    body = {
        "transaction_time": "2026-11-22 10:00:00",
        "transaction_status": status,
        "transaction_id": attempt.transaction_id,
        "status_message": "midtrans payment notification",
        "status_code": code,
        "payment_type": "bank_transfer",
        "order_id": attempt.gateway_order_id,
        "merchant_id": "G000000000",
        "gross_amount": gross,
        "fraud_status": "accept",
        "currency": "IDR",
        "va_numbers": [{"bank": attempt.bank, "va_number": attempt.va_number}],
        **extra,
    }
    body["signature_key"] = signature(body["order_id"], code, gross, key or settings.NIAGA_MIDTRANS_SERVER_KEY)
    return body


def post(client, body):
    return client.post(URL, data=body, content_type="application/json")


@pytest.fixture
def pending(sandbox, checkout_group):
    group = checkout_group("va_bca")
    attempt = group.payments.get()
    assert attempt.status == "pending" and attempt.va_number
    return group, attempt


def order_status(group) -> str:
    return group.orders.get().status


def test_a_forged_signature_is_rejected_and_changes_nothing(client, pending):
    group, attempt = pending
    response = post(client, notification(attempt, "settlement", "200", key="SB-Mid-server-attacker"))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"
    assert order_status(group) == Status.AWAITING_PAYMENT
    assert not PaymentNotification.objects.exists()


def test_a_tampered_amount_is_rejected_even_when_signed(client, pending):
    group, attempt = pending
    response = post(client, notification(attempt, "settlement", "200", amount="1000.00"))
    assert response.status_code == 400
    assert response.json()["code"] == "amount_mismatch"
    assert order_status(group) == Status.AWAITING_PAYMENT


def test_five_identical_notifications_have_one_effect(client, pending, mailoutbox):
    group, attempt = pending
    body = notification(attempt, "settlement", "200", settlement_time="2026-11-22 10:05:00")
    answers = [post(client, body).json()["status"] for _ in range(5)]
    assert answers == ["applied", "duplicate", "duplicate", "duplicate", "duplicate"]
    order = group.orders.get()
    assert order.status == Status.TO_PACK
    assert order.events.filter(to_status=Status.TO_PACK).count() == 1
    assert PaymentNotification.objects.count() == 1
    assert order.buyer.notifications.filter(title="Pembayaran diterima").count() == 1


def test_settlement_before_pending_stays_paid(client, pending):
    group, attempt = pending
    assert post(client, notification(attempt, "settlement", "200")).json()["status"] == "applied"
    assert post(client, notification(attempt, "pending", "201")).json()["status"] == "stale"
    attempt.refresh_from_db()
    assert attempt.status == "settlement"
    assert order_status(group) == Status.TO_PACK


def test_an_unknown_order_is_404(client, pending):
    _, attempt = pending
    body = notification(attempt, "settlement", "200")
    body["order_id"] = "NGA-TIDAK-ADA-1"
    from django.conf import settings

    body["signature_key"] = signature(body["order_id"], "200", body["gross_amount"], settings.NIAGA_MIDTRANS_SERVER_KEY)
    assert post(client, body).status_code == 404


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'{"order_id": "x"}'])
def test_garbage_is_a_400(client, pending, raw):
    assert client.post(URL, data=raw, content_type="application/json").status_code == 400


def test_expiry_from_the_gateway_cancels_and_releases_stock(client, pending):
    group, attempt = pending
    assert post(client, notification(attempt, "expire", "202")).json()["status"] == "applied"
    order = group.orders.get()
    assert order.status == Status.CANCELLED
    assert order.lines.get().variant.stock.available == 1
